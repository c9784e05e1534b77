package com.example.txndr.lambda.fencing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The processor's view of the active region, cached for {@link #DEFAULT_TTL}. The cache only
 * saves a read per request: correctness does not depend on it, because every write carries a
 * condition on a control shard (region and epoch) in its own DynamoDB transaction. A stale
 * cache therefore costs at most a rejected write, never a write by a demoted region. The loader
 * may read any shard (the shards hold the same state, except for a moment while a promotion
 * replicates).
 *
 * <p>Nothing is loaded at construction, so a SnapStart snapshot holds an empty cache.
 */
public final class Fence {
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(1);

  private final String self;
  private final Supplier<ActiveRegion> loader;
  private final LongSupplier nanoClock;
  private final long ttlNanos;
  private final AtomicReference<Cached> cached = new AtomicReference<>();

  private static final class Cached {
    final ActiveRegion value;
    final long loadedAt;

    Cached(ActiveRegion value, long loadedAt) {
      this.value = value;
      this.loadedAt = loadedAt;
    }
  }

  public Fence(String self, Supplier<ActiveRegion> loader, LongSupplier nanoClock, Duration ttl) {
    this.self = self;
    this.loader = loader;
    this.nanoClock = nanoClock;
    this.ttlNanos = ttl.toNanos();
  }

  public Fence(String self, Supplier<ActiveRegion> loader) {
    this(self, loader, System::nanoTime, DEFAULT_TTL);
  }

  /** The active region, from the cache while it is fresh. */
  public ActiveRegion current() {
    Cached entry = cached.get();
    long now = nanoClock.getAsLong();
    // A negative age (a clock that moved back, as after a snapshot restore) counts as stale.
    if (entry != null && now - entry.loadedAt >= 0 && now - entry.loadedAt < ttlNanos) {
      return entry.value;
    }
    return refresh();
  }

  /** Reads a control shard now (through the loader) and caches it. */
  public ActiveRegion refresh() {
    return refresh(loader);
  }

  /** Reads the state from {@code source} now (for example the shard a write was fenced by) and caches it. */
  public ActiveRegion refresh(Supplier<ActiveRegion> source) {
    ActiveRegion loaded = source.get();
    cached.set(new Cached(loaded, nanoClock.getAsLong()));
    return loaded;
  }

  /** The active region if this region may write, else {@link NotActiveRegionException}. */
  public ActiveRegion requireWritable() throws NotActiveRegionException {
    ActiveRegion active = current();
    if (!active.isWritableBy(self)) {
      throw new NotActiveRegionException(self, active);
    }
    return active;
  }

  public String self() {
    return self;
  }
}
