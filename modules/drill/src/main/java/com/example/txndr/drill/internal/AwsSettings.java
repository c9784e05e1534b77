package com.example.txndr.drill.internal;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * How the CLI reaches AWS: the credentials ({@code --profile}, else the default chain:
 * environment, SSO, instance role...) and, for tests against moto_server, one endpoint for
 * every service ({@code --endpoint-url}, with static dummy credentials unless the environment
 * has keys). Timeouts are short: in an outage a region that does not answer must not hold the
 * command for minutes.
 */
public final class AwsSettings {
  private final String profile;
  private final URI endpointOverride;

  public AwsSettings(String profile, URI endpointOverride) {
    this.profile = profile;
    this.endpointOverride = endpointOverride;
  }

  public URI endpointOverride() {
    return endpointOverride;
  }

  public AwsCredentialsProvider credentials() {
    if (endpointOverride != null && profile == null) {
      String key = System.getenv("AWS_ACCESS_KEY_ID");
      String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(key == null ? "local" : key,
          secret == null ? "local" : secret));
    }
    if (profile != null) {
      return ProfileCredentialsProvider.builder().profileName(profile).build();
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** A builder set up with the region, credentials, HTTP client, timeouts and endpoint. */
  public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, Region region) {
    builder
        .region(region)
        .credentialsProvider(credentials())
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
