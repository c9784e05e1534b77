package com.example.txndr.lambda.lease;

import static com.example.txndr.lambda.store.TableLayout.n;
import static com.example.txndr.lambda.store.TableLayout.number;
import static com.example.txndr.lambda.store.TableLayout.s;
import static com.example.txndr.lambda.store.TableLayout.string;

import com.example.txndr.lambda.store.TableLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The arbiter: the lease in the control table, a DynamoDB global table with multi-Region strong
 * consistency (replicas in both regions, a witness in a third). Strongly consistent reads return
 * the latest version of an item in either region, and a conditional write is evaluated against
 * the latest version; a region that reaches neither the other replica nor the witness gets
 * errors, never a stale answer. Such tables support no transactions, so every change here is one
 * conditional single-item write: compare-and-set on the lease's version.
 *
 * <p>Each region's functions use their own region's replica (same table name); the code is the
 * same in both.
 */
public final class LeaseArbiter {
  private final DynamoDbClient dynamoDb;
  private final String tableName;

  public LeaseArbiter(DynamoDbClient dynamoDb, String tableName) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
  }

  /** The lease, read with strong consistency; empty before the primary created it. */
  public Optional<Lease> read() {
    Map<String, AttributeValue> item =
        dynamoDb.getItem(r -> r.tableName(tableName).key(TableLayout.leaseKey()).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toLease(item));
  }

  /** Creates the lease unless one exists; the lease as stored afterwards. */
  public Lease create(Lease initial) {
    try {
      dynamoDb.putItem(r -> r.tableName(tableName).item(toItem(initial)).conditionExpression("attribute_not_exists(pk)"));
      recordEpoch(initial, null);
      return initial;
    } catch (ConditionalCheckFailedException e) {
      return read().orElseThrow(() -> new IllegalStateException("The lease exists and cannot be read"));
    }
  }

  /**
   * Replaces {@code seen} by {@code next} if the lease is still {@code seen} (same version);
   * empty if another change came first (the caller reads again and decides again).
   */
  public Optional<Lease> replace(Lease seen, Lease next) {
    if (next.version() != seen.version() + 1) {
      throw new IllegalArgumentException("A change must raise the version by one: " + seen.version() + " -> "
          + next.version());
    }
    try {
      dynamoDb.putItem(r -> r.tableName(tableName).item(toItem(next))
          .conditionExpression("#version = :seen")
          .expressionAttributeNames(TableLayout.names("version"))
          .expressionAttributeValues(Map.of(":seen", n(seen.version()))));
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
    if (next.epoch() > seen.epoch()) {
      recordEpoch(next, seen.holder());
    }
    return Optional.of(next);
  }

  /** One tenure in the epochs' history. */
  public record EpochRecord(long epoch, String holder, long startedAtMillis, String reason, String previousHolder) {}

  /**
   * Records an epoch's start (idempotent: the first record stands). A crash between the lease
   * change and this record leaves it missing; {@link #ensureRecorded} repairs that.
   */
  private void recordEpoch(Lease lease, String previousHolder) {
    Map<String, AttributeValue> item = new HashMap<>(TableLayout.epochRecordKey(lease.epoch()));
    item.put("epoch", n(lease.epoch()));
    item.put("holder", s(lease.holder()));
    item.put("startedAt", n(lease.updatedAtMillis()));
    item.put("reason", s(lease.reason()));
    if (previousHolder != null) {
      item.put("previousHolder", s(previousHolder));
    }
    try {
      dynamoDb.putItem(r -> r.tableName(tableName).item(item).conditionExpression("attribute_not_exists(pk)"));
    } catch (ConditionalCheckFailedException e) {
      // already recorded
    }
  }

  /** Records the current epoch if its record is missing (after a crash between the two writes). */
  public void ensureRecorded(Lease lease) {
    Map<String, AttributeValue> item = dynamoDb.getItem(
        r -> r.tableName(tableName).key(TableLayout.epochRecordKey(lease.epoch())).consistentRead(true)).item();
    if (item == null || item.isEmpty()) {
      recordEpoch(lease, null);
    }
  }

  /** Every recorded epoch, oldest first. */
  public List<EpochRecord> epochs() {
    List<EpochRecord> epochs = new ArrayList<>();
    dynamoDb.queryPaginator(r -> r.tableName(tableName).consistentRead(true)
            .keyConditionExpression("#pk = :pk")
            .expressionAttributeNames(TableLayout.names(TableLayout.PK))
            .expressionAttributeValues(Map.of(":pk", s("EPOCHS"))))
        .items()
        .forEach(item -> epochs.add(new EpochRecord(number(item, "epoch", 0), string(item, "holder"),
            number(item, "startedAt", 0), string(item, "reason"), string(item, "previousHolder"))));
    return epochs;
  }

  /**
   * Records that {@code heartbeat.region()}'s keeper is alive and reaches the arbiter: the peer's
   * readiness as a hand-over sees it, free of the transactions table's replication lag.
   */
  public void writeKeeperHeartbeat(Heartbeat heartbeat) {
    Map<String, AttributeValue> item = new HashMap<>(TableLayout.keeperKey(heartbeat.region()));
    item.put("region", s(heartbeat.region()));
    item.put("at", n(heartbeat.atMillis()));
    item.put("epoch", n(heartbeat.epoch()));
    dynamoDb.putItem(r -> r.tableName(tableName).item(item));
  }

  /** {@code region}'s last keeper heartbeat in the arbiter. */
  public Optional<Heartbeat> keeperHeartbeat(String region) {
    Map<String, AttributeValue> item = dynamoDb.getItem(
        r -> r.tableName(tableName).key(TableLayout.keeperKey(region)).consistentRead(true)).item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Heartbeat(region, number(item, "at", 0), number(item, "epoch", 0), false, 0));
  }

  /**
   * Claims the announcement of {@code epoch}, before publishing it: true for exactly one caller
   * in either region (the table is strongly consistent).
   */
  public boolean claimNotice(long epoch, String by) {
    Map<String, AttributeValue> item = new HashMap<>(TableLayout.noticeKey(epoch));
    item.put("by", s(by));
    try {
      dynamoDb.putItem(r -> r.tableName(tableName).item(item).conditionExpression("attribute_not_exists(pk)"));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** Gives back a claim whose publication failed, so that a later run announces {@code epoch}. */
  public void releaseNotice(long epoch) {
    dynamoDb.deleteItem(r -> r.tableName(tableName).key(TableLayout.noticeKey(epoch)));
  }

  /**
   * Takes the reconciliation lock for {@code owner} until {@code untilMillis}, if it is free or
   * expired at {@code nowMillis}: one reconciliation at a time, whichever region runs it.
   */
  public boolean lockReconciliation(String owner, long nowMillis, long untilMillis) {
    Map<String, AttributeValue> item = new HashMap<>(TableLayout.reconciliationLockKey());
    item.put("owner", s(owner));
    item.put("until", n(untilMillis));
    try {
      dynamoDb.putItem(r -> r.tableName(tableName).item(item)
          .conditionExpression("attribute_not_exists(pk) OR #until < :now OR #owner = :owner")
          .expressionAttributeNames(TableLayout.names("until", "owner"))
          .expressionAttributeValues(Map.of(":now", n(nowMillis), ":owner", s(owner))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** Releases the reconciliation lock if {@code owner} holds it. */
  public void unlockReconciliation(String owner) {
    try {
      dynamoDb.deleteItem(r -> r.tableName(tableName).key(TableLayout.reconciliationLockKey())
          .conditionExpression("#owner = :owner")
          .expressionAttributeNames(TableLayout.names("owner"))
          .expressionAttributeValues(Map.of(":owner", s(owner))));
    } catch (ConditionalCheckFailedException e) {
      // someone else's, or expired and taken: leave it
    }
  }

  static Map<String, AttributeValue> toItem(Lease lease) {
    Map<String, AttributeValue> item = new HashMap<>(TableLayout.leaseKey());
    item.put("holder", s(lease.holder()));
    item.put("epoch", n(lease.epoch()));
    item.put("expiresAt", n(lease.expiresAtMillis()));
    item.put("version", n(lease.version()));
    item.put("updatedAt", n(lease.updatedAtMillis()));
    item.put("reason", s(lease.reason()));
    Lease.Drain drain = lease.drain();
    if (drain != null) {
      item.put("drainTarget", s(drain.target()));
      item.put("drainStartedAt", n(drain.startedAtMillis()));
      item.put("drainRevokedAt", n(drain.revokedAtMillis()));
      item.put("drainObservedAt", n(drain.observedAtMillis()));
      item.put("drainLag", n(drain.lagMillis()));
    }
    return item;
  }

  static Lease toLease(Map<String, AttributeValue> item) {
    Lease.Drain drain = null;
    if (item.containsKey("drainTarget")) {
      drain = new Lease.Drain(string(item, "drainTarget"), number(item, "drainStartedAt", 0),
          number(item, "drainRevokedAt", 0), number(item, "drainObservedAt", 0), number(item, "drainLag", 0));
    }
    return new Lease(string(item, "holder"), number(item, "epoch", 0), number(item, "expiresAt", 0), drain,
        number(item, "version", 0), number(item, "updatedAt", 0), string(item, "reason"));
  }
}
