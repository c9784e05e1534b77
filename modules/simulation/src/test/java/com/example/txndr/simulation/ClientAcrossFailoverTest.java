package com.example.txndr.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.simulation.check.Invariant;
import com.example.txndr.simulation.protocol.FinalState;
import com.example.txndr.simulation.protocol.LeaseProtocol;
import com.example.txndr.simulation.world.History;
import com.example.txndr.simulation.world.World;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's Java client ({@code modules/client}) across an unplanned failover, seed 1: us-east-1's
 * answers are lost for 0.8 s, then it is down for 150 s, and the clients keep calling the failover
 * name. Its baseline, a client that makes a new key on each retry, is in {@link CheckerCanFailTest}.
 */
class ClientAcrossFailoverTest {
  private static Run.Result run;

  @BeforeAll
  static void run() {
    run = Run.execute(Scenario.named("primary-outage-lost-answers"), new LeaseProtocol(), 1,
        (long) (Simulation.rtoModel().seconds() * 1000));
  }

  @Test
  void theClientIsServedBeforeAndAfterTheFailoverThroughTheOneName() {
    List<History.Op> ops = run.history().ops();
    assertThat(ops).anyMatch(op -> op.outcome() == History.Outcome.OK && op.region().equals(World.PRIMARY)
        && op.completedAt() < Scenario.FAULT_AT);
    assertThat(ops).anyMatch(op -> op.outcome() == History.Outcome.OK && op.region().equals(World.SECONDARY)
        && op.invokedAt() > Scenario.FAULT_AT);
    assertThat(ops).noneMatch(op -> op.outcome() == History.Outcome.UNKNOWN);
    assertThat(run.check().violations().get(Invariant.LIVENESS)).isEmpty();
  }

  @Test
  void oneKeyCommitsExactlyOnceAcrossAFailover() {
    Map<Integer, List<History.Attempt>> attempts = run.history().attempts().stream()
        .collect(Collectors.groupingBy(History.Attempt::op));
    List<History.Op> acrossRegions = run.history().ops().stream()
        .filter(op -> op.outcome() == History.Outcome.OK)
        .filter(op -> attempts.get(op.id()).stream().map(History.Attempt::region).distinct().count() == 2)
        .toList();
    assertThat(acrossRegions).as("requests retried from one region into the other").isNotEmpty();
    for (History.Op op : acrossRegions) {
      assertThat(attempts.get(op.id())).extracting(History.Attempt::key).containsOnly(op.key());
      assertThat(applied(run.state(), op)).as("transactions of request %s (key %s)", op.id(), op.key())
          .isEqualTo(1);
    }
    assertThat(run.check().violations().get(Invariant.NOTHING_DOUBLED)).isEmpty();
    assertThat(run.check().violations().values()).allMatch(List::isEmpty);
  }

  @Test
  void theFunctionKnowsEachClientByItsTokensIssuerAndSubject() {
    Set<String> callers = run.state().ledger().stream().filter(e -> e.kind().equals("CLIENT"))
        .map(FinalState.Entry::caller).collect(Collectors.toSet());
    assertThat(callers).containsExactlyInAnyOrder("jwt:https://idp.example|client-0", "jwt:https://idp.example|client-1",
        "jwt:https://idp.example|client-2", "jwt:https://idp.example|client-3");
  }

  /** The request's transactions in the final ledger that stand (not compensated). */
  private static long applied(FinalState state, History.Op op) {
    return state.ledger().stream()
        .filter(e -> e.caller().equals(op.caller()) && e.key().equals(op.key()))
        .filter(e -> !state.compensated().contains(e.transactionId()))
        .count();
  }
}
