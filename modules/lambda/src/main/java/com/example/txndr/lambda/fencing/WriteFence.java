package com.example.txndr.lambda.fencing;

import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.lease.LeaseMirror;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.lease.MirrorShard;
import com.example.txndr.lambda.store.Ledger;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The processor's cached view of its region's write permission ({@link MirrorShard}), for at most
 * {@link #DEFAULT_TTL}. The cache only saves a read per request: correctness does not depend on
 * it, because every write carries the fence condition on its shard in its own transaction. A
 * stale cache costs at most a refused write, never a write without the lease.
 *
 * <p>Nothing is loaded at construction, so a SnapStart snapshot holds an empty cache; a clock
 * that moved back (as after a restore) makes the cache stale.
 */
public final class WriteFence {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(1);

  private record Cached(MirrorShard value, long loadedAtMillis) {}

  private final LeaseMirror mirror;
  private final LeaseTiming timing;
  private final Platform platform;
  private final long ttlMillis;
  private final AtomicReference<Cached> cached = new AtomicReference<>();

  public WriteFence(LeaseMirror mirror, LeaseTiming timing, Platform platform, Duration ttl) {
    this.mirror = mirror;
    this.timing = timing;
    this.platform = platform;
    this.ttlMillis = ttl.toMillis();
  }

  /** The permission, from the cache while it is fresh. */
  public MirrorShard current() {
    Cached entry = cached.get();
    long age = platform.nowMillis() - (entry == null ? 0 : entry.loadedAtMillis());
    if (entry != null && age >= 0 && age < ttlMillis) {
      return entry.value();
    }
    return refresh();
  }

  /** Reads a shard now (any: they hold the same permission but for a moment during a change) and caches it. */
  public MirrorShard refresh() {
    return refresh(Math.floorMod(platform.random().nextLong(), mirror.shards()));
  }

  /** Reads shard {@code shard} now (the one a write was refused by) and caches it. */
  public MirrorShard refresh(int shard) {
    MirrorShard loaded = mirror.read(shard);
    cached.set(new Cached(loaded, platform.nowMillis()));
    return loaded;
  }

  /** The permit for a write under {@code idempotencyKey}, if this region may write now. */
  public Optional<Ledger.Permit> permit(String idempotencyKey) {
    MirrorShard shard = current();
    if (!shard.permits(platform.nowMillis(), timing)) {
      return Optional.empty();
    }
    return Optional.of(new Ledger.Permit(mirror.shardOf(idempotencyKey), shard.epoch()));
  }

  /** True if this region may write now, by the cached permission. */
  public boolean writable() {
    return current().permits(platform.nowMillis(), timing);
  }
}
