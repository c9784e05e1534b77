package com.example.txndr.drill.internal;

import com.example.txndr.lambda.RegionFunctions;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The commands: {@code status}, {@code handover} (and its alias {@code demote}), {@code promote},
 * {@code abort-handover}, {@code reconcile}, {@code drill}, {@code preflight}.
 */
public final class Cli {
  /** Success; a drill that passed. */
  public static final int OK = 0;
  /** A failed drill or operation, or an error. */
  public static final int FAILED = 1;
  /** A usage error, or a change asked for without {@code --yes} (the plan was printed). */
  public static final int NOT_CONFIRMED = 2;

  private final Wiring wiring;
  private final PrintStream out;
  private final PrintStream err;

  private Cli(Wiring wiring, PrintStream out, PrintStream err) {
    this.wiring = wiring;
    this.out = out;
    this.err = err;
  }

  /** Runs the command line; returns the exit code. */
  public static int execute(String[] args, Wiring wiring, PrintStream out, PrintStream err) {
    Cli cli = new Cli(wiring, out, err);
    CommandLine commandLine = new CommandLine(new Root())
        .addSubcommand(cli.new Status())
        .addSubcommand(cli.new Handover())
        .addSubcommand(cli.new Demote())
        .addSubcommand(cli.new Promote())
        .addSubcommand(cli.new AbortHandover())
        .addSubcommand(cli.new Reconcile())
        .addSubcommand(cli.new DrillCommand())
        .addSubcommand(new PreflightCommand(wiring, out))
        // The streams' own charset: PrintStream on JDK 17 does not say which, so the default.
        .setOut(new PrintWriter(new OutputStreamWriter(out, Charset.defaultCharset()), true))
        .setErr(new PrintWriter(new OutputStreamWriter(err, Charset.defaultCharset()), true))
        .setExecutionExceptionHandler((e, line, parsed) -> {
          err.println("error: " + Watch.describe(e));
          return FAILED;
        });
    return commandLine.execute(args);
  }

  @Command(name = "dr-drill", mixinStandardHelpOptions = true, version = "dr-drill 1.0",
      description = "Operates a deployed transaction-DR stack: status of both regions and of the write lease, planned"
          + " hand-overs, promotion when the automation did not take over, reconciliation, and a timed failover drill"
          + " (RTO/RPO) that always restores.",
      subcommandsRepeatable = false)
  static final class Root implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: status, handover, demote, promote,"
          + " abort-handover, reconcile, drill or preflight");
    }
  }

  /** Options shared by every command: which deployment, and how to reach AWS. */
  static final class Deployment {
    @Option(names = "--stack", paramLabel = "NAME",
        description = "Root stack name (in the primary region); its outputs give everything below.")
    String stack;

    @Option(names = "--primary-region", paramLabel = "REGION", description = "Default: the stack's, else us-east-1.")
    String primaryRegion;

    @Option(names = "--secondary-region", paramLabel = "REGION", description = "Default: the stack's, else us-west-2.")
    String secondaryRegion;

    @Option(names = "--profile", paramLabel = "NAME",
        description = "AWS profile (for example one that assumes P-E-dr-observer or P-E-dr-operator); default: the SDK's chain.")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL", hidden = true,
        description = "One endpoint for every AWS service (moto_server in tests).")
    URI endpointUrl;

    @Option(names = "--account-id", paramLabel = "ID", description = "Without --stack: the account.")
    String accountId;

    @Option(names = "--project", paramLabel = "NAME", description = "Without --stack: ProjectName.")
    String project;

    @Option(names = "--environment", paramLabel = "NAME", description = "Without --stack: EnvironmentName.")
    String environment;

    @Option(names = "--table", paramLabel = "NAME", description = "Overrides TransactionsTableName.")
    String table;

    @Option(names = "--primary-api", paramLabel = "URL", description = "Overrides PrimaryApiEndpoint.")
    String primaryApi;

    @Option(names = "--secondary-api", paramLabel = "URL", description = "Overrides SecondaryApiEndpoint.")
    String secondaryApi;

    @Option(names = "--primary-health-check", paramLabel = "ID", description = "Overrides PrimaryHealthCheckId.")
    String primaryHealthCheck;

    @Option(names = "--secondary-health-check", paramLabel = "ID", description = "Overrides SecondaryHealthCheckId.")
    String secondaryHealthCheck;

    @Option(names = "--hosted-zone-id", paramLabel = "ID", description = "Overrides HostedZoneId.")
    String hostedZoneId;

    @Option(names = "--failover-endpoint", paramLabel = "NAME|URL", description = "Overrides FailoverEndpoint.")
    String failoverEndpoint;

    @Option(names = "--alarm-name", paramLabel = "NAME",
        description = "The composite alarm of the hand-over; default P-E-primary-region-unhealthy.")
    String alarmName;

    @Option(names = "--control-table", paramLabel = "NAME",
        description = "Overrides ControlTableName (the lease's table); default P-E-control.")
    String controlTable;

    @Option(names = "--reconciler-function", paramLabel = "NAME", description = "Default P-E-reconciler.")
    String reconcilerFunction;

    @Option(names = "--fence-shards", paramLabel = "N",
        description = "FENCE_SHARDS of the deployed functions (default " + RegionFunctions.DEFAULT_FENCE_SHARDS + ").")
    Integer fenceShards;

    @Option(names = "--lease-seconds", paramLabel = "S", description = "LEASE_SECONDS of the functions (default 30).")
    Integer leaseSeconds;

    @Option(names = "--lease-renew-seconds", paramLabel = "S",
        description = "LEASE_RENEW_SECONDS of the functions (default 5).")
    Integer leaseRenewSeconds;

    @Option(names = "--max-clock-error-millis", paramLabel = "MS",
        description = "MAX_CLOCK_ERROR_MILLIS of the functions (default 1000).")
    Integer maxClockErrorMillis;

    @Option(names = "--heartbeat-stale-seconds", paramLabel = "S",
        description = "HEARTBEAT_STALE_SECONDS of the functions (default 20).")
    Integer heartbeatStaleSeconds;

    @Option(names = "--drain-timeout-seconds", paramLabel = "S",
        description = "DRAIN_TIMEOUT_SECONDS of the functions (default 300).")
    Integer drainTimeoutSeconds;

    TargetOptions options() {
      return new TargetOptions(stack, primaryRegion, secondaryRegion, accountId, project, environment, table,
          primaryApi, secondaryApi, primaryHealthCheck, secondaryHealthCheck, hostedZoneId, failoverEndpoint,
          alarmName, controlTable, reconcilerFunction);
    }

    /** The lease settings the deployed functions were given: the options given, the defaults for the rest. */
    LeaseSettings leaseSettings() {
      Map<String, String> environment = new LinkedHashMap<>();
      put(environment, RegionFunctions.FENCE_SHARDS, fenceShards);
      put(environment, RegionFunctions.LEASE_SECONDS, leaseSeconds);
      put(environment, RegionFunctions.LEASE_RENEW_SECONDS, leaseRenewSeconds);
      put(environment, RegionFunctions.MAX_CLOCK_ERROR_MILLIS, maxClockErrorMillis);
      put(environment, RegionFunctions.HEARTBEAT_STALE_SECONDS, heartbeatStaleSeconds);
      put(environment, RegionFunctions.DRAIN_TIMEOUT_SECONDS, drainTimeoutSeconds);
      return LeaseSettings.of(environment);
    }

    private static void put(Map<String, String> environment, String name, Integer value) {
      if (value != null) {
        environment.put(name, value.toString());
      }
    }
  }

  /** The services, the resolved deployment and the lease of one command. */
  private record Context(Services services, Targets targets, LeaseControl lease, Console console) {}

  /** Resolves the deployment (the stack's outputs, then the options) before anything else is asked for. */
  private Context context(Deployment deployment) {
    AwsSettings aws = new AwsSettings(deployment.profile, deployment.endpointUrl);
    Services services = wiring.services(aws);
    TargetOptions options = deployment.options();
    StackDescription stack = options.stackName() == null ? null
        : services.stacks().describe(Targets.stackRegion(options), options.stackName());
    Targets targets = Targets.resolve(stack, options);
    LeaseControl lease = new LeaseControl(services, targets, deployment.leaseSettings());
    return new Context(services, targets, lease, new Console(out, services.ticker()));
  }

  private int finish(Operations.Result result) {
    if (result.message() != null) {
      err.println(result.message());
      err.flush();
    }
    return result.exitCode();
  }

  private int notConfirmed(String title, String plan) {
    out.print(title + ":\n" + plan);
    out.println("Nothing was changed. Run again with --yes to do it.");
    out.flush();
    return NOT_CONFIRMED;
  }

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Durations.parse(value);
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Both regions: API health, Route 53 health checks, each region's write permission (fence shards),"
          + " its own and its peer's heartbeat as its replica has them, each keeper's heartbeat in the arbiter,"
          + " replication latency, last backup copy; then the lease (holder, epoch, expiry, a hand-over's progress),"
          + " the epochs' history, the failover record and the alarm.")
  final class Status implements Callable<Integer> {
    @Mixin
    Deployment deployment;

    @Override
    public Integer call() {
      Context context = context(deployment);
      out.print(new StatusReport(new Observer(context.services(), context.targets(), context.lease())).render());
      out.flush();
      return OK;
    }
  }

  @Command(name = "drill", mixinStandardHelpOptions = true,
      description = "Failover drill: inverts the primary's Route 53 health check, times every phase (alarm, the"
          + " hand-over request, the drain) until a canary write is acknowledged through the failover name by the"
          + " secondary (RTO), fails back with a hand-over, always restores; writes drill-result-<timestamp>.json.")
  final class DrillCommand implements Callable<Integer> {
    @Mixin
    Deployment deployment;

    @Option(names = "--yes", description = "Run it (without: print what it would do and exit 2).")
    boolean yes;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
        description = "Timeout of each phase (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
        description = "Polling interval (default ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--rpo-poll", paramLabel = "DURATION", defaultValue = "0.5s", converter = DurationConverter.class,
        description = "Polling interval of the RPO probe: its resolution (default ${DEFAULT-VALUE}).")
    Duration rpoPoll;

    @Option(names = "--max-replication-latency", paramLabel = "DURATION", defaultValue = "60s",
        converter = DurationConverter.class,
        description = "Preflight: highest DynamoDB replication latency (default ${DEFAULT-VALUE}).")
    Duration maxReplicationLatency;

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = ".",
        description = "Where the JSON record goes (default: the current directory).")
    Path outputDir;

    @Option(names = "--restore-timeout", paramLabel = "DURATION", defaultValue = "5m",
        converter = DurationConverter.class,
        description = "How long a restore may wait for the alarm to settle (default ${DEFAULT-VALUE}).")
    Duration restoreTimeout;

    @Override
    public Integer call() {
      Context context = context(deployment);
      DrillSettings settings = new DrillSettings(timeout, poll, rpoPoll, maxReplicationLatency, outputDir,
          restoreTimeout);
      Drill drill = new Drill(context.services(), context.targets(), context.lease(), context.console(), settings);
      if (!yes) {
        out.println(drill.plan());
        return NOT_CONFIRMED;
      }
      Thread hook = wiring.installsShutdownHook() ? drill.shutdownHook(Thread.currentThread()) : null;
      if (hook != null) {
        Runtime.getRuntime().addShutdownHook(hook);
      }
      DrillRecord record = drill.run();
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // The JVM is shutting down: the hook runs, finds the drill finished, and returns.
        }
      }
      return record.passed() ? OK : FAILED;
    }
  }

  /** Options of the commands that change the lease. */
  static final class Change {
    @Option(names = "--yes", description = "Do it (without: print what would happen and exit 2).")
    boolean yes;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Recorded in the lease and the epochs' history.")
    String reason;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
        description = "How often a hand-over's progress is read (default ${DEFAULT-VALUE}).")
    Duration poll;
  }

  private Integer handover(Context context, Change change, String target, String title, Duration timeout)
      throws InterruptedException {
    Operations operations = new Operations(context.services(), context.targets(), context.lease(), context.console(),
        change.poll);
    context.targets().requireRegion(target);
    if (!change.yes) {
      return notConfirmed(title, operations.handoverPlan(target));
    }
    Duration wait = timeout != null ? timeout : context.lease().timing().drainTimeout().multipliedBy(2)
        .plus(Duration.ofMinutes(1));
    return finish(operations.handover(title, target, reasonOr(change, "by hand (dr-drill " + title + ")"), wait));
  }

  private static String reasonOr(Change change, String fallback) {
    return change.reason != null && !change.reason.isBlank() ? change.reason : fallback;
  }

  @Command(name = "handover", mixinStandardHelpOptions = true,
      description = "Planned switch (RPO 0) to --to: requests a hand-over of the write lease (LeaseOperations.handover),"
          + " then prints its progress (revoked, drain markers seen, margin) until --to holds the lease, the hand-over"
          + " was aborted, or --timeout passed. Exit 1 when refused or aborted.")
  final class Handover implements Callable<Integer> {
    @Mixin
    Deployment deployment;

    @Mixin
    Change change;

    @Option(names = "--to", required = true, paramLabel = "REGION", description = "The region to hand the lease to.")
    String to;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "How long to watch (default: twice the drain timeout, plus a minute).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
      return handover(context(deployment), change, to, "handover to " + to, timeout);
    }
  }

  @Command(name = "demote", mixinStandardHelpOptions = true,
      description = "Alias of handover: hands the lease over from --region to its peer (handover --to <peer>).")
  final class Demote implements Callable<Integer> {
    @Mixin
    Deployment deployment;

    @Mixin
    Change change;

    @Option(names = "--region", required = true, paramLabel = "REGION", description = "The region to hand over from.")
    String region;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "How long to watch (default: twice the drain timeout, plus a minute).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
      Context context = context(deployment);
      String peer = context.targets().peer(region);
      return handover(context, change, peer, "demote " + region + " (hand over to " + peer + ")", timeout);
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true,
      description = "For when the automation did not take over: makes --region hold the lease at the next epoch"
          + " (LeaseOperations.promote). Refused while the holder's lease is valid, and while the holder still writes"
          + " heartbeats into --region's replica unless --accept-data-loss. Works while the peer region is down.")
  final class Promote implements Callable<Integer> {
    @Mixin
    Deployment deployment;

    @Mixin
    Change change;

    @Option(names = "--region", required = true, paramLabel = "REGION", description = "The region to promote.")
    String region;

    @Option(names = "--accept-data-loss",
        description = "Promote although the holder still writes heartbeats (its last writes may not have replicated).")
    boolean acceptDataLoss;

    @Override
    public Integer call() {
      Context context = context(deployment);
      Operations operations = new Operations(context.services(), context.targets(), context.lease(),
          context.console(), change.poll);
      if (!change.yes) {
        return notConfirmed("promote " + region, operations.promotePlan(region, acceptDataLoss));
      }
      return finish(operations.promote("promote " + region, region, acceptDataLoss,
          reasonOr(change, "by hand (dr-drill promote)")));
    }
  }

  @Command(name = "abort-handover", mixinStandardHelpOptions = true,
      description = "Abandons a hand-over in progress (LeaseOperations.abortHandover): the holder resumes under the"
          + " next epoch.")
  final class AbortHandover implements Callable<Integer> {
    @Mixin
    Deployment deployment;

    @Mixin
    Change change;

    @Override
    public Integer call() {
      Context context = context(deployment);
      Operations operations = new Operations(context.services(), context.targets(), context.lease(),
          context.console(), change.poll);
      if (!change.yes) {
        return notConfirmed("abort-handover", operations.abortPlan());
      }
      return finish(operations.abortHandover(reasonOr(change, "by hand (dr-drill abort-handover)")));
    }
  }

  @Command(name = "reconcile", mixinStandardHelpOptions = true,
      description = "Runs the reconciliation now: invokes the reconciler function (P-E-reconciler) in the region that"
          + " holds the lease (or --region), prints its findings and writes reconciliation-<timestamp>.json.")
  final class Reconcile implements Callable<Integer> {
    @Mixin
    Deployment deployment;

    @Option(names = "--region", paramLabel = "REGION", description = "Where to run it (default: the lease holder).")
    String region;

    @Option(names = "--yes", description = "Do it (without: print what would happen and exit 2).")
    boolean yes;

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = ".",
        description = "Where the JSON record goes (default: the current directory).")
    Path outputDir;

    @Override
    public Integer call() {
      Context context = context(deployment);
      Reconciliation reconciliation = new Reconciliation(context.services(), context.targets(), context.lease(),
          context.console(), outputDir);
      if (!yes) {
        return notConfirmed("reconcile", reconciliation.plan(region));
      }
      return finish(reconciliation.run(region));
    }
  }
}
