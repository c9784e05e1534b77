package com.example.txndr.drill.internal;

import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseArbiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code status} report: a table with one row per question and one column per region, every
 * cell answered on its own (a region that does not answer shows its error, the rest still
 * prints), then the lease, the epochs' history, the failover record, the alarm and which region
 * writes.
 */
public final class StatusReport {
  /** The epochs listed; older ones are counted. */
  static final int EPOCHS_SHOWN = 6;

  private final Observer observer;
  private final Targets targets;
  private final LeaseControl lease;

  public StatusReport(Observer observer) {
    this.observer = observer;
    this.targets = observer.targets();
    this.lease = observer.lease();
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
    rows.add(row("Write permission (mirror)", region -> lease.describe(lease.mirror(region))));
    rows.add(row("Own heartbeat (replica)", region -> lease.describe(lease.heartbeat(region, region), true)));
    rows.add(row("Peer heartbeat (replica)", region -> targets.peer(region) + "'s: "
        + lease.describe(lease.heartbeat(region, targets.peer(region)), true)));
    rows.add(row("Keeper heartbeat (arbiter)", region -> lease.describe(lease.keeperHeartbeat(region, region), false)));
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
    Lease current = null;
    String leaseLine;
    String via = primary;
    try {
      LeaseControl.Reading reading = lease.read(primary);
      current = reading.lease();
      via = reading.region();
      leaseLine = lease.describe(current) + "; version " + current.version() + ", changed at "
          + Instant.ofEpochMilli(current.updatedAtMillis()) + " (" + current.reason() + ")";
    } catch (RuntimeException e) {
      leaseLine = "error: " + Watch.describe(e);
    }
    out.append("Lease (").append(cell(targets::controlTableName)).append(", read in ").append(via).append("): ")
        .append(leaseLine).append('\n');
    String finalVia = via;
    out.append("Epochs: ").append(cell(() -> epochs(lease.epochs(finalVia)))).append('\n');
    out.append("Failover record ").append(cell(targets::failoverRecordName)).append(": ")
        .append(cell(() -> observer.dns().toString())).append('\n');
    out.append("Alarm ").append(cell(targets::primaryUnhealthyAlarmName)).append(": ")
        .append(cell(() -> observer.primaryUnhealthyAlarm()
            .map(a -> a.state() + " since " + a.since()).orElse("not found in " + primary)))
        .append('\n');
    out.append("Active region: ").append(active(current)).append('\n');
    return out.toString();
  }

  private static String epochs(List<LeaseArbiter.EpochRecord> epochs) {
    if (epochs.isEmpty()) {
      return "none recorded";
    }
    List<String> shown = new ArrayList<>();
    int from = Math.max(0, epochs.size() - EPOCHS_SHOWN);
    for (LeaseArbiter.EpochRecord epoch : epochs.subList(from, epochs.size())) {
      shown.add(epoch.epoch() + " " + epoch.holder() + " from " + Instant.ofEpochMilli(epoch.startedAtMillis()) + " ("
          + epoch.reason() + ")");
    }
    return (from > 0 ? from + " earlier; " : "") + String.join("; ", shown);
  }

  private String active(Lease current) {
    if (current == null) {
      return "unknown: the lease could not be read (see above)";
    }
    if (current.draining()) {
      return "none while the lease drains from " + current.holder() + " to " + current.drain().target() + " (epoch "
          + current.epoch() + ")";
    }
    if (lease.timing().permitsWrite(current.expiresAtMillis(), lease.nowMillis())) {
      return current.holder() + " (epoch " + current.epoch() + "): it holds the lease";
    }
    return "none: the lease of " + current.holder() + " (epoch " + current.epoch() + ") expired at "
        + Instant.ofEpochMilli(current.expiresAtMillis()) + "; the standby's keeper takes over once the holder's"
        + " heartbeat is stale (or promote --region " + targets.peer(current.holder()) + ")";
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
