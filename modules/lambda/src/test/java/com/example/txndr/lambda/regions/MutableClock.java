package com.example.txndr.lambda.regions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves: waiting advances it, so nothing waits in real time. */
final class MutableClock extends Clock {
  private long millis;

  MutableClock(Instant start) {
    this.millis = start.toEpochMilli();
  }

  synchronized void advance(Duration by) {
    millis += by.toMillis();
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
