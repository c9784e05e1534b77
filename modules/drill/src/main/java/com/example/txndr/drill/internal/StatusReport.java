package com.example.txndr.drill.internal;

import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.fencing.ControlView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code status} table: each row one question, one column per region, every cell answered
 * on its own (a region that does not answer shows its error, the rest still prints), then the
 * failover record, the alarm and the active region.
 */
public final class StatusReport {
  private final Observer observer;
  private final Targets targets;

  public StatusReport(Observer observer) {
    this.observer = observer;
    this.targets = observer.targets();
  }

  /** A cell's question; may throw, which shows as the error. */
  @FunctionalInterface
  private interface Cell {
    String answer() throws Exception;
  }

  /** The report as text. */
  public String render() {
    String primary = targets.primaryRegion();
    String secondary = targets.secondaryRegion();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"", primary + " (PRIMARY)", secondary + " (SECONDARY)"});
    rows.add(row("API /health", region -> {
      Observer.ApiHealth health = observer.apiHealth(region);
      return health.healthy() ? "200 healthy" : health.toString();
    }));
    rows.add(row("Route 53 health check", region -> {
      Observer.RouteHealth health = observer.route53(region);
      return (health.healthy() ? "healthy" : "UNHEALTHY") + (health.inverted() ? ", INVERTED" : "") + " ("
          + health.checkers() + " checker regions; status metric "
          + (health.status() == null ? "no data" : String.valueOf((int) health.status().value())) + ")";
    }));
    List<Optional<ActiveRegion>> views = new ArrayList<>();
    rows.add(row("Control items (replica)", region -> {
      ControlView view = observer.control(region);
      views.add(view.agree() ? view.latest() : Optional.empty());
      return Operations.describe(view);
    }));
    rows.add(row("SSM active-region", region -> observer.activeRegionParameter(region).orElse("not set")));
    rows.add(row("Replication latency (out)", region -> observer.replicationLatency(region)
        .map(p -> Durations.format(Duration.ofMillis((long) p.value())) + " to " + targets.peer(region) + " at "
            + p.timestamp())
        .orElse("no data in 15 min (no writes)")));
    rows.add(row("Last backup copy (out)", region -> observer.lastCopyToPeer(region)
        .map(job -> job.state() + " " + job.resourceType() + " "
            + (job.completed() == null ? "created " + job.created() : job.completed()))
        .orElse("none")));
    StringBuilder out = new StringBuilder();
    out.append("Stack ").append(targets.stackName() == null ? "(options)" : targets.stackName()).append('\n');
    out.append(table(rows));
    out.append("Failover record ").append(cell(targets::failoverRecordName)).append(": ")
        .append(cell(() -> observer.dns().toString())).append('\n');
    out.append("Alarm ").append(cell(targets::primaryUnhealthyAlarmName)).append(": ")
        .append(cell(() -> observer.primaryUnhealthyAlarm()
            .map(a -> a.state() + " since " + a.since()).orElse("not found in " + primary)))
        .append('\n');
    out.append("Active region: ").append(active(views)).append('\n');
    return out.toString();
  }

  private static String active(List<Optional<ActiveRegion>> views) {
    if (views.size() < 2 || views.stream().anyMatch(Optional::isEmpty)) {
      return "unknown: a replica did not answer or its shards disagree (see above)";
    }
    ActiveRegion first = views.get(0).get();
    if (!first.equals(views.get(1).get())) {
      return "the replicas differ (" + first + " / " + views.get(1).get() + "): normal for a second after a"
          + " promotion; if it lasts, promote by hand";
    }
    return first.region() + " at epoch " + first.epoch() + " (both replicas agree)";
  }

  /** A row: the label and the answer for each region. */
  private String[] row(String label, RegionCell cell) {
    return new String[] {
      label, cell(() -> cell.answer(targets.primaryRegion())), cell(() -> cell.answer(targets.secondaryRegion()))};
  }

  @FunctionalInterface
  private interface RegionCell {
    String answer(String region) throws Exception;
  }

  private static String cell(Cell cell) {
    try {
      return cell.answer();
    } catch (Exception e) {
      return "error: " + Watch.describe(e);
    }
  }

  private static String table(List<String[]> rows) {
    int[] widths = new int[3];
    for (String[] row : rows) {
      for (int i = 0; i < 3; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      out.append(String.format("%-" + widths[0] + "s | %-" + widths[1] + "s | %s", row[0], row[1], row[2]).stripTrailing())
          .append('\n');
    }
    return out.toString();
  }
}
