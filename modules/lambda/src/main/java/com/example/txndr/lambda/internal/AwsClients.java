package com.example.txndr.lambda.internal;

import com.example.txndr.lambda.Config;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Builds the SDK clients. Building does no network I/O, so handlers build their clients in
 * their constructor (the Lambda init phase, captured by the SnapStart snapshot) and reuse them.
 * Credentials are resolved on first use, after restore. HTTP is the JDK's HttpURLConnection
 * (url-connection-client): the lightest client the SDK supports.
 */
public final class AwsClients {
  private AwsClients() {}

  /**
   * The control table's client: this region's replica of the arbiter. Strongly consistent
   * operations wait for another region (a replica or the witness), so the socket timeout is
   * longer than the transactions table's.
   */
  public static DynamoDbClient controlTable(Config config) {
    return dynamoDb(config, Duration.ofSeconds(2));
  }

  public static DynamoDbClient dynamoDb(Config config) {
    return dynamoDb(config, Config.DYNAMODB_SOCKET_TIMEOUT);
  }

  public static DynamoDbClient dynamoDb(Config config, Duration socketTimeout) {
    return configure(DynamoDbClient.builder(), config, config.region(), socketTimeout, Config.DYNAMODB_MAX_ATTEMPTS)
        .build();
  }

  /**
   * Parameter Store in the given region (the peer-values function): 2 s to connect, 5 s per
   * attempt, {@link SsmJsonClient#MAX_ATTEMPTS} attempts.
   */
  public static ParameterStore parameterStore(Config config, String region) {
    return new SsmJsonClient(httpClient(Duration.ofSeconds(5)), credentials(config), region,
        config.endpointOverride());
  }

  /** CloudWatch in this region: the orchestrator's DescribeAlarms and GetMetricData (5 s, 2 attempts). */
  public static CloudWatchClient cloudWatch(Config config) {
    return configure(CloudWatchClient.builder(), config, config.region(), Duration.ofSeconds(5), 2).build();
  }

  public static SnsClient sns(Config config) {
    return configure(SnsClient.builder(), config, config.region(), Duration.ofSeconds(5), 3).build();
  }

  private static SdkHttpClient httpClient(Duration socketTimeout) {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(2))
        .socketTimeout(socketTimeout)
        .build();
  }

  /**
   * Configures an SDK client builder as every client here: region, credentials, HTTP client,
   * retries and call timeout, endpoint override. Public for the local mode's SSM client.
   */
  public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, Config config, String region, Duration socketTimeout, int maxAttempts) {
    SdkHttpClient http = httpClient(socketTimeout);
    builder
        .region(Region.of(region))
        .credentialsProvider(credentials(config))
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                // Short back-off (the standard strategy waits up to 1 s, then 2 s, after a
                // throttle): a request has seconds, not minutes, and DynamoDB on-demand
                // recovers from throttling by adapting, not by long pauses of one client.
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .maxAttempts(maxAttempts)
                    .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(25), Duration.ofMillis(250)))
                    .throttlingBackoffStrategy(
                        BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofMillis(500)))
                    .build())
                // Attempts plus back-off: 2.9 s for DynamoDB, so the processor (5 s timeout)
                // answers 503 itself rather than being cut off by Lambda.
                .apiCallTimeout(Config.callTimeout(socketTimeout, maxAttempts))
                .build());
    builder.httpClient(http);
    URI endpoint = config.endpointOverride();
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder;
  }

  /**
   * Static keys only in explicit local mode ({@code TXNDR_LOCAL=true}); everywhere else the
   * default chain (in Lambda, the execution role's keys and session token from the environment),
   * with or without an endpoint override: {@code AWS_ENDPOINT_URL} may name a VPC or FIPS
   * endpoint of the real service.
   */
  static AwsCredentialsProvider credentials(Config config) {
    if (config.localMode()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
