package com.example.txndr.lambda.failover;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * {@link AlarmEvidence} from CloudWatch: {@code DescribeAlarms} of metric alarms by name, and
 * {@code GetMetricData} with each alarm's own queries. The orchestrator's role needs
 * {@code cloudwatch:DescribeAlarms} on {@code alarm:<ProjectName>-<EnvironmentName>-*} and
 * {@code cloudwatch:GetMetricData} on {@code *}; no composite alarm is read (that would need
 * {@code DescribeAlarms} on {@code *}).
 */
public final class CloudWatchAlarmEvidence implements AlarmEvidence {
  private final CloudWatchClient cloudWatch;

  public CloudWatchAlarmEvidence(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  @Override
  public List<MetricAlarm> metricAlarms(Collection<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    List<MetricAlarm> alarms = new ArrayList<>();
    for (software.amazon.awssdk.services.cloudwatch.model.MetricAlarm a : cloudWatch.describeAlarms(
        r -> r.alarmNames(names).alarmTypes(AlarmType.METRIC_ALARM)).metricAlarms()) {
      alarms.add(definition(a));
    }
    return alarms;
  }

  /** The SDK's alarm as a definition: one query {@code m1} for a single-metric alarm, else its queries. */
  static MetricAlarm definition(software.amazon.awssdk.services.cloudwatch.model.MetricAlarm a) {
    List<Query> queries = new ArrayList<>();
    if (a.metricName() != null) {
      String stat = a.statistic() != null ? a.statisticAsString() : a.extendedStatistic();
      queries.add(new Query("m1", new Metric(a.namespace(), a.metricName(), dimensions(a.dimensions())), stat,
          a.period() == null ? 0 : a.period(), null, true));
    } else {
      for (MetricDataQuery q : a.metrics()) {
        MetricStat s = q.metricStat();
        boolean returns = q.returnData() == null || q.returnData();
        if (s != null) {
          queries.add(new Query(q.id(), new Metric(s.metric().namespace(), s.metric().metricName(),
              dimensions(s.metric().dimensions())), s.stat(), s.period() == null ? 0 : s.period(), null, returns));
        } else {
          queries.add(new Query(q.id(), null, null, q.period() == null ? 0 : q.period(), q.expression(), returns));
        }
      }
    }
    int evaluationPeriods = a.evaluationPeriods() == null ? 0 : a.evaluationPeriods();
    int datapointsToAlarm = a.datapointsToAlarm() == null ? evaluationPeriods : a.datapointsToAlarm();
    return new MetricAlarm(a.alarmName(), queries, evaluationPeriods, datapointsToAlarm,
        a.comparisonOperatorAsString(), a.threshold() == null ? Double.NaN : a.threshold(), a.stateValueAsString());
  }

  private static Map<String, String> dimensions(List<Dimension> dimensions) {
    Map<String, String> map = new LinkedHashMap<>();
    dimensions.forEach(d -> map.put(d.name(), d.value()));
    return map;
  }

  @Override
  public List<Datapoint> datapoints(MetricAlarm alarm, Instant start, Instant end) {
    List<MetricDataQuery> queries = new ArrayList<>();
    String returning = null;
    for (Query q : alarm.queries()) {
      MetricDataQuery.Builder b = MetricDataQuery.builder().id(q.id()).returnData(q.returnsData());
      if (q.metric() != null) {
        b.metricStat(s -> s.metric(m -> m.namespace(q.metric().namespace()).metricName(q.metric().name())
            .dimensions(q.metric().dimensions().entrySet().stream()
                .map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build()).toList()))
            .period(q.periodSeconds()).stat(q.stat()));
      } else {
        b.expression(q.expression());
      }
      queries.add(b.build());
      if (q.returnsData()) {
        returning = q.id();
      }
    }
    List<Datapoint> points = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      GetMetricDataResponse response = cloudWatch.getMetricData(r -> r.startTime(start).endTime(end)
          .scanBy(ScanBy.TIMESTAMP_DESCENDING).metricDataQueries(queries).nextToken(next));
      for (MetricDataResult result : response.metricDataResults()) {
        if (result.id().equals(returning)) {
          for (int i = 0; i < Math.min(result.timestamps().size(), result.values().size()); i++) {
            points.add(new Datapoint(result.timestamps().get(i), result.values().get(i)));
          }
        }
      }
      token = response.nextToken();
    } while (token != null);
    return points;
  }
}
