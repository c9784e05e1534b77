package com.example.txndr.globaltable;

import com.example.txndr.testkit.MotoProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A {@code moto_server} (the test kit's {@link MotoProcess}: a free loopback port, endpoint
 * {@code http://localhost:<port>}, reset with {@code POST /moto-api/reset}, stopped by its
 * process id on {@link #close()}) and DynamoDB clients of its regions.
 */
final class MotoServer implements AutoCloseable {
  private final MotoProcess process;
  final URI endpoint;

  private MotoServer(MotoProcess process) {
    this.process = process;
    this.endpoint = process.endpoint();
  }

  static MotoServer start() {
    return new MotoServer(MotoProcess.start());
  }

  /** Forgets every resource. */
  void reset() {
    try {
      process.reset();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  DynamoDbClient client(String region) {
    return DynamoDbClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  @Override
  public void close() {
    process.close();
  }
}
