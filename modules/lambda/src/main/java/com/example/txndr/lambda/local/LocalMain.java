package com.example.txndr.lambda.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.failover.FailoverOrchestratorHandler;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.keeper.LeaseKeeper;
import com.example.txndr.lambda.keeper.LeaseKeeperHandler;
import com.example.txndr.lambda.peer.PeerRegionValuesHandler;
import com.example.txndr.lambda.reconcile.ReconcilerHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * {@code java -jar transaction-dr-local.jar serve --port 8080 [--create-resources]}: the
 * transaction API on a local HTTP server, configured by the same environment variables as in
 * Lambda ({@code TABLE_NAME}, {@code AWS_REGION}, {@code PRIMARY_REGION}, ...) plus the
 * standard {@code AWS_ENDPOINT_URL} (for example a moto_server), which it requires unless
 * {@code --allow-real-aws}. The local jar only: the Lambda jar leaves this package out.
 */
@Command(name = "transaction-dr-local", mixinStandardHelpOptions = true,
    description = "Local tools of the transaction DR Lambda jar.",
    subcommands = {LocalMain.Serve.class, LocalMain.Invoke.class})
public final class LocalMain implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LocalMain()).execute(args));
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /**
   * What {@code serve} fills in when the variable is not set, and only with an endpoint override:
   * the names the README's commands use (project {@code txn-dr}, environment {@code dev}).
   */
  static final Map<String, String> DEVELOPMENT_DEFAULTS = developmentDefaults();

  private static Map<String, String> developmentDefaults() {
    Map<String, String> defaults = new java.util.LinkedHashMap<>();
    defaults.put(Config.TABLE_NAME, "txn-dr-dev-transactions");
    defaults.put(Config.CONTROL_TABLE_NAME, "txn-dr-dev-control");
    defaults.put(Config.AWS_REGION, "us-east-1");
    defaults.put(Config.PRIMARY_REGION, "us-east-1");
    defaults.put(Config.SECONDARY_REGION, "us-west-2");
    defaults.put(Config.PARAMETER_PREFIX, "/txn-dr/dev");
    return java.util.Collections.unmodifiableMap(defaults);
  }

  /** A command line or environment that {@code serve} refuses; the message says what to change. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * The environment {@code serve} runs with, from the process's. With an endpoint override
   * ({@code AWS_ENDPOINT_URL}, e.g. moto_server) it is local mode: {@code TXNDR_LOCAL=true} (static
   * keys) and {@link #DEVELOPMENT_DEFAULTS} for what is not set, each printed to {@code out}.
   * Without one it would reach real AWS with the default credentials and serve an unauthenticated
   * write API in front of it: refused unless {@code allowRealAws}, and then nothing is guessed.
   */
  static Map<String, String> serveEnvironment(Map<String, String> processEnv, boolean allowRealAws, PrintWriter out)
      throws Refused {
    Map<String, String> env = new HashMap<>(processEnv);
    Config given = Config.fromEnvironment(env);
    if (given.endpointOverride() == null) {
      if (!allowRealAws) {
        throw new Refused("serve refuses to run against real AWS: " + Config.AWS_ENDPOINT_URL + " is not set, so"
            + " it would use this machine's AWS credentials and serve an unauthenticated write API in front of"
            + " real tables. Set " + Config.AWS_ENDPOINT_URL + "=http://localhost:5000 (moto_server -H 127.0.0.1"
            + " -p 5000), or pass --allow-real-aws to use real AWS with the default credentials (then "
            + Config.TABLE_NAME + ", " + Config.AWS_REGION + ", " + Config.PRIMARY_REGION + " and "
            + Config.SECONDARY_REGION + " must be set: nothing is defaulted).");
      }
      return env;
    }
    env.putIfAbsent(Config.TXNDR_LOCAL, "true");
    List<String> chosen = new java.util.ArrayList<>();
    DEVELOPMENT_DEFAULTS.forEach((name, value) -> {
      if (given.value(name) == null) {
        env.put(name, value);
        chosen.add(name + "=" + value);
      }
    });
    if (!chosen.isEmpty()) {
      out.println("development defaults (not set in the environment): " + String.join(" ", chosen));
      out.flush();
    }
    return env;
  }

  /**
   * Refuses a {@code --host} that is not a loopback address unless {@code allowNonLoopback}:
   * {@code serve} answers {@code POST /transactions} without authentication.
   */
  static void checkHost(String host, boolean allowNonLoopback) throws Refused {
    if (allowNonLoopback) {
      return;
    }
    boolean loopback;
    try {
      java.net.InetAddress[] addresses = java.net.InetAddress.getAllByName(host);
      loopback = addresses.length > 0 && java.util.Arrays.stream(addresses).allMatch(java.net.InetAddress::isLoopbackAddress);
    } catch (java.net.UnknownHostException e) {
      throw new Refused("--host " + host + " is not a known address: " + e.getMessage());
    }
    if (!loopback) {
      throw new Refused("--host " + host + " is not a loopback address: serve answers POST /transactions without"
          + " authentication, so anyone who reaches it can move money. Bind 127.0.0.1 (the default), or pass"
          + " --allow-non-loopback (for example in a container whose port only you publish).");
    }
  }

  /** The {@code serve} command. */
  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = {"Serves the transaction API (the handler Lambda runs) on a local HTTP server.",
          "Environment: AWS_ENDPOINT_URL (e.g. http://localhost:5000 for moto_server; required unless"
              + " --allow-real-aws), TABLE_NAME, CONTROL_TABLE_NAME, AWS_REGION, PRIMARY_REGION, SECONDARY_REGION,"
              + " PARAMETER_PREFIX (with AWS_ENDPOINT_URL, development defaults for those not set).",
          "With CONTROL_TABLE_NAME set, this region's lease keeper runs in the background."})
  static final class Serve implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (0: any free port). Default ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
        description = "Address to bind, a loopback address unless --allow-non-loopback. Default ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--allow-non-loopback",
        description = "Bind a --host other than a loopback address (the API has no authentication).")
    boolean allowNonLoopback;

    @Option(names = "--allow-real-aws",
        description = "Run without AWS_ENDPOINT_URL, against real AWS with the default credentials.")
    boolean allowRealAws;

    @Option(names = "--threads", defaultValue = "64", description = "Request threads. Default ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--create-resources",
        description = "Create the transactions table, the control table and this region's SSM parameters when missing.")
    boolean createResources;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Config config;
      try {
        checkHost(host, allowNonLoopback);
        config = Config.fromEnvironment(serveEnvironment(System.getenv(), allowRealAws, out));
        config.require(Config.TABLE_NAME, Config.AWS_REGION, Config.PRIMARY_REGION, Config.SECONDARY_REGION);
      } catch (Refused | IllegalStateException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return 2;
      }
      DynamoDbClient dynamoDb = AwsClients.dynamoDb(config);
      if (createResources) {
        try (SsmClient ssm = ResourceBootstrap.ssm(config)) {
          for (String created : ResourceBootstrap.createMissing(config, dynamoDb, ssm)) {
            out.println("created " + created);
          }
        }
      }
      if (config.controlTableName() != null) {
        startKeeper(config, dynamoDb, out);
      }
      LocalServer server = new LocalServer(new ApiHandler(config, dynamoDb, Platform.system()), host, port, threads)
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      out.println("Listening on http://" + host + ":" + server.port() + " (region " + config.region()
          + ", table " + config.tableName() + ")");
      out.flush();
      Thread.currentThread().join();
      return 0;
    }
  }

  /**
   * Runs this region's lease keeper in the background, as the keeper function does in AWS, so
   * that a local region holds (or watches) the lease.
   */
  private static void startKeeper(Config config, DynamoDbClient dynamoDb, PrintWriter out) {
    LeaseKeeperHandler handler = new LeaseKeeperHandler(config, dynamoDb, AwsClients.controlTable(config), null,
        Platform.system());
    LeaseKeeper.Step first = handler.keeper().tick();
    out.println("lease keeper: " + first.action() + " " + first.outcome() + " " + first.lease() + ": " + first.why());
    out.flush();
    Thread keeper = new Thread(() -> {
      while (true) {
        Platform.system().pause(config.leaseTiming().renewEvery());
        LeaseKeeper.Step step = handler.keeper().tick();
        if (!step.action().equals("RENEW") && !step.action().equals("WAIT")) {
          out.println("lease keeper: " + step.action() + " " + step.outcome() + " " + step.lease() + ": " + step.why());
          out.flush();
        }
      }
    }, "lease-keeper");
    keeper.setDaemon(true);
    keeper.start();
  }

  /** The {@code invoke} command. */
  @Command(name = "invoke", mixinStandardHelpOptions = true,
      description = {"Invokes one handler once, as Lambda does: its no-argument constructor reads the",
          "environment; the event is read from --event or standard input; the output is printed."})
  static final class Invoke implements Callable<Integer> {
    enum Handler { api, keeper, failover, reconcile, peer }

    @Option(names = "--handler", required = true, description = "api, keeper, failover, reconcile or peer.")
    Handler handler;

    @Option(names = "--event", description = "File holding the event JSON (default: standard input).")
    Path event;

    @Option(names = "--timing", description = "Also print the time from process start to the response, in ms.")
    boolean timing;

    @Option(names = "--once", description = "keeper only: one tick instead of a scheduled invocation's minute.")
    boolean once;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      byte[] input;
      if (event == null) {
        input = System.in.readAllBytes();
      } else {
        input = Files.readAllBytes(event);
      }
      if (once && handler == Handler.keeper) {
        LeaseKeeper.Step step = new LeaseKeeperHandler().keeper().tick();
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        result.put("action", step.action());
        result.put("outcome", step.outcome());
        result.put("lease", String.valueOf(step.lease()));
        result.put("why", step.why());
        out.println(com.example.txndr.lambda.internal.Json.write(result));
        out.flush();
        return 0;
      }
      RequestStreamHandler target;
      switch (handler) {
        case api:
          target = new ApiHandler();
          break;
        case keeper:
          target = new LeaseKeeperHandler();
          break;
        case failover:
          target = new FailoverOrchestratorHandler();
          break;
        case reconcile:
          target = new ReconcilerHandler();
          break;
        default:
          // Local mode answers a stub on this machine as well as a pre-signed S3 URL.
          target = new PeerRegionValuesHandler(Config.fromEnvironment(System.getenv()),
              url -> PeerRegionValuesHandler.isPresignedS3Url(url) || isLoopback(url));
          break;
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      try (InputStream in = new java.io.ByteArrayInputStream(input)) {
        target.handleRequest(in, output, null);
      }
      Instant done = Instant.now();
      PrintWriter out = spec.commandLine().getOut();
      out.println(output.toString(StandardCharsets.UTF_8));
      if (timing) {
        Instant started = ProcessHandle.current().info().startInstant().orElse(done);
        out.println("processStartToResponseMillis=" + Duration.between(started, done).toMillis());
      }
      out.flush();
      return 0;
    }
  }

  /** An HTTP(S) URL whose host is this machine (localhost, 127.0.0.0/8, ::1). */
  static boolean isLoopback(java.net.URI url) {
    String host = url.getHost();
    if (host == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
      return false;
    }
    return host.equals("localhost") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || host.equals("[::1]");
  }
}
