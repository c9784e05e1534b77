package com.example.txndr.deploy.budget;

import static com.example.txndr.deploy.budget.Budgets.number;
import static com.example.txndr.deploy.budget.Budgets.term;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.deploy.budget.Report.Status;
import com.example.txndr.template.Composition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget follows the templates: a copy of the repository's templates is edited, packaged and
 * budgeted, and the figures move by exactly what the edit implies; a copy whose settings break a
 * limit fails with the exact message.
 */
class EditedCopyTest {
  private static final String ROOT = "root-stack/templates/root.template.json";
  private static final String MONITORING = "modules/monitoring/templates/monitoring.template.json";
  private static final String LAMBDA = "modules/lambda/templates/lambda.template.json";
  private static final String WITHIN_CAPACITY = "measurement-within-capacity";

  @TempDir
  Path base;

  @TempDir
  Path edited;

  private static Report budget(Budgets.Copy copy, String fixture) {
    return Budgets.compute(copy.root(), copy.packageDist(), fixture, Optional.empty());
  }

  private static BigDecimal rootDefault(Budgets.Copy copy, String parameter) {
    return Budgets.read(copy.root().resolve(ROOT)).path("Parameters").path(parameter).path("Default").decimalValue();
  }

  @Test
  void raisingTheHealthCheckFailureThresholdDefaultRaisesTheRtoByIntervalTimesTheDifference() {
    Budgets.Copy before = Budgets.Copy.of(base);
    Budgets.Copy after = Budgets.Copy.of(edited);
    BigDecimal threshold = rootDefault(before, "HealthCheckFailureThreshold");
    after.parameterDefault(ROOT, "HealthCheckFailureThreshold", threshold.intValue() + 2);

    Report r0 = budget(before, WITHIN_CAPACITY);
    Report r1 = budget(after, WITHIN_CAPACITY);

    BigDecimal interval = rootDefault(before, "HealthCheckRequestInterval");
    assertThat(r1.rto().figure().subtract(r0.rto().figure()))
        .isEqualByComparingTo(interval.multiply(BigDecimal.valueOf(2)));
    assertThat(term(r1.rto(), "DNS: health checks see the primary fail").value())
        .isEqualByComparingTo(interval.multiply(threshold.add(BigDecimal.valueOf(2))));
  }

  @Test
  void raisingTheDynamoDbReplicationAlarmThresholdRaisesTheRpo() {
    Budgets.Copy before = Budgets.Copy.of(base);
    Budgets.Copy after = Budgets.Copy.of(edited);
    BigDecimal threshold = Budgets.read(before.root().resolve(MONITORING)).path("Parameters")
        .path("DynamoDbReplicationLatencyThresholdMs").path("Default").decimalValue();
    after.parameterDefault(MONITORING, "DynamoDbReplicationLatencyThresholdMs", threshold.intValue() - 30_000);

    Report r0 = budget(before, WITHIN_CAPACITY);
    Report r1 = budget(after, WITHIN_CAPACITY);

    assertThat(r0.rpo().figure().subtract(r1.rpo().figure())).isEqualByComparingTo(BigDecimal.valueOf(30));
  }

  @Test
  void lengtheningTheFailoverRecordsTtlRaisesTheRtoByTheDifference() {
    Budgets.Copy before = Budgets.Copy.of(base);
    Budgets.Copy after = Budgets.Copy.of(edited)
        .property("modules/route53/templates/route53.template.json", "FailoverRecord", "TTL",
            Map.of("Fn::If", List.of("HasCustomDomain", Map.of("Ref", "AWS::NoValue"), "300")));

    Report r0 = budget(before, WITHIN_CAPACITY);
    Report r1 = budget(after, WITHIN_CAPACITY);

    BigDecimal ttl = term(r0.rto(), "DNS: resolvers keep the primary's answer").value();
    assertThat(r1.rto().figure().subtract(r0.rto().figure()))
        .isEqualByComparingTo(BigDecimal.valueOf(300).subtract(ttl));
  }

  @Test
  void copyWithEverySettingWithinTheLimitsPasses() {
    Report r = budget(Budgets.Copy.of(base), WITHIN_CAPACITY);

    assertThat(r.failures()).isEmpty();
    assertThat(r.rto().status()).isEqualTo(Status.PASS);
    assertThat(r.rpo().status()).isEqualTo(Status.PASS);
    assertThat(r.capacity().status()).isEqualTo(Status.PASS);
    BigDecimal dns = branch(r, "DNS: ");
    BigDecimal lease = branch(r, "Lease: ");
    assertThat(dns).isGreaterThan(lease);
    assertThat(r.rto().figure()).isEqualByComparingTo(dns.add(term(r.rto(), "Warm-up of the standby's functions")
        .value()));
  }

  @Test
  void copyWhoseTtlBreaksTheRtoFailsWithTheExactMessage() {
    Budgets.Copy copy = Budgets.Copy.of(base)
        .property("modules/route53/templates/route53.template.json", "FailoverRecord", "TTL",
            Map.of("Fn::If", List.of("HasCustomDomain", Map.of("Ref", "AWS::NoValue"), "900")));
    Path dist = copy.packageDist();
    Composition kit = Budgets.kit(copy.root(), Map.of());
    BigDecimal expected = number(kit, "Root/PrimaryRegionalStack/Route53Stack", "ApiHealthCheck",
        "HealthCheckConfig.RequestInterval")
        .multiply(number(kit, "Root/PrimaryRegionalStack/Route53Stack", "ApiHealthCheck",
            "HealthCheckConfig.FailureThreshold"))
        .add(AwsFacts.HEALTH_CHECK_RESPONSE_SECONDS)
        .add(AwsFacts.DNS_PROPAGATION_SECONDS)
        .add(number(kit, "Root/PrimaryRegionalStack/Route53Stack", "FailoverRecord", "TTL"))
        .add(ClientSettings.BACK_OFF_CEILING_SECONDS).add(ClientSettings.TIMEOUT_SECONDS)
        .add(Budgets.measured(WITHIN_CAPACITY, Measurement.COLD_START).divide(BigDecimal.valueOf(1000)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(() -> RecoveryBudget.run(new RecoveryBudget.Options(dist, "dist",
        Budgets.measurement(WITHIN_CAPACITY), "docs/measurements/lambda.json", Optional.empty(),
        Optional.of(copy.root())), new PrintStream(out, true, StandardCharsets.UTF_8), "dist/dr-report.md"))
        .isInstanceOf(BudgetException.class)
        .hasMessage("recovery budget failed (report: dist/dr-report.md):\n- RTO " + Numbers.duration(expected)
            + " is not under the seed's " + Numbers.duration(SeedLimits.RTO_SECONDS));
    assertThat(expected).isGreaterThanOrEqualTo(SeedLimits.RTO_SECONDS);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("RTO       " + Numbers.duration(expected)
        + ", limit under " + Numbers.duration(SeedLimits.RTO_SECONDS) + ": FAIL; project target "
        + Numbers.duration(SeedLimits.RTO_TARGET_SECONDS) + ": MISSED\n");
  }

  @Test
  void copyWhoseReplicationAlarmBreaksTheRpoFailsWithTheExactMessage() {
    Budgets.Copy copy = Budgets.Copy.of(base)
        .parameterDefault(MONITORING, "DynamoDbReplicationLatencyThresholdMs", 200_000);

    Report r = budget(copy, WITHIN_CAPACITY);

    Composition kit = Budgets.kit(copy.root(), Map.of());
    BigDecimal expected = BigDecimal.valueOf(200).add(number(kit, "Root/MonitoringStack",
        "DynamoDbReplicationLatencyAlarm", "Period").multiply(number(kit, "Root/MonitoringStack",
            "DynamoDbReplicationLatencyAlarm", "EvaluationPeriods")));
    assertThat(r.failures()).containsExactly("RPO " + Numbers.duration(expected) + " is not under the seed's "
        + Numbers.duration(SeedLimits.RPO_SECONDS));
  }

  @Test
  void copyWhoseReservedConcurrencyCannotCarryTheMeasuredHandlerTimeFailsInBothRegions() {
    Budgets.Copy copy = Budgets.Copy.of(base)
        .parameterDefault(ROOT, "ReservedConcurrency", 100);

    // 100 concurrent executions carry 10 ms per request at 10,000 TPS; the fixture handler takes 12.5 ms.
    Report r = budget(copy, "measurement-slow-handler");

    assertThat(r.failures()).containsExactly(
        "capacity: Lambda reserved concurrency of the processor (us-east-1): 12.5 ms per request is not under 10",
        "capacity: Lambda requests per execution environment (us-east-1): needs 1000 execution environments, has 100",
        "capacity: Lambda reserved concurrency of the processor (us-west-2): 12.5 ms per request is not under 10",
        "capacity: Lambda requests per execution environment (us-west-2): needs 1000 execution environments, has 100");
  }

  @Test
  void threeHundredReservedEnvironmentsCannotTakeTenThousandRequestsPerSecondHoweverShortEachIs() {
    Budgets.Copy copy = Budgets.Copy.of(base)
        .parameterDefault(ROOT, "ReservedConcurrency", 300);

    // 300 concurrent executions carry 30 ms per request, far more than the fixture's 85.4 µs, but
    // Lambda serves at most 10 requests per second in each: 3,000 requests per second in all.
    Report r = budget(copy, WITHIN_CAPACITY);

    assertThat(r.failures()).containsExactly(
        "capacity: Lambda requests per execution environment (us-east-1): needs 1000 execution environments, has 300",
        "capacity: Lambda requests per execution environment (us-west-2): needs 1000 execution environments, has 300");
    assertThat(r.capacity().status()).isEqualTo(Status.FAIL);
  }

  @Test
  void theDefaultReservedConcurrencyTakesTheTargetAtTenRequestsPerSecondPerEnvironment() {
    Report r = budget(Budgets.Copy.of(base), WITHIN_CAPACITY);

    for (String region : List.of(Budgets.PRIMARY, Budgets.SECONDARY)) {
      Report.Check c = Budgets.check(r, "Lambda requests per execution environment", region);
      assertThat(c.status()).isEqualTo(Status.PASS);
      assertThat(c.needed()).isEqualByComparingTo(BigDecimal.valueOf(1000));
      assertThat(c.available()).isEqualByComparingTo(BigDecimal.valueOf(1500));
    }
  }

  @Test
  void theSameSlowHandlerFitsTheDefaultReservedConcurrency() {
    Report r = budget(Budgets.Copy.of(base), "measurement-slow-handler");

    assertThat(r.failures()).noneMatch(f -> f.contains("reserved concurrency"));
  }

  @Test
  void aSingleUnshardedControlItemCheckedByEveryTransferOverloadsThatItem() {
    // The fixture measures the design before sharding: every transfer checks pk=CONTROL.
    Report r = budget(Budgets.Copy.of(base), "measurement");

    BigDecimal perAction = AwsFacts.TRANSACTIONAL_WRITE_UNITS_PER_KB.multiply(Budgets.measured("measurement",
        Measurement.LARGEST_ITEM).divide(AwsFacts.WRITE_UNIT_BYTES, 0, RoundingMode.CEILING));
    assertThat(r.failures()).containsExactly(
        "capacity: DynamoDB hottest item (pk=CONTROL sk=ACTIVE_REGION) (every replica): needs "
            + Numbers.plain(SeedLimits.TARGET_TPS.multiply(Budgets.measured("measurement",
                Measurement.HOTTEST_ITEM_ACTIONS)).multiply(perAction))
            + " write units/s, has " + Numbers.plain(AwsFacts.ITEM_WRITE_UNITS_PER_SECOND));
  }

  @Test
  void aCopyWhoseTableIsWarmedBelowTheMeasuredWritesFails() {
    // The fixture measures 4 actions of at most 1 KB per transfer: 10,000 x 4 x 2 = 80,000 write units/s.
    Budgets.Copy copy = Budgets.Copy.of(base).property(
        "modules/dynamodb-global/templates/dynamodb-global.template.json", "TransactionsTable",
        "WarmThroughput.WriteUnitsPerSecond", 70000);

    Report r = budget(copy, WITHIN_CAPACITY);

    assertThat(r.failures()).containsExactly(
        "capacity: DynamoDB warm write throughput (every replica): needs 80000 write units/s, has 70000");
  }

  /** The production path (existing delegated zone, custom domain): its CNAME's TTL bounds the DNS term. */
  @Test
  void theCustomDomainsRecordHasATtlAndTheProductionPathPassesTheBudget() throws Exception {
    Budgets.Copy copy = Budgets.Copy.of(base);
    Path parameters = base.resolve("custom-domain.json");
    java.nio.file.Files.writeString(parameters,
        "{\"Parameters\": {\"UseCustomDomain\": \"true\", \"ExistingHostedZoneId\": \"Z0123456789EXAMPLE\"}}");

    Report r = Budgets.compute(copy.root(), copy.packageDist(), WITHIN_CAPACITY, Optional.of(parameters));

    Report.Term ttl = term(r.rto(), "DNS: resolvers keep the primary's answer");
    assertThat(ttl.problem()).isNull();
    assertThat(ttl.value()).isEqualByComparingTo("60");
    assertThat(r.rto().status()).isNotEqualTo(Status.INCOMPLETE);
    assertThat(r.failures()).isEmpty();
  }

  @Test
  void aFailoverRecordWithoutATtlLeavesTheBudgetIncompleteAndSaysWhy() throws Exception {
    Budgets.Copy copy = Budgets.Copy.of(base).edit("modules/route53/templates/route53.template.json",
        t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t.at("/Resources/FailoverRecord/Properties")).remove("TTL"));
    Path parameters = base.resolve("custom-domain.json");
    java.nio.file.Files.writeString(parameters,
        "{\"Parameters\": {\"UseCustomDomain\": \"true\", \"ExistingHostedZoneId\": \"Z0123456789EXAMPLE\"}}");

    Report r = Budgets.compute(copy.root(), copy.packageDist(), WITHIN_CAPACITY, Optional.of(parameters));

    assertThat(term(r.rto(), "DNS: resolvers keep the primary's answer").problem()).startsWith("record TTL: "
        + "modules/route53/templates/route53.template.json must declare FailoverRecord.Properties.TTL "
        + "(Root/PrimaryRegionalStack/Route53Stack, us-east-1)");
    assertThat(r.rto().status()).isEqualTo(Status.INCOMPLETE);
  }

  @Test
  void aLeaseLongerThanTheDnsBranchBecomesTheCriticalPath() {
    Budgets.Copy before = Budgets.Copy.of(base);
    Budgets.Copy after = Budgets.Copy.of(edited)
        .property(LAMBDA, "LeaseKeeperFunction", "Environment.Variables.LEASE_SECONDS", "120");

    Report r0 = budget(before, WITHIN_CAPACITY);
    Report r1 = budget(after, WITHIN_CAPACITY);

    BigDecimal warmUp = term(r1.rto(), "Warm-up of the standby's functions").value();
    assertThat(branch(r1, "Lease: ")).isGreaterThan(branch(r1, "DNS: "));
    assertThat(r1.rto().figure()).isEqualByComparingTo(branch(r1, "Lease: ").add(warmUp));
    assertThat(r1.rto().figure()).isGreaterThan(r0.rto().figure());
  }

  private static BigDecimal branch(Report r, String prefix) {
    return r.rto().terms().stream().filter(t -> t.name().startsWith(prefix)).map(Report.Term::value)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

}
