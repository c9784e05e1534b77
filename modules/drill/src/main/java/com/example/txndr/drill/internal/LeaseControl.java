package com.example.txndr.drill.internal;

import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.lease.Heartbeat;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseArbiter;
import com.example.txndr.lambda.lease.LeaseMirror;
import com.example.txndr.lambda.lease.LeaseOperations;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.lease.MirrorShard;
import com.example.txndr.lambda.lease.RegionSignals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The write lease and the signals around it, read and changed only through the lambda module's
 * own classes: {@link LeaseArbiter} (the lease in the control table, the keepers' heartbeats
 * there, the epochs' history), {@link LeaseOperations} (the operator's compare-and-set changes,
 * the same the keepers make), {@link RegionSignals} (each region's heartbeat and the drain
 * markers, as each replica of the transactions table has them) and {@link LeaseMirror} (each
 * region's write permission). Time is the CLI's {@link Ticker}.
 */
public final class LeaseControl {
  private final Services services;
  private final Targets targets;
  private final LeaseSettings settings;
  private final Platform platform;

  public LeaseControl(Services services, Targets targets, LeaseSettings settings) {
    this.services = services;
    this.targets = targets;
    this.settings = settings;
    Ticker ticker = services.ticker();
    this.platform = new Platform(new TickerClock(ticker), ticker::sleep, () -> UUID.randomUUID().toString(),
        () -> ThreadLocalRandom.current().nextLong());
  }

  public LeaseSettings settings() {
    return settings;
  }

  public LeaseTiming timing() {
    return settings.timing();
  }

  public long nowMillis() {
    return platform.nowMillis();
  }

  /** The arbiter through {@code region}'s endpoint of the control table. */
  public LeaseArbiter arbiter(String region) {
    return new LeaseArbiter(services.tables().control(targets.requireRegion(region)), targets.controlTableName());
  }

  /** The operator's changes of the lease, made through {@code region}'s endpoint of the control table. */
  public LeaseOperations operations(String region) {
    return new LeaseOperations(arbiter(region), settings.timing(), platform);
  }

  /** The lease and the region whose endpoint answered. */
  public record Reading(String region, Lease lease) {}

  /**
   * The lease, read with strong consistency through {@code preferred}'s endpoint, else through
   * the peer's (a region that is down or cut off does not answer; the other still gives the
   * latest lease). Fails when neither answers, or when no lease exists yet.
   */
  public Reading read(String preferred) {
    String other = targets.peer(preferred);
    RuntimeException first;
    try {
      return reading(preferred);
    } catch (IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      first = e;
    }
    try {
      return reading(other);
    } catch (IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException("The control table answered in neither region: " + preferred + ": "
          + Watch.describe(first) + "; " + other + ": " + Watch.describe(e), e);
    }
  }

  private Reading reading(String region) {
    Lease lease = arbiter(region).read().orElseThrow(() -> new IllegalStateException("No lease exists yet in "
        + targets.controlTableName() + ": the primary region's keeper creates it on its first run"));
    return new Reading(region, lease);
  }

  /** {@code region}'s keeper heartbeat in the arbiter (read through {@code via}'s endpoint). */
  public Optional<Heartbeat> keeperHeartbeat(String via, String region) {
    return arbiter(via).keeperHeartbeat(region);
  }

  /** Every recorded epoch, oldest first (read through {@code via}'s endpoint). */
  public List<LeaseArbiter.EpochRecord> epochs(String via) {
    return arbiter(via).epochs();
  }

  private RegionSignals signals(String replica) {
    return new RegionSignals(services.tables().transactions(targets.requireRegion(replica)), targets.tableName());
  }

  /** Why {@code epoch} began, from the epochs' history (empty string when it is not recorded). */
  public String reasonOf(String via, long epoch) {
    return epochs(via).stream().filter(e -> e.epoch() == epoch).map(LeaseArbiter.EpochRecord::reason).findFirst()
        .orElse("");
  }

  /** {@code of}'s heartbeat as {@code replica}'s replica of the transactions table has it. */
  public Optional<Heartbeat> heartbeat(String replica, String of) {
    return signals(replica).heartbeat(of);
  }

  /** How many drain markers of {@code epoch} reached {@code replica}'s replica. */
  public RegionSignals.Markers markers(String replica, long epoch) {
    return signals(replica).drainMarkers(epoch, settings.timing().drainMarkers());
  }

  /** Every shard of {@code region}'s write permission, from its own replica. */
  public List<MirrorShard> mirror(String region) {
    LeaseMirror mirror = new LeaseMirror(services.tables().transactions(targets.requireRegion(region)),
        targets.tableName(), region, settings.fenceShards(), platform);
    List<MirrorShard> shards = new ArrayList<>();
    for (int shard = 0; shard < mirror.shards(); shard++) {
      shards.add(mirror.read(shard));
    }
    return shards;
  }

  // ----- in words -----

  private static String at(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  /** The lease in one line: holder, epoch, expiry, and a hand-over's progress. */
  public String describe(Lease lease) {
    long now = nowMillis();
    if (!lease.draining()) {
      long left = lease.expiresAtMillis() - now;
      return lease.holder() + " holds epoch " + lease.epoch() + " until " + at(lease.expiresAtMillis()) + " ("
          + (left >= 0 ? Durations.format(Duration.ofMillis(left)) + " left"
              : "expired " + Durations.format(Duration.ofMillis(-left)) + " ago") + ")";
    }
    return lease.holder() + " holds epoch " + lease.epoch() + ", draining to " + lease.drain().target() + " since "
        + at(lease.drain().startedAtMillis()) + " (no region writes): " + drainProgress(lease);
  }

  /** Where a hand-over stands: revoked, markers seen (with their lag), the margin. */
  public String drainProgress(Lease lease) {
    Lease.Drain drain = lease.drain();
    if (!drain.revoked()) {
      return "waiting for " + lease.holder() + " to revoke its write permission";
    }
    String revoked = "revoked at " + at(drain.revokedAtMillis());
    if (!drain.observed()) {
      int expected = settings.timing().drainMarkers();
      try {
        RegionSignals.Markers seen = markers(drain.target(), lease.epoch());
        if (seen.arrived() == expected) {
          return revoked + "; all " + expected + " drain markers in " + drain.target() + "'s replica: its keeper"
              + " confirms them on its next tick";
        }
        return revoked + "; waiting for the drain markers in " + drain.target() + "'s replica (" + seen.arrived()
            + " of " + expected + " arrived)";
      } catch (RuntimeException e) {
        return revoked + "; waiting for the drain markers in " + drain.target() + "'s replica (cannot read them: "
            + Watch.describe(e) + ")";
      }
    }
    long margin = Math.max(settings.timing().drainMargin().toMillis(), drain.lagMillis() / 2);
    return revoked + "; markers seen in " + drain.target() + " at " + at(drain.observedAtMillis()) + " (lag "
        + Durations.format(Duration.ofMillis(drain.lagMillis())) + "); margin "
        + Durations.format(Duration.ofMillis(margin)) + ", until " + at(drain.observedAtMillis() + margin);
  }

  /** A heartbeat's age and what it says, or {@code none}; a stale one says so. */
  public String describe(Optional<Heartbeat> heartbeat, boolean details) {
    if (heartbeat.isEmpty()) {
      return "none";
    }
    Heartbeat h = heartbeat.get();
    long age = h.ageMillis(nowMillis());
    StringBuilder out = new StringBuilder(Durations.format(Duration.ofMillis(age))).append(" old (epoch ")
        .append(h.epoch());
    if (details && h.holder()) {
      out.append(", holder");
    }
    if (details && h.arbiterFailingSinceMillis() > 0) {
      out.append(", arbiter unreachable since ").append(at(h.arbiterFailingSinceMillis()));
    }
    out.append(')');
    if (age > settings.timing().heartbeatStaleAfter().toMillis()) {
      out.append(", STALE");
    }
    return out.toString();
  }

  /** A write permission in words: {@code epoch 4, writable until ..., on all 64 shards}, or what differs. */
  public String describe(List<MirrorShard> shards) {
    long now = nowMillis();
    Map<String, Integer> groups = new LinkedHashMap<>();
    Map<String, Long> earliest = new LinkedHashMap<>();
    for (MirrorShard shard : shards) {
      String state;
      if (shard.epoch() == 0) {
        state = "none";
      } else if (shard.expiresAtMillis() == 0) {
        state = "revoked (epoch " + shard.epoch() + ")";
      } else if (shard.permits(now, settings.timing())) {
        state = "epoch " + shard.epoch() + ", writable";
      } else {
        state = "epoch " + shard.epoch() + ", expired";
      }
      groups.merge(state, 1, Integer::sum);
      if (shard.expiresAtMillis() > 0) {
        earliest.merge(state, shard.expiresAtMillis(), Math::min);
      }
    }
    List<String> parts = new ArrayList<>();
    groups.forEach((state, count) -> {
      String until = earliest.containsKey(state) ? " until " + at(earliest.get(state)) : "";
      parts.add(state + until + (groups.size() == 1 ? " on all " + shards.size() + " shards"
          : " on " + count + " of " + shards.size() + " shards"));
    });
    return String.join("; ", parts);
  }

  /** True if every shard permits a write of {@code epoch} now. */
  public boolean writable(List<MirrorShard> shards, long epoch) {
    long now = nowMillis();
    return shards.stream().allMatch(s -> s.epoch() == epoch && s.permits(now, settings.timing()));
  }

  /** True if no shard permits a write now. */
  public boolean notWritable(List<MirrorShard> shards) {
    long now = nowMillis();
    return shards.stream().noneMatch(s -> s.permits(now, settings.timing()));
  }

  /** The Ticker as a {@link Clock} for the lambda module's {@link Platform}. */
  private static final class TickerClock extends Clock {
    private final Ticker ticker;

    TickerClock(Ticker ticker) {
      this.ticker = ticker;
    }

    @Override
    public Instant instant() {
      return ticker.now();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }
  }
}
