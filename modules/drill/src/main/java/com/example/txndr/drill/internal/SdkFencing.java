package com.example.txndr.drill.internal;

import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.fencing.ControlView;
import com.example.txndr.lambda.store.ControlRepository;
import com.example.txndr.lambda.store.ControlShards;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The control shards of each region's replica through the lambda module's
 * {@link ControlRepository}: the orchestrator's own reads and its one-transaction promotion.
 */
public final class SdkFencing implements Fencing, AutoCloseable {
  private final AwsSettings settings;
  private final Supplier<String> tableName;
  private final ControlShards shards;
  private final Clock clock;
  private final Map<String, DynamoDbClient> clients = new ConcurrentHashMap<>();

  /** {@code tableName} is asked for on first use (it comes from the stack outputs). */
  public SdkFencing(AwsSettings settings, Supplier<String> tableName, ControlShards shards, Clock clock) {
    this.settings = settings;
    this.tableName = tableName;
    this.shards = shards;
    this.clock = clock;
  }

  private ControlRepository repository(String region) {
    DynamoDbClient client = clients.computeIfAbsent(region,
        r -> settings.configure(DynamoDbClient.builder(), Region.of(r)).build());
    return new ControlRepository(client, tableName.get(), shards);
  }

  @Override
  public ControlView read(String region) {
    return repository(region).readAll();
  }

  @Override
  public boolean promote(String writeRegion, ActiveRegion seen, String candidate, String reason) {
    return repository(writeRegion).promote(seen, candidate, reason, clock.instant());
  }

  @Override
  public void close() {
    clients.values().forEach(DynamoDbClient::close);
  }
}
