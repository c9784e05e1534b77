package com.example.txndr.lambda;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What the functions take from their surroundings: the time, waiting, fresh identifiers and
 * randomness. Lambda uses {@link #system()}; the two-region simulation passes a virtual clock,
 * a sleeper that advances virtual time and seeded generators, so that a seed replays a run.
 *
 * @param clock the wall clock (each region's may be off by up to the configured clock error)
 * @param sleeper how the code waits (back-off, the keeper's ticks)
 * @param ids fresh transaction ids
 * @param random jitter and the choice of a shard to read
 */
public record Platform(Clock clock, Sleeper sleeper, Supplier<String> ids, RandomGenerator random) {
  /** Waits; the simulation's sleeper advances virtual time instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** The system clock, {@link Thread#sleep}, random UUIDs and a thread-safe random generator. */
  public static Platform system() {
    return new Platform(Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()),
        () -> UUID.randomUUID().toString(), () -> ThreadLocalRandom.current().nextLong());
  }

  /** The system platform with another clock (tests that fix the time). */
  public static Platform withClock(Clock clock) {
    Platform system = system();
    return new Platform(clock, system.sleeper(), system.ids(), system.random());
  }

  /** Now, in milliseconds since the epoch, by this platform's clock. */
  public long nowMillis() {
    return clock.millis();
  }

  /** Sleeps, restoring the interrupt flag and failing if interrupted. */
  public void pause(Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting " + duration.toMillis() + " ms", e);
    }
  }
}
