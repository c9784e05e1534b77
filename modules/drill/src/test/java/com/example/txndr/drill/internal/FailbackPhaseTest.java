package com.example.txndr.drill.internal;

import static com.example.txndr.drill.internal.FakeWorld.PRIMARY;
import static com.example.txndr.drill.internal.FakeWorld.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failback phase on its own, from a world in which the secondary holds the lease after a
 * hand-over: the hand-over back to the primary and the checks that the primary serves again.
 */
class FailbackPhaseTest {
  @TempDir
  Path dir;

  private final FakeWorld world = new FakeWorld();
  private long initial;
  private long failedOver;

  @BeforeEach
  void secondaryHoldsTheLease() {
    initial = world.lease().epoch();
    new DrillParts(world, dir).lease.operations(PRIMARY).handover(SECONDARY, "drill test: failover");
    world.advance(Duration.ofSeconds(30));
    assertThat(world.lease().activeHolder(SECONDARY)).isTrue();
    failedOver = world.lease().epoch();
  }

  @Test
  void theLeaseComesBackToThePrimaryUnderTheNextEpoch() throws Exception {
    DrillParts parts = new DrillParts(world, dir);

    parts.failback().run(initial, failedOver);

    assertThat(world.lease().activeHolder(PRIMARY)).isTrue();
    assertThat(world.lease().epoch()).isEqualTo(failedOver + 1);
    assertThat(parts.epochs()).containsExactly(initial, failedOver, failedOver + 1);
  }

  @Test
  void itEndsWithACanaryAcknowledgedThroughTheFailoverNameByThePrimary() throws Exception {
    DrillParts parts = new DrillParts(world, dir);

    parts.failback().run(initial, failedOver);

    assertThat(parts.phaseOutcomes()).containsExactly("failback-handover=OK", "failback-completed=OK",
        "primary-api-healthy=OK", "route53-healthy=OK", "dns-failback=OK", "failback-canary=OK");
    assertThat(world.log).anyMatch(l -> l.endsWith(" canary drill-test-failback in us-east-1: 201"));
  }

  @Test
  void aHandOverBackThatTheKeepersAbortFailsThePhaseAndTheSecondaryResumes() {
    world.pauseReplication();
    DrillParts parts = new DrillParts(world, DrillParts.withPhaseTimeout(dir, Duration.ofMinutes(6)));

    assertThatThrownBy(() -> parts.failback().run(initial, failedOver)).isInstanceOf(PhaseFailedException.class)
        .hasMessageStartingWith("failback: failback-completed: the hand-over was aborted");
    assertThat(world.lease().activeHolder(SECONDARY)).isTrue();
  }
}
