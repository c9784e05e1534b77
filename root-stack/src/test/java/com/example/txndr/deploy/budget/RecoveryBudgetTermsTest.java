package com.example.txndr.deploy.budget;

import static com.example.txndr.deploy.budget.Budgets.PRIMARY;
import static com.example.txndr.deploy.budget.Budgets.SECONDARY;
import static com.example.txndr.deploy.budget.Budgets.check;
import static com.example.txndr.deploy.budget.Budgets.input;
import static com.example.txndr.deploy.budget.Budgets.number;
import static com.example.txndr.deploy.budget.Budgets.term;
import static com.example.txndr.deploy.budget.Budgets.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.deploy.budget.Report.Input;
import com.example.txndr.deploy.budget.Report.Status;
import com.example.txndr.deploy.budget.Report.Term;
import com.example.txndr.deploy.budget.internal.Schedules;
import com.example.txndr.template.Composition;
import com.example.txndr.template.DeployedResource;
import com.example.txndr.template.RepoRoot;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every term of the budget of the repository's own templates, compared with what the kit resolves
 * from the source templates (not the packaged ones the budget reads) for the same root defaults.
 */
class RecoveryBudgetTermsTest {
  private static final String FIXTURE = "measurement";
  private static final String PRIMARY_ROUTE53 = "Root/PrimaryRegionalStack/Route53Stack";
  private static final String SECONDARY_LAMBDA = "Root/SecondaryStackSet[us-west-2]/LambdaStack";
  private static final String SECONDARY_MONITORING = "Root/SecondaryStackSet[us-west-2]/MonitoringStack";
  private static final Map<String, String> LAMBDA_STACKS = Map.of(PRIMARY, "Root/PrimaryRegionalStack/LambdaStack",
      SECONDARY, SECONDARY_LAMBDA);

  @TempDir
  static Path dist;

  private static Path repo;
  private static Report report;
  private static Composition kit;

  @BeforeAll
  static void computeTheBudgetOfTheRepository() {
    repo = RepoRoot.find();
    report = Budgets.compute(repo, Budgets.packageTo(repo, dist), FIXTURE, Optional.empty());
    kit = Budgets.kit(repo, Map.of());
  }

  @Test
  void healthCheckDetectionIsThePrimaryHealthChecksRequestIntervalTimesItsFailureThreshold() {
    Term t = term(report.rto(), "DNS: health checks see the primary fail");

    BigDecimal interval = number(kit, PRIMARY_ROUTE53, "ApiHealthCheck", "HealthCheckConfig.RequestInterval");
    BigDecimal threshold = number(kit, PRIMARY_ROUTE53, "ApiHealthCheck", "HealthCheckConfig.FailureThreshold");
    assertThat(t.value()).isEqualByComparingTo(interval.multiply(threshold));
    assertThat(input(t.inputs(), "request interval").source()).isEqualTo(Report.Source.template(
        "modules/route53/templates/route53.template.json", PRIMARY_ROUTE53, PRIMARY, "ApiHealthCheck",
        "HealthCheckConfig.RequestInterval", interval.toPlainString()));
  }

  @Test
  void healthCheckSettingsAreTheOnesTheRootPassesDown() {
    Term t = term(report.rto(), "DNS: health checks see the primary fail");

    assertThat(input(t.inputs(), "failure threshold").source().value())
        .isEqualTo(kit.stack("Root").evaluator().parameter("HealthCheckFailureThreshold"));
    assertThat(input(t.inputs(), "request interval").source().value())
        .isEqualTo(kit.stack("Root").evaluator().parameter("HealthCheckRequestInterval"));
  }

  @Test
  void dnsTtlIsTheTtlOfThePrimarysFailoverRecord() {
    Term t = term(report.rto(), "DNS: resolvers keep the primary's answer");

    assertThat(text(kit, PRIMARY_ROUTE53, "FailoverRecord", "Failover")).isEqualTo("PRIMARY");
    assertThat(t.value()).isEqualByComparingTo(number(kit, PRIMARY_ROUTE53, "FailoverRecord", "TTL"));
  }

  @Test
  void takeoverConditionIsTheSecondaryKeepersLeasePlusClockErrorOrItsStaleHeartbeatPlusARenewal() {
    Term t = term(report.rto(), "Lease: the takeover condition holds");
    BigDecimal lease = number(kit, SECONDARY_LAMBDA, "LeaseKeeperFunction", "Environment.Variables.LEASE_SECONDS");
    BigDecimal error = number(kit, SECONDARY_LAMBDA, "LeaseKeeperFunction",
        "Environment.Variables.MAX_CLOCK_ERROR_MILLIS");
    BigDecimal stale = number(kit, SECONDARY_LAMBDA, "LeaseKeeperFunction",
        "Environment.Variables.HEARTBEAT_STALE_SECONDS");
    BigDecimal renew = number(kit, SECONDARY_LAMBDA, "LeaseKeeperFunction",
        "Environment.Variables.LEASE_RENEW_SECONDS");

    assertThat(t.value()).isEqualByComparingTo(
        lease.add(error.divide(BigDecimal.valueOf(1000))).max(stale.add(renew)));
    assertThat(input(t.inputs(), "lease").source().stack()).isEqualTo(SECONDARY_LAMBDA);
  }

  @Test
  void standbysNextTickIsItsKeepersRenewalInterval() {
    Term t = term(report.rto(), "Lease: the standby's next tick");

    assertThat(t.value()).isEqualByComparingTo(number(kit, SECONDARY_LAMBDA, "LeaseKeeperFunction",
        "Environment.Variables.LEASE_RENEW_SECONDS"));
  }

  /** A silent region fails its last check only when the checker stops waiting: Route 53's documented 4 s + 2 s. */
  @Test
  void lastFailedHealthCheckWaitsForRoute53sDocumentedResponseTimeout() {
    Term t = term(report.rto(), "DNS: the last failed check waits for its answer");
    assertThat(t.value()).isEqualByComparingTo("6");
    assertThat(t.inputs()).singleElement().satisfies(i -> {
      assertThat(i.source().kind()).isEqualTo("aws");
      assertThat(i.source().file()).isEqualTo(AwsFacts.ROUTE53_HEALTH_DOC);
    });
  }

  @Test
  void clientsNextAttemptAndDnsPropagationAreNamedAsAssumptions() {
    assertThat(input(term(report.rto(), "DNS: the client's next attempt").inputs(), "back-off ceiling").source().kind())
        .isEqualTo("assumption");
    assertThat(term(report.rto(), "DNS: the status reaches the failover record's answers").inputs())
        .allMatch(i -> i.source().kind().equals("assumption"));
  }

  @Test
  void rtoIsTheLongerBranchPlusTheWarmUp() {
    BigDecimal dns = BigDecimal.ZERO;
    BigDecimal lease = BigDecimal.ZERO;
    for (Term t : report.rto().terms()) {
      if (t.name().startsWith("DNS: ")) {
        dns = dns.add(t.value());
      } else if (t.name().startsWith("Lease: ")) {
        lease = lease.add(t.value());
      }
    }
    BigDecimal warmUp = term(report.rto(), "Warm-up of the standby's functions").value();

    assertThat(report.rto().figure()).isEqualByComparingTo(dns.max(lease).add(warmUp));
    assertThat(report.rto().how()).startsWith("critical path: max(DNS branch");
  }

  @Test
  void warmUpIsTheMeasuredColdStart() {
    Term t = term(report.rto(), "Warm-up of the standby's functions");

    assertThat(t.value()).isEqualByComparingTo(
        Budgets.measured(FIXTURE, Measurement.COLD_START).divide(BigDecimal.valueOf(1000)));
    assertThat(input(t.inputs(), "cold start (new JVM to first response, no SnapStart)").source())
        .isEqualTo(Report.Source.measurement("docs/measurements/lambda.json", Measurement.COLD_START,
            Budgets.measured(FIXTURE, Measurement.COLD_START).toPlainString()));
  }

  @Test
  void processorInAVpcAddsNoColdStartTermAndSaysWhyWithItsSource() {
    Term t = term(report.rto(), "Warm-up of the standby's functions");
    Input vpc = input(t.inputs(), "VPC attachment (Hyperplane ENI made with the function, not per cold start)");

    assertThat(vpc.value()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(vpc.source()).isEqualTo(Report.Source.aws(AwsFacts.VPC_NETWORKING_DOC, "VPC_COLD_START_SECONDS",
        BigDecimal.ZERO));
  }

  @Test
  void transactionalRpoIsThePrimaryReplicationAlarmsThresholdPlusItsEvaluationWindow() {
    String alarm = "DynamoDbReplicationLatencyAlarm";
    BigDecimal threshold = number(kit, "Root/MonitoringStack", alarm, "Threshold");
    BigDecimal window = number(kit, "Root/MonitoringStack", alarm, "Period")
        .multiply(number(kit, "Root/MonitoringStack", alarm, "EvaluationPeriods"));

    assertThat(report.rpo().figure()).isEqualByComparingTo(threshold.divide(BigDecimal.valueOf(1000)).add(window));
    assertThat(report.rpo().status()).isEqualTo(report.rpo().figure().compareTo(SeedLimits.RPO_SECONDS) < 0
        ? Status.PASS : Status.FAIL);
  }

  @Test
  void documentRpoIsThePrimaryRulesReplicationTimeAndNeverGatesTheBuild() {
    BigDecimal minutes = number(kit, "Root/PrimaryRegionalStack/S3CrrStack", "DocumentBucket",
        "ReplicationConfiguration.Rules[0].Destination.ReplicationTime.Time.Minutes");

    assertThat(report.documents().figure()).isEqualByComparingTo(minutes.multiply(BigDecimal.valueOf(60)));
    assertThat(report.documents().figure()).isGreaterThanOrEqualTo(SeedLimits.RPO_SECONDS);
    assertThat(report.documents().status()).isEqualTo(Status.SHOWN);
    assertThat(report.failures()).noneMatch(f -> f.contains("Document"));
  }

  @Test
  void documentAlarmIsTheSecondarysAlarmOnThePrimarysBucketAndIsNotAdded() {
    Term t = term(report.documents(), "S3 replication latency that pages");

    assertThat(t.counted()).isFalse();
    assertThat(t.value()).isEqualByComparingTo(number(kit, SECONDARY_MONITORING, "DocumentReplicationLatencyAlarm",
        "Threshold"));
    assertThat(text(kit, SECONDARY_MONITORING, "DocumentReplicationLatencyAlarm", "Dimensions[0].Value"))
        .endsWith("-" + PRIMARY);
  }

  @Test
  void backupFigureIsTheSmallestRuleIntervalPlusItsStartWindow() {
    DeployedResource plan = Budgets.resource(kit, "Root/BackupStack", "BackupPlan");
    JsonNode rules = plan.property("BackupPlan.BackupPlanRule");
    List<BigDecimal> figures = new ArrayList<>();
    for (JsonNode rule : rules) {
      figures.add(BigDecimal.valueOf(Schedules.longestIntervalSeconds(rule.path("ScheduleExpression").asText())
          .orElseThrow()).add(BigDecimal.valueOf(60).multiply(new BigDecimal(rule.path("StartWindowMinutes").asText()))));
    }

    assertThat(report.backups().figure()).isEqualByComparingTo(figures.stream().min(BigDecimal::compareTo).orElseThrow());
    assertThat(report.backups().status()).isEqualTo(Status.SHOWN);
  }

  @Test
  void reservedConcurrencyOfEachRegionsProcessorCarriesTheMeasuredHandlerTime() {
    BigDecimal handlerMillis = Budgets.measured(FIXTURE, Measurement.HANDLER_CPU)
        .divide(BigDecimal.valueOf(1000), 3, RoundingMode.UP);
    for (String region : List.of(PRIMARY, SECONDARY)) {
      Report.Check c = check(report, "Lambda reserved concurrency of the processor", region);
      BigDecimal reserved = number(kit, LAMBDA_STACKS.get(region), "TransactionProcessorFunction",
          "ReservedConcurrentExecutions");

      assertThat(c.needed()).isEqualByComparingTo(handlerMillis);
      assertThat(c.available()).isEqualByComparingTo(reserved.multiply(BigDecimal.valueOf(1000))
          .divide(SeedLimits.TARGET_TPS, 3, RoundingMode.DOWN));
      assertThat(c.status()).isEqualTo(c.needed().compareTo(c.available()) < 0 ? Status.PASS : Status.FAIL);
    }
  }

  @Test
  void eachRegionsProcessorReservesAnExecutionEnvironmentForEveryTenRequestsPerSecondOfTheTarget() {
    for (String region : List.of(PRIMARY, SECONDARY)) {
      Report.Check c = check(report, "Lambda requests per execution environment", region);
      BigDecimal reserved = number(kit, LAMBDA_STACKS.get(region), "TransactionProcessorFunction",
          "ReservedConcurrentExecutions");

      assertThat(c.needed()).isEqualByComparingTo(BigDecimal.valueOf(1000));
      assertThat(c.available()).isEqualByComparingTo(reserved);
      assertThat(c.status()).isEqualTo(Status.PASS);
      Input rate = input(c.inputs(), "requests per second one execution environment serves, at most");
      assertThat(rate.value()).isEqualByComparingTo(BigDecimal.TEN);
      assertThat(rate.source().kind()).isEqualTo("aws");
      assertThat(rate.source().file()).isEqualTo(AwsFacts.LAMBDA_QUOTAS_DOC);
    }
  }

  @Test
  void everyTemplateDeclaringTheProcessorsReservedConcurrencyDefaultsToOneEnvironmentPerTenRequestsOfTheTarget() {
    // The budget reads the root's default; the regional and lambda templates deploy alone with theirs.
    BigDecimal needed = SeedLimits.TARGET_TPS.divide(AwsFacts.REQUESTS_PER_ENVIRONMENT_PER_SECOND);
    for (String file : List.of("root-stack/templates/root.template.json",
        "stacksets/templates/regional.template.json", "modules/lambda/templates/lambda.template.json")) {
      JsonNode parameter = Budgets.read(repo.resolve(file)).path("Parameters").path("ReservedConcurrency");

      assertThat(parameter.path("Default").decimalValue()).as(file + " Parameters.ReservedConcurrency.Default")
          .isGreaterThanOrEqualTo(needed).isEqualByComparingTo(BigDecimal.valueOf(1500));
      assertThat(parameter.path("MinValue").intValue()).as(file + " Parameters.ReservedConcurrency.MinValue")
          .isEqualTo(100);
    }
  }

  @Test
  void apiThrottlingRateOfEachRegionsStageIsCheckedAgainstTheTarget() {
    for (String region : List.of(PRIMARY, SECONDARY)) {
      Report.Check c = check(report, "API stage throttling rate", region);

      assertThat(c.needed()).isEqualByComparingTo(SeedLimits.TARGET_TPS);
      assertThat(c.available()).isEqualByComparingTo(number(kit, LAMBDA_STACKS.get(region), "HttpApiStage",
          "DefaultRouteSettings.ThrottlingRateLimit"));
      assertThat(input(c.inputs(), "burst").value()).isEqualByComparingTo(number(kit, LAMBDA_STACKS.get(region),
          "HttpApiStage", "DefaultRouteSettings.ThrottlingBurstLimit"));
    }
  }

  @Test
  void warmWriteThroughputIsTheGlobalTablesAgainstTheMeasuredWritesPerTransfer() {
    Report.Check c = check(report, "DynamoDB warm write throughput", "every replica");
    BigDecimal unitsPerAction = Budgets.measured(FIXTURE, Measurement.LARGEST_ITEM)
        .divide(AwsFacts.WRITE_UNIT_BYTES, 0, RoundingMode.CEILING).multiply(AwsFacts.TRANSACTIONAL_WRITE_UNITS_PER_KB);

    assertThat(c.available()).isEqualByComparingTo(number(kit, "Root/DynamoDbGlobalStack", "TransactionsTable",
        "WarmThroughput.WriteUnitsPerSecond"));
    assertThat(c.needed()).isEqualByComparingTo(SeedLimits.TARGET_TPS
        .multiply(Budgets.measured(FIXTURE, Measurement.ACTIONS)).multiply(unitsPerAction));
  }

  @Test
  void hottestItemIsCheckedAgainstTheWriteLimitOfOneItem() {
    Report.Check c = check(report, "DynamoDB hottest item", "every replica");
    BigDecimal unitsPerAction = Budgets.measured(FIXTURE, Measurement.LARGEST_ITEM)
        .divide(AwsFacts.WRITE_UNIT_BYTES, 0, RoundingMode.CEILING).multiply(AwsFacts.TRANSACTIONAL_WRITE_UNITS_PER_KB);

    assertThat(c.name()).isEqualTo("DynamoDB hottest item (pk=CONTROL sk=ACTIVE_REGION)");
    assertThat(c.available()).isEqualByComparingTo(AwsFacts.ITEM_WRITE_UNITS_PER_SECOND);
    assertThat(c.needed()).isEqualByComparingTo(SeedLimits.TARGET_TPS
        .multiply(Budgets.measured(FIXTURE, Measurement.HOTTEST_ITEM_ACTIONS)).multiply(unitsPerAction));
  }

  @Test
  void everyTemplateInputIsTheValueTheKitResolvesAtItsStackResourceAndProperty() {
    List<Input> inputs = new ArrayList<>();
    for (Report.Section s : List.of(report.rto(), report.rpo(), report.documents(), report.backups())) {
      s.terms().forEach(t -> inputs.addAll(t.inputs()));
    }
    report.capacity().checks().forEach(c -> inputs.addAll(c.inputs()));
    List<Input> fromTemplates = inputs.stream().filter(i -> i.source().kind().equals("template")).toList();

    assertThat(fromTemplates).hasSizeGreaterThan(20);
    for (Input i : fromTemplates) {
      Report.Source s = i.source();
      assertThat(repo.resolve(s.file())).as(s.file()).isRegularFile();
      JsonNode resolved = Budgets.resource(kit, s.stack(), s.logicalId()).property(s.property());
      assertThat(resolved.isValueNode() ? resolved.asText() : resolved.toString()).as(i.name() + " " + s)
          .isEqualTo(s.value());
      assertThat(kit.stack(s.stack()).region()).isEqualTo(s.region());
    }
  }
}
