package com.example.txndr.lambda.store;

import static com.example.txndr.lambda.store.TableLayout.n;
import static com.example.txndr.lambda.store.TableLayout.s;

import com.example.txndr.lambda.fencing.ActiveRegion;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The control items: the active region ({@code CONTROL / ACTIVE_REGION}: region, epoch,
 * notifiedEpoch) and the orchestrator's probe counters ({@code CONTROL / PROBE#<region>}).
 * Every change is a conditional write, so concurrent or repeated runs cannot raise the epoch
 * twice or count one probe twice.
 */
public final class ControlRepository {

  private final DynamoDbClient dynamoDb;
  private final String tableName;

  public ControlRepository(DynamoDbClient dynamoDb, String tableName) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
  }

  /** The control item, read with strong consistency (from this region's replica). */
  public Optional<ActiveRegion> read() {
    return readItem().map(item -> new ActiveRegion(item.get("region").s(), Long.parseLong(item.get("epoch").n())));
  }

  private Optional<Map<String, AttributeValue>> readItem() {
    Map<String, AttributeValue> item =
        dynamoDb.getItem(r -> r.tableName(tableName).key(TableLayout.activeRegionKey()).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  /**
   * The active region as the processor of {@code self} sees it. Without a control item the
   * primary region is active; the primary's processor then creates the item (epoch 1), so its
   * writes can carry a condition on it.
   */
  public ActiveRegion loadForProcessor(String self, String primaryRegion) {
    Optional<ActiveRegion> stored = read();
    if (stored.isPresent()) {
      return stored.get();
    }
    if (self.equals(primaryRegion)) {
      create(new ActiveRegion(primaryRegion, ActiveRegion.FIRST_EPOCH), "initial", Instant.now());
      return read().orElseThrow(() -> new IllegalStateException("Control item vanished after its creation"));
    }
    return ActiveRegion.assumed(primaryRegion);
  }

  /** Creates the control item unless it exists; true if this call created it. */
  public boolean create(ActiveRegion state, String reason, Instant now) {
    Map<String, AttributeValue> item = new HashMap<>(TableLayout.activeRegionKey());
    item.put("region", s(state.region()));
    item.put("epoch", n(state.epoch()));
    item.put("updatedAt", s(now.toString()));
    item.put("reason", s(reason));
    item.put("notifiedEpoch", n(state.epoch()));
    try {
      dynamoDb.putItem(r -> r.tableName(tableName).item(item).conditionExpression("attribute_not_exists(pk)"));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /**
   * Makes {@code candidate} active under the next epoch, if the control item still is
   * {@code seen} (epoch 0: still absent). True if this call promoted; false if another
   * promotion got there first (the caller re-reads).
   */
  public boolean promote(ActiveRegion seen, String candidate, String reason, Instant now) {
    ActiveRegion next = seen.promote(candidate);
    if (seen.epoch() == ActiveRegion.ASSUMED_EPOCH) {
      return create(next, reason, now);
    }
    try {
      dynamoDb.updateItem(r -> r.tableName(tableName)
          .key(TableLayout.activeRegionKey())
          .updateExpression("SET #region = :candidate, #epoch = :next, #updatedAt = :now, #reason = :reason")
          .conditionExpression("#epoch = :seen")
          .expressionAttributeNames(TableLayout.names("region", "epoch", "updatedAt", "reason"))
          .expressionAttributeValues(Map.of(
              ":candidate", s(candidate),
              ":next", n(next.epoch()),
              ":now", s(now.toString()),
              ":reason", s(reason),
              ":seen", n(seen.epoch()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** The last epoch whose promotion was announced on SNS (0 if none). */
  public long notifiedEpoch() {
    return readItem()
        .map(item -> item.containsKey("notifiedEpoch") ? Long.parseLong(item.get("notifiedEpoch").n()) : 0L)
        .orElse(0L);
  }

  /** Records that the promotion to {@code epoch} was announced. */
  public void markNotified(long epoch) {
    try {
      dynamoDb.updateItem(r -> r.tableName(tableName)
          .key(TableLayout.activeRegionKey())
          .updateExpression("SET #notifiedEpoch = :epoch")
          .conditionExpression("#epoch = :epoch AND (attribute_not_exists(#notifiedEpoch) OR #notifiedEpoch < :epoch)")
          .expressionAttributeNames(TableLayout.names("epoch", "notifiedEpoch"))
          .expressionAttributeValues(Map.of(":epoch", n(epoch))));
    } catch (ConditionalCheckFailedException e) {
      // Another run marked it, or the epoch moved on: either way nothing is left to record.
    }
  }

  /**
   * Counts one failed probe by {@code self} for the event {@code eventId}. Returns the number
   * of consecutive failures, or -1 if this event was already counted (EventBridge delivers at
   * least once).
   */
  public int recordProbeFailure(String self, String eventId, Instant now) {
    try {
      UpdateItemResponse response = dynamoDb.updateItem(r -> r.tableName(tableName)
          .key(TableLayout.probeKey(self))
          .updateExpression(
              "SET #lastEventId = :event, #lastProbeAt = :now, #lastResult = :failed ADD #consecutiveFailures :one")
          .conditionExpression("attribute_not_exists(#lastEventId) OR #lastEventId <> :event")
          .expressionAttributeNames(
              TableLayout.names("lastEventId", "lastProbeAt", "lastResult", "consecutiveFailures"))
          .expressionAttributeValues(Map.of(
              ":event", s(eventId), ":now", s(now.toString()), ":failed", s("FAILED"), ":one", n(1)))
          .returnValues(ReturnValue.UPDATED_NEW));
      return Integer.parseInt(response.attributes().get("consecutiveFailures").n());
    } catch (ConditionalCheckFailedException e) {
      return -1;
    }
  }

  /** Resets the consecutive failures of {@code self} after a successful probe or a promotion. */
  public void resetProbeFailures(String self, String eventId, Instant now, String result) {
    dynamoDb.updateItem(r -> r.tableName(tableName)
        .key(TableLayout.probeKey(self))
        .updateExpression(
            "SET #consecutiveFailures = :zero, #lastEventId = :event, #lastProbeAt = :now, #lastResult = :result")
        .expressionAttributeNames(
            TableLayout.names("lastEventId", "lastProbeAt", "lastResult", "consecutiveFailures"))
        .expressionAttributeValues(Map.of(
            ":zero", n(0), ":event", s(eventId), ":now", s(now.toString()), ":result", s(result))));
  }

  /** The consecutive failed probes recorded by {@code self}. */
  public int probeFailures(String self) {
    Map<String, AttributeValue> item =
        dynamoDb.getItem(r -> r.tableName(tableName).key(TableLayout.probeKey(self)).consistentRead(true)).item();
    if (item == null || !item.containsKey("consecutiveFailures")) {
      return 0;
    }
    return Integer.parseInt(item.get("consecutiveFailures").n());
  }
}
