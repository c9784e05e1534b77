package com.example.txndr.lambda.failover;

import com.example.txndr.lambda.failover.AlarmEvidence.Datapoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CloudWatch as the monitoring module defines it, in memory: the two children of the composite
 * {@code <prefix>-primary-region-unhealthy}, with datapoints a test writes (as Route 53 and API
 * Gateway would) and definitions a test may replace (as PutMetricAlarm would). Answers like
 * {@link CloudWatchAlarmEvidence}: datapoints in the window asked for.
 */
public final class FakeAlarmEvidence implements AlarmEvidence {
  public static final String API_ID = "a1b2c3d4e5";
  public static final String HEALTH_CHECK_ID = "0f9e8d7c-0000-4000-8000-000000000001";

  public final String prefix;
  private final Supplier<Instant> clock;
  private final Map<String, MetricAlarm> alarms = new HashMap<>();
  private final Map<String, List<Datapoint>> data = new HashMap<>();

  public FakeAlarmEvidence(String prefix, Supplier<Instant> clock) {
    this.prefix = prefix;
    this.clock = clock;
    alarms.put(healthCheckAlarm(), healthCheckAlarm(HEALTH_CHECK_ID, "OK"));
    alarms.put(errorRateAlarm(), errorRateAlarm(API_ID, "OK"));
  }

  public String compositeName() {
    return prefix + "-primary-region-unhealthy";
  }

  public String healthCheckAlarm() {
    return prefix + "-primary-health-check";
  }

  public String errorRateAlarm() {
    return prefix + "-api-5xx-rate";
  }

  /** The monitoring module's PrimaryHealthCheckAlarm: Minimum of HealthCheckStatus below 1, 2 of 2 minutes. */
  public MetricAlarm healthCheckAlarm(String healthCheckId, String state) {
    return new MetricAlarm(healthCheckAlarm(), List.of(new Query("m1", new Metric("AWS/Route53", "HealthCheckStatus",
        Map.of("HealthCheckId", healthCheckId)), "Minimum", 60, null, true)), 2, 2, "LessThanThreshold", 1, state);
  }

  /** The monitoring module's ApiServerErrorRateAlarm: 100 * 5xx / Count above 5 %, 3 of 3 minutes. */
  public MetricAlarm errorRateAlarm(String apiId, String state) {
    return new MetricAlarm(errorRateAlarm(), List.of(
        new Query("errors", new Metric("AWS/ApiGateway", "5xx", Map.of("ApiId", apiId)), "Sum", 60, null, false),
        new Query("requests", new Metric("AWS/ApiGateway", "Count", Map.of("ApiId", apiId)), "Sum", 60, null, false),
        new Query("errorRate", null, null, 60, "100 * errors / requests", true)), 3, 3, "GreaterThanThreshold", 5,
        state);
  }

  /** Replaces an alarm's definition (what PutMetricAlarm would do). */
  public FakeAlarmEvidence define(MetricAlarm alarm) {
    alarms.put(alarm.name(), alarm);
    return this;
  }

  /** One datapoint per minute of {@code alarm}'s series for the last {@code minutes} minutes, each {@code value}. */
  public FakeAlarmEvidence series(String alarm, int minutes, double value) {
    Instant minute = clock.get().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    List<Datapoint> points = new ArrayList<>();
    for (int i = 1; i <= minutes; i++) {
      points.add(new Datapoint(minute.minus(Duration.ofMinutes(i)), value));
    }
    data.put(alarm, points);
    return this;
  }

  /** The health check failing for {@code minutes} minutes (what puts the composite in ALARM for real). */
  public FakeAlarmEvidence primaryUnhealthy(int minutes) {
    series(healthCheckAlarm(), minutes, 0);
    return series(errorRateAlarm(), minutes, 0);
  }

  /** Healthy data (health check 1, no 5xx): the composite in ALARM can only be SetAlarmState by hand. */
  public FakeAlarmEvidence alarmSetByHand() {
    series(healthCheckAlarm(), 10, 1);
    return series(errorRateAlarm(), 10, 0);
  }

  @Override
  public List<MetricAlarm> metricAlarms(Collection<String> names) {
    return names.stream().filter(alarms::containsKey).map(alarms::get).toList();
  }

  @Override
  public List<Datapoint> datapoints(MetricAlarm alarm, Instant start, Instant end) {
    return data.getOrDefault(alarm.name(), List.of()).stream()
        .filter(p -> !p.timestamp().isBefore(start) && p.timestamp().isBefore(end))
        .toList();
  }
}
