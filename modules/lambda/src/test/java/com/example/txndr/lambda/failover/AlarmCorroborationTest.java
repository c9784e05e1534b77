package com.example.txndr.lambda.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.failover.AlarmCorroboration.Expectation;
import com.example.txndr.lambda.failover.AlarmCorroboration.Verdict;
import com.example.txndr.lambda.failover.AlarmEvidence.Metric;
import com.example.txndr.lambda.failover.AlarmEvidence.MetricAlarm;
import com.example.txndr.lambda.failover.AlarmEvidence.Query;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmCorroborationTest {
  private static final Instant NOW = Instant.parse("2026-06-01T10:00:30Z");
  private static final Expectation EXPECTED = Expectation.forPrefix("txn-dr-prod", FakeAlarmEvidence.API_ID);

  private final FakeAlarmEvidence cloudWatch = new FakeAlarmEvidence("txn-dr-prod", () -> NOW);

  /** What the orchestrator does: read the children and their data through the evidence, then judge. */
  private Verdict judge() {
    List<MetricAlarm> alarms = cloudWatch.metricAlarms(EXPECTED.childNames());
    Map<String, List<AlarmEvidence.Datapoint>> data = new HashMap<>();
    alarms.forEach(a -> data.put(a.name(), cloudWatch.datapoints(a, AlarmCorroboration.windowStart(a, NOW), NOW)));
    return AlarmCorroboration.judge(EXPECTED, alarms, data, NOW);
  }

  @Test
  void aFailingHealthCheckCorroboratesTheAlarm() {
    cloudWatch.primaryUnhealthy(2);

    Verdict verdict = judge();

    assertThat(verdict.corroborated()).isTrue();
    assertThat(verdict.breaching()).containsExactly("txn-dr-prod-primary-health-check");
  }

  @Test
  void aStateSetByHandOverHealthyMetricsIsNotCorroborated() {
    cloudWatch.alarmSetByHand();

    Verdict verdict = judge();

    assertThat(verdict.corroborated()).isFalse();
    assertThat(verdict.findings()).containsExactly(
        "txn-dr-prod-api-5xx-rate: metric data do not breach: 0 of the newest 3 datapoint(s) breach"
            + " (GreaterThanThreshold 5.0; 3 of 3 needed), state OK",
        "txn-dr-prod-primary-health-check: metric data do not breach: 0 of the newest 2 datapoint(s) breach"
            + " (LessThanThreshold 1.0; 2 of 2 needed), state OK");
  }

  @Test
  void childStatesSetByHandDoNotCountEither() {
    cloudWatch.alarmSetByHand()
        .define(cloudWatch.healthCheckAlarm(FakeAlarmEvidence.HEALTH_CHECK_ID, "ALARM"))
        .define(cloudWatch.errorRateAlarm(FakeAlarmEvidence.API_ID, "ALARM"));

    assertThat(judge().corroborated()).isFalse();
  }

  @Test
  void aHighErrorRateCorroboratesTheAlarm() {
    cloudWatch.alarmSetByHand().series("txn-dr-prod-api-5xx-rate", 3, 40);

    assertThat(judge().breaching()).containsExactly("txn-dr-prod-api-5xx-rate");
  }

  @Test
  void fewerBreachingDatapointsThanDatapointsToAlarmDoNotCorroborate() {
    cloudWatch.alarmSetByHand().series("txn-dr-prod-primary-health-check", 1, 0)
        .series("txn-dr-prod-api-5xx-rate", 2, 40);

    assertThat(judge().corroborated()).isFalse();
  }

  @Test
  void missingDataNeverCountsAsBreaching() {
    Verdict verdict = judge();

    assertThat(verdict.corroborated()).isFalse();
    assertThat(verdict.findings()).first().asString().contains("0 of the newest 0 datapoint(s) breach");
  }

  @Test
  void datapointsOlderThanTheEvaluationWindowDoNotCount() {
    cloudWatch.alarmSetByHand();
    List<AlarmEvidence.Datapoint> old = List.of(new AlarmEvidence.Datapoint(NOW.minus(Duration.ofMinutes(5)), 0),
        new AlarmEvidence.Datapoint(NOW.minus(Duration.ofMinutes(6)), 0));
    MetricAlarm alarm = cloudWatch.healthCheckAlarm(FakeAlarmEvidence.HEALTH_CHECK_ID, "OK");

    Verdict verdict = AlarmCorroboration.judge(EXPECTED, List.of(alarm), Map.of(alarm.name(), old), NOW);

    assertThat(verdict.corroborated()).isFalse();
  }

  @Test
  void aChildRedefinedOnACustomNamespaceIsNotCounted() {
    // PutMetricData can write any namespace but AWS/: a child on such a metric could be fed by hand.
    cloudWatch.alarmSetByHand().series("txn-dr-prod-primary-health-check", 2, 0).define(new MetricAlarm(
        "txn-dr-prod-primary-health-check", List.of(new Query("m1", new Metric("TransactionDr/Fake",
            "HealthCheckStatus", Map.of("HealthCheckId", "x")), "Minimum", 60, null, true)), 2, 2,
        "LessThanThreshold", 1, "ALARM"));

    Verdict verdict = judge();

    assertThat(verdict.corroborated()).isFalse();
    assertThat(verdict.findings().get(1)).startsWith("txn-dr-prod-primary-health-check: not counted, metric"
        + " TransactionDr/Fake HealthCheckStatus is not one that only AWS writes");
  }

  @Test
  void anErrorRateOfAnotherApiIsNotCounted() {
    cloudWatch.alarmSetByHand().series("txn-dr-prod-api-5xx-rate", 3, 40)
        .define(cloudWatch.errorRateAlarm("zzzzzzzzzz", "ALARM"));

    Verdict verdict = judge();

    assertThat(verdict.corroborated()).isFalse();
    assertThat(verdict.findings().get(0)).isEqualTo("txn-dr-prod-api-5xx-rate: not counted, metric 5xx is of API"
        + " zzzzzzzzzz, not this region's " + FakeAlarmEvidence.API_ID);
  }

  @Test
  void aMissingChildIsNotCountedAndTheOtherStillIs() {
    FakeAlarmEvidence partial = new FakeAlarmEvidence("txn-dr-prod", () -> NOW).primaryUnhealthy(3);
    List<MetricAlarm> alarms = partial.metricAlarms(List.of("txn-dr-prod-primary-health-check"));
    MetricAlarm healthCheck = alarms.get(0);

    Verdict verdict = AlarmCorroboration.judge(EXPECTED, alarms, Map.of(healthCheck.name(),
        partial.datapoints(healthCheck, AlarmCorroboration.windowStart(healthCheck, NOW), NOW)), NOW);

    assertThat(verdict.corroborated()).isTrue();
    assertThat(verdict.findings().get(0)).isEqualTo("txn-dr-prod-api-5xx-rate: no such metric alarm");
  }
}
