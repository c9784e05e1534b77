package com.example.txndr.drill.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** CloudWatch: the latest value of a metric, and alarm states. */
public interface Metrics {
  /**
   * The most recent 1-minute datapoint of the metric within {@code lookback} (GetMetricData),
   * or empty when there is none (an idle table publishes no replication latency).
   */
  Optional<Datapoint> latest(String region, String namespace, String metric, Map<String, String> dimensions,
      String statistic, Duration lookback);

  /** DescribeAlarms for one alarm (metric or composite), or empty when it does not exist. */
  Optional<Alarm> alarm(String region, String alarmName);

  /** One datapoint. */
  record Datapoint(Instant timestamp, double value) {}

  /** An alarm's state ({@code OK}, {@code ALARM}, {@code INSUFFICIENT_DATA}) and since when. */
  record Alarm(String name, String state, Instant since) {}
}
