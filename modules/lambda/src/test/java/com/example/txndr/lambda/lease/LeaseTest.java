package com.example.txndr.lambda.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseTest {
  private static final LeaseTiming TIMING = LeaseTiming.defaults(Duration.ofMillis(2900));
  private static final Lease EAST = Lease.initial("us-east-1", 1_000, TIMING);

  @Test
  void initialLeaseIsThePrimarysFirstEpoch() {
    assertThat(EAST).isEqualTo(new Lease("us-east-1", 1, 31_000, null, 1, 1_000, "initial"));
  }

  @Test
  void renewalMovesTheExpiryForwardAndRaisesTheVersion() {
    assertThat(EAST.renewed(6_000, TIMING)).isEqualTo(new Lease("us-east-1", 1, 36_000, null, 2, 6_000, "renewed"));
  }

  @Test
  void renewalNeverMovesTheExpiryBack() {
    assertThat(EAST.renewed(500, TIMING).expiresAtMillis()).isEqualTo(31_000);
  }

  @Test
  void handOverKeepsTheEpochUntilItCompletesThenRaisesIt() {
    Lease draining = EAST.drainingTo("us-west-2", 2_000, "planned");
    assertThat(draining.epoch()).isEqualTo(1);
    assertThat(draining.activeHolder("us-east-1")).isFalse();
    Lease done = draining.revoked(3_000).drainObserved(4_000, 100).handedOver(9_000, TIMING);
    assertThat(done).isEqualTo(new Lease("us-west-2", 2, 39_000, null, 5, 9_000, "handover: planned"));
  }

  @Test
  void abortedHandOverResumesTheHolderUnderTheNextEpoch() {
    Lease aborted = EAST.drainingTo("us-west-2", 2_000, "planned").revoked(3_000).aborted(5_000, TIMING, "lag");
    assertThat(aborted).isEqualTo(new Lease("us-east-1", 2, 35_000, null, 4, 5_000, "handover aborted: lag"));
  }

  @Test
  void takeoverGivesTheNextEpochToTheTaker() {
    assertThat(EAST.takenOverBy("us-west-2", 40_000, TIMING, "expired"))
        .isEqualTo(new Lease("us-west-2", 2, 70_000, null, 2, 40_000, "takeover: expired"));
  }

  @Test
  void drainingLeaseCannotBeRenewed() {
    Lease draining = EAST.drainingTo("us-west-2", 2_000, "planned");
    assertThatThrownBy(() -> draining.renewed(3_000, TIMING)).isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot renew: the lease is draining from us-east-1 to us-west-2 (epoch 1)");
  }

  @Test
  void holderCannotHandOverToItself() {
    assertThatThrownBy(() -> EAST.drainingTo("us-east-1", 2_000, "planned")).isInstanceOf(IllegalStateException.class)
        .hasMessage("us-east-1 already holds the lease (epoch 1)");
  }
}
