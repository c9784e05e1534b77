package com.example.txndr.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.simulation.check.Invariant;
import com.example.txndr.simulation.protocol.BaselineProtocol;
import com.example.txndr.simulation.protocol.LeaseProtocol;
import com.example.txndr.simulation.protocol.Protocol;
import com.example.txndr.simulation.world.KeyPerAttempt;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Proof that the checker can fail: for each invariant, a protocol that breaks it, in a scenario
 * where the reviews said it would, with seed 1. The baseline is the fencing the project shipped
 * before the lease; the second mutant is the lease protocol without its reconciliation.
 */
class CheckerCanFailTest {
  private static final Map<String, Map<Invariant, List<com.example.txndr.simulation.check.Violation>>> RUNS =
      new ConcurrentHashMap<>();

  private static Map<Invariant, List<com.example.txndr.simulation.check.Violation>> run(String scenario,
      Supplier<Protocol> protocol) {
    return run(scenario, protocol, false);
  }

  private static Map<Invariant, List<com.example.txndr.simulation.check.Violation>> run(String scenario,
      Supplier<Protocol> protocol, boolean keyPerAttempt) {
    Protocol p = protocol.get();
    return RUNS.computeIfAbsent(scenario + "|" + p.name() + "|" + keyPerAttempt, k ->
        Run.execute(Scenario.named(scenario), p, 1, (long) (Simulation.rtoModel().seconds() * 1000),
            keyPerAttempt ? KeyPerAttempt::new : UnaryOperator.identity()).check().violations());
  }

  @Test
  void baselineHasItemsWrittenByBothRegionsInAPartition() {
    assertThat(run("partition", BaselineProtocol::new).get(Invariant.ONE_WRITER)).isNotEmpty();
  }

  @Test
  void baselineLosesAcknowledgedTransactionsWhenAHandOverMeetsReplicationLag() {
    assertThat(run("lag-spike-handover", BaselineProtocol::new).get(Invariant.NOTHING_LOST)).isNotEmpty();
  }

  @Test
  void baselineBalancesStopMatchingTheirTransactionsWhenAHandOverMeetsReplicationLag() {
    assertThat(run("lag-spike-handover", BaselineProtocol::new).get(Invariant.CONSERVATION)).isNotEmpty();
  }

  @Test
  void baselineStartsWritingBeforeItHasThePrimarysWritesAfterAPlannedSwitch() {
    assertThat(run("lag-spike-handover", BaselineProtocol::new).get(Invariant.PLANNED_RPO_ZERO)).isNotEmpty();
  }

  @Test
  void baselineFailbackUnderABacklogLosesTransactions() {
    assertThat(run("failback-with-backlog", BaselineProtocol::new).get(Invariant.NOTHING_LOST)).isNotEmpty();
  }

  @Test
  void baselineHandOverUnderLoadNeverCompletes() {
    assertThat(run("handover-under-load", BaselineProtocol::new).get(Invariant.LIVENESS)).isNotEmpty();
  }

  @Test
  void withoutReconciliationAKeyRetriedAcrossAnOutageIsAppliedTwice() {
    assertThat(run("primary-outage-lost-answers", () -> new LeaseProtocol(false)).get(Invariant.NOTHING_DOUBLED))
        .isNotEmpty();
  }

  @Test
  void aClientThatMakesANewKeyOnEachRetryIsAppliedTwiceAcrossAnOutage() {
    assertThat(run("primary-outage-lost-answers", LeaseProtocol::new, true).get(Invariant.NOTHING_DOUBLED))
        .isNotEmpty().anySatisfy(v -> assertThat(v.counterexample()).contains("keys"));
  }

  @Test
  void theShippedProtocolBreaksNothingInTheSameRuns() {
    assertThat(run("primary-outage-lost-answers", LeaseProtocol::new).values()).allMatch(List::isEmpty);
    assertThat(run("lag-spike-handover", LeaseProtocol::new).values()).allMatch(List::isEmpty);
  }
}
