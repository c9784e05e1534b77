package com.example.txndr.lambda.failover;

import com.example.txndr.lambda.failover.AlarmEvidence.Datapoint;
import com.example.txndr.lambda.failover.AlarmEvidence.Metric;
import com.example.txndr.lambda.failover.AlarmEvidence.MetricAlarm;
import com.example.txndr.lambda.failover.AlarmEvidence.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the primary's composite alarm is backed by its metrics, not only by its state (docs/adr/0011).
 * Anyone allowed {@code cloudwatch:SetAlarmState} can put an alarm in ALARM; nobody but the AWS
 * service can write a datapoint into an {@code AWS/} namespace ({@code PutMetricData} refuses
 * them). So a hand-over is corroborated only when a child alarm of the composite, itself a metric
 * alarm on an {@code AWS/Route53} or {@code AWS/ApiGateway} metric of this system, has enough
 * breaching datapoints in its own evaluation window: at least {@code DatapointsToAlarm} of the
 * newest {@code EvaluationPeriods} datapoints, over the last {@code EvaluationPeriods + 1}
 * periods (one period of slack for the metric's publishing delay). A period without data never
 * counts as breaching, whatever the alarm's {@code TreatMissingData}: refusing costs a planned
 * hand-over, and a region that is really lost is still taken over when its lease expires.
 *
 * <p>Pure: definitions and datapoints in, a verdict out; the SDK calls are {@link AlarmEvidence}'s.
 */
public final class AlarmCorroboration {
  /** The only metrics a child may evaluate: written by Route 53 and API Gateway alone. */
  public static final Set<String> ALLOWED_METRICS = Set.of("AWS/Route53 HealthCheckStatus", "AWS/ApiGateway 5xx",
      "AWS/ApiGateway Count");

  private AlarmCorroboration() {}

  /**
   * What the orchestrator expects: the composite alarm, its children (the alarms whose data count),
   * and the API whose metrics count ({@code null}: any API of the account).
   */
  public record Expectation(String compositeName, Set<String> childNames, String httpApiId) {
    public Expectation {
      childNames = Set.copyOf(childNames);
    }

    /**
     * The alarms of the monitoring module for {@code prefix} ({@code <ProjectName>-<EnvironmentName>}):
     * {@code <prefix>-primary-region-unhealthy}, whose children are {@code <prefix>-primary-health-check}
     * and {@code <prefix>-api-5xx-rate}.
     */
    public static Expectation forPrefix(String prefix, String httpApiId) {
      return new Expectation(prefix + "-primary-region-unhealthy",
          Set.of(prefix + "-primary-health-check", prefix + "-api-5xx-rate"), httpApiId);
    }
  }

  /** The verdict: corroborated or not, the children whose data breach, and what was found per child. */
  public record Verdict(boolean corroborated, List<String> breaching, List<String> findings) {
    public Verdict {
      breaching = List.copyOf(breaching);
      findings = List.copyOf(findings);
    }
  }

  /** The start of the window whose datapoints judge {@code alarm} at {@code now}. */
  public static Instant windowStart(MetricAlarm alarm, Instant now) {
    return now.minusSeconds((long) alarm.periodSeconds() * (alarm.evaluationPeriods() + 1));
  }

  /**
   * Judges the composite alarm of {@code expected} at {@code now} from its children's definitions
   * and their datapoints (by alarm name, as {@link AlarmEvidence#datapoints} returns them). The
   * composite itself is not read: its state is what SetAlarmState sets, and its rule is fixed by
   * the monitoring module (a template test checks that it names exactly these children).
   */
  public static Verdict judge(Expectation expected, List<MetricAlarm> alarms,
      Map<String, List<Datapoint>> datapoints, Instant now) {
    List<String> findings = new ArrayList<>();
    List<String> breaching = new ArrayList<>();
    for (String child : expected.childNames().stream().sorted().toList()) {
      Optional<MetricAlarm> alarm = alarms.stream().filter(a -> a.name().equals(child)).findFirst();
      if (alarm.isEmpty()) {
        findings.add(child + ": no such metric alarm");
        continue;
      }
      String problem = definitionProblem(alarm.get(), expected);
      if (problem != null) {
        findings.add(child + ": not counted, " + problem);
        continue;
      }
      List<Datapoint> window = newest(alarm.get(), datapoints.getOrDefault(child, List.of()), now);
      long breached = window.stream().filter(p -> breaches(alarm.get(), p.value())).count();
      String counted = breached + " of the newest " + window.size() + " datapoint(s) breach (" + alarm.get().comparison()
          + " " + alarm.get().threshold() + "; " + alarm.get().datapointsToAlarm() + " of "
          + alarm.get().evaluationPeriods() + " needed), state " + alarm.get().state();
      if (breached >= alarm.get().datapointsToAlarm()) {
        breaching.add(child);
        findings.add(child + ": metric data breach: " + counted);
      } else {
        findings.add(child + ": metric data do not breach: " + counted);
      }
    }
    return new Verdict(!breaching.isEmpty(), breaching, findings);
  }

  /** Why the alarm's definition cannot corroborate anything, or null. */
  static String definitionProblem(MetricAlarm alarm, Expectation expected) {
    if (alarm.queries().isEmpty() || alarm.queries().stream().filter(Query::returnsData).count() != 1) {
      return "it must evaluate exactly one series";
    }
    if (alarm.periodSeconds() <= 0 || alarm.evaluationPeriods() <= 0 || alarm.datapointsToAlarm() <= 0
        || alarm.datapointsToAlarm() > alarm.evaluationPeriods()) {
      return "its period, EvaluationPeriods or DatapointsToAlarm are not usable";
    }
    if (comparator(alarm.comparison()) == null) {
      return "its comparison " + alarm.comparison() + " is not a static threshold";
    }
    for (Query query : alarm.queries()) {
      Metric metric = query.metric();
      if (metric == null) {
        continue;
      }
      if (!ALLOWED_METRICS.contains(metric.namespace() + " " + metric.name())) {
        return "metric " + metric.namespace() + " " + metric.name() + " is not one that only AWS writes"
            + " (allowed: " + ALLOWED_METRICS + ")";
      }
      if (metric.namespace().equals("AWS/ApiGateway") && expected.httpApiId() != null
          && !expected.httpApiId().equals(metric.dimensions().get("ApiId"))) {
        return "metric " + metric.name() + " is of API " + metric.dimensions().get("ApiId") + ", not this region's "
            + expected.httpApiId();
      }
      if (metric.namespace().equals("AWS/Route53") && metric.dimensions().get("HealthCheckId") == null) {
        return "metric HealthCheckStatus has no HealthCheckId dimension";
      }
    }
    return null;
  }

  private static List<Datapoint> newest(MetricAlarm alarm, List<Datapoint> points, Instant now) {
    Instant start = windowStart(alarm, now);
    return points.stream()
        .filter(p -> !p.timestamp().isBefore(start) && p.timestamp().isBefore(now))
        .sorted(Comparator.comparing(Datapoint::timestamp).reversed())
        .limit(alarm.evaluationPeriods())
        .toList();
  }

  private interface Comparison {
    boolean test(double value, double threshold);
  }

  private static Comparison comparator(String operator) {
    if (operator == null) {
      return null;
    }
    switch (operator) {
      case "GreaterThanThreshold":
        return (v, t) -> v > t;
      case "GreaterThanOrEqualToThreshold":
        return (v, t) -> v >= t;
      case "LessThanThreshold":
        return (v, t) -> v < t;
      case "LessThanOrEqualToThreshold":
        return (v, t) -> v <= t;
      default:
        return null;
    }
  }

  private static boolean breaches(MetricAlarm alarm, double value) {
    return !Double.isNaN(value) && comparator(alarm.comparison()).test(value, alarm.threshold());
  }
}
