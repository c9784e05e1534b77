package com.example.txndr.lambda.keeper;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.lease.Heartbeat;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.lease.RegionSignals.Markers;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeeperDecisionTest {
  private static final String EAST = "us-east-1";
  private static final String WEST = "us-west-2";
  private static final LeaseTiming TIMING = LeaseTiming.defaults(Duration.ofMillis(2900));
  private static final long T0 = 1_000_000_000L;
  /** East holds epoch 3 until T0 + 30 s. */
  private static final Lease EAST_HOLDS = new Lease(EAST, 3, T0 + 30_000, null, 10, T0, "renewed");

  private static KeeperView view(String self, long now, Lease lease) {
    return new KeeperView(self, EAST, now, true, Optional.ofNullable(lease), true, Optional.empty(), null, true, TIMING);
  }

  private static KeeperView withHeartbeat(KeeperView v, Heartbeat heartbeat) {
    return new KeeperView(v.self(), v.primary(), v.nowMillis(), v.arbiterReachable(), v.lease(), v.selfHealthy(),
        Optional.of(heartbeat), v.markers(), v.autoTakeover(), v.timing());
  }

  private static KeeperView withMarkers(KeeperView v, Markers markers) {
    return new KeeperView(v.self(), v.primary(), v.nowMillis(), v.arbiterReachable(), v.lease(), v.selfHealthy(),
        v.peerHeartbeat(), markers, v.autoTakeover(), v.timing());
  }

  private static KeeperView unhealthy(KeeperView v) {
    return new KeeperView(v.self(), v.primary(), v.nowMillis(), v.arbiterReachable(), v.lease(), false,
        v.peerHeartbeat(), v.markers(), v.autoTakeover(), v.timing());
  }

  /** East's lease after it expired, seen from the west 5 s past the clock error. */
  private static KeeperView westAfterExpiry() {
    return view(WEST, EAST_HOLDS.expiresAtMillis() + 6_000, EAST_HOLDS);
  }

  @Test
  void unreachableArbiterChangesNothing() {
    KeeperView v = new KeeperView(EAST, EAST, T0, false, Optional.empty(), true, Optional.empty(), null, true, TIMING);
    assertThat(KeeperDecision.decide(v)).isInstanceOf(KeeperAction.Wait.class);
  }

  @Test
  void primaryCreatesTheFirstLease() {
    assertThat(KeeperDecision.decide(view(EAST, T0, null))).isInstanceOf(KeeperAction.Initialize.class);
  }

  @Test
  void secondaryWaitsForThePrimaryToCreateTheLease() {
    assertThat(KeeperDecision.decide(view(WEST, T0, null))).isInstanceOf(KeeperAction.Wait.class);
  }

  @Test
  void healthyHolderRenews() {
    assertThat(KeeperDecision.decide(view(EAST, T0 + 5_000, EAST_HOLDS))).isInstanceOf(KeeperAction.Renew.class);
  }

  @Test
  void holderWhoseReplicaFailsDoesNotRenew() {
    assertThat(KeeperDecision.decide(unhealthy(view(EAST, T0 + 5_000, EAST_HOLDS))))
        .isInstanceOf(KeeperAction.Wait.class);
  }

  @Test
  void standbyWaitsWhileTheLeaseIsValid() {
    assertThat(KeeperDecision.decide(view(WEST, T0 + 29_000, EAST_HOLDS))).isInstanceOf(KeeperAction.Wait.class);
  }

  @Test
  void standbyDoesNotTakeOverWithinTheClockErrorOfTheExpiry() {
    KeeperView v = view(WEST, EAST_HOLDS.expiresAtMillis() + TIMING.maxClockError().toMillis(), EAST_HOLDS);
    assertThat(KeeperDecision.decide(v)).isInstanceOf(KeeperAction.Wait.class);
  }

  @Test
  void standbyTakesOverAnExpiredLeaseWhenTheHolderHasNoHeartbeat() {
    assertThat(KeeperDecision.decide(westAfterExpiry())).isInstanceOf(KeeperAction.TakeOver.class);
  }

  @Test
  void standbyTakesOverAnExpiredLeaseWhenTheHoldersHeartbeatIsStale() {
    KeeperView v = westAfterExpiry();
    Heartbeat stale = new Heartbeat(EAST, v.nowMillis() - 21_000, 3, true, 0);
    assertThat(KeeperDecision.decide(withHeartbeat(v, stale))).isInstanceOf(KeeperAction.TakeOver.class);
  }

  @Test
  void standbyWaitsWhenTheHolderLooksAliveAndReachesTheArbiter() {
    KeeperView v = westAfterExpiry();
    Heartbeat fresh = new Heartbeat(EAST, v.nowMillis() - 2_000, 3, false, 0);
    assertThat(KeeperDecision.decide(withHeartbeat(v, fresh))).isInstanceOf(KeeperAction.Wait.class);
  }

  @Test
  void standbyTakesOverWhenTheHolderReportsTheArbiterUnreachableLongerThanTheGrace() {
    KeeperView v = westAfterExpiry();
    long at = v.nowMillis() - 2_000;
    Heartbeat cut = new Heartbeat(EAST, at, 3, false, at - TIMING.arbiterGrace().toMillis());
    assertThat(KeeperDecision.decide(withHeartbeat(v, cut))).isInstanceOf(KeeperAction.TakeOver.class);
  }

  @Test
  void standbyWaitsWhileTheHoldersArbiterOutageIsShorterThanTheGrace() {
    KeeperView v = westAfterExpiry();
    long at = v.nowMillis() - 2_000;
    Heartbeat cut = new Heartbeat(EAST, at, 3, false, at - TIMING.arbiterGrace().toMillis() + 1);
    assertThat(KeeperDecision.decide(withHeartbeat(v, cut))).isInstanceOf(KeeperAction.Wait.class);
  }

  @Test
  void standbyDoesNotTakeOverWhenAutomaticTakeoverIsOff() {
    KeeperView v = westAfterExpiry();
    KeeperView off = new KeeperView(v.self(), v.primary(), v.nowMillis(), true, v.lease(), true, v.peerHeartbeat(),
        null, false, TIMING);
    assertThat(KeeperDecision.decide(off)).isInstanceOf(KeeperAction.Wait.class);
  }

  @Test
  void unhealthyStandbyDoesNotTakeOver() {
    assertThat(KeeperDecision.decide(unhealthy(westAfterExpiry()))).isInstanceOf(KeeperAction.Wait.class);
  }

  @Test
  void holderOfADrainingLeaseRevokes() {
    Lease draining = EAST_HOLDS.drainingTo(WEST, T0 + 1_000, "test");
    assertThat(KeeperDecision.decide(view(EAST, T0 + 2_000, draining))).isInstanceOf(KeeperAction.Revoke.class);
  }

  @Test
  void holderWaitsAfterRevokingUntilTwiceTheDrainTimeoutThenAborts() {
    Lease revoked = EAST_HOLDS.drainingTo(WEST, T0, "test").revoked(T0 + 1_000);
    long limit = T0 + 2 * TIMING.drainTimeout().toMillis();
    assertThat(KeeperDecision.decide(view(EAST, limit, revoked))).isInstanceOf(KeeperAction.Wait.class);
    assertThat(KeeperDecision.decide(view(EAST, limit + 1, revoked))).isInstanceOf(KeeperAction.AbortHandover.class);
  }

  @Test
  void targetWaitsForTheRevocationWhileTheLeaseIsValid() {
    Lease draining = EAST_HOLDS.drainingTo(WEST, T0 + 1_000, "test");
    assertThat(KeeperDecision.decide(view(WEST, T0 + 2_000, draining))).isInstanceOf(KeeperAction.Wait.class);
  }

  @Test
  void targetTakesOverWhenTheHolderNeverRevokedAndTheLeaseExpired() {
    Lease draining = EAST_HOLDS.drainingTo(WEST, T0 + 1_000, "test");
    assertThat(KeeperDecision.decide(view(WEST, draining.expiresAtMillis() + 1_001, draining)))
        .isInstanceOf(KeeperAction.TakeOver.class);
  }

  @Test
  void targetWaitsUntilEveryDrainMarkerArrived() {
    Lease revoked = EAST_HOLDS.drainingTo(WEST, T0, "test").revoked(T0 + 1_000);
    KeeperView v = withMarkers(view(WEST, T0 + 2_000, revoked), new Markers(TIMING.drainMarkers() - 1, T0 + 1_000));
    assertThat(KeeperDecision.decide(v)).isInstanceOf(KeeperAction.Wait.class);
  }

  @Test
  void targetObservesTheDrainWithTheLastMarkersLag() {
    Lease revoked = EAST_HOLDS.drainingTo(WEST, T0, "test").revoked(T0 + 1_000);
    KeeperView v = withMarkers(view(WEST, T0 + 2_500, revoked), new Markers(TIMING.drainMarkers(), T0 + 1_000));
    assertThat(KeeperDecision.decide(v)).isEqualTo(
        new KeeperAction.ObserveDrain(revoked, 1_500, "every drain marker arrived (1500 ms after the last was written)"));
  }

  @Test
  void targetAbortsWhenTheMarkersDoNotArriveWithinTheDrainTimeout() {
    Lease revoked = EAST_HOLDS.drainingTo(WEST, T0, "test").revoked(T0 + 1_000);
    KeeperView v = withMarkers(view(WEST, T0 + TIMING.drainTimeout().toMillis() + 1, revoked), new Markers(0, 0));
    assertThat(KeeperDecision.decide(v)).isInstanceOf(KeeperAction.AbortHandover.class);
  }

  @Test
  void targetCompletesAfterHalfTheLagWhenThatIsLongerThanTheMinimumMargin() {
    Lease observed = EAST_HOLDS.drainingTo(WEST, T0, "test").revoked(T0 + 1_000).drainObserved(T0 + 10_000, 40_000);
    assertThat(KeeperDecision.decide(view(WEST, T0 + 29_999, observed))).isInstanceOf(KeeperAction.Wait.class);
    assertThat(KeeperDecision.decide(view(WEST, T0 + 30_000, observed)))
        .isInstanceOf(KeeperAction.CompleteHandover.class);
  }

  @Test
  void targetCompletesAfterTheMinimumMarginWhenTheLagIsSmall() {
    Lease observed = EAST_HOLDS.drainingTo(WEST, T0, "test").revoked(T0 + 1_000).drainObserved(T0 + 10_000, 100);
    long after = T0 + 10_000 + TIMING.drainMargin().toMillis();
    assertThat(KeeperDecision.decide(view(WEST, after - 1, observed))).isInstanceOf(KeeperAction.Wait.class);
    assertThat(KeeperDecision.decide(view(WEST, after, observed))).isInstanceOf(KeeperAction.CompleteHandover.class);
  }
}
