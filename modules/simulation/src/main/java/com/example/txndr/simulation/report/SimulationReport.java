package com.example.txndr.simulation.report;

import com.example.txndr.simulation.Scenario;
import com.example.txndr.simulation.check.Invariant;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulation's report, {@code simulation-report.json} and {@code .md}: per scenario and
 * protocol, the seeds run, the writes acknowledged, the violations per invariant with the first
 * counterexample and its seed, the measured RTO and RPO against the model, and a chart of the
 * writes acknowledged per region around the fault.
 */
public final class SimulationReport {
  private final List<RunSummary> runs;
  private final RtoModel model;

  public SimulationReport(List<RunSummary> runs, RtoModel model) {
    this.runs = List.copyOf(runs);
    this.model = model;
  }

  /** One row: a scenario under a protocol, over its seeds. */
  public record Row(String name, String protocol, String description, int seeds, long acknowledged,
      Map<String, Integer> violations, Map<String, String> firstCounterexample, Double rtoSeconds,
      Double rtoAllClientsSeconds, Integer rpoTransactions, long reconciled, double virtualSeconds,
      double realSeconds) {}

  public List<Row> rows() {
    Map<String, List<RunSummary>> groups = new LinkedHashMap<>();
    for (RunSummary run : runs) {
      groups.computeIfAbsent(run.scenario() + "|" + run.protocol(), k -> new ArrayList<>()).add(run);
    }
    List<Row> rows = new ArrayList<>();
    for (List<RunSummary> group : groups.values()) {
      RunSummary first = group.get(0);
      Map<String, Integer> violations = new LinkedHashMap<>();
      Map<String, String> counterexamples = new LinkedHashMap<>();
      for (Invariant invariant : Invariant.values()) {
        int count = 0;
        for (RunSummary run : group.stream().sorted(Comparator.comparingLong(RunSummary::seed)).toList()) {
          List<String> found = run.violations().getOrDefault(invariant, List.of());
          if (!found.isEmpty() && !counterexamples.containsKey(invariant.name())) {
            counterexamples.put(invariant.name(), "seed " + run.seed() + ": " + found.get(0));
          }
          count += found.size();
        }
        violations.put(invariant.name(), count);
      }
      boolean outage = group.stream().anyMatch(r -> r.rtoMillis() >= 0);
      Double rto = outage ? group.stream().mapToLong(RunSummary::rtoMillis).max().getAsLong() / 1000.0 : null;
      Double rtoAll = outage
          ? group.stream().mapToLong(RunSummary::rtoAllClientsMillis).max().getAsLong() / 1000.0 : null;
      Integer rpo = outage ? group.stream().mapToInt(RunSummary::rpoTransactions).max().getAsInt() : null;
      rows.add(new Row(first.scenario(), first.protocol(), Scenario.named(first.scenario()).description(), group.size(),
          group.stream().mapToLong(RunSummary::acknowledged).sum(), violations, counterexamples, rto, rtoAll, rpo,
          group.stream().mapToLong(RunSummary::reconciled).sum(),
          group.stream().mapToLong(RunSummary::virtualMillis).sum() / 1000.0,
          group.stream().mapToLong(RunSummary::wallMillis).sum() / 1000.0));
    }
    return rows;
  }

  /** The worst all-clients RTO measured under the lease protocol, in seconds (negative: no outage ran). */
  public double worstAllClientsRtoSeconds() {
    return runs.stream().filter(r -> r.protocol().equals("lease")).mapToLong(RunSummary::rtoAllClientsMillis)
        .max().orElse(-1) / 1000.0;
  }

  /** How far the worst measured all-clients RTO is from the model, as a fraction of the model (negative: under it). */
  public Double rtoDeviation() {
    double worst = worstAllClientsRtoSeconds();
    return worst < 0 ? null : (worst - model.seconds()) / model.seconds();
  }

  public void write(Path folder) {
    try {
      Files.createDirectories(folder);
      Map<String, Object> json = new LinkedHashMap<>();
      Map<String, Object> rto = new LinkedHashMap<>();
      rto.put("modelSeconds", model.seconds());
      rto.put("criticalBranch", model.criticalBranch());
      rto.put("dnsBranchSeconds", model.dnsSeconds());
      rto.put("leaseBranchSeconds", model.leaseSeconds());
      rto.put("terms", Map.of("dns", model.dns(), "lease", model.lease()));
      rto.put("worstMeasuredDeviation", rtoDeviation());
      json.put("rtoModel", rto);
      json.put("scenarios", rows());
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Files.writeString(folder.resolve("simulation-report.json"), mapper.writeValueAsString(json) + "\n");
      Files.writeString(folder.resolve("simulation-report.md"), markdown());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Two-region simulation report\n\n");
    md.append("Generated by modules/simulation (`SimulationTest`); times are virtual seconds of the simulated world, ")
        .append("\"real\" is the wall time the runs took. Invariants: ");
    for (Invariant invariant : Invariant.values()) {
      md.append("**").append(invariant.name()).append("** (").append(invariant.guarantee()).append("); ");
    }
    md.setLength(md.length() - 2);
    md.append(".\n\n");
    md.append("## RTO model\n\n");
    md.append(String.format(Locale.ROOT, "Critical path: %s branch, %.1f s (DNS %.1f s, lease %.1f s).",
        model.criticalBranch(), model.seconds(), model.dnsSeconds(), model.leaseSeconds()));
    Double deviation = rtoDeviation();
    if (deviation != null) {
      md.append(String.format(Locale.ROOT, " The worst measured all-clients RTO is %+.1f%% from it.", deviation * 100));
    }
    md.append("\n\n| Branch | Term | s | Source |\n| --- | --- | --- | --- |\n");
    model.dns().forEach(t -> md.append("| DNS | ").append(t.name()).append(" | ").append(t.seconds()).append(" | ")
        .append(t.source()).append(" |\n"));
    model.lease().forEach(t -> md.append("| lease | ").append(t.name()).append(" | ").append(t.seconds()).append(" | ")
        .append(t.source()).append(" |\n"));
    md.append("\n## Scenarios\n\n");
    md.append("| Scenario | Protocol | Seeds | Acknowledged | Violations | RTO first / all clients (s) | RPO (tx) | "
        + "Reconciled | Virtual / real (s) |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Row row : rows()) {
      int total = row.violations().values().stream().mapToInt(Integer::intValue).sum();
      md.append("| ").append(row.name()).append(" | ").append(row.protocol()).append(" | ").append(row.seeds())
          .append(" | ").append(row.acknowledged()).append(" | ").append(total == 0 ? "0" : total + " " + brief(row))
          .append(" | ").append(row.rtoSeconds() == null ? "-" : row.rtoSeconds() + " / " + row.rtoAllClientsSeconds())
          .append(" | ").append(row.rpoTransactions() == null ? "-" : row.rpoTransactions()).append(" | ")
          .append(row.reconciled()).append(" | ")
          .append(String.format(Locale.ROOT, "%.0f / %.1f", row.virtualSeconds(), row.realSeconds())).append(" |\n");
    }
    md.append("\nRTO: the worst over the seeds. RPO: the most acknowledged transactions the new region lacked when it ")
        .append("began writing after the failure (they merge when the old region returns; reconciliation repairs any ")
        .append("key they applied twice).\n");
    List<Row> failing = rows().stream().filter(r -> r.violations().values().stream().anyMatch(v -> v > 0)).toList();
    if (!failing.isEmpty()) {
      md.append("\n## First counterexamples\n\n");
      for (Row row : failing) {
        md.append("- **").append(row.name()).append("** (").append(row.protocol()).append("):\n");
        row.firstCounterexample().forEach((invariant, example) ->
            md.append("  - ").append(invariant).append(", ").append(example).append('\n'));
      }
    }
    md.append("\n## Writes acknowledged per 10 s\n\n");
    for (Row row : rows()) {
      runs.stream().filter(r -> r.scenario().equals(row.name()) && r.protocol().equals(row.protocol())).findFirst()
          .ifPresent(r -> md.append(chart(r)));
    }
    return md.toString();
  }

  private static String brief(Row row) {
    List<String> parts = new ArrayList<>();
    row.violations().forEach((invariant, count) -> {
      if (count > 0) {
        parts.add(invariant + " " + count);
      }
    });
    return "(" + String.join(", ", parts) + ")";
  }

  private static String chart(RunSummary run) {
    StringBuilder md = new StringBuilder();
    StringBuilder marks = new StringBuilder("fault at " + run.faultAt() / 1000 + " s");
    for (long[] change : run.activeChanges()) {
      if (change[2] > 1) {
        marks.append("; ").append(change[1] == 0 ? "us-east-1" : "us-west-2").append(" active (epoch ")
            .append(change[2]).append(") at ").append(change[0] / 1000).append(" s");
      }
    }
    md.append("### ").append(run.scenario()).append(" (").append(run.protocol()).append(", seed ").append(run.seed())
        .append(")\n\n").append(marks).append(". Lines: us-east-1, us-west-2.\n\n```mermaid\nxychart-beta\n")
        .append("  title \"").append(run.scenario()).append(": writes acknowledged per 10 s\"\n");
    md.append("  x-axis \"virtual s\" [");
    int buckets = (int) (450_000 / RunSummary.BUCKET_MILLIS);
    for (int b = 0; b < buckets; b++) {
      md.append(b == 0 ? "" : ", ").append(b * RunSummary.BUCKET_MILLIS / 1000);
    }
    md.append("]\n  y-axis \"writes\"\n  line [");
    for (int b = 0; b < buckets; b++) {
      md.append(b == 0 ? "" : ", ").append(run.primaryAcks()[b]);
    }
    md.append("]\n  line [");
    for (int b = 0; b < buckets; b++) {
      md.append(b == 0 ? "" : ", ").append(run.secondaryAcks()[b]);
    }
    md.append("]\n```\n\n");
    return md.toString();
  }
}
