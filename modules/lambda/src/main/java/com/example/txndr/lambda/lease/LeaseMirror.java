package com.example.txndr.lambda.lease;

import static com.example.txndr.lambda.store.TableLayout.n;
import static com.example.txndr.lambda.store.TableLayout.number;

import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.store.TableLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.CRC32;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * A region's copy of its write permission ({@link MirrorShard}), sharded over N items {@code
 * LEASE#<region>#<n>} of the region's own replica: one item would cap the region's transactions
 * (a transactional check costs 2 write units of the 1,000 per second one item takes). Only the
 * region's keeper writes them; they replicate to the peer, which never reads them.
 *
 * <p>Each shard is written on its own (not in one transaction): a write that meets a transaction
 * in progress on the same item is retried with jitter until it lands, so a revocation completes
 * under full load (docs/adr/0007). Writes are monotonic: a publication never lowers an expiry,
 * and never undoes a revocation of the same epoch.
 */
public final class LeaseMirror {
  /** Attempts per shard when a write meets a transaction on the item (then the keeper's next tick). */
  static final int ATTEMPTS = 20;

  private final DynamoDbClient dynamoDb;
  private final String tableName;
  private final String region;
  private final int shards;
  private final Platform platform;

  public LeaseMirror(DynamoDbClient dynamoDb, String tableName, String region, int shards, Platform platform) {
    if (shards < 1) {
      throw new IllegalArgumentException("The fence needs at least one shard: got " + shards);
    }
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
    this.region = region;
    this.shards = shards;
    this.platform = platform;
  }

  public int shards() {
    return shards;
  }

  /** The shard a transaction with this idempotency key checks: CRC-32 of its UTF-8 bytes, modulo N. */
  public int shardOf(String idempotencyKey) {
    CRC32 crc = new CRC32();
    crc.update(idempotencyKey.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % shards);
  }

  /** Shard {@code shard}, read with strong consistency from this region's replica. */
  public MirrorShard read(int shard) {
    Map<String, AttributeValue> item = dynamoDb.getItem(
        r -> r.tableName(tableName).key(TableLayout.mirrorKey(region, shard)).consistentRead(true)).item();
    if (item == null || item.isEmpty()) {
      return MirrorShard.NONE;
    }
    return new MirrorShard(number(item, "epoch", 0), number(item, "expiresAt", 0));
  }

  /**
   * The condition every transaction of this region carries: shard {@code shard} permits {@code
   * epoch} until after {@code deadlineMillis} (the time by which the write will have landed).
   */
  public ConditionCheck fenceCondition(int shard, long epoch, long deadlineMillis) {
    return ConditionCheck.builder()
        .tableName(tableName)
        .key(TableLayout.mirrorKey(region, shard))
        .conditionExpression("#epoch = :epoch AND #expiresAt > :deadline")
        .expressionAttributeNames(TableLayout.names("epoch", "expiresAt"))
        .expressionAttributeValues(Map.of(":epoch", n(epoch), ":deadline", n(deadlineMillis)))
        .build();
  }

  /** Publishes the holder's permission for {@code epoch} until {@code expiresAtMillis} on every shard. */
  public void publish(long epoch, long expiresAtMillis) {
    for (int shard = 0; shard < shards; shard++) {
      int s = shard;
      write(s, () -> dynamoDb.updateItem(r -> r.tableName(tableName)
          .key(TableLayout.mirrorKey(region, s))
          .updateExpression("SET #epoch = :epoch, #expiresAt = :expiresAt REMOVE #revoked")
          // Forward only: a newer epoch, or a later expiry of a not-revoked permission.
          .conditionExpression("attribute_not_exists(pk) OR #epoch < :epoch"
              + " OR (#epoch = :epoch AND attribute_not_exists(#revoked) AND #expiresAt < :expiresAt)")
          .expressionAttributeNames(TableLayout.names("epoch", "expiresAt", "revoked"))
          .expressionAttributeValues(Map.of(":epoch", n(epoch), ":expiresAt", n(expiresAtMillis)))));
    }
  }

  /** Revokes the permission of {@code epoch} (and any earlier one) on every shard: no write of it lands after. */
  public void revoke(long epoch) {
    for (int shard = 0; shard < shards; shard++) {
      int s = shard;
      write(s, () -> dynamoDb.updateItem(r -> r.tableName(tableName)
          .key(TableLayout.mirrorKey(region, s))
          .updateExpression("SET #epoch = :epoch, #expiresAt = :zero, #revoked = :true")
          .conditionExpression("attribute_not_exists(pk) OR #epoch <= :epoch")
          .expressionAttributeNames(TableLayout.names("epoch", "expiresAt", "revoked"))
          .expressionAttributeValues(Map.of(":epoch", n(epoch), ":zero", n(0), ":true", TableLayout.bool(true)))));
    }
  }

  private void write(int shard, Runnable update) {
    for (int attempt = 1; ; attempt++) {
      try {
        update.run();
        return;
      } catch (ConditionalCheckFailedException e) {
        return; // the shard is already ahead: nothing to do
      } catch (TransactionConflictException e) {
        // A processor's transaction holds the item for milliseconds: wait, then try again.
        if (attempt == ATTEMPTS) {
          throw new IllegalStateException("Fence shard " + shard + " of " + region + " stayed in conflict with"
              + " transactions for " + ATTEMPTS + " attempts", e);
        }
        platform.pause(Duration.ofMillis(1 + Math.floorMod(platform.random().nextLong(), 5L * attempt)));
      }
    }
  }
}
