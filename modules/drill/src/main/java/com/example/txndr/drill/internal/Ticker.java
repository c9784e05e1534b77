package com.example.txndr.drill.internal;

import java.time.Duration;
import java.time.Instant;

/** Time as the drill sees it: the wall clock and waiting. Tests pass one that moves only when asked. */
public interface Ticker {
  Instant now();

  /** Waits {@code duration}; an interrupted wait throws. */
  void sleep(Duration duration) throws InterruptedException;

  /** The system clock and {@link Thread#sleep}. */
  static Ticker system() {
    return new Ticker() {
      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
      }
    };
  }
}
