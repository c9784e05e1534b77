package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RPO probe on its own: a canary committed in the primary, timed until the secondary reads it. */
class RpoProbeTest {
  @TempDir
  Path dir;

  private final FakeWorld world = new FakeWorld();

  @Test
  void theRpoIsTheReplicationLagToTheResolutionOfThePolling() throws Exception {
    // Replication takes 0.8 s; the secondary is read every 0.5 s: the canary is seen at +1.0 s.
    DrillParts parts = new DrillParts(world, dir);

    Duration rpo = parts.rpoProbe().measure();

    assertThat(rpo).isEqualTo(Duration.ofSeconds(1));
    assertThat(parts.record.rpo()).isEqualTo(rpo);
    assertThat(parts.phaseOutcomes()).containsExactly("rpo-canary-commit=OK", "rpo-canary-replicated=OK");
  }

  @Test
  void slowerReplicationIsMeasuredAsALargerRpo() throws Exception {
    world.replicationDelay = Duration.ofMillis(2_300);

    assertThat(new DrillParts(world, dir).rpoProbe().measure()).isEqualTo(Duration.ofMillis(2_500));
  }

  @Test
  void theCanaryIsADepositIntoThePrimarysCanaryAccountOnly() throws Exception {
    world.log.clear();

    new DrillParts(world, dir).rpoProbe().measure();

    assertThat(world.log).filteredOn(l -> l.contains(" canary ")).containsExactly(
        "2026-03-01T10:00:00Z canary drill-test-rpo in us-east-1: 201");
  }

  @Test
  void aCanaryThatNeverReplicatesTimesOutWithoutAnRpo() {
    world.pauseReplication();
    DrillParts parts = new DrillParts(world, DrillParts.withPhaseTimeout(dir, Duration.ofSeconds(30)));

    assertThatThrownBy(() -> parts.rpoProbe().measure()).isInstanceOf(PhaseFailedException.class)
        .hasMessageStartingWith("rpo-probe: timed out after 30.0s waiting for the canary to be readable in us-west-2");
    assertThat(parts.record.rpo()).isNull();
    assertThat(parts.phaseOutcomes()).containsExactly("rpo-canary-commit=OK", "rpo-canary-replicated=TIMED_OUT");
  }
}
