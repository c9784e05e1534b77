package com.example.txndr.lambda.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseTimingTest {
  private static final LeaseTiming TIMING = LeaseTiming.defaults(Duration.ofMillis(2900));

  @Test
  void holderStopsWritingTheCommitBoundPlusTheClockErrorBeforeTheExpiry() {
    long expiry = 100_000;
    assertThat(TIMING.permitsWrite(expiry, expiry - 3_901)).isTrue();
    assertThat(TIMING.permitsWrite(expiry, expiry - 3_900)).isFalse();
  }

  @Test
  void leaseIsSurelyExpiredOnlyPastTheClockError() {
    long expiry = 100_000;
    assertThat(TIMING.surelyExpired(expiry, expiry + 1_000)).isFalse();
    assertThat(TIMING.surelyExpired(expiry, expiry + 1_001)).isTrue();
  }

  /**
   * The safety argument on numbers: the last write the holder may send lands before the expiry in
   * true time, and the earliest takeover happens after it, whichever way each clock errs.
   */
  @Test
  void lastPermittedWriteLandsBeforeTheEarliestTakeoverForAnyClockErrorWithinTheBound() {
    long expiry = 100_000;
    long error = TIMING.maxClockError().toMillis();
    for (long holderError = -error; holderError <= error; holderError += error) {
      for (long takerError = -error; takerError <= error; takerError += error) {
        long lastSendLocal = expiry - TIMING.writeMargin().toMillis() - 1;
        long lastLandTrue = lastSendLocal - holderError + TIMING.commitBound().toMillis();
        long takeoverLocal = expiry + error + 1;
        long takeoverTrue = takeoverLocal - takerError;
        assertThat(TIMING.permitsWrite(expiry, lastSendLocal)).isTrue();
        assertThat(TIMING.surelyExpired(expiry, takeoverLocal)).isTrue();
        assertThat(lastLandTrue).isLessThan(takeoverTrue);
      }
    }
  }

  @Test
  void leaseShorterThanThreeRenewalsIsRefused() {
    assertThatThrownBy(() -> new LeaseTiming(Duration.ofSeconds(14), Duration.ofSeconds(5), Duration.ofSeconds(1),
        Duration.ofMillis(2900), Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(5),
        Duration.ofMinutes(5), 8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The lease (14000 ms) must be at least 3 renewal intervals (5000 ms each), so that one late"
            + " renewal does not stop writes");
  }

  @Test
  void leaseThatCouldNeverPermitAWriteIsRefused() {
    assertThatThrownBy(() -> new LeaseTiming(Duration.ofSeconds(6), Duration.ofSeconds(2), Duration.ofSeconds(2),
        Duration.ofMillis(2900), Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(5),
        Duration.ofMinutes(5), 8)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The lease (6000 ms) must exceed the commit bound plus the clock error plus one renewal interval"
            + " (6900 ms), or a renewed lease would never permit a write");
  }
}
