package com.example.txndr.client;

import com.example.txndr.globaltable.MemoryDynamoDb;
import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.keeper.LeaseKeeperHandler;
import com.example.txndr.lambda.local.LocalServer;
import com.example.txndr.lambda.local.ResourceBootstrap;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One region of the real API on loopback: {@link ApiHandler} behind the local server, on its own
 * in-memory DynamoDB. The active one holds the lease its keeper's first tick creates; the standby
 * holds none, so it answers money-moving requests 503 {@code NOT_ACTIVE_REGION}, as a demoted
 * primary does.
 */
final class ServedRegion implements AutoCloseable {
  private static final String TABLE = "txn-dr-client-transactions";
  private static final String CONTROL_TABLE = "txn-dr-client-control";

  private final LocalServer server;

  private ServedRegion(String region, boolean active) throws IOException {
    DynamoDbClient dynamoDb = DynamoDbClient.builder()
        .httpClient(new MemoryDynamoDb().httpClient())
        .region(Region.of(region))
        .endpointOverride(URI.create("http://dynamodb.memory"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
    Config config = Config.fromEnvironment(Map.of(Config.TABLE_NAME, TABLE, Config.CONTROL_TABLE_NAME, CONTROL_TABLE,
        Config.AWS_REGION, region, Config.PRIMARY_REGION, active ? region : "us-east-1",
        Config.SECONDARY_REGION, active ? "us-east-1" : region));
    ResourceBootstrap.createTable(dynamoDb, TABLE);
    ResourceBootstrap.createControlTable(dynamoDb, CONTROL_TABLE);
    Platform platform = Platform.system();
    if (active) {
      new LeaseKeeperHandler(config, dynamoDb, dynamoDb, null, platform).keeper().tick();
    }
    this.server = new LocalServer(new ApiHandler(config, dynamoDb, platform), "127.0.0.1", 0, 4).start();
  }

  /** The region that writes: us-west-2 after a failover. */
  static ServedRegion active() throws IOException {
    return new ServedRegion("us-west-2", true);
  }

  /** The region DNS moved away from: us-east-1, demoted. */
  static ServedRegion standby() throws IOException {
    return new ServedRegion("us-east-1", false);
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
