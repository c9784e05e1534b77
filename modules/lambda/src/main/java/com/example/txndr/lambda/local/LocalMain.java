package com.example.txndr.lambda.local;

import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Config;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.txndr.lambda.failover.FailoverOrchestratorHandler;
import com.example.txndr.lambda.peer.PeerRegionValuesHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * {@code java -jar transaction-dr-lambda.jar serve --port 8080 [--create-resources]}: the
 * transaction API on a local HTTP server, configured by the same environment variables as in
 * Lambda ({@code TABLE_NAME}, {@code AWS_REGION}, {@code PRIMARY_REGION}, ...) plus the
 * standard {@code AWS_ENDPOINT_URL} (for example a moto_server).
 */
@Command(name = "transaction-dr-lambda", mixinStandardHelpOptions = true,
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

  /** The {@code serve} command. */
  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = {"Serves the transaction API (the handler Lambda runs) on a local HTTP server.",
          "Environment: TABLE_NAME, AWS_REGION, PRIMARY_REGION, SECONDARY_REGION, PARAMETER_PREFIX,"
              + " AWS_ENDPOINT_URL (e.g. http://localhost:5000 for moto_server)."})
  static final class Serve implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (0: any free port). Default ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind. Default ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--threads", defaultValue = "64", description = "Request threads. Default ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--create-resources",
        description = "Create the table, the control shards and this region's SSM parameters when missing.")
    boolean createResources;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Map<String, String> env = new HashMap<>(System.getenv());
      Config config = Config.fromEnvironment(env);
      try {
        config.require(Config.TABLE_NAME, Config.AWS_REGION, Config.PRIMARY_REGION, Config.SECONDARY_REGION);
      } catch (IllegalStateException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return 2;
      }
      DynamoDbClient dynamoDb = AwsClients.dynamoDb(config);
      if (createResources) {
        try (SsmClient ssm = AwsClients.ssm(config, config.region())) {
          for (String created : ResourceBootstrap.createMissing(config, dynamoDb, ssm)) {
            out.println("created " + created);
          }
        }
      }
      LocalServer server = new LocalServer(new ApiHandler(config, dynamoDb, Clock.systemUTC()), host, port, threads)
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      out.println("Listening on http://" + host + ":" + server.port() + " (region " + config.region()
          + ", table " + config.tableName() + ")");
      out.flush();
      Thread.currentThread().join();
      return 0;
    }
  }

  /** The {@code invoke} command. */
  @Command(name = "invoke", mixinStandardHelpOptions = true,
      description = {"Invokes one handler once, as Lambda does: its no-argument constructor reads the",
          "environment; the event is read from --event or standard input; the output is printed."})
  static final class Invoke implements Callable<Integer> {
    enum Handler { api, failover, peer }

    @Option(names = "--handler", required = true, description = "api, failover or peer.")
    Handler handler;

    @Option(names = "--event", description = "File holding the event JSON (default: standard input).")
    Path event;

    @Option(names = "--timing", description = "Also print the time from process start to the response, in ms.")
    boolean timing;

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
      RequestStreamHandler target;
      switch (handler) {
        case api:
          target = new ApiHandler();
          break;
        case failover:
          target = new FailoverOrchestratorHandler();
          break;
        default:
          target = new PeerRegionValuesHandler();
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
}
