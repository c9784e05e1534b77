package com.example.txndr.simulation.check;

import com.example.txndr.simulation.protocol.FinalState;
import com.example.txndr.simulation.world.History;
import com.example.txndr.simulation.world.WriteLog;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The invariants over a run: pure, from the client-side history, the system's write log and the
 * final state, with no knowledge of the protocol that produced them.
 */
public final class Checker {
  /**
   * What the run measured, in virtual ms (-1: not applicable).
   *
   * @param acknowledged requests acknowledged (2xx)
   * @param rtoMillis from the primary's failure to the first write acknowledged through the
   *     failover name by the secondary
   * @param rtoAllClientsMillis from the failure until every client that kept sending had such a
   *     write acknowledged (the RTO the last client saw)
   * @param rpoTransactions acknowledged transactions the new region lacked when it began writing
   *     after the failure (they merge when the old region returns)
   * @param reconciled compensations reconciliation posted
   */
  public record Measures(int acknowledged, long rtoMillis, long rtoAllClientsMillis, int rpoTransactions,
      int reconciled) {}

  /** Violations by invariant (each list in the order found) and the measures. */
  public record Result(Map<Invariant, List<Violation>> violations, Measures measures) {
    public int count() {
      return violations.values().stream().mapToInt(List::size).sum();
    }

    public boolean passed() {
      return count() == 0;
    }
  }

  private final History history;
  private final WriteLog log;
  private final FinalState state;
  private final Expectations expect;
  private final Map<Invariant, List<Violation>> violations = new LinkedHashMap<>();
  private final Map<String, FinalState.Entry> ledger = new HashMap<>();

  private Checker(History history, WriteLog log, FinalState state, Expectations expect) {
    this.history = history;
    this.log = log;
    this.state = state;
    this.expect = expect;
    for (Invariant invariant : Invariant.values()) {
      violations.put(invariant, new ArrayList<>());
    }
    state.ledger().forEach(e -> ledger.put(e.transactionId(), e));
  }

  public static Result check(History history, WriteLog log, FinalState state, Expectations expect) {
    return new Checker(history, log, state, expect).run();
  }

  private Result run() {
    Map<String, BigDecimal> drift = conservation();
    oneWriter();
    nothingLost(drift);
    nothingDoubled();
    int rpo = plannedSwitches();
    long rto = liveness();
    long rtoAll = rtoAllClients();
    int reconciled = (int) state.ledger().stream().filter(e -> !e.kind().equals("CLIENT")).count();
    int acknowledged = (int) history.ops().stream().filter(op -> op.outcome() == History.Outcome.OK).count();
    return new Result(violations, new Measures(acknowledged, rto, rtoAll, rpo, reconciled));
  }

  private void violate(Invariant invariant, String counterexample) {
    violations.get(invariant).add(new Violation(invariant, counterexample));
  }

  private void oneWriter() {
    Map<String, Map<String, Long>> writersByItem = new TreeMap<>();
    for (WriteLog.Write write : log.writes()) {
      if (write.table().equals(expect.dataTable())) {
        writersByItem.computeIfAbsent(write.key(), k -> new TreeMap<>()).putIfAbsent(write.region(), write.at());
      }
    }
    writersByItem.forEach((key, writers) -> {
      if (writers.size() > 1) {
        violate(Invariant.ONE_WRITER, "item " + key + " was written by " + writers + " (region=first write, ms)");
      }
    });
    // Commits of an older epoch must all land before any commit of a newer epoch by another region.
    Map<Long, long[]> spanByEpoch = new TreeMap<>();
    Map<Long, String> regionByEpoch = new HashMap<>();
    for (WriteLog.Write write : log.writes()) {
      if (!write.table().equals(expect.dataTable()) || !write.key().startsWith("TXN#")) {
        continue;
      }
      FinalState.Entry entry = ledger.get(write.key().substring(4, write.key().indexOf('|')));
      if (entry == null) {
        continue;
      }
      long[] span = spanByEpoch.computeIfAbsent(entry.epoch(), e -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
      span[0] = Math.min(span[0], write.at());
      span[1] = Math.max(span[1], write.at());
      String previous = regionByEpoch.putIfAbsent(entry.epoch(), write.region());
      if (previous != null && !previous.equals(write.region())) {
        violate(Invariant.ONE_WRITER, "epoch " + entry.epoch() + " has commits by both " + previous + " and "
            + write.region() + " (transaction " + entry.transactionId() + ")");
      }
    }
    List<Long> epochs = new ArrayList<>(spanByEpoch.keySet());
    for (int i = 0; i < epochs.size(); i++) {
      for (int j = i + 1; j < epochs.size(); j++) {
        long older = epochs.get(i);
        long newer = epochs.get(j);
        if (!regionByEpoch.get(older).equals(regionByEpoch.get(newer))
            && spanByEpoch.get(older)[1] >= spanByEpoch.get(newer)[0]) {
          violate(Invariant.ONE_WRITER, "epoch " + older + " (" + regionByEpoch.get(older) + ") committed until "
              + spanByEpoch.get(older)[1] + " ms, after epoch " + newer + " (" + regionByEpoch.get(newer)
              + ") had begun committing at " + spanByEpoch.get(newer)[0] + " ms: two writers at once");
        }
      }
    }
  }

  /** Balance minus the sum of the ledger's effects, per account with a difference. */
  private Map<String, BigDecimal> conservation() {
    Map<String, BigDecimal> expected = new TreeMap<>();
    for (FinalState.Entry e : state.ledger()) {
      if (e.source() != null) {
        expected.merge(e.source(), e.amount().negate(), BigDecimal::add);
      }
      if (e.destination() != null) {
        expected.merge(e.destination(), e.amount(), BigDecimal::add);
      }
    }
    Set<String> accounts = new TreeSet<>(expected.keySet());
    accounts.addAll(state.balances().keySet());
    Map<String, BigDecimal> drift = new TreeMap<>();
    for (String account : accounts) {
      BigDecimal balance = state.balances().getOrDefault(account, BigDecimal.ZERO);
      BigDecimal sum = expected.getOrDefault(account, BigDecimal.ZERO);
      if (balance.compareTo(sum) != 0) {
        drift.put(account, balance.subtract(sum));
        violate(Invariant.CONSERVATION, "account " + account + " has balance " + balance.toPlainString()
            + " but its transactions sum to " + sum.toPlainString());
      }
      if (balance.signum() < 0 && !state.exemptAccounts().contains(account)) {
        violate(Invariant.CONSERVATION, "account " + account + " is negative: " + balance.toPlainString());
      }
    }
    if (!state.replicasAgree()) {
      violate(Invariant.CONSERVATION, "the two replicas hold different items after replication drained");
    }
    return drift;
  }

  private void nothingLost(Map<String, BigDecimal> drift) {
    for (History.Op op : history.ops()) {
      if (op.outcome() != History.Outcome.OK) {
        continue;
      }
      FinalState.Entry entry = ledger.get(op.transactionId());
      if (entry == null) {
        violate(Invariant.NOTHING_LOST, "request " + op.key() + " was acknowledged by " + op.region() + " as "
            + op.transactionId() + " at " + op.completedAt() + " ms, which is not in the final ledger");
        continue;
      }
      if (state.compensated().contains(op.transactionId()) && !state.reported().contains(op.transactionId())) {
        violate(Invariant.NOTHING_LOST, "acknowledged transaction " + op.transactionId() + " was reversed but the"
            + " reconciliation report does not list it");
      }
      for (String account : new String[] {entry.source(), entry.destination()}) {
        if (account != null && drift.containsKey(account)) {
          violate(Invariant.NOTHING_LOST, "acknowledged transaction " + op.transactionId() + " (" + op.type() + " "
              + op.amount().toPlainString() + ") is not reflected in the balance of " + account + ", which is off by "
              + drift.get(account).toPlainString());
          break;
        }
      }
    }
  }

  /**
   * A request is applied at most once: the ledger's client transactions, not compensated, grouped
   * by the request whose attempts carried their key (a client that keeps its key sends one per
   * request; one that makes a new key per attempt sends several), or by the key alone when no
   * attempt of the history carried it.
   */
  private void nothingDoubled() {
    Map<Integer, String> callerOfOp = new HashMap<>();
    history.ops().forEach(op -> callerOfOp.put(op.id(), op.caller()));
    Map<String, Integer> requestOfKey = new HashMap<>();
    for (History.Attempt a : history.attempts()) {
      String caller = callerOfOp.get(a.op());
      if (a.key() != null && caller != null) {
        requestOfKey.putIfAbsent(caller + " " + a.key(), a.op());
      }
    }
    Map<String, List<FinalState.Entry>> byRequest = new TreeMap<>();
    for (FinalState.Entry e : state.ledger()) {
      if (e.kind().equals("CLIENT") && !state.compensated().contains(e.transactionId())) {
        String key = e.caller() + " " + e.key();
        Integer op = requestOfKey.get(key);
        byRequest.computeIfAbsent(op == null ? "key " + key : "request " + op, k -> new ArrayList<>()).add(e);
      }
    }
    byRequest.forEach((request, entries) -> {
      if (entries.size() > 1) {
        long keys = entries.stream().map(FinalState.Entry::key).distinct().count();
        violate(Invariant.NOTHING_DOUBLED, request + " is applied " + entries.size() + " times"
            + (keys > 1 ? " under " + keys + " keys" : "") + ": "
            + entries.stream().map(e -> e.transactionId() + " (key " + e.key() + ", epoch " + e.epoch() + ", "
                + e.region() + ")").toList());
      }
    });
  }

  /**
   * For each region that began writing, the acknowledged transactions of the other region that it
   * lacked then; none may be lacking after a planned switch. Returns the count at the first start
   * after the outage (the unplanned RPO), or 0.
   */
  private int plannedSwitches() {
    int rpo = 0;
    boolean outageCounted = false;
    Map<String, History.Op> acknowledged = new HashMap<>();
    history.ops().stream().filter(op -> op.outcome() == History.Outcome.OK)
        .forEach(op -> acknowledged.put(op.transactionId(), op));
    for (History.Event event : history.events()) {
      if (!event.kind().equals("ACTIVE") || event.epoch() <= 1) {
        continue;
      }
      List<String> lacked = new ArrayList<>();
      for (WriteLog.Write write : log.writes()) {
        if (!write.table().equals(expect.dataTable()) || !write.key().startsWith("TXN#")
            || write.region().equals(event.region()) || write.at() >= event.at()) {
          continue;
        }
        String id = write.key().substring(4, write.key().indexOf('|'));
        long arrived = log.firstArrival(event.region(), write.table(), write.key());
        if (acknowledged.containsKey(id) && (arrived < 0 || arrived > event.at())) {
          lacked.add(id);
        }
      }
      boolean planned = expect.plannedSwitches().stream().anyMatch(w -> event.at() >= w[0] && event.at() <= w[1]);
      if (planned && !lacked.isEmpty()) {
        violate(Invariant.PLANNED_RPO_ZERO, event.region() + " began writing epoch " + event.epoch() + " at "
            + event.at() + " ms after a planned switch, lacking " + lacked.size() + " acknowledged transactions of the"
            + " other region, e.g. " + lacked.get(0));
      }
      if (!planned && expect.outageAt() >= 0 && event.at() > expect.outageAt() && !outageCounted) {
        rpo = lacked.size();
        outageCounted = true;
      }
    }
    return rpo;
  }

  private long liveness() {
    for (History.Op op : history.ops()) {
      if (op.outcome() == History.Outcome.UNKNOWN) {
        violate(Invariant.LIVENESS, "request " + op.key() + " sent at " + op.invokedAt() + " ms had no definitive"
            + " answer after " + op.attempts() + " attempts");
      }
    }
    long rto = -1;
    if (expect.outageAt() >= 0) {
      rto = history.attempts().stream()
          .filter(a -> a.at() > expect.outageAt() && a.region().equals(expect.secondary()) && a.status() == 201)
          .mapToLong(a -> a.at() - expect.outageAt()).min().orElse(-1);
      if (rto < 0) {
        violate(Invariant.LIVENESS, "after the primary failed at " + expect.outageAt() + " ms, no write was"
            + " acknowledged by " + expect.secondary() + " through the failover name");
      } else if (rto > expect.rtoBudgetMillis()) {
        violate(Invariant.LIVENESS, "the first write through the failover name was acknowledged " + rto
            + " ms after the primary failed, over the budget's RTO of " + expect.rtoBudgetMillis() + " ms");
      }
    }
    if (expect.mustSwitchBy() != null) {
      Expectations.Deadline deadline = expect.mustSwitchBy();
      boolean switched = history.events().stream().anyMatch(e -> e.kind().equals("ACTIVE")
          && e.region().equals(deadline.region()) && e.at() <= deadline.byMillis());
      if (!switched) {
        violate(Invariant.LIVENESS, "the planned switch to " + deadline.region() + " had not completed by "
            + deadline.byMillis() + " ms");
      }
    }
    return rto;
  }

  /** The longest any client waited, after the failure, for its first write through the failover name. */
  private long rtoAllClients() {
    if (expect.outageAt() < 0) {
      return -1;
    }
    Map<Integer, String> clientOf = new HashMap<>();
    history.ops().forEach(op -> clientOf.put(op.id(), op.client()));
    Map<String, Long> firstByClient = new TreeMap<>();
    for (History.Attempt a : history.attempts()) {
      if (a.at() > expect.outageAt() && a.region().equals(expect.secondary()) && a.status() == 201) {
        firstByClient.merge(clientOf.getOrDefault(a.op(), "?"), a.at() - expect.outageAt(), Math::min);
      }
    }
    return firstByClient.values().stream().mapToLong(Long::longValue).max().orElse(-1);
  }

  /** The attempts of the request that a counterexample names, for the report. */
  public static List<History.Attempt> attemptsOf(History history, int op) {
    return history.attempts().stream().filter(a -> a.op() == op).sorted(Comparator.comparingLong(History.Attempt::at))
        .toList();
  }
}
