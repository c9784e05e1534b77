package com.example.txndr.simulation.protocol;

import com.example.txndr.lambda.failover.AlarmEvidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch side of the simulated primary: the composite alarm's health-check child, defined
 * as the monitoring module defines {@code PrimaryHealthCheckAlarm} (Minimum of
 * {@code AWS/Route53 HealthCheckStatus} over 60 s, below 1 for 2 of 2 periods), and its datapoints
 * from the simulated Route 53 checkers' history (a minute is 0 when the check was unhealthy at its
 * start or end). The orchestrator corroborates an alarm with them (docs/adr/0011), so a simulated
 * hand-over happens only when the health check's own data say the primary is down. The 5xx child
 * has no datapoints: the simulation does not model API Gateway's metrics.
 */
public final class SimulatedAlarms implements AlarmEvidence {
  /** The alarm-name prefix of the simulated system (ALARM_NAME_PREFIX). */
  public static final String PREFIX = "sim";
  private static final long PERIOD_MILLIS = 60_000;

  private final NodeContext context;
  private final String primary;

  public SimulatedAlarms(NodeContext context, String primary) {
    this.context = context;
    this.primary = primary;
  }

  /** The simulated HTTP API ID of {@code region}. */
  public static String apiId(String region) {
    return "simapi" + Math.abs(region.hashCode() % 10_000);
  }

  /**
   * Whether the minute starting at {@code minuteStart} is a breaching datapoint of the health-check
   * alarm: the check was unhealthy at its start or its end.
   */
  public static boolean breaching(NodeContext context, String region, long minuteStart) {
    return !context.healthCheckHealthy(region, minuteStart)
        || !context.healthCheckHealthy(region, minuteStart + PERIOD_MILLIS - 1);
  }

  /**
   * Whether the alarm is in ALARM at {@code now}: the two newest complete minutes breach (2 of 2,
   * as the monitoring module's PrimaryHealthCheckAlarm evaluates).
   */
  public static boolean inAlarm(NodeContext context, String region, long now) {
    long last = Math.floorDiv(now, PERIOD_MILLIS) * PERIOD_MILLIS - PERIOD_MILLIS;
    return breaching(context, region, last) && breaching(context, region, last - PERIOD_MILLIS);
  }

  @Override
  public List<MetricAlarm> metricAlarms(Collection<String> names) {
    List<MetricAlarm> alarms = new ArrayList<>();
    String healthCheck = PREFIX + "-primary-health-check";
    if (names.contains(healthCheck)) {
      alarms.add(new MetricAlarm(healthCheck, List.of(new Query("m1", new Metric("AWS/Route53", "HealthCheckStatus",
          Map.of("HealthCheckId", "sim-" + primary)), "Minimum", 60, null, true)), 2, 2, "LessThanThreshold", 1,
          "ALARM"));
    }
    return alarms;
  }

  @Override
  public List<Datapoint> datapoints(MetricAlarm alarm, Instant start, Instant end) {
    List<Datapoint> points = new ArrayList<>();
    if (!alarm.name().equals(PREFIX + "-primary-health-check")) {
      return points;
    }
    long first = Math.floorDiv(start.toEpochMilli(), PERIOD_MILLIS) * PERIOD_MILLIS;
    for (long minute = first; minute + PERIOD_MILLIS <= end.toEpochMilli(); minute += PERIOD_MILLIS) {
      if (minute < start.toEpochMilli()) {
        continue;
      }
      points.add(new Datapoint(Instant.ofEpochMilli(minute), breaching(context, primary, minute) ? 0 : 1));
    }
    return points;
  }
}
