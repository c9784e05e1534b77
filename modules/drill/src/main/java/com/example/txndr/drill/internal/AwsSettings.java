package com.example.txndr.drill.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * How the CLI reaches AWS: the credentials ({@code --profile}, else the default chain:
 * environment, SSO, instance role...) and, for tests against moto_server, one endpoint for
 * every service ({@code --endpoint-url}, with static dummy credentials unless the environment
 * has keys). Timeouts are short: in an outage a region that does not answer must not hold the
 * command for minutes.
 *
 * <p>An MFA-protected operator role works the way the AWS CLI's profiles describe it: a profile
 * with {@code role_arn}, {@code source_profile} and {@code mfa_serial} is assumed here with STS
 * AssumeRole, its serial number and the current code ({@code --mfa-token}, else the environment
 * variable {@value #MFA_TOKEN_VARIABLE}, else a prompt on the console), because the SDK's own
 * profile provider cannot ask for the code (aws-sdk-java-v2 issue 995). Without a profile,
 * {@code --mfa-serial} and {@code --mfa-token} turn the default credentials into an MFA session
 * (STS GetSessionToken). SSO profiles ({@code sso_session}) are resolved by the SDK itself.
 * Both STS calls go to the regional endpoint of us-east-1 and, when it does not answer (a client
 * error: no connection, a timeout), to us-west-2's: an operator with an MFA profile must still get
 * a session to promote the secondary while the primary region is down.
 */
public final class AwsSettings {
  /** Where a script gives the MFA code when no option does. */
  public static final String MFA_TOKEN_VARIABLE = "TXNDR_MFA_TOKEN";
  /** How long an assumed operator session lasts (the DR operations role allows at most one hour). */
  static final int SESSION_SECONDS = 3600;
  /** The STS regional endpoints tried in turn for an MFA session: the next one when one does not answer. */
  static final List<Region> STS_REGIONS = List.of(Region.US_EAST_1, Region.US_WEST_2);

  private final String profile;
  private final URI endpointOverride;
  private final String mfaSerial;
  private final String mfaToken;
  private final Supplier<ProfileFile> profiles;
  private final Supplier<String> prompt;
  private final BiFunction<Region, AwsCredentialsProvider, StsClient> stsClients;
  private AwsCredentialsProvider resolved;

  public AwsSettings(String profile, URI endpointOverride) {
    this(profile, endpointOverride, null, null);
  }

  public AwsSettings(String profile, URI endpointOverride, String mfaSerial, String mfaToken) {
    this(profile, endpointOverride, mfaSerial, mfaToken, ProfileFile::defaultProfileFile, AwsSettings::promptForCode);
  }

  AwsSettings(String profile, URI endpointOverride, String mfaSerial, String mfaToken, Supplier<ProfileFile> profiles,
      Supplier<String> prompt) {
    this(profile, endpointOverride, mfaSerial, mfaToken, profiles, prompt, null);
  }

  /** With the STS clients of the MFA session made elsewhere (a test whose first region does not answer). */
  AwsSettings(String profile, URI endpointOverride, String mfaSerial, String mfaToken, Supplier<ProfileFile> profiles,
      Supplier<String> prompt, BiFunction<Region, AwsCredentialsProvider, StsClient> stsClients) {
    this.profile = profile;
    this.endpointOverride = endpointOverride;
    this.mfaSerial = mfaSerial;
    this.mfaToken = mfaToken;
    this.profiles = profiles;
    this.prompt = prompt;
    this.stsClients = stsClients != null ? stsClients
        : (region, credentials) -> configureWith(StsClient.builder(), region, credentials).build();
  }

  /** One STS call, in the first region of {@link #STS_REGIONS} that answers; a service error is not retried. */
  private Credentials withSts(AwsCredentialsProvider caller, Function<StsClient, Credentials> call) {
    SdkClientException unanswered = null;
    for (Region region : STS_REGIONS) {
      try (StsClient sts = stsClients.apply(region, caller)) {
        return call.apply(sts);
      } catch (SdkClientException e) {
        unanswered = e;
      }
    }
    throw unanswered;
  }

  public URI endpointOverride() {
    return endpointOverride;
  }

  /** The credentials; an MFA session is made once and reused by every client. */
  public synchronized AwsCredentialsProvider credentials() {
    if (resolved == null) {
      resolved = resolve();
    }
    return resolved;
  }

  private AwsCredentialsProvider resolve() {
    if (profile == null && mfaSerial != null) {
      return mfaSession();
    }
    if (profile != null) {
      Optional<Profile> found = profiles.get().profile(profile);
      if (found.isPresent() && found.get().property("role_arn").isPresent()
          && (mfaSerial != null || found.get().property("mfa_serial").isPresent())) {
        return assumeWithMfa(found.get());
      }
    }
    if (endpointOverride != null && profile == null) {
      String key = System.getenv("AWS_ACCESS_KEY_ID");
      String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(key == null ? "local" : key,
          secret == null ? "local" : secret));
    }
    if (profile != null) {
      return ProfileCredentialsProvider.builder().profileFile(profiles.get()).profileName(profile).build();
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** The MFA code: the option, the environment variable, else a prompt; fails saying how to give it. */
  private String code(String device, String what) {
    String code = mfaToken != null ? mfaToken : System.getenv(MFA_TOKEN_VARIABLE);
    if (code == null || code.isBlank()) {
      code = prompt.get();
    }
    if (code == null || !code.strip().matches("[0-9]{6}")) {
      throw new IllegalStateException(what + " needs the current code of MFA device " + device + ": give --mfa-token"
          + " <6 digits> (or " + MFA_TOKEN_VARIABLE + "), or use an SSO profile (aws configure sso)");
    }
    return code.strip();
  }

  private AwsCredentialsProvider assumeWithMfa(Profile operator) {
    String role = operator.property("role_arn").get();
    String device = mfaSerial != null ? mfaSerial : operator.property("mfa_serial").get();
    String source = operator.property("source_profile").orElseThrow(() -> new IllegalStateException("profile "
        + profile + " assumes " + role + " with MFA but names no source_profile: add source_profile (the profile"
        + " whose credentials may assume the role), or use an SSO profile"));
    String code = code(device, "profile " + profile + " (role " + role + ")");
    AssumeRoleRequest request = AssumeRoleRequest.builder().roleArn(role).roleSessionName("dr-drill")
        .sourceIdentity(sourceIdentity(device))
        .serialNumber(device).tokenCode(code).durationSeconds(SESSION_SECONDS).build();
    Credentials credentials = withSts(
        ProfileCredentialsProvider.builder().profileFile(profiles.get()).profileName(source).build(),
        sts -> sts.assumeRole(request).credentials());
    // One session: a refresh would need a new code, and a drill takes far less than the hour.
    return StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(),
        credentials.secretAccessKey(), credentials.sessionToken()));
  }

  /**
   * The source identity the CLI sets when it assumes a DR role (their trust requires one, docs/adr/0010):
   * the MFA device's name, the last part of its ARN ({@code arn:aws:iam::<account>:mfa/<name>}),
   * which CloudTrail then records for every call of the session.
   */
  static String sourceIdentity(String device) {
    String name = device.substring(device.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9_+=,.@-]", "-");
    if (name.length() < 2) {
      throw new IllegalStateException("MFA device " + device + " has no name to record as the source identity");
    }
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  private AwsCredentialsProvider mfaSession() {
    String code = code(mfaSerial, "--mfa-serial");
    Credentials credentials = withSts(
        endpointOverride != null ? staticFromEnvironment() : DefaultCredentialsProvider.builder().build(),
        sts -> sts.getSessionToken(r -> r.serialNumber(mfaSerial).tokenCode(code)
            .durationSeconds(SESSION_SECONDS)).credentials());
    return StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(),
        credentials.secretAccessKey(), credentials.sessionToken()));
  }

  private static AwsCredentialsProvider staticFromEnvironment() {
    String key = System.getenv("AWS_ACCESS_KEY_ID");
    String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(key == null ? "local" : key,
        secret == null ? "local" : secret));
  }

  private static String promptForCode() {
    java.io.Console console = System.console();
    return console == null ? null : console.readLine("MFA code: ");
  }

  /** A builder set up with the region, credentials, HTTP client, timeouts and endpoint. */
  public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, Region region) {
    return configureWith(builder, region, credentials());
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configureWith(B builder, Region region,
      AwsCredentialsProvider credentials) {
    builder
        .region(region)
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(3))
            .socketTimeout(Duration.ofSeconds(10))
            .build())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(3).build())
            .apiCallTimeout(Duration.ofSeconds(25))
            .build());
    if (endpointOverride != null) {
      builder.endpointOverride(endpointOverride);
    }
    return builder;
  }
}
