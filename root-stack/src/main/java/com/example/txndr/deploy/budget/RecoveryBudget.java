package com.example.txndr.deploy.budget;

import com.example.txndr.deploy.Manifest;
import com.example.txndr.deploy.budget.Report.Capacity;
import com.example.txndr.deploy.budget.Report.Check;
import com.example.txndr.deploy.budget.Report.Context;
import com.example.txndr.deploy.budget.Report.Input;
import com.example.txndr.deploy.budget.Report.Section;
import com.example.txndr.deploy.budget.Report.Source;
import com.example.txndr.deploy.budget.Report.Status;
import com.example.txndr.deploy.budget.Report.Term;
import com.example.txndr.deploy.budget.internal.Lookup;
import com.example.txndr.deploy.budget.internal.ReportWriter;
import com.example.txndr.deploy.budget.internal.Schedules;
import com.example.txndr.deploy.internal.SourceTemplates;
import com.example.txndr.template.Composition;
import com.example.txndr.template.DeployedResource;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recovery budget of the packaged system in {@code dist/}: RTO, RPO and capacity, each term
 * resolved through the kit's {@link Composition} for the root parameters (template defaults,
 * {@code dist/parameter-overrides.txt}, the user's parameters file) in each region, or taken from
 * the lambda module's measurement. Writes {@code dist/dr-report.json} and
 * {@code dist/dr-report.md}, prints a summary, and fails when the RTO or the transactional RPO is
 * not under the seed's limit, when a capacity check fails, or when any term has no source.
 */
public final class RecoveryBudget {
  /** The JSON report's file name in dist/. */
  public static final String JSON = "dr-report.json";
  /** The Markdown report's file name in dist/. */
  public static final String MARKDOWN = "dr-report.md";

  /** Template files and logical IDs the terms are read from. */
  static final String ROUTE53 = "route53.template.json";
  static final String MONITORING = "monitoring.template.json";
  static final String LAMBDA = "lambda.template.json";
  static final String DYNAMODB = "dynamodb-global.template.json";
  static final String S3 = "s3-crr.template.json";
  static final String BACKUP = "backup.template.json";

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

  /**
   * What to compute the budget from.
   *
   * @param dist the packaged tree (templates/, parameter-overrides.txt, manifest.json)
   * @param distDisplay how the report names it (repository-relative)
   * @param measurements the measurement file
   * @param measurementsDisplay how the report names it (repository-relative)
   * @param parameters the user's parameters file, if any
   * @param repoRoot the repository root, to name source templates in messages, if known
   */
  public record Options(Path dist, String distDisplay, Path measurements, String measurementsDisplay, Optional<Path> parameters,
      Optional<Path> repoRoot) {}

  private final Lookup lookup;
  private final Measurement measurement;
  private final String primary;
  private final String secondary;

  private RecoveryBudget(Lookup lookup, Measurement measurement, String primary, String secondary) {
    this.lookup = lookup;
    this.measurement = measurement;
    this.primary = primary;
    this.secondary = secondary;
  }

  /** Computes the report; fails only when the inputs cannot be read at all (no dist, bad parameters). */
  public static Report compute(Options options) {
    Template root = PackagedSystem.rootTemplate(options.dist());
    RootParameters parameters = RootParameters.resolve(root, options.dist(), options.parameters());
    String primary = parameters.get("PrimaryRegion");
    String secondary = parameters.get("SecondaryRegion");
    Measurement measurement = Measurement.read(options.measurements(), options.measurementsDisplay());
    Path work;
    try {
      work = Files.createTempDirectory("recovery-budget");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a working folder", e);
    }
    try {
      Composition composition = PackagedSystem.deploy(options.dist(), work, primary, parameters.asMap());
      RecoveryBudget budget = new RecoveryBudget(new Lookup(composition, sourcePaths(options.repoRoot())),
          measurement, primary, secondary);
      Context context = new Context(options.distDisplay(), release(options.dist()), primary, secondary,
          options.parameters().map(Path::toString).orElse(null), parameters.values(),
          options.measurementsDisplay(), measurement.text("measuredAt").orElse(null),
          measurement.text("machine").orElse(null), measurement.text("command").orElse(null));
      return new Report(context, budget.rto(), budget.rpo(), budget.documents(), budget.backups(), budget.capacity());
    } finally {
      PackagedSystem.delete(work);
    }
  }

  /**
   * Computes the report, writes {@code dist/dr-report.json} and {@code dist/dr-report.md}, prints
   * the summary to {@code out}; throws a {@link BudgetException} listing every failure when the
   * budget does not pass. {@code reportName} is how the summary names the Markdown file.
   */
  public static Report run(Options options, PrintStream out, String reportName) {
    Report report = compute(options);
    try {
      Files.writeString(options.dist().resolve(JSON), ReportWriter.json(report));
      Files.writeString(options.dist().resolve(MARKDOWN), ReportWriter.markdown(report));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + options.dist(), e);
    }
    ReportWriter.summary(report).forEach(out::println);
    out.println("report: " + reportName);
    if (!report.passed()) {
      throw new BudgetException("recovery budget failed (report: " + reportName + "):\n- "
          + String.join("\n- ", report.failures()));
    }
    return report;
  }

  // ---------------------------------------------------------------- RTO

  /**
   * The RTO of a failover of the primary as a critical path (docs/adr/0007): from the primary's
   * failure two branches run in parallel, and writes through the failover name resume when both
   * have ended, for the last client. DNS: the health checks fail (the last one after its response
   * timeout), the status reaches the answers,
   * resolvers keep the old answer for the TTL, the client's next attempt comes after its back-off
   * and timeout. Lease: the primary's lease runs out (the standby waits for its expiry plus the
   * clock error, and for the primary's heartbeat to go stale), then the standby's next tick takes
   * it. Then the standby's functions warm up.
   */
  private Section rto() {
    List<Term> dns = new ArrayList<>();
    dns.add(term("DNS: health checks see the primary fail", "RequestInterval × FailureThreshold", "s", true, in -> {
      DeployedResource check = lookup.resource(ROUTE53, "ApiHealthCheck", primary);
      Input interval = add(in, lookup.number("request interval", "s", check, "HealthCheckConfig.RequestInterval"));
      Input threshold = add(in, lookup.number("failure threshold", "failed checks", check,
          "HealthCheckConfig.FailureThreshold"));
      return interval.value().multiply(threshold.value());
    }));
    dns.add(term("DNS: the last failed check waits for its answer", "HEALTH_CHECK_RESPONSE_SECONDS", "s", true,
        in -> add(in, new Input("connect within 4 s, then a status within 2 s", AwsFacts.HEALTH_CHECK_RESPONSE_SECONDS,
            "s", Source.aws(AwsFacts.ROUTE53_HEALTH_DOC, "HEALTH_CHECK_RESPONSE_SECONDS",
                AwsFacts.HEALTH_CHECK_RESPONSE_SECONDS))).value()));
    dns.add(term("DNS: the status reaches the failover record's answers", "DNS_PROPAGATION_SECONDS", "s", true,
        in -> add(in, new Input("propagation", AwsFacts.DNS_PROPAGATION_SECONDS, "s", Source.assumption(
            AwsFacts.ROUTE53_HEALTH_DOC, "DNS_PROPAGATION_SECONDS (Route 53 documents no figure)",
            AwsFacts.DNS_PROPAGATION_SECONDS))).value()));
    dns.add(term("DNS: resolvers keep the primary's answer", "TTL", "s", true, in -> {
      DeployedResource record = lookup.resource(ROUTE53, "FailoverRecord", primary);
      return add(in, lookup.number("record TTL", "s", record, "TTL",
          "; a failover record without a TTL (an alias record) takes its target's, which no "
              + "template declares, so the budget cannot bound how long resolvers keep the primary's answer"))
          .value();
    }));
    dns.add(term("DNS: the client's next attempt", "CLIENT_BACK_OFF_CEILING_SECONDS + CLIENT_TIMEOUT_SECONDS", "s",
        true, in -> {
          Input ceiling = add(in, new Input("back-off ceiling", ClientSettings.BACK_OFF_CEILING_SECONDS, "s",
              Source.assumption(ClientSettings.SOURCE, "BACK_OFF_CEILING_SECONDS", ClientSettings.BACK_OFF_CEILING_SECONDS)));
          Input timeout = add(in, new Input("request timeout", ClientSettings.TIMEOUT_SECONDS, "s",
              Source.assumption(ClientSettings.SOURCE, "TIMEOUT_SECONDS", ClientSettings.TIMEOUT_SECONDS)));
          return ceiling.value().add(timeout.value());
        }));
    List<Term> lease = new ArrayList<>();
    lease.add(term("Lease: the takeover condition holds",
        "max(LEASE_SECONDS + MAX_CLOCK_ERROR_MILLIS / 1000, HEARTBEAT_STALE_SECONDS + LEASE_RENEW_SECONDS)", "s", true,
        in -> {
          DeployedResource keeper = lookup.resource(LAMBDA, "LeaseKeeperFunction", secondary);
          Input leaseSeconds = add(in, lookup.number("lease", "s", keeper, "Environment.Variables.LEASE_SECONDS"));
          Input error = add(in, lookup.number("clock error", "ms", keeper,
              "Environment.Variables.MAX_CLOCK_ERROR_MILLIS"));
          Input stale = add(in, lookup.number("heartbeat stale after", "s", keeper,
              "Environment.Variables.HEARTBEAT_STALE_SECONDS"));
          Input renew = add(in, lookup.number("renewal interval", "s", keeper,
              "Environment.Variables.LEASE_RENEW_SECONDS"));
          return leaseSeconds.value().add(error.value().divide(THOUSAND)).max(stale.value().add(renew.value()));
        }));
    lease.add(term("Lease: the standby's next tick", "LEASE_RENEW_SECONDS", "s", true, in -> {
      DeployedResource keeper = lookup.resource(LAMBDA, "LeaseKeeperFunction", secondary);
      return add(in, lookup.number("renewal interval", "s", keeper, "Environment.Variables.LEASE_RENEW_SECONDS"))
          .value();
    }));
    List<Term> after = new ArrayList<>();
    after.add(term("Warm-up of the standby's functions", "coldStartMillis / 1000 (+ VPC_COLD_START_SECONDS in a VPC)",
        "s", true, in -> {
          DeployedResource processor = lookup.resource(LAMBDA, "TransactionProcessorFunction", secondary);
          if (!processor.property("SnapStart.ApplyOn").isMissingNode()) {
            add(in, lookup.text("SnapStart", processor, "SnapStart.ApplyOn", ""));
          }
          Input cold = add(in, measured("cold start (new JVM to first response, no SnapStart)", "ms",
              Measurement.COLD_START));
          BigDecimal seconds = cold.value().divide(THOUSAND);
          if (!processor.property("VpcConfig").isMissingNode()) {
            Input vpc = add(in, new Input("VPC attachment (Hyperplane ENI made with the function, not per cold start)",
                AwsFacts.VPC_COLD_START_SECONDS, "s", Source.aws(AwsFacts.VPC_NETWORKING_DOC, "VPC_COLD_START_SECONDS",
                    AwsFacts.VPC_COLD_START_SECONDS)));
            seconds = seconds.add(vpc.value());
          }
          return seconds;
        }));
    List<Term> terms = new ArrayList<>(dns);
    terms.addAll(lease);
    terms.addAll(after);
    BigDecimal dnsSum = sum(dns);
    BigDecimal leaseSum = sum(lease);
    BigDecimal afterSum = sum(after);
    BigDecimal figure = dnsSum == null || leaseSum == null || afterSum == null ? null
        : dnsSum.max(leaseSum).add(afterSum);
    Status status = figure == null || !allSourced(terms) ? Status.INCOMPLETE
        : figure.compareTo(SeedLimits.RTO_SECONDS) < 0 ? Status.PASS : Status.FAIL;
    String how = "critical path: max(DNS branch" + (dnsSum == null ? "" : " " + Numbers.plain(dnsSum) + " s")
        + ", lease branch" + (leaseSum == null ? "" : " " + Numbers.plain(leaseSum) + " s")
        + ") + warm-up; the project's own target is " + Numbers.plain(SeedLimits.RTO_TARGET_SECONDS) + " s";
    return new Section("RTO", terms, figure, how, SeedLimits.RTO_SECONDS, status);
  }

  // ---------------------------------------------------------------- RPO

  private Section rpo() {
    List<Term> terms = new ArrayList<>();
    terms.add(term("DynamoDB replication latency that pages", "Threshold / 1000", "s", true, in -> {
      DeployedResource alarm = lookup.resource(MONITORING, "DynamoDbReplicationLatencyAlarm", primary);
      add(in, notifies(alarm));
      add(in, lookup.text("metric", alarm, "MetricName", ""));
      add(in, lookup.text("statistic", alarm, "Statistic", ""));
      add(in, lookup.text("comparison", alarm, "ComparisonOperator", ""));
      return add(in, lookup.number("threshold", "ms", alarm, "Threshold")).value().divide(THOUSAND);
    }));
    terms.add(alarmWindow("DynamoDB replication alarm: time to page", "DynamoDbReplicationLatencyAlarm", primary,
        true));
    return gated("RPO", terms, "sum of the terms: the replication lag the alarm lets pass unpaged", SeedLimits.RPO_SECONDS);
  }

  private Section documents() {
    List<Term> terms = new ArrayList<>();
    terms.add(term("S3 Replication Time Control (99.99% of objects)", "ReplicationTime.Time.Minutes × 60", "s", true,
        in -> {
          DeployedResource bucket = lookup.resource(S3, "DocumentBucket", primary);
          String rule = "ReplicationConfiguration.Rules[0].Destination";
          Input status = add(in, lookup.text("replication time control", bucket, rule + ".ReplicationTime.Status", ""));
          if (!"Enabled".equals(status.source().value())) {
            throw new MissingSource("S3 replication time control: " + lookup.sourcePath(S3) + " must enable "
                + lookup.where(bucket, rule + ".ReplicationTime.Status") + ", which is "
                + status.source().value());
          }
          return add(in, lookup.number("replication time", "min", bucket, rule + ".ReplicationTime.Time.Minutes"))
              .value().multiply(SIXTY);
        }));
    terms.add(term("S3 replication latency that pages", "Threshold", "s", false, in -> {
      DeployedResource alarm = lookup.resource(MONITORING, "DocumentReplicationLatencyAlarm", secondary);
      add(in, notifies(alarm));
      add(in, lookup.text("metric", alarm, "MetricName", ""));
      return add(in, lookup.number("threshold", "s", alarm, "Threshold")).value();
    }));
    terms.add(alarmWindow("S3 replication alarm: time to page", "DocumentReplicationLatencyAlarm", secondary, false));
    return section("Document RPO (S3)", terms, "replication time control: the time within which S3 replicates "
        + "99.99% of objects; the alarm terms say when a longer lag pages");
  }

  private Section backups() {
    List<Term> terms = new ArrayList<>();
    DeployedResource plan;
    try {
      plan = lookup.resource(BACKUP, "BackupPlan", primary);
    } catch (MissingSource e) {
      return section("Backups", List.of(missing("Backup plan", "", "s", true, e.getMessage())), "");
    }
    JsonNode rules = plan.property("BackupPlan.BackupPlanRule");
    for (int i = 0; i < Math.max(1, rules.size()); i++) {
      String at = "BackupPlan.BackupPlanRule[" + i + "]";
      String name = rules.path(i).path("RuleName").asText("rule " + i);
      terms.add(term("Backup rule " + name + ": age of the newest snapshot, at most",
          "longest interval of ScheduleExpression + StartWindowMinutes × 60", "s", true, in -> {
            Input schedule = lookup.text("schedule", plan, at + ".ScheduleExpression", "");
            BigDecimal interval = interval(schedule, plan, at + ".ScheduleExpression");
            add(in, new Input("longest interval between runs", interval, "s", schedule.source()));
            Input window = add(in, lookup.number("start window", "min", plan, at + ".StartWindowMinutes"));
            add(in, lookup.text("continuous backup", plan, at + ".EnableContinuousBackup", ""));
            if (plan.property(at).has("CopyActions")) {
              // A rule without copies keeps its snapshots in the primary region (backup module README).
              add(in, lookup.text("copied to", plan, at + ".CopyActions[0].DestinationBackupVaultArn", ""));
            }
            return interval.add(window.value().multiply(SIXTY));
          }));
    }
    terms.add(term("DynamoDB point-in-time recovery (every replica)", "RecoveryPeriodInDays (restorable window, days)",
        "days", false, in -> {
          DeployedResource table = lookup.resource(DYNAMODB, "TransactionsTable", primary);
          JsonNode replicas = table.property("Replicas");
          BigDecimal shortest = null;
          for (int i = 0; i < replicas.size(); i++) {
            String at = "Replicas[" + i + "].PointInTimeRecoverySpecification";
            add(in, lookup.text("replica " + replicas.path(i).path("Region").asText(), table,
                at + ".PointInTimeRecoveryEnabled", ""));
            Input days = add(in, lookup.number("recovery period", "days", table, at + ".RecoveryPeriodInDays"));
            shortest = shortest == null ? days.value() : shortest.min(days.value());
          }
          if (shortest == null) {
            throw new MissingSource("DynamoDB point-in-time recovery: " + lookup.sourcePath(DYNAMODB)
                + " must declare TransactionsTable.Properties.Replicas");
          }
          return shortest;
        }));
    BigDecimal best = null;
    boolean complete = true;
    for (Term t : terms) {
      if (t.counted()) {
        complete &= t.value() != null;
        best = t.value() == null ? best : best == null ? t.value() : best.min(t.value());
      }
    }
    return new Section("Backups", terms, complete ? best : null,
        "the smallest of the rules' figures: how old the newest snapshot can be", null,
        complete && allSourced(terms) ? Status.SHOWN : Status.INCOMPLETE);
  }

  /** The alarm's actions: an alarm that notifies nobody pages nobody, so it bounds nothing. */
  private Input notifies(DeployedResource alarm) throws MissingSource {
    Input actions = lookup.text("notifies", alarm, "AlarmActions", "; an alarm without actions pages nobody");
    if (alarm.property("AlarmActions").size() == 0) {
      throw new MissingSource("alarm actions: " + lookup.sourcePath(MONITORING) + " must give "
          + lookup.where(alarm, "AlarmActions") + " an action: an alarm without actions pages nobody");
    }
    return actions;
  }

  private Term alarmWindow(String name, String logicalId, String region, boolean counted) {
    return term(name, "Period × EvaluationPeriods (DatapointsToAlarm of them breach)", "s", counted, in -> {
      DeployedResource alarm = lookup.resource(MONITORING, logicalId, region);
      Input period = add(in, lookup.number("period", "s", alarm, "Period"));
      Input periods = add(in, lookup.number("evaluation periods", "periods", alarm, "EvaluationPeriods"));
      add(in, lookup.number("datapoints to alarm", "periods", alarm, "DatapointsToAlarm"));
      return period.value().multiply(periods.value());
    });
  }

  // ---------------------------------------------------------------- capacity

  private Capacity capacity() {
    BigDecimal tps = SeedLimits.TARGET_TPS;
    Input target = new Input("target", tps, "transactions/s", Source.seed("TARGET_TPS", tps));
    List<Check> checks = new ArrayList<>();
    for (String region : List.of(primary, secondary)) {
      checks.add(check("Lambda reserved concurrency of the processor", region, "ms per request",
          "needed: handlerCpuMicrosPerTransaction / 1000; available: reserved concurrency × 1000 / target, "
              + "the duration it carries (the rest is the I/O headroom)", in -> {
            add(in, target);
            BigDecimal cpu = add(in, measured("handler time excluding I/O (JMH)", "µs", Measurement.HANDLER_CPU))
                .value();
            DeployedResource processor = lookup.resource(LAMBDA, "TransactionProcessorFunction", region);
            Input reserved = add(in, lookup.number("reserved concurrency", "concurrent executions", processor,
                "ReservedConcurrentExecutions"));
            BigDecimal carried = reserved.value().multiply(THOUSAND).divide(tps, 3, RoundingMode.DOWN);
            return new BigDecimal[] {cpu.divide(THOUSAND, 3, RoundingMode.UP), carried};
          }, true));
      checks.add(check("Lambda requests per execution environment", region, "execution environments",
          "needed: target / REQUESTS_PER_ENVIRONMENT_PER_SECOND, whatever the duration; available: reserved concurrency",
          in -> {
            add(in, target);
            Input rate = add(in, new Input("requests per second one execution environment serves, at most",
                AwsFacts.REQUESTS_PER_ENVIRONMENT_PER_SECOND, "requests/s", Source.aws(AwsFacts.LAMBDA_QUOTAS_DOC,
                    "REQUESTS_PER_ENVIRONMENT_PER_SECOND", AwsFacts.REQUESTS_PER_ENVIRONMENT_PER_SECOND)));
            DeployedResource processor = lookup.resource(LAMBDA, "TransactionProcessorFunction", region);
            Input reserved = add(in, lookup.number("reserved concurrency", "execution environments", processor,
                "ReservedConcurrentExecutions"));
            return new BigDecimal[] {tps.divide(rate.value(), 0, RoundingMode.CEILING), reserved.value()};
          }, false));
      checks.add(check("API stage throttling rate", region, "requests/s", "target", in -> {
        add(in, target);
        DeployedResource stage = lookup.resource(LAMBDA, "HttpApiStage", region);
        add(in, lookup.number("burst", "requests", stage, "DefaultRouteSettings.ThrottlingBurstLimit"));
        Input rate = add(in, lookup.number("rate limit", "requests/s", stage,
            "DefaultRouteSettings.ThrottlingRateLimit"));
        return new BigDecimal[] {tps, rate.value()};
      }, false));
    }
    checks.add(check("DynamoDB warm write throughput", "every replica", "write units/s",
        "target × actionsPerTransaction × ceil(largestItemBytes / 1024) × 2", in -> {
          add(in, target);
          BigDecimal actions = add(in, measured("TransactWriteItems actions per transfer", "actions",
              Measurement.ACTIONS)).value();
          BigDecimal perAction = writeUnitsPerAction(in);
          DeployedResource table = lookup.resource(DYNAMODB, "TransactionsTable", primary);
          Input warm = add(in, lookup.number("warm write throughput", "write units/s", table,
              "WarmThroughput.WriteUnitsPerSecond"));
          return new BigDecimal[] {tps.multiply(actions).multiply(perAction), warm.value()};
        }, false));
    String hottest = measurement.text(Measurement.HOTTEST_ITEM).map(i -> " (" + i + ")").orElse("");
    checks.add(check("DynamoDB hottest item" + hottest, "every replica", "write units/s",
        "target × hottestItemActionsPerTransaction × ceil(largestItemBytes / 1024) × 2", in -> {
          add(in, target);
          String item = measurement.requiredText(Measurement.HOTTEST_ITEM);
          BigDecimal share = add(in, measured("actions on " + item + " per transfer", "actions",
              Measurement.HOTTEST_ITEM_ACTIONS)).value();
          BigDecimal perAction = writeUnitsPerAction(in);
          Input limit = add(in, new Input("limit of one item", AwsFacts.ITEM_WRITE_UNITS_PER_SECOND, "write units/s",
              Source.aws(AwsFacts.PARTITION_DOC, "ITEM_WRITE_UNITS_PER_SECOND", AwsFacts.ITEM_WRITE_UNITS_PER_SECOND)));
          return new BigDecimal[] {tps.multiply(share).multiply(perAction), limit.value()};
        }, false));
    Status status = Status.PASS;
    for (Check c : checks) {
      if (c.status() == Status.INCOMPLETE) {
        status = Status.INCOMPLETE;
      } else if (c.status() == Status.FAIL && status == Status.PASS) {
        status = Status.FAIL;
      }
    }
    return new Capacity(tps, checks, status);
  }

  private BigDecimal writeUnitsPerAction(List<Input> in) throws MissingSource {
    BigDecimal bytes = add(in, measured("largest item", "bytes", Measurement.LARGEST_ITEM)).value();
    add(in, new Input("transactional write units per item and KB", AwsFacts.TRANSACTIONAL_WRITE_UNITS_PER_KB,
        "write units", Source.aws(AwsFacts.TRANSACTIONS_DOC, "TRANSACTIONAL_WRITE_UNITS_PER_KB",
            AwsFacts.TRANSACTIONAL_WRITE_UNITS_PER_KB)));
    BigDecimal kilobytes = bytes.max(BigDecimal.ONE).divide(AwsFacts.WRITE_UNIT_BYTES, 0, RoundingMode.CEILING);
    return kilobytes.multiply(AwsFacts.TRANSACTIONAL_WRITE_UNITS_PER_KB);
  }

  // ---------------------------------------------------------------- helpers

  @FunctionalInterface
  private interface Body {
    BigDecimal compute(List<Input> inputs) throws MissingSource;
  }

  @FunctionalInterface
  private interface CheckBody {
    /** {needed, available}. */
    BigDecimal[] compute(List<Input> inputs) throws MissingSource;
  }

  private static Term term(String name, String formula, String unit, boolean counted, Body body) {
    List<Input> inputs = new ArrayList<>();
    try {
      BigDecimal value = body.compute(inputs);
      return new Term(name, formula, value, unit, counted, inputs, null);
    } catch (MissingSource e) {
      return new Term(name, formula, null, unit, counted, inputs, e.getMessage());
    }
  }

  private static Term missing(String name, String formula, String unit, boolean counted, String problem) {
    return new Term(name, formula, null, unit, counted, List.of(), problem);
  }

  /** A check; {@code underLimit}: needed must be under available (a latency), else at most available. */
  private static Check check(String name, String region, String unit, String formula, CheckBody body,
      boolean underLimit) {
    List<Input> inputs = new ArrayList<>();
    try {
      BigDecimal[] v = body.compute(inputs);
      int c = v[0].compareTo(v[1]);
      boolean pass = underLimit ? c < 0 : c <= 0;
      return new Check(name, region, v[0], v[1], unit, formula, inputs, underLimit, pass ? Status.PASS : Status.FAIL,
          null);
    } catch (MissingSource e) {
      return new Check(name, region, null, null, unit, formula, inputs, underLimit, Status.INCOMPLETE,
          e.getMessage());
    }
  }

  private static Input add(List<Input> inputs, Input input) {
    inputs.add(input);
    return input;
  }

  private Input measured(String name, String unit, String field) throws MissingSource {
    BigDecimal value = measurement.number(field);
    return new Input(name, value, unit, Source.measurement(measurement.display(), field, Numbers.plain(value)));
  }

  private BigDecimal interval(Input schedule, DeployedResource resource, String property) throws MissingSource {
    String expression = schedule.source().value();
    return BigDecimal.valueOf(Schedules.longestIntervalSeconds(expression).orElseThrow(() -> new MissingSource(
        lookup.where(resource, property) + " is \"" + expression + "\": the budget bounds rate(...) and cron(...) "
            + "expressions that run every day; use one of those in " + lookup.sourcePath(
                PackagedSystem.fileName(resource.stack())))));
  }

  private static Section gated(String name, List<Term> terms, String how, BigDecimal limit) {
    BigDecimal sum = sum(terms);
    Status status = sum == null || !allSourced(terms) ? Status.INCOMPLETE
        : sum.compareTo(limit) < 0 ? Status.PASS : Status.FAIL;
    return new Section(name, terms, sum, how, limit, status);
  }

  private static Section section(String name, List<Term> terms, String how) {
    BigDecimal sum = sum(terms);
    return new Section(name, terms, sum, how, null,
        sum == null || !allSourced(terms) ? Status.INCOMPLETE : Status.SHOWN);
  }

  private static boolean allSourced(List<Term> terms) {
    return terms.stream().allMatch(t -> t.problem() == null);
  }

  /** The sum of the counted terms, or null when one of them is missing. */
  private static BigDecimal sum(List<Term> terms) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Term t : terms) {
      if (t.counted()) {
        if (t.value() == null) {
          return null;
        }
        sum = sum.add(t.value());
      }
    }
    return sum;
  }

  private static Map<String, String> sourcePaths(Optional<Path> repoRoot) {
    Map<String, String> out = new LinkedHashMap<>();
    if (repoRoot.isPresent()) {
      try {
        SourceTemplates sources = SourceTemplates.find(repoRoot.get());
        for (Path file : sources.files()) {
          out.put(file.getFileName().toString(), sources.relative(file));
        }
      } catch (RuntimeException e) {
        // no source templates there: messages name the packaged templates instead
      }
    }
    return out;
  }

  private static String release(Path dist) {
    try {
      return Manifest.read(dist).release();
    } catch (RuntimeException e) {
      return "";
    }
  }
}
