package com.example.txndr.simulation.report;

import com.example.txndr.simulation.Run;
import com.example.txndr.simulation.check.Invariant;
import com.example.txndr.simulation.check.Violation;
import com.example.txndr.simulation.world.History;
import com.example.txndr.simulation.world.World;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the report keeps of one run: its measures, its violations (with their counterexamples)
 * and, for the chart, the writes acknowledged per ten seconds in each region with the fault and
 * the changes of the active region.
 */
public record RunSummary(String scenario, String protocol, long seed, int acknowledged, long rtoMillis,
    long rtoAllClientsMillis, int rpoTransactions, int reconciled, Map<Invariant, List<String>> violations,
    long wallMillis, long virtualMillis, long[] primaryAcks, long[] secondaryAcks, List<long[]> activeChanges,
    long faultAt) {
  /** Width of one bucket of the chart, virtual ms. */
  public static final long BUCKET_MILLIS = 10_000;

  public static RunSummary of(Run.Result result, long virtualMillis) {
    Map<Invariant, List<String>> violations = new LinkedHashMap<>();
    result.check().violations().forEach((invariant, list) ->
        violations.put(invariant, list.stream().map(Violation::counterexample).toList()));
    int buckets = (int) (virtualMillis / BUCKET_MILLIS) + 1;
    long[] primary = new long[buckets];
    long[] secondary = new long[buckets];
    for (History.Attempt a : result.history().attempts()) {
      if (a.status() == 201) {
        int b = (int) Math.min(buckets - 1, a.at() / BUCKET_MILLIS);
        if (a.region().equals(World.PRIMARY)) {
          primary[b]++;
        } else {
          secondary[b]++;
        }
      }
    }
    List<long[]> changes = new ArrayList<>();
    for (History.Event e : result.history().events()) {
      if (e.kind().equals("ACTIVE")) {
        changes.add(new long[] {e.at(), e.region().equals(World.PRIMARY) ? 0 : 1, e.epoch()});
      }
    }
    var m = result.check().measures();
    return new RunSummary(result.scenario().name(), result.protocol(), result.seed(), m.acknowledged(),
        m.rtoMillis(), m.rtoAllClientsMillis(), m.rpoTransactions(), m.reconciled(), violations,
        result.wallMillis(), virtualMillis, primary, secondary, changes, result.scenario().outageAt() >= 0
            ? result.scenario().outageAt() : 60_000);
  }

  public int violationCount() {
    return violations.values().stream().mapToInt(List::size).sum();
  }
}
