package com.example.txndr.lambda.regions;

import static com.example.txndr.lambda.regions.Regions.EAST;
import static com.example.txndr.lambda.regions.Regions.WEST;
import static com.example.txndr.lambda.regions.Regions.deposit;
import static com.example.txndr.lambda.regions.Regions.errorCode;
import static com.example.txndr.lambda.regions.Regions.json;
import static com.example.txndr.lambda.regions.Regions.withdrawal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.keeper.LeaseKeeper;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseOperations;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.reconcile.Finding;
import com.example.txndr.lambda.reconcile.Reconciler;
import com.example.txndr.lambda.reconcile.ReconcilerHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lease protocol across two regions whose replicas do not replicate unless a test lets them
 * (docs/adr/0007): the specification of who may write, when, and what a failover leaves behind.
 * Runs in memory; {@code TwoRegionsIntegrationTest} runs the same tests against moto_server.
 */
class TwoRegionsTest {
  Regions regions;
  LeaseTiming timing;

  Regions create() {
    return Regions.inMemory();
  }

  @BeforeEach
  void start() {
    regions = create();
    timing = regions.config(EAST).leaseTiming();
    regions.start();
  }

  /** The primary goes silent (down, or cut off): the standby's keeper ticks until it took over. */
  private void primaryFailsAndStandbyTakesOver() {
    for (int i = 0; i < 10 && !regions.lease().activeHolder(WEST); i++) {
      regions.wait(timing.renewEvery());
      regions.keeper(WEST).tick();
    }
    assertThat(regions.lease().activeHolder(WEST)).as("the standby took over").isTrue();
  }

  /**
   * The replication heartbeat (deploy review D10): the age each keeper reports for its peer's
   * heartbeat is the replication delay plus at most a tick, and grows without bound while
   * nothing replicates from the peer, though both keepers keep ticking.
   */
  @Test
  void peerHeartbeatAgeIsTheReplicationDelayAndGrowsWhileReplicationStalls() {
    regions.tick();
    regions.replicateAll();
    assertThat(regions.keeper(WEST).tick().peerHeartbeatAgeMillis()).hasValue(0L);

    for (int i = 0; i < 24; i++) {
      regions.wait(timing.renewEvery());
      regions.tick();
    }
    long stalled = regions.keeper(WEST).tick().peerHeartbeatAgeMillis().orElseThrow();
    assertThat(stalled).isEqualTo(timing.renewEvery().multipliedBy(24).toMillis());

    regions.tick(WEST);
    regions.replicateAll();
    assertThat(regions.keeper(WEST).tick().peerHeartbeatAgeMillis()).hasValue(0L);
  }

  @Test
  void primaryCreatesTheFirstLeaseAndWritesUnderEpochOne() {
    ApiResponse response = regions.post(EAST, "k1", deposit("alice", "100.00"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(json(response)).containsEntry("region", EAST).extractingByKey("epoch").hasToString("1");
    assertThat(regions.lease()).extracting(Lease::holder, Lease::epoch).containsExactly(EAST, 1L);
  }

  @Test
  void standbyRefusesWritesWhileThePrimaryHoldsTheLease() {
    ApiResponse response = regions.post(WEST, "k1", deposit("alice", "100.00"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(errorCode(response)).isEqualTo("NOT_ACTIVE_REGION");
    assertThat(response.header("Retry-After")).isEqualTo("5");
  }

  @Test
  void standbyReplaysARequestThePrimaryCommittedOnceItReplicated() {
    ApiResponse first = regions.post(EAST, "k1", deposit("alice", "100.00"));
    regions.replicateAll();

    ApiResponse replay = regions.post(WEST, "k1", deposit("alice", "100.00"));
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.body()).isEqualTo(first.body());
  }

  @Test
  void primaryStopsWritingBeforeItsLeaseExpiresWithoutHearingOfAnyTakeover() {
    Lease lease = regions.lease();
    long stopAt = lease.expiresAtMillis() - timing.writeMargin().toMillis();
    regions.wait(Duration.ofMillis(stopAt - regions.clock.millis() - 1));
    assertThat(regions.post(EAST, "k1", deposit("alice", "1.00")).status()).isEqualTo(201);

    regions.wait(Duration.ofMillis(1_100));
    ApiResponse late = regions.post(EAST, "k2", deposit("alice", "1.00"));
    assertThat(late.status()).isEqualTo(503);
    assertThat(errorCode(late)).isEqualTo("NOT_ACTIVE_REGION");
  }

  @Test
  void standbyDoesNotTakeOverWhileTheLeaseIsValid() {
    for (int i = 0; i < 5; i++) {
      regions.wait(timing.renewEvery());
      regions.keeper(WEST).tick();
    }

    assertThat(regions.lease().holder()).isEqualTo(EAST);
  }

  @Test
  void standbyTakesOverAfterTheLeaseExpiredAndThePrimarysHeartbeatWentStale() {
    long expiry = regions.lease().expiresAtMillis();
    primaryFailsAndStandbyTakesOver();

    assertThat(regions.clock.millis()).isGreaterThan(expiry + timing.maxClockError().toMillis());
    ApiResponse response = regions.post(WEST, "k1", deposit("alice", "5.00"));
    assertThat(response.status()).isEqualTo(201);
    assertThat(json(response)).containsEntry("region", WEST).extractingByKey("epoch").hasToString("2");
  }

  @Test
  void theReconciliationLogLineNamesTheFindingButNotTheAccountOrItsAmount() throws Exception {
    regions.post(EAST, "k1", deposit("alice", "100.00"));
    regions.replicateAll();
    assertThat(regions.post(EAST, "k2", withdrawal("alice", "80.00")).status()).isEqualTo(201);
    primaryFailsAndStandbyTakesOver();
    assertThat(regions.post(WEST, "k3", withdrawal("alice", "80.00")).status()).isEqualTo(201);
    regions.replicateAll();
    ReconcilerHandler handler = new ReconcilerHandler(regions.reconciler(WEST), regions.config(WEST),
        regions.platform(WEST), line -> { });
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream standardOutput = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      handler.handleRequest(new ByteArrayInputStream(new byte[0]), output, null);
    } finally {
      System.setOut(standardOutput);
    }

    assertThat(output.toString(StandardCharsets.UTF_8)).contains("alice", "60.00");
    String logged = printed.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("\"message\":\"reconciliation\"", "OVERDRAWN_COVERED")
        .doesNotContain("alice").doesNotContain("60.00");
  }

  @Test
  void writesOfBothEpochsMergeAndAnOverdraftIsCoveredFromTheSuspenseAccount() {
    regions.post(EAST, "k1", deposit("alice", "100.00"));
    regions.replicateAll();
    // The primary pays out 80.00 and fails before the write replicates.
    assertThat(regions.post(EAST, "k2", withdrawal("alice", "80.00")).status()).isEqualTo(201);
    primaryFailsAndStandbyTakesOver();
    // The standby, which never saw that payment, pays out 80.00 too: both were funded by what each region saw.
    assertThat(regions.post(WEST, "k3", withdrawal("alice", "80.00")).status()).isEqualTo(201);

    regions.replicateAll();
    assertThat(regions.balance(WEST, "alice")).isEqualByComparingTo("-60.00");
    assertThat(regions.balance(EAST, "alice")).isEqualByComparingTo("-60.00");

    Reconciler.Report report = regions.reconciler(WEST).run();
    assertThat(report.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.OVERDRAWN_COVERED);
    assertThat(regions.balance(WEST, "alice")).isEqualByComparingTo("0.00");
    assertThat(regions.balance(WEST, Reconciler.DEFAULT_SUSPENSE_ACCOUNT)).isEqualByComparingTo("-60.00");
  }

  @Test
  void keyAppliedInBothRegionsAcrossATakeoverIsReversedOnceByReconciliation() {
    regions.post(EAST, "k0", deposit("bob", "50.00"));
    regions.replicateAll();
    // Committed in the primary, whose answer is lost and whose write does not replicate before it fails.
    regions.post(EAST, "k1", withdrawal("bob", "20.00"));
    primaryFailsAndStandbyTakesOver();
    // The client retries the same key in the standby, which has no record of it.
    ApiResponse retried = regions.post(WEST, "k1", withdrawal("bob", "20.00"));
    assertThat(retried.status()).isEqualTo(201);
    assertThat(retried.header("Idempotent-Replayed")).isNull();

    regions.replicateAll();
    assertThat(regions.balance(WEST, "bob")).isEqualByComparingTo("10.00");
    Reconciler.Report first = regions.reconciler(WEST).run();
    assertThat(first.findings()).extracting(Finding::kind).containsExactly(Finding.Kind.DUPLICATE_REVERSED);
    assertThat(regions.balance(WEST, "bob")).isEqualByComparingTo("30.00");

    regions.reconciler(WEST).run();
    assertThat(regions.balance(WEST, "bob")).as("a second run changes nothing").isEqualByComparingTo("30.00");
  }

  @Test
  void plannedHandOverWaitsForThePrimarysLastWritesThenLosesNothing() {
    regions.post(EAST, "k1", deposit("carol", "10.00"));
    LeaseOperations.Outcome requested = regions.operations(EAST).handover(WEST, "planned");
    assertThat(requested.outcome()).isEqualTo("REQUESTED");

    regions.keeper(EAST).tick();
    assertThat(regions.post(EAST, "k2", deposit("carol", "1.00")).status()).as("revoked: no region writes")
        .isEqualTo(503);
    // Everything but the drain markers replicates: the standby keeps waiting.
    regions.replicate(EAST, WEST, item -> !item.get("pk").s().startsWith("DRAIN#"));
    for (int i = 0; i < 3; i++) {
      regions.wait(timing.renewEvery());
      regions.keeper(WEST).tick();
    }
    assertThat(regions.lease().draining()).isTrue();
    assertThat(regions.post(WEST, "k3", deposit("carol", "1.00")).status()).isEqualTo(503);

    regions.replicateAll();
    LeaseKeeper.Step observed = regions.keeper(WEST).tick();
    assertThat(observed.action()).isEqualTo("OBSERVE_DRAIN");
    // The markers were held back 15 s: the margin is half that lag, above the 5 s minimum.
    long lag = regions.lease().drain().lagMillis();
    assertThat(lag).isGreaterThanOrEqualTo(15_000);
    regions.wait(Duration.ofMillis(lag / 2 - 1));
    assertThat(regions.keeper(WEST).tick().action()).isEqualTo("WAIT");
    regions.wait(Duration.ofMillis(1));
    assertThat(regions.keeper(WEST).tick().action()).isEqualTo("COMPLETE_HANDOVER");

    ApiResponse after = regions.post(WEST, "k4", deposit("carol", "1.00"));
    assertThat(json(after)).containsEntry("region", WEST).extractingByKey("epoch").hasToString("2");
    assertThat(regions.balance(WEST, "carol")).isEqualByComparingTo("11.00");
  }

  @Test
  void promotionByAnOperatorIsRefusedWhileTheLeaseIsValid() {
    LeaseOperations.Outcome outcome = regions.operations(WEST).promote(WEST, java.util.Optional.empty(), true, "test");

    assertThat(outcome.outcome()).isEqualTo("REFUSED");
    assertThat(regions.lease().holder()).isEqualTo(EAST);
  }

  @Test
  void demotedPrimaryIsUnhealthyWhileTheStandbyThatTookOverIsHealthy() {
    assertThat(regions.get(EAST, "/health").status()).isEqualTo(200);
    assertThat(regions.get(WEST, "/health").status()).as("a ready standby is healthy").isEqualTo(200);
    primaryFailsAndStandbyTakesOver();
    regions.replicateAll();
    regions.tick();

    assertThat(regions.get(EAST, "/health").status()).isEqualTo(503);
    assertThat(regions.get(WEST, "/health").status()).isEqualTo(200);
  }

  private Map<String, Object> alarmEvent() {
    return Map.of("detail-type", "CloudWatch Alarm State Change",
        "detail", Map.of("alarmName", regions.alarms.compositeName(), "state", Map.of("value", "ALARM")));
  }

  @Test
  void alarmHandsOverOnlyFromTheHolderToAReadyStandby() {
    regions.alarms.primaryUnhealthy(3);
    assertThat(regions.orchestrator(WEST).handle(alarmEvent())).containsEntry("outcome", "ALREADY_STANDBY");
    assertThat(regions.orchestrator(EAST).handle(alarmEvent())).containsEntry("outcome", "HANDOVER_REQUESTED");
    assertThat(regions.lease().draining()).isTrue();
  }

  @Test
  void anAlarmSetByHandWhileItsMetricsAreHealthyHandsNothingOver() {
    regions.alarms.alarmSetByHand();

    Map<String, Object> result = regions.orchestrator(EAST).handle(alarmEvent());

    assertThat(result).containsEntry("outcome", "NOT_CORROBORATED");
    assertThat(String.valueOf(result.get("detail"))).contains("txn-dr-test-primary-health-check: metric data do not"
        + " breach: 0 of the newest 2 datapoint(s) breach");
    assertThat(regions.lease().draining()).isFalse();
    assertThat(regions.lease().holder()).isEqualTo(EAST);
  }

  @Test
  void anUncorroboratedAlarmFailsTheInvocationSoThatItIsRetriedAndPages() {
    regions.alarms.alarmSetByHand();
    byte[] event = com.example.txndr.lambda.internal.Json.write(alarmEvent()).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> regions.orchestrator(EAST).handleRequest(new java.io.ByteArrayInputStream(event),
        new java.io.ByteArrayOutputStream(), null)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no child alarm's metric data breach");
    assertThat(regions.lease().draining()).isFalse();
  }

  @Test
  void anotherAlarmsEventHandsNothingOver() {
    regions.alarms.primaryUnhealthy(3);
    Map<String, Object> other = Map.of("detail-type", "CloudWatch Alarm State Change",
        "detail", Map.of("alarmName", "txn-dr-test-processor-errors", "state", Map.of("value", "ALARM")));

    assertThat(regions.orchestrator(EAST).handle(other)).containsEntry("outcome", "IGNORED");
    assertThat(regions.lease().draining()).isFalse();
  }

  @Test
  void orchestratorTakesNoActionFromAnInvokersPayload() {
    assertThat(regions.orchestrator(WEST).handle(Map.of("action", "promote"))).containsEntry("outcome", "IGNORED");
    assertThat(regions.lease().holder()).isEqualTo(EAST);
  }

  @Test
  void declineIsRecordedUnderItsKeySoThatALateDuplicateDoesNotPay() {
    ApiResponse declined = regions.post(EAST, "k1", withdrawal("dave", "30.00"));
    assertThat(declined.status()).isEqualTo(422);
    regions.post(EAST, "k2", deposit("dave", "100.00"));

    ApiResponse late = regions.post(EAST, "k1", withdrawal("dave", "30.00"));
    assertThat(late.status()).isEqualTo(422);
    assertThat(late.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(regions.balance(EAST, "dave")).isEqualByComparingTo("100.00");
  }

  @Test
  void theCanaryDepositsTheFixedAmountIntoTheRegionsCanaryAccountAndRecordsItsCaller() {
    var operator = new com.example.txndr.lambda.domain.Caller(
        "iam:arn:aws:sts::111122223333:assumed-role/txn-dr-test-dr-operator/alice");

    ApiResponse first = regions.canary(EAST, "c1", null, operator);
    ApiResponse again = regions.canary(EAST, "c1", "{}", operator);

    assertThat(first.status()).isEqualTo(201);
    assertThat(json(first)).containsEntry("type", "DEPOSIT").containsEntry("destinationAccount", "canary-us-east-1")
        .containsEntry("amount", "0.01").containsEntry("currency", "USD");
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(regions.balance(EAST, "canary-us-east-1")).isEqualByComparingTo("0.01");
    assertThat(regions.callerOf(EAST, String.valueOf(json(first).get("transactionId"))))
        .isEqualTo(operator.id());
  }

  @Test
  void equalKeysOfTwoCallersAreDifferentKeys() {
    var a = new com.example.txndr.lambda.domain.Caller("iam:arn:aws:iam::111122223333:role/a");
    var b = new com.example.txndr.lambda.domain.Caller("iam:arn:aws:iam::111122223333:role/b");

    assertThat(regions.post(EAST, "1", deposit("erin", "1.00"), a).status()).isEqualTo(201);
    ApiResponse other = regions.post(EAST, "1", deposit("erin", "2.00"), b);
    assertThat(other.status()).isEqualTo(201);
    assertThat(other.header("Idempotent-Replayed")).isNull();
    assertThat(regions.balance(EAST, "erin")).isEqualByComparingTo(new BigDecimal("3.00"));
  }
}
