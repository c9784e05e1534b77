package com.example.txndr.lambda.store;

import static com.example.txndr.lambda.store.TableLayout.n;
import static com.example.txndr.lambda.store.TableLayout.s;

import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.fencing.ControlView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The control items: the fencing state, sharded over N items {@code CONTROL#<n> / ACTIVE_REGION}
 * with the same content (region, epoch; shard 0 also holds notifiedEpoch), and the
 * orchestrator's probe counters ({@code CONTROL#PROBE#<region> / PROBE}). Every change is a
 * conditional write, so concurrent or repeated runs cannot raise the epoch twice or count one
 * probe twice; a promotion rewrites every shard in one transaction.
 */
public final class ControlRepository {
  private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
  private static final String TRANSACTION_CONFLICT = "TransactionConflict";
  /** Shard that also records which epoch was announced on SNS. */
  private static final int NOTICE_SHARD = 0;

  private final DynamoDbClient dynamoDb;
  private final String tableName;
  private final ControlShards shards;

  public ControlRepository(DynamoDbClient dynamoDb, String tableName, ControlShards shards) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
    this.shards = shards;
  }

  public ControlShards shards() {
    return shards;
  }

  /** Shard {@code shard}, read with strong consistency (from this region's replica). */
  public Optional<ActiveRegion> read(int shard) {
    return readItem(shard).map(ControlRepository::toActiveRegion);
  }

  /** Every shard, each read with strong consistency (N reads: the orchestrator's view, not the processor's). */
  public ControlView readAll() {
    List<ActiveRegion> states = new ArrayList<>();
    for (int shard = 0; shard < shards.count(); shard++) {
      states.add(read(shard).orElse(null));
    }
    return ControlView.of(states);
  }

  private static ActiveRegion toActiveRegion(Map<String, AttributeValue> item) {
    return new ActiveRegion(item.get("region").s(), Long.parseLong(item.get("epoch").n()));
  }

  private Optional<Map<String, AttributeValue>> readItem(int shard) {
    Map<String, AttributeValue> item = dynamoDb.getItem(
        r -> r.tableName(tableName).key(TableLayout.activeRegionKey(shard)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  /**
   * The active region as the processor of {@code self} sees it through shard {@code shard}. When
   * that shard does not exist: without any shard, the primary region is active (epoch 0) and the
   * primary's processor creates every shard (epoch 1), so its writes can carry a condition on
   * them; when other shards exist ({@code CONTROL_SHARDS} was raised), the missing ones are
   * created as copies of the latest state.
   */
  public ActiveRegion loadForProcessor(String self, String primaryRegion, int shard) {
    Optional<ActiveRegion> stored = read(shard);
    if (stored.isPresent()) {
      return stored.get();
    }
    ControlView view = readAll();
    Optional<ActiveRegion> latest = view.latest();
    if (latest.isPresent()) {
      createMissing(view, latest.get(), "copied from the existing shards", Instant.now());
    } else if (self.equals(primaryRegion)) {
      create(new ActiveRegion(primaryRegion, ActiveRegion.FIRST_EPOCH), "initial", Instant.now());
    } else {
      return ActiveRegion.assumed(primaryRegion);
    }
    return read(shard).orElseThrow(
        () -> new IllegalStateException("Control shard " + shard + " is missing after its creation"));
  }

  /**
   * Creates every shard with {@code state}, in one transaction, unless any exists; true if this
   * call created them.
   */
  public boolean create(ActiveRegion state, String reason, Instant now) {
    List<TransactWriteItem> items = new ArrayList<>();
    for (int shard = 0; shard < shards.count(); shard++) {
      items.add(TransactWriteItem.builder().put(shardPut(shard, state, reason, now)).build());
    }
    return transact(items);
  }

  /**
   * Creates the shards missing from {@code view} as copies of {@code state}, in one transaction
   * that also checks that a shard holding {@code state} still holds it; true if this call created
   * them.
   */
  public boolean createMissing(ControlView view, ActiveRegion state, String reason, Instant now) {
    int source = -1;
    for (int shard = 0; shard < view.shardCount() && source < 0; shard++) {
      if (view.shard(shard).filter(state::equals).isPresent()) {
        source = shard;
      }
    }
    if (source < 0 || view.missing().isEmpty()) {
      return false;
    }
    List<TransactWriteItem> items = new ArrayList<>();
    items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
        .tableName(tableName)
        .key(TableLayout.activeRegionKey(source))
        .conditionExpression("#region = :region AND #epoch = :epoch")
        .expressionAttributeNames(TableLayout.names("region", "epoch"))
        .expressionAttributeValues(Map.of(":region", s(state.region()), ":epoch", n(state.epoch())))
        .build()).build());
    for (int shard : view.missing()) {
      items.add(TransactWriteItem.builder().put(shardPut(shard, state, reason, now)).build());
    }
    return transact(items);
  }

  private Put shardPut(int shard, ActiveRegion state, String reason, Instant now) {
    Map<String, AttributeValue> item = new HashMap<>(TableLayout.activeRegionKey(shard));
    item.put("region", s(state.region()));
    item.put("epoch", n(state.epoch()));
    item.put("updatedAt", s(now.toString()));
    item.put("reason", s(reason));
    // A created state is not a promotion: nothing to announce.
    item.put("notifiedEpoch", n(state.epoch()));
    return Put.builder().tableName(tableName).item(item).conditionExpression("attribute_not_exists(pk)").build();
  }

  /**
   * Makes {@code candidate} active under the epoch after {@code seen}: one transaction updates
   * every shard, each conditional on holding at most the epoch seen (or not existing yet), so a
   * concurrent promotion makes it fail as a whole. Shards that lag behind (an earlier promotion
   * still replicating into this replica) are overwritten too. True if this call promoted; false
   * if another promotion got there first (the caller re-reads).
   */
  public boolean promote(ActiveRegion seen, String candidate, String reason, Instant now) {
    ActiveRegion next = seen.promote(candidate);
    List<TransactWriteItem> items = new ArrayList<>();
    for (int shard = 0; shard < shards.count(); shard++) {
      items.add(TransactWriteItem.builder().update(Update.builder()
          .tableName(tableName)
          .key(TableLayout.activeRegionKey(shard))
          .updateExpression("SET #region = :candidate, #epoch = :next, #updatedAt = :now, #reason = :reason")
          .conditionExpression("attribute_not_exists(pk) OR #epoch <= :seen")
          .expressionAttributeNames(TableLayout.names("region", "epoch", "updatedAt", "reason"))
          .expressionAttributeValues(Map.of(
              ":candidate", s(candidate),
              ":next", n(next.epoch()),
              ":now", s(now.toString()),
              ":reason", s(reason),
              ":seen", n(seen.epoch())))
          .build()).build());
    }
    return transact(items);
  }

  /** True if the transaction committed; false if a condition failed or a concurrent transaction won. */
  private boolean transact(List<TransactWriteItem> items) {
    // One token for this call: the SDK's retries of a lost response are then one request.
    String token = UUID.randomUUID().toString();
    try {
      dynamoDb.transactWriteItems(r -> r.transactItems(items).clientRequestToken(token));
      return true;
    } catch (TransactionCanceledException e) {
      List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
      boolean lost = reasons.stream().map(CancellationReason::code)
          .anyMatch(code -> CONDITIONAL_CHECK_FAILED.equals(code) || TRANSACTION_CONFLICT.equals(code));
      if (lost) {
        return false;
      }
      throw e;
    }
  }

  /** The last epoch whose promotion was announced on SNS (0 if none). */
  public long notifiedEpoch() {
    return readItem(NOTICE_SHARD)
        .map(item -> item.containsKey("notifiedEpoch") ? Long.parseLong(item.get("notifiedEpoch").n()) : 0L)
        .orElse(0L);
  }

  /**
   * Claims the announcement of {@code epoch}, before publishing it: true for exactly one caller
   * per epoch (in this replica), while shard 0 holds that epoch. Claiming first, rather than
   * recording after publishing, is what keeps concurrent runs from announcing one change twice.
   */
  public boolean claimNotification(long epoch) {
    try {
      dynamoDb.updateItem(r -> r.tableName(tableName)
          .key(TableLayout.activeRegionKey(NOTICE_SHARD))
          .updateExpression("SET #notifiedEpoch = :epoch")
          .conditionExpression("#epoch = :epoch AND (attribute_not_exists(#notifiedEpoch) OR #notifiedEpoch < :epoch)")
          .expressionAttributeNames(TableLayout.names("epoch", "notifiedEpoch"))
          .expressionAttributeValues(Map.of(":epoch", n(epoch))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      // Another run claimed it, or the epoch moved on: either way there is nothing to announce.
      return false;
    }
  }

  /** Gives back a claim whose publication failed, so that the next run announces {@code epoch}. */
  public void releaseNotification(long epoch, long previous) {
    try {
      dynamoDb.updateItem(r -> r.tableName(tableName)
          .key(TableLayout.activeRegionKey(NOTICE_SHARD))
          .updateExpression("SET #notifiedEpoch = :previous")
          .conditionExpression("#notifiedEpoch = :epoch")
          .expressionAttributeNames(TableLayout.names("notifiedEpoch"))
          .expressionAttributeValues(Map.of(":epoch", n(epoch), ":previous", n(previous))));
    } catch (ConditionalCheckFailedException e) {
      // The epoch moved on meanwhile: the newer change will be announced instead.
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
