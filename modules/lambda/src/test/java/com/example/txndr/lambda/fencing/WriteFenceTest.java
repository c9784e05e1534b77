package com.example.txndr.lambda.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.globaltable.MemoryDynamoDb;
import com.example.txndr.lambda.MutableClock;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.lease.LeaseMirror;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.lease.MirrorShard;
import com.example.txndr.lambda.local.ResourceBootstrap;
import com.example.txndr.lambda.store.Ledger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The processor's cached write permission, over a mirror in the in-memory DynamoDB: how long a
 * permission read once is believed, and what makes it read again.
 */
class WriteFenceTest {
  private static final String TABLE = "txns";
  private static final String REGION = "us-east-1";
  private static final Duration TTL = Duration.ofSeconds(1);
  private static final LeaseTiming TIMING = LeaseTiming.defaults(Duration.ofSeconds(2));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  private final Platform platform = new Platform(clock, d -> clock.advanceMillis(d.toMillis()), () -> "id", () -> -1L);
  private LeaseMirror mirror;
  private WriteFence fence;

  @BeforeEach
  void createTheMirror() {
    DynamoDbClient dynamoDb = new MemoryDynamoDb().client(REGION);
    ResourceBootstrap.createTable(dynamoDb, TABLE);
    mirror = new LeaseMirror(dynamoDb, TABLE, REGION, 4, platform);
    fence = new WriteFence(mirror, TIMING, platform, TTL);
  }

  private long leaseFromNow() {
    return TIMING.expiryFrom(clock.millis());
  }

  @Test
  void aRegionWithoutAPublishedPermissionMayNotWrite() {
    assertThat(fence.writable()).isFalse();
    assertThat(fence.permit("k1")).isEmpty();
  }

  @Test
  void aPermitCarriesTheEpochAndTheShardOfTheKey() {
    mirror.publish(3, leaseFromNow());

    assertThat(fence.writable()).isTrue();
    assertThat(fence.permit("k1")).contains(new Ledger.Permit(mirror.shardOf("k1"), 3));
    assertThat(fence.permit("k2")).contains(new Ledger.Permit(mirror.shardOf("k2"), 3));
  }

  @Test
  void aRevocationIsSeenOnlyOnceTheCachedPermissionIsATtlOld() {
    mirror.publish(1, leaseFromNow());
    assertThat(fence.writable()).isTrue();
    mirror.revoke(1);

    assertThat(fence.writable()).as("just loaded").isTrue();
    clock.advanceMillis(TTL.toMillis() - 1);
    assertThat(fence.writable()).as("a millisecond before the TTL").isTrue();
    clock.advanceMillis(1);
    assertThat(fence.writable()).as("at the TTL").isFalse();
    assertThat(fence.current()).isEqualTo(new MirrorShard(1, 0));
  }

  @Test
  void aClockThatMovedBackMakesTheCachedPermissionStale() {
    mirror.publish(1, leaseFromNow());
    assertThat(fence.writable()).isTrue();
    mirror.revoke(1);

    clock.advanceMillis(-1);

    assertThat(fence.writable()).isFalse();
  }

  @Test
  void aRefreshedPermissionIsTheOneServedFromTheCache() {
    mirror.publish(1, leaseFromNow());
    assertThat(fence.current().epoch()).isEqualTo(1);
    mirror.publish(2, leaseFromNow());

    assertThat(fence.refresh(mirror.shardOf("k1")).epoch()).isEqualTo(2);
    mirror.revoke(2);

    assertThat(fence.current().epoch()).isEqualTo(2);
    assertThat(fence.permit("k1")).contains(new Ledger.Permit(mirror.shardOf("k1"), 2));
  }

  @Test
  void aRefreshOfAnyShardReadsOneOfTheRegionsShards() {
    mirror.publish(5, leaseFromNow());

    assertThat(fence.refresh()).isEqualTo(new MirrorShard(5, leaseFromNow()));
  }
}
