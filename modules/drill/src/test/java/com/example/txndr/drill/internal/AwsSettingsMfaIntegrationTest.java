package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.testkit.moto.Moto;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The operator profile the drill README recommends (role_arn, source_profile, mfa_serial) and an
 * MFA session without a profile, against moto's STS.
 */
class AwsSettingsMfaIntegrationTest {
  @RegisterExtension
  static final Moto MOTO = Moto.builder().build();

  @TempDir
  Path dir;

  private ProfileFile operatorProfile() throws Exception {
    Path config = dir.resolve("config");
    Files.writeString(config, """
        [profile ops-source]
        aws_access_key_id = AKIAOPERATOR000000001
        aws_secret_access_key = operator-secret
        [profile dr-ops]
        role_arn = arn:aws:iam::123456789012:role/txn-dr-prod-dr-operator
        source_profile = ops-source
        mfa_serial = arn:aws:iam::123456789012:mfa/operator
        """);
    return ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build();
  }

  @Test
  void profileWithMfaSerialAssumesTheRoleWithTheGivenCode() throws Exception {
    ProfileFile profiles = operatorProfile();
    AwsSettings settings = new AwsSettings("dr-ops", MOTO.endpoint(), null, "123456", () -> profiles, () -> null);

    AwsCredentials credentials = settings.credentials().resolveCredentials();

    assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
    assertThat(credentials.accessKeyId()).isNotEqualTo("AKIAOPERATOR000000001");
  }

  @Test
  void profileWithMfaSerialTakesTheCodeFromThePrompt() throws Exception {
    ProfileFile profiles = operatorProfile();
    AwsSettings settings = new AwsSettings("dr-ops", MOTO.endpoint(), null, null, () -> profiles, () -> "654321");

    assertThat(settings.credentials().resolveCredentials()).isInstanceOf(AwsSessionCredentials.class);
  }

  @Test
  void profileWithMfaSerialButNoCodeFailsSayingHowToGiveIt() throws Exception {
    ProfileFile profiles = operatorProfile();
    AwsSettings settings = new AwsSettings("dr-ops", MOTO.endpoint(), null, null, () -> profiles, () -> null);

    assertThatThrownBy(settings::credentials).isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("profile dr-ops (role arn:aws:iam::123456789012:role/txn-dr-prod-dr-operator) needs the current"
            + " code of MFA device arn:aws:iam::123456789012:mfa/operator: give --mfa-token <6 digits> (or"
            + " TXNDR_MFA_TOKEN), or use an SSO profile (aws configure sso)");
  }

  @Test
  void mfaSessionComesFromUsWest2WhenUsEast1DoesNotAnswer() throws Exception {
    ProfileFile profiles = operatorProfile();
    List<Region> asked = new ArrayList<>();
    AwsSettings settings = new AwsSettings("dr-ops", MOTO.endpoint(), null, "123456", () -> profiles, () -> null,
        (region, credentials) -> {
          asked.add(region);
          // us-east-1 down: nothing listens on port 1 of this machine.
          URI endpoint = region.equals(Region.US_EAST_1) ? URI.create("http://127.0.0.1:1") : MOTO.endpoint();
          return StsClient.builder().region(region).credentialsProvider(credentials).endpointOverride(endpoint)
              .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(1)).build())
              .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        });

    assertThat(settings.credentials().resolveCredentials()).isInstanceOf(AwsSessionCredentials.class);
    assertThat(asked).containsExactly(Region.US_EAST_1, Region.US_WEST_2);
  }

  @Test
  void mfaSerialWithoutAProfileMakesAnMfaSession() {
    AwsSettings settings = new AwsSettings(null, MOTO.endpoint(), "arn:aws:iam::123456789012:mfa/operator", "123456",
        ProfileFile::defaultProfileFile, () -> null);

    assertThat(settings.credentials().resolveCredentials()).isInstanceOf(AwsSessionCredentials.class);
  }
}
