package com.example.txndr.lambda;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves: waiting advances it, so nothing waits in real time. */
public final class MutableClock extends Clock {
  private long millis;

  public MutableClock(Instant start) {
    this.millis = start.toEpochMilli();
  }

  public void advance(Duration by) {
    advanceMillis(by.toMillis());
  }

  /** Moves the clock by {@code by} milliseconds; a negative value sets it back (a clock that stepped back). */
  public synchronized void advanceMillis(long by) {
    millis += by;
  }

  @Override
  public synchronized long millis() {
    return millis;
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
    throw new UnsupportedOperationException();
  }
}
