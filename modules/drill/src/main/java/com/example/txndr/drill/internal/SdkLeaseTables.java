package com.example.txndr.drill.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** One DynamoDB client per region, with the CLI's credentials and timeouts: both tables are in every region. */
public final class SdkLeaseTables implements LeaseTables, AutoCloseable {
  private final AwsSettings settings;
  private final Map<String, DynamoDbClient> clients = new ConcurrentHashMap<>();

  public SdkLeaseTables(AwsSettings settings) {
    this.settings = settings;
  }

  private DynamoDbClient client(String region) {
    return clients.computeIfAbsent(region, r -> settings.configure(DynamoDbClient.builder(), Region.of(r)).build());
  }

  @Override
  public DynamoDbClient transactions(String region) {
    return client(region);
  }

  @Override
  public DynamoDbClient control(String region) {
    return client(region);
  }

  @Override
  public void close() {
    clients.values().forEach(DynamoDbClient::close);
  }
}
