package com.example.txndr.drill.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/** CloudWatch of each region through the SDK. */
public final class SdkMetrics implements Metrics, AutoCloseable {
  private final AwsSettings settings;
  private final Map<String, CloudWatchClient> clients = new ConcurrentHashMap<>();

  public SdkMetrics(AwsSettings settings) {
    this.settings = settings;
  }

  private CloudWatchClient client(String region) {
    return clients.computeIfAbsent(region, r -> settings.configure(CloudWatchClient.builder(), Region.of(r)).build());
  }

  @Override
  public Optional<Datapoint> latest(String region, String namespace, String metric, Map<String, String> dimensions,
      String statistic, Duration lookback) {
    Instant end = Instant.now();
    List<Dimension> dims = dimensions.entrySet().stream()
        .map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build())
        .toList();
    MetricDataQuery query = MetricDataQuery.builder()
        .id("m")
        .returnData(true)
        .metricStat(s -> s
            .period(60)
            .stat(statistic)
            .metric(m -> m.namespace(namespace).metricName(metric).dimensions(dims)))
        .build();
    List<MetricDataResult> results = client(region).getMetricData(r -> r
        .startTime(end.minus(lookback))
        .endTime(end)
        .scanBy(ScanBy.TIMESTAMP_DESCENDING)
        .metricDataQueries(query))
        .metricDataResults();
    for (MetricDataResult result : results) {
      Instant latest = null;
      double value = 0;
      for (int i = 0; i < result.timestamps().size() && i < result.values().size(); i++) {
        if (latest == null || result.timestamps().get(i).isAfter(latest)) {
          latest = result.timestamps().get(i);
          value = result.values().get(i);
        }
      }
      if (latest != null) {
        return Optional.of(new Datapoint(latest, value));
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Alarm> alarm(String region, String alarmName) {
    DescribeAlarmsResponse response = client(region).describeAlarms(r -> r
        .alarmNames(alarmName)
        .alarmTypes(AlarmType.COMPOSITE_ALARM, AlarmType.METRIC_ALARM));
    if (!response.compositeAlarms().isEmpty()) {
      var alarm = response.compositeAlarms().get(0);
      return Optional.of(new Alarm(alarm.alarmName(), alarm.stateValueAsString(), alarm.stateUpdatedTimestamp()));
    }
    if (!response.metricAlarms().isEmpty()) {
      var alarm = response.metricAlarms().get(0);
      return Optional.of(new Alarm(alarm.alarmName(), alarm.stateValueAsString(), alarm.stateUpdatedTimestamp()));
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    clients.values().forEach(CloudWatchClient::close);
  }
}
