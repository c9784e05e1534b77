package com.example.txndr.lambda.failover;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the orchestrator reads from CloudWatch to corroborate an alarm before it hands over: the
 * definitions of the composite's child alarms (named by configuration, not read from the
 * composite: {@code DescribeAlarms} returns composite alarms only to a caller whose permission is
 * scoped to {@code *}, and the composite's own state and rule are what a tamperer would change),
 * and the datapoints of their metrics.
 * The SDK implementation is {@link CloudWatchAlarmEvidence} ({@code DescribeAlarms},
 * {@code GetMetricData}); tests drive the orchestrator through a fake of this interface. The
 * decision itself is {@link AlarmCorroboration#judge}, which calls nothing.
 */
public interface AlarmEvidence {
  /** The metric alarms among {@code names} that exist (in any order). */
  List<MetricAlarm> metricAlarms(Collection<String> names);

  /**
   * The values of {@code alarm}'s evaluated series (its metric, or the expression that returns
   * data) per period in [{@code start}, {@code end}), newest first; periods without data are absent.
   */
  List<Datapoint> datapoints(MetricAlarm alarm, Instant start, Instant end);

  /** A metric in a namespace, with its dimensions. */
  record Metric(String namespace, String name, Map<String, String> dimensions) {}

  /**
   * One query of an alarm: a metric with its statistic and period, or an expression over other
   * queries' ids (then {@code metric} is null). {@code returnsData} marks the evaluated series.
   */
  record Query(String id, Metric metric, String stat, int periodSeconds, String expression, boolean returnsData) {}

  /**
   * A metric alarm as {@code DescribeAlarms} defines it. A single-metric alarm is one query
   * ({@code m1}) that returns data; a metric-math alarm lists its queries.
   *
   * @param datapointsToAlarm M of "M out of N" (N is {@code evaluationPeriods})
   * @param comparison the operator, as CloudWatch names it ({@code GreaterThanThreshold}, ...)
   */
  record MetricAlarm(String name, List<Query> queries, int evaluationPeriods, int datapointsToAlarm,
      String comparison, double threshold, String state) {
    public MetricAlarm {
      queries = List.copyOf(queries);
    }

    /** The period of the evaluated series: the period of its metric, or of the expression's inputs. */
    public int periodSeconds() {
      return queries.stream().filter(q -> q.metric() != null).mapToInt(Query::periodSeconds).max().orElse(0);
    }
  }

  /** One value of a series: the start of its period and the value. */
  record Datapoint(Instant timestamp, double value) {}
}
