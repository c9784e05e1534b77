package com.example.txndr.simulation.world;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A region's wall clock in the simulation: the scheduler's virtual time from a fixed epoch, off by
 * the region's current clock error (which the nemesis may change).
 */
public final class VirtualClock extends Clock {
  /** Virtual time 0: 2026-01-01T00:00:00Z. */
  public static final long EPOCH_MILLIS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  private final Scheduler scheduler;
  private final LongSupplier errorMillis;

  public VirtualClock(Scheduler scheduler, LongSupplier errorMillis) {
    this.scheduler = scheduler;
    this.errorMillis = errorMillis;
  }

  @Override
  public long millis() {
    return EPOCH_MILLIS + scheduler.now() + errorMillis.getAsLong();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the simulation's clocks are UTC");
  }
}
