package com.example.txndr.simulation.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.simulation.protocol.FinalState;
import com.example.txndr.simulation.world.History;
import com.example.txndr.simulation.world.WriteLog;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checker on hand-made histories: each invariant found broken where it is, and only there. */
class CheckerTest {
  private static final String E = "us-east-1";
  private static final String W = "us-west-2";
  private static final Expectations NONE = new Expectations("t", E, W, -1, 100_000, List.of(), null);

  private final History history = new History();
  private final List<FinalState.Entry> ledger = new ArrayList<>();

  private static FinalState.Entry deposit(String id, String account, String amount, String key, long epoch,
      String region) {
    return new FinalState.Entry(id, "DEPOSIT", null, account, new BigDecimal(amount), "c", key, epoch, region,
        "CLIENT", null);
  }

  private void ack(int op, String id, String key, String region, long epoch, long at) {
    history.op(new History.Op(op, "client", "c", key, "DEPOSIT", null, "a", new BigDecimal("10.00"), at - 50, at,
        History.Outcome.OK, 201, id, region, epoch, false, 1));
    history.attempt(new History.Attempt(op, at, region, 201, null, key));
  }

  private Checker.Result check(Map<String, BigDecimal> balances, Expectations expect) {
    return Checker.check(history, new WriteLog(), new FinalState(ledger, balances, Set.of(), Set.of(), Set.of(), true),
        expect);
  }

  @Test
  void consistentRunBreaksNothing() {
    ledger.add(deposit("t1", "a", "10.00", "k1", 1, E));
    ack(1, "t1", "k1", E, 1, 100);

    assertThat(check(Map.of("a", new BigDecimal("10.00")), NONE).count()).isZero();
  }

  @Test
  void acknowledgedTransactionMissingFromTheLedgerIsLost() {
    ack(1, "t1", "k1", E, 1, 100);

    assertThat(check(Map.of(), NONE).violations().get(Invariant.NOTHING_LOST)).singleElement()
        .extracting(Violation::counterexample).asString().contains("t1", "not in the final ledger");
  }

  @Test
  void balanceThatLostAnUpdateBreaksConservationAndLosesTheTransaction() {
    ledger.add(deposit("t1", "a", "10.00", "k1", 1, E));
    ledger.add(deposit("t2", "a", "5.00", "k2", 2, W));
    ack(1, "t1", "k1", E, 1, 100);
    ack(2, "t2", "k2", W, 2, 200);

    Checker.Result result = check(Map.of("a", new BigDecimal("5.00")), NONE);
    assertThat(result.violations().get(Invariant.CONSERVATION)).hasSize(1);
    assertThat(result.violations().get(Invariant.NOTHING_LOST)).hasSize(2);
  }

  @Test
  void keyAppliedInTwoEpochsIsDoubled() {
    ledger.add(deposit("t1", "a", "10.00", "k1", 1, E));
    ledger.add(deposit("t2", "a", "10.00", "k1", 2, W));

    assertThat(check(Map.of("a", new BigDecimal("20.00")), NONE).violations().get(Invariant.NOTHING_DOUBLED))
        .singleElement().extracting(Violation::counterexample).asString().contains("k1", "2 times");
  }

  @Test
  void aRequestAppliedUnderTwoKeysIsDoubled() {
    ledger.add(deposit("t1", "a", "10.00", "k1~1", 1, E));
    ledger.add(deposit("t2", "a", "10.00", "k1~2", 2, W));
    history.op(new History.Op(1, "client", "c", "k1", "DEPOSIT", null, "a", new BigDecimal("10.00"), 50, 300,
        History.Outcome.OK, 201, "t2", W, 2, false, 2));
    history.attempt(new History.Attempt(1, 100, E, -1, null, "k1~1"));
    history.attempt(new History.Attempt(1, 300, W, 201, null, "k1~2"));

    assertThat(check(Map.of("a", new BigDecimal("20.00")), NONE).violations().get(Invariant.NOTHING_DOUBLED))
        .singleElement().extracting(Violation::counterexample).asString()
        .contains("request 1 is applied 2 times under 2 keys", "k1~1", "k1~2");
  }

  @Test
  void negativeBalanceBreaksConservationUnlessTheAccountIsExempt() {
    ledger.add(new FinalState.Entry("t1", "WITHDRAWAL", "a", null, new BigDecimal("10.00"), "c", "k1", 1, E,
        "CLIENT", null));
    Map<String, BigDecimal> balances = Map.of("a", new BigDecimal("-10.00"));

    assertThat(check(balances, NONE).violations().get(Invariant.CONSERVATION)).singleElement()
        .extracting(Violation::counterexample).asString().contains("negative");
    assertThat(Checker.check(history, new WriteLog(), new FinalState(ledger, balances, Set.of(), Set.of(),
        Set.of("a"), true), NONE).count()).isZero();
  }

  @Test
  void replicasThatDisagreeBreakConservation() {
    assertThat(Checker.check(history, new WriteLog(), new FinalState(ledger, Map.of(), Set.of(), Set.of(), Set.of(),
        false), NONE).violations().get(Invariant.CONSERVATION)).hasSize(1);
  }

  @Test
  void noWriteAfterTheOutageWithinTheBudgetBreaksLiveness() {
    Expectations outage = new Expectations("t", E, W, 1_000, 100_000, List.of(), null);
    ack(1, "t1", "k1", W, 2, 150_000);
    ledger.add(deposit("t1", "a", "10.00", "k1", 2, W));

    assertThat(check(Map.of("a", new BigDecimal("10.00")), outage).violations().get(Invariant.LIVENESS))
        .singleElement().extracting(Violation::counterexample).asString().contains("149000 ms", "100000 ms");
  }

  @Test
  void requestLeftWithoutAnAnswerBreaksLiveness() {
    history.op(new History.Op(1, "client", "c", "k1", "DEPOSIT", null, "a", BigDecimal.TEN, 0, 600_000,
        History.Outcome.UNKNOWN, -1, null, E, 0, false, 40));

    assertThat(check(Map.of(), NONE).violations().get(Invariant.LIVENESS)).hasSize(1);
  }

  @Test
  void reversedTransactionMissingFromTheReportIsLost() {
    ledger.add(deposit("t1", "a", "10.00", "k1", 1, E));
    ack(1, "t1", "k1", E, 1, 100);

    Checker.Result result = Checker.check(history, new WriteLog(), new FinalState(ledger,
        Map.of("a", new BigDecimal("10.00")), Set.of("t1"), Set.of(), Set.of(), true), NONE);
    assertThat(result.violations().get(Invariant.NOTHING_LOST)).singleElement()
        .extracting(Violation::counterexample).asString().contains("not list");
  }
}
