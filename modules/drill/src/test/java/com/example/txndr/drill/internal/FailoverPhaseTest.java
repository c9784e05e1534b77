package com.example.txndr.drill.internal;

import static com.example.txndr.drill.internal.FakeWorld.PRIMARY;
import static com.example.txndr.drill.internal.FakeWorld.PRIMARY_HC;
import static com.example.txndr.drill.internal.FakeWorld.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.lambda.lease.Lease;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover phase on its own, from a ready world: the fault it injects and the automated
 * path it times, run by the lambda module's real keepers and orchestrator in the fake world.
 */
class FailoverPhaseTest {
  @TempDir
  Path dir;

  private final FakeWorld world = new FakeWorld();
  private final Lease initial = world.lease();

  @Test
  void theFaultIsTheInvertedHealthCheckAndIsRecordedWithItsTime() {
    DrillParts parts = new DrillParts(world, dir);
    FailoverPhase failover = parts.failover();

    failover.injectFault();

    assertThat(world.inverted(PRIMARY_HC)).isTrue();
    assertThat(failover.faultInjected()).isTrue();
    assertThat(failover.injectedAt()).isEqualTo(world.now());
    assertThat(parts.phaseOutcomes()).containsExactly("fault-injection=OK");
  }

  @Test
  void theRtoRunsFromTheInjectionToTheCanaryAcknowledgedThroughTheFailoverNameByTheSecondary() throws Exception {
    DrillParts parts = new DrillParts(world, dir);
    FailoverPhase failover = parts.failover();
    failover.injectFault();

    Duration rto = failover.await(initial);

    assertThat(rto).isEqualTo(Duration.ofSeconds(105));
    assertThat(parts.record.rto()).isEqualTo(rto);
    assertThat(world.log).contains("2026-03-01T10:01:45Z canary drill-test-failover in us-west-2: 201");
  }

  @Test
  void everyMilestoneOfTheAutomatedPathIsRecordedInOrder() throws Exception {
    DrillParts parts = new DrillParts(world, dir);
    FailoverPhase failover = parts.failover();
    failover.injectFault();

    failover.await(initial);

    assertThat(parts.phaseOutcomes()).containsExactly("fault-injection=OK", "route53-unhealthy=OK", "alarm=OK",
        "handover-requested=OK", "drain-completed=OK", "primary-fenced=OK", "fault-removed=OK", "dns-failover=OK",
        "failover-canary=OK");
  }

  @Test
  void afterTheFailoverTheSecondaryHoldsTheNextEpochAndTheInversionIsGone() throws Exception {
    DrillParts parts = new DrillParts(world, dir);
    FailoverPhase failover = parts.failover();
    failover.injectFault();

    failover.await(initial);

    assertThat(world.lease().activeHolder(SECONDARY)).isTrue();
    assertThat(failover.epoch()).isEqualTo(initial.epoch() + 1);
    assertThat(parts.epochs()).containsExactly(initial.epoch(), initial.epoch() + 1, null);
    assertThat(failover.handoverSeen()).isTrue();
    assertThat(world.inverted(PRIMARY_HC)).isFalse();
  }

  @Test
  void aHandOverThatNeverComesTimesOutWithNothingForTheRestoreToHandBack() {
    world.handoverAutomation = false;
    DrillParts parts = new DrillParts(world, DrillParts.withPhaseTimeout(dir, Duration.ofMinutes(3)));
    FailoverPhase failover = parts.failover();
    failover.injectFault();

    assertThatThrownBy(() -> failover.await(initial)).isInstanceOf(PhaseFailedException.class)
        .hasMessageStartingWith("failover: timed out after 3m00.0s waiting for the orchestrator's hand-over request");
    assertThat(failover.handoverSeen()).isFalse();
    assertThat(parts.record.rto()).isNull();
    assertThatThrownBy(failover::epoch).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aHandOverTheKeepersAbortFailsThePhaseAndThePrimaryResumes() {
    world.onInversion = world::pauseReplication;
    DrillParts parts = new DrillParts(world, DrillParts.withPhaseTimeout(dir, Duration.ofMinutes(6)));
    FailoverPhase failover = parts.failover();
    failover.injectFault();

    assertThatThrownBy(() -> failover.await(initial)).isInstanceOf(PhaseFailedException.class)
        .hasMessageStartingWith("failover: drain-completed: the hand-over was aborted");
    assertThat(failover.handoverSeen()).isTrue();
    assertThat(world.lease().activeHolder(PRIMARY)).isTrue();
    assertThat(parts.phaseOutcomes()).contains("drain-completed=FAILED");
  }

  @Test
  void aFailoverNameCachedLongerHoldsTheRtoBack() throws Exception {
    world.dnsTtl = Duration.ofMinutes(5);
    FailoverPhase failover = new DrillParts(world, dir).failover();
    failover.injectFault();

    assertThat(failover.await(initial)).isEqualTo(Duration.ofSeconds(325));
  }
}
