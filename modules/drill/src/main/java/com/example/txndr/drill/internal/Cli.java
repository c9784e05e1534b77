package com.example.txndr.drill.internal;

import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.internal.Config;
import com.example.txndr.lambda.store.ControlShards;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The commands: {@code status}, {@code drill}, {@code promote}, {@code demote}. */
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
        .addSubcommand(cli.new DrillCommand())
        .addSubcommand(cli.new Promote())
        .addSubcommand(cli.new Demote())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler((e, line, parsed) -> {
          err.println("error: " + Watch.describe(e));
          return FAILED;
        });
    return commandLine.execute(args);
  }

  @Command(name = "dr-drill", mixinStandardHelpOptions = true, version = "dr-drill 1.0",
      description = "Operates a deployed transaction-DR stack: status of both regions, promotion and hand-over by"
          + " hand, and a timed failover drill (RTO/RPO) that always restores.",
      subcommandsRepeatable = false)
  static final class Root implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: status, drill, promote or demote");
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
        description = "AWS profile (for example one that assumes P-E-dr-operations); default: the SDK's chain.")
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

    @Option(names = "--control-shards", paramLabel = "N", defaultValue = "" + Config.DEFAULT_CONTROL_SHARDS,
        description = "CONTROL_SHARDS of the deployed functions (default ${DEFAULT-VALUE}).")
    int controlShards;

    TargetOptions options() {
      return new TargetOptions(stack, primaryRegion, secondaryRegion, accountId, project, environment, table,
          primaryApi, secondaryApi, primaryHealthCheck, secondaryHealthCheck, hostedZoneId, failoverEndpoint,
          alarmName);
    }
  }

  /** The services and the resolved deployment of one command. */
  private record Context(Services services, Targets targets) {}

  private Context context(Deployment deployment) {
    AwsSettings aws = new AwsSettings(deployment.profile, deployment.endpointUrl);
    AtomicReference<Targets> targets = new AtomicReference<>();
    Services services = wiring.services(aws, () -> targets.get().tableName(),
        ControlShards.of(deployment.controlShards));
    TargetOptions options = deployment.options();
    StackDescription stack = options.stackName() == null ? null
        : services.stacks().describe(Targets.stackRegion(options), options.stackName());
    targets.set(Targets.resolve(stack, options));
    return new Context(services, targets.get());
  }

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Durations.parse(value);
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Both regions: API health, Route 53 health checks, control items (active region, epoch),"
          + " SSM active-region, replication latency, last backup copy; the failover record and the alarm.")
  final class Status implements Callable<Integer> {
    @Mixin
    Deployment deployment;

    @Override
    public Integer call() {
      Context context = context(deployment);
      out.print(new StatusReport(new Observer(context.services(), context.targets())).render());
      out.flush();
      return OK;
    }
  }

  @Command(name = "drill", mixinStandardHelpOptions = true,
      description = "Failover drill: inverts the primary's Route 53 health check, times every phase until a canary"
          + " commits in the secondary (RTO), fails back, always restores; writes drill-result-<timestamp>.json.")
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

    @Option(names = "--canary-account", paramLabel = "ID", defaultValue = DrillSettings.DEFAULT_CANARY_ACCOUNT,
        description = "Account the canary deposits go to (default ${DEFAULT-VALUE}).")
    String canaryAccount;

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
      DrillSettings settings = new DrillSettings(timeout, poll, rpoPoll, maxReplicationLatency, canaryAccount,
          outputDir, restoreTimeout);
      Drill drill = new Drill(context.services(), context.targets(),
          new Console(out, context.services().ticker()), settings);
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

  /** promote and demote: a change of the active region by hand. */
  private Integer change(Deployment deployment, String region, boolean yes, String reason, boolean demote) {
    Context context = context(deployment);
    Targets targets = context.targets();
    targets.requireRegion(region);
    String candidate = demote ? targets.peer(region) : region;
    Console console = new Console(out, context.services().ticker());
    Operations operations = new Operations(context.services(), targets, console);
    String what = demote ? "demote " + region + " (hand over to " + candidate + ")" : "promote " + region;
    if (!yes) {
      out.print(what + ":\n" + operations.plan(region, candidate));
      out.println("Nothing was changed. Run again with --yes to do it.");
      return NOT_CONFIRMED;
    }
    String why = (demote ? "manual demotion of " + region : "manual promotion of " + region) + ": " + reason;
    Operations.Outcome outcome = operations.makeActive(region, candidate, why);
    ActiveRegion after = outcome.after();
    console.line(what + ": " + (outcome.promoted() ? "done: " : "nothing to change: ") + after.region()
        + " is active at epoch " + after.epoch() + " (was " + outcome.before() + ")");
    String prefix;
    try {
      prefix = targets.namePrefix();
    } catch (Targets.MissingTargetException e) {
      prefix = "<project>-<environment>";
    }
    console.line("Route 53 follows the health checks (a demoted primary's /health answers 503). This command does"
        + " not publish to SNS; the orchestrator announces the epoch when it next runs in " + candidate
        + " (at once: aws lambda invoke --region " + candidate + " --function-name " + prefix
        + "-failover-orchestrator:live --cli-binary-format raw-in-base64-out --payload '{\"action\":\"promote\"}'"
        + " out.json, which finds " + candidate + " active and only announces)");
    return OK;
  }

  @Command(name = "promote", mixinStandardHelpOptions = true,
      description = "Makes --region the active region (written in its replica: works while the peer is down).")
  final class Promote implements Callable<Integer> {
    @Mixin
    Deployment deployment;

    @Option(names = "--region", required = true, paramLabel = "REGION", description = "The region to make active.")
    String region;

    @Option(names = "--yes", description = "Do it (without: print what would happen and exit 2).")
    boolean yes;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "by hand (dr-drill promote)",
        description = "Recorded on the control items.")
    String reason;

    @Override
    public Integer call() {
      return change(deployment, region, yes, reason, false);
    }
  }

  @Command(name = "demote", mixinStandardHelpOptions = true,
      description = "Hands over from --region to its peer (written in --region's replica: it stops writing first).")
  final class Demote implements Callable<Integer> {
    @Mixin
    Deployment deployment;

    @Option(names = "--region", required = true, paramLabel = "REGION", description = "The region to demote.")
    String region;

    @Option(names = "--yes", description = "Do it (without: print what would happen and exit 2).")
    boolean yes;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "by hand (dr-drill demote)",
        description = "Recorded on the control items.")
    String reason;

    @Override
    public Integer call() {
      return change(deployment, region, yes, reason, true);
    }
  }
}
