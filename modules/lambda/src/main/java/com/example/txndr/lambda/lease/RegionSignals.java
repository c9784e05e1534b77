package com.example.txndr.lambda.lease;

import static com.example.txndr.lambda.store.TableLayout.bool;
import static com.example.txndr.lambda.store.TableLayout.n;
import static com.example.txndr.lambda.store.TableLayout.number;
import static com.example.txndr.lambda.store.TableLayout.s;

import com.example.txndr.lambda.store.TableLayout;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items by which the regions observe each other through replication: heartbeats and a
 * hand-over's drain markers. Each item has one writer region; the reader reads its own replica.
 */
public final class RegionSignals {
  private final DynamoDbClient dynamoDb;
  private final String tableName;

  public RegionSignals(DynamoDbClient dynamoDb, String tableName) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
  }

  public void writeHeartbeat(Heartbeat heartbeat) {
    Map<String, AttributeValue> item = new HashMap<>(TableLayout.heartbeatKey(heartbeat.region()));
    item.put("region", s(heartbeat.region()));
    item.put("at", n(heartbeat.atMillis()));
    item.put("epoch", n(heartbeat.epoch()));
    item.put("holder", bool(heartbeat.holder()));
    item.put("arbiterFailingSince", n(heartbeat.arbiterFailingSinceMillis()));
    dynamoDb.putItem(r -> r.tableName(tableName).item(item));
  }

  /** {@code region}'s last heartbeat as this replica has it. */
  public Optional<Heartbeat> heartbeat(String region) {
    Map<String, AttributeValue> item = get(TableLayout.heartbeatKey(region));
    if (item.isEmpty()) {
      return Optional.empty();
    }
    AttributeValue holder = item.get("holder");
    return Optional.of(new Heartbeat(region, number(item, "at", 0), number(item, "epoch", 0),
        holder != null && Boolean.TRUE.equals(holder.bool()), number(item, "arbiterFailingSince", 0)));
  }

  /** Writes the drain markers of {@code epoch}: the holder's last items, written after its fence was revoked. */
  public void writeDrainMarkers(long epoch, int markers, String region, long nowMillis) {
    for (int marker = 0; marker < markers; marker++) {
      Map<String, AttributeValue> item = new HashMap<>(TableLayout.drainMarkerKey(epoch, marker));
      item.put("region", s(region));
      item.put("writtenAt", n(nowMillis));
      dynamoDb.putItem(r -> r.tableName(tableName).item(item));
    }
  }

  /** How many of the drain markers of {@code epoch} this replica has, and the latest time one was written. */
  public record Markers(int arrived, long latestWrittenAtMillis) {}

  public Markers drainMarkers(long epoch, int markers) {
    int arrived = 0;
    long latest = 0;
    for (int marker = 0; marker < markers; marker++) {
      Map<String, AttributeValue> item = get(TableLayout.drainMarkerKey(epoch, marker));
      if (!item.isEmpty()) {
        arrived++;
        latest = Math.max(latest, number(item, "writtenAt", 0));
      }
    }
    return new Markers(arrived, latest);
  }

  private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
    Map<String, AttributeValue> item =
        dynamoDb.getItem(r -> r.tableName(tableName).key(key).consistentRead(true)).item();
    return item == null ? Map.of() : item;
  }
}
