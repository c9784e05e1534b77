package com.example.txndr.drill.internal;

import static com.example.txndr.drill.internal.FakeWorld.PRIMARY;
import static com.example.txndr.drill.internal.FakeWorld.PRIMARY_HC;
import static com.example.txndr.drill.internal.FakeWorld.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drill's preflight on its own: every check against the fake world, which it only reads. */
class ReadinessTest {
  @TempDir
  Path dir;

  private final FakeWorld world = new FakeWorld();

  private Readiness.Verdict check() {
    return new DrillParts(world, dir).readiness().check();
  }

  @Test
  void aReadySystemHasNoProblemAndTheLeaseThePrimaryHolds() {
    Readiness.Verdict verdict = check();

    assertThat(verdict.ready()).isTrue();
    assertThat(verdict.lease()).isEqualTo(world.lease());
    assertThat(verdict.lease().activeHolder(PRIMARY)).isTrue();
  }

  @Test
  void theChecksChangeNothing() {
    world.log.clear();

    check();

    assertThat(world.log).allMatch(line -> line.startsWith("describe ") || line.contains(" route53 "));
  }

  @Test
  void everyCheckIsPrintedWithItsResult() {
    DrillParts parts = new DrillParts(world, dir);
    world.setAlarm("ALARM");

    parts.readiness().check();

    assertThat(parts.output()).contains("preflight: us-east-1 API /health: ok",
        "preflight: write permission of us-west-2: ok",
        "preflight: alarm txn-dr-prod-primary-region-unhealthy: PROBLEM: is in ALARM already");
  }

  @Test
  void aProblemDoesNotStopTheOtherChecks() {
    world.setInvertedNow(PRIMARY_HC, true);
    world.setAlarm("ALARM");

    Readiness.Verdict verdict = check();

    assertThat(verdict.problems()).containsExactly(
        "us-east-1 Route 53 health check: hc-primary is inverted (a drill that did not restore?): run"
            + " update-health-check --health-check-id hc-primary --no-inverted first",
        "alarm txn-dr-prod-primary-region-unhealthy: is in ALARM already: the hand-over acts only on a change to"
            + " ALARM");
  }

  @Test
  void aSecondaryHoldingTheLeaseIsRefusedAndNoLeaseIsGiven() {
    new DrillParts(world, dir).lease.operations(PRIMARY).handover(SECONDARY, "earlier switch");
    world.advance(Duration.ofSeconds(30));

    Readiness.Verdict verdict = check();

    assertThat(verdict.lease()).isNull();
    assertThat(verdict.problems()).anyMatch(p -> p.startsWith("lease: us-east-1 does not hold it: us-west-2 holds"
        + " epoch 2 until"));
  }

  @Test
  void aStoppedKeeperIsRefusedBecauseTheHandOverNeedsBoth() {
    world.stopKeeper(SECONDARY);
    world.advance(Duration.ofSeconds(30));

    // The secondary's /health says so too: without its keeper it could not take over.
    assertThat(check().problems()).containsExactly("us-west-2 API /health: answered 503 from us-west-2 (this region's"
        + " lease keeper has not written a heartbeat for over 20 s: it could not take over)", "keeper of us-west-2 in the arbiter: heartbeat 33.0s old (epoch"
        + " 1), STALE: the hand-over needs both keepers");
  }

  @Test
  void replicationSlowerThanTheThresholdIsRefused() {
    world.replicationLatencyMillis = 90_000;

    assertThat(check().problems()).containsExactly("replication us-east-1 to us-west-2: DynamoDB ReplicationLatency"
        + " 1m30.0s at 2026-03-01T10:00:00Z, above 1m00.0s");
  }

  @Test
  void aPrimaryHeartbeatThatHasNotReplicatedIsRefused() {
    world.pauseReplication();
    world.advance(Duration.ofSeconds(70));

    assertThat(check().problems()).anyMatch(p -> p.startsWith("replication us-east-1 to us-west-2: the heartbeat of"
        + " us-east-1 in us-west-2's replica is 1m10.0s old, above 1m00.0s"));
  }

  @Test
  void aRegionThatDoesNotAnswerIsAProblemThatCouldNotBeChecked() {
    world.unreachable(SECONDARY);

    assertThat(check().problems()).first().asString().isEqualTo("us-west-2 API /health: could not check: Unable to"
        + " execute HTTP request: connect timed out (us-west-2)");
  }

  @Test
  void theThresholdIsTheSettingsOne() {
    world.replicationLatencyMillis = 90_000;
    DrillSettings defaults = DrillSettings.defaults(dir);
    DrillSettings lenient = new DrillSettings(defaults.phaseTimeout(), defaults.poll(), defaults.rpoPoll(),
        Duration.ofMinutes(2), dir, defaults.restoreTimeout());

    assertThat(new DrillParts(world, lenient).readiness().check().ready()).isTrue();
  }
}
