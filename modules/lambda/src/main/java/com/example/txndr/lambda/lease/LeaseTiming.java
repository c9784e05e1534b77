package com.example.txndr.lambda.lease;

import java.time.Duration;

/**
 * The lease's timing, one set for both regions (template parameters, docs/adr/0007). The safety
 * argument needs two bounds that the code cannot check and the ADR states:
 *
 * <ul>
 *   <li><b>clock error</b>: every function's clock is within {@code maxClockError} of true time
 *       (Lambda synchronises with NTP; AWS documents no bound, so the default, 1 s, is a margin
 *       far above what NTP keeps);
 *   <li><b>commit bound</b>: a DynamoDB write lands, if at all, within {@code commitBound} of
 *       being sent (the SDK call timeout of the processor; a request delayed beyond it and then
 *       applied would break the argument, as in every lease design).
 * </ul>
 *
 * <p>With those, a region writes only while {@code now + commitBound + maxClockError <
 * expiresAt} by its clock, so its writes land before {@code expiresAt} in true time; another
 * region takes over only when {@code now - maxClockError > expiresAt} by its clock, so after
 * {@code expiresAt} in true time. The two never overlap.
 *
 * @param lease how long a renewal holds
 * @param renewEvery the keeper's tick: renewal, heartbeat, drain steps
 * @param maxClockError the bound on any clock's error
 * @param commitBound the longest a write can take to land
 * @param heartbeatStaleAfter a peer heartbeat older than this (by the reader's clock) is stale
 * @param arbiterGrace how long the holder may report the arbiter unreachable before the standby
 *     treats that as corroboration for a takeover
 * @param drainMargin the least time a hand-over waits after the drain markers arrived
 * @param drainTimeout how long a hand-over may drain before it is aborted
 * @param drainMarkers how many marker items (distinct partitions) a drain writes and awaits
 */
public record LeaseTiming(
    Duration lease, Duration renewEvery, Duration maxClockError, Duration commitBound, Duration heartbeatStaleAfter,
    Duration arbiterGrace, Duration drainMargin, Duration drainTimeout, int drainMarkers) {

  /** The defaults of the templates. */
  public static LeaseTiming defaults(Duration commitBound) {
    return new LeaseTiming(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(1), commitBound,
        Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMinutes(5), 8);
  }

  public LeaseTiming {
    if (renewEvery.isZero() || renewEvery.isNegative()) {
      throw new IllegalArgumentException("The renewal interval must be positive: got " + renewEvery);
    }
    if (lease.compareTo(renewEvery.multipliedBy(3)) < 0) {
      throw new IllegalArgumentException("The lease (" + lease.toMillis() + " ms) must be at least 3 renewal"
          + " intervals (" + renewEvery.toMillis() + " ms each), so that one late renewal does not stop writes");
    }
    Duration least = commitBound.plus(maxClockError).plus(renewEvery);
    if (lease.compareTo(least) <= 0) {
      throw new IllegalArgumentException("The lease (" + lease.toMillis() + " ms) must exceed the commit bound"
          + " plus the clock error plus one renewal interval (" + least.toMillis()
          + " ms), or a renewed lease would never permit a write");
    }
    if (heartbeatStaleAfter.compareTo(renewEvery.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("A heartbeat must be allowed at least 2 renewal intervals before it is"
          + " stale: got " + heartbeatStaleAfter.toMillis() + " ms");
    }
    if (drainMarkers < 1 || drainMarkers > 25) {
      throw new IllegalArgumentException("Drain markers must be 1 to 25: got " + drainMarkers);
    }
  }

  /** How long before a lease's expiry its holder stops writing: commit bound plus clock error. */
  public Duration writeMargin() {
    return commitBound.plus(maxClockError);
  }

  /** The expiry a renewal at {@code nowMillis} sets. */
  public long expiryFrom(long nowMillis) {
    return nowMillis + lease.toMillis();
  }

  /** True if a write sent at {@code nowMillis} surely lands before {@code expiresAtMillis}. */
  public boolean permitsWrite(long expiresAtMillis, long nowMillis) {
    return writeDeadline(nowMillis) < expiresAtMillis;
  }

  /** The time a write sent now must land by, with the clock error: the fence's condition value. */
  public long writeDeadline(long nowMillis) {
    return nowMillis + writeMargin().toMillis();
  }

  /** True if a lease that expires at {@code expiresAtMillis} has surely expired at {@code nowMillis}. */
  public boolean surelyExpired(long expiresAtMillis, long nowMillis) {
    return nowMillis - maxClockError.toMillis() > expiresAtMillis;
  }
}
