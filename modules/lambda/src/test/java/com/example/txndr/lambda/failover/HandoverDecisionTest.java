package com.example.txndr.lambda.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.lease.Heartbeat;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseTiming;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The alarm hand-over's decisions on values alone: no arbiter, no CloudWatch, no moto. */
class HandoverDecisionTest {
  private static final String SELF = "us-east-1";
  private static final String PEER = "us-west-2";
  private static final String COMPOSITE = "txn-dr-prod-primary-region-unhealthy";
  private static final LeaseTiming TIMING = LeaseTiming.defaults(Duration.ofSeconds(5));
  private static final long NOW = 1_000_000_000L;
  private static final String WHY = "alarm " + COMPOSITE + " is ALARM";
  private static final AlarmCorroboration.Verdict BREACHING =
      new AlarmCorroboration.Verdict(true, List.of("txn-dr-prod-health-check"), List.of());
  private static final AlarmCorroboration.Verdict QUIET =
      new AlarmCorroboration.Verdict(false, List.of(), List.of("txn-dr-prod-health-check: 0 of 2 datapoints breach"));

  private final HandoverDecision decision = new HandoverDecision(SELF, PEER, COMPOSITE, TIMING);
  private final Lease held = Lease.initial(SELF, NOW - 10_000, TIMING);

  private static Map<String, Object> event(String type, String alarm, String state) {
    return Map.of("detail-type", type, "detail", Map.of("alarmName", alarm, "state", Map.of("value", state)));
  }

  @Test
  void onlyTheCompositeEnteringAlarmProceeds() {
    assertThat(decision.onEvent(Map.of("detail-type", "Scheduled Event")))
        .isInstanceOfSatisfying(HandoverDecision.Ignore.class, i -> assertThat(i.detail()).contains("dr-drill"));
    assertThat(decision.onEvent(event("CloudWatch Alarm State Change", COMPOSITE, "OK")))
        .isEqualTo(new HandoverDecision.Ignore("alarm " + COMPOSITE + " is OK"));
    assertThat(decision.onEvent(event("CloudWatch Alarm State Change", "other-alarm", "ALARM")))
        .isInstanceOfSatisfying(HandoverDecision.Ignore.class, i -> assertThat(i.detail()).contains("not " + COMPOSITE));
    assertThat(decision.onEvent(event("CloudWatch Alarm State Change", COMPOSITE, "ALARM")))
        .isEqualTo(new HandoverDecision.Proceed(WHY));
  }

  @Test
  void aRegionThatDoesNotHoldTheLeaseHasNothingToHandOverAndReadsNothingMore() {
    Lease theirs = Lease.initial(PEER, NOW - 10_000, TIMING);
    assertThat(decision.next(WHY, HandoverDecision.View.of(theirs, NOW)))
        .isInstanceOfSatisfying(HandoverDecision.Stop.class, s -> assertThat(s.outcome()).isEqualTo("ALREADY_STANDBY"));
    Lease draining = held.drainingTo(PEER, NOW - 1_000, "earlier alarm");
    assertThat(decision.next(WHY, HandoverDecision.View.of(draining, NOW)))
        .isInstanceOfSatisfying(HandoverDecision.Stop.class,
            s -> assertThat(s.outcome()).isEqualTo("HANDOVER_IN_PROGRESS"));
  }

  @Test
  void theHolderCorroboratesFirstAndRefusesAnAlarmWhoseDataDoNotBreach() {
    HandoverDecision.View view = HandoverDecision.View.of(held, NOW);
    assertThat(decision.next(WHY, view)).isInstanceOf(HandoverDecision.Corroborate.class);

    HandoverDecision.Action refused = decision.next(WHY, view.withVerdict(QUIET));

    assertThat(refused).isInstanceOfSatisfying(HandoverDecision.Stop.class, s -> {
      assertThat(s.outcome()).isEqualTo(FailoverOrchestratorHandler.NOT_CORROBORATED);
      assertThat(s.findings()).isEqualTo(QUIET.findings());
      assertThat(s.detail()).contains("0 of 2 datapoints breach");
    });
  }

  @Test
  void noHandOverToAPeerWhoseKeeperIsSilentOrStale() {
    HandoverDecision.View corroborated = HandoverDecision.View.of(held, NOW).withVerdict(BREACHING);
    assertThat(decision.next(WHY, corroborated)).isInstanceOf(HandoverDecision.CheckPeer.class);

    assertThat(decision.next(WHY, corroborated.withPeerHeartbeat(Optional.empty(), NOW)))
        .isInstanceOfSatisfying(HandoverDecision.Stop.class, s -> assertThat(s.outcome()).isEqualTo("PEER_NOT_READY"));
    long stale = NOW - TIMING.heartbeatStaleAfter().toMillis() - 1;
    assertThat(decision.next(WHY, corroborated.withPeerHeartbeat(Optional.of(new Heartbeat(PEER, stale, 1, false, 0)),
        NOW))).isInstanceOfSatisfying(HandoverDecision.Stop.class,
            s -> assertThat(s.outcome()).isEqualTo("PEER_NOT_READY"));
  }

  @Test
  void aCorroboratedAlarmWithALivePeerDrainsTheLeaseToThePeer() {
    long fresh = NOW - TIMING.heartbeatStaleAfter().toMillis();
    HandoverDecision.View ready = HandoverDecision.View.of(held, NOW).withVerdict(BREACHING)
        .withPeerHeartbeat(Optional.of(new Heartbeat(PEER, fresh, 1, false, 0)), NOW);

    HandoverDecision.Action action = decision.next(WHY, ready);

    String reason = WHY + " (corroborated by the metric data of txn-dr-prod-health-check)";
    assertThat(action).isEqualTo(new HandoverDecision.Drain(held, held.drainingTo(PEER, NOW, reason), reason
        + "; the keepers complete the hand-over to " + PEER + " once this region's last writes have replicated"));
    assertThat(((HandoverDecision.Drain) action).next().draining()).isTrue();
  }
}
