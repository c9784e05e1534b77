package com.example.txndr.lambda.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.internal.Json;
import com.example.txndr.testkit.moto.Moto;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The local jar (target/local/transaction-dr-local.jar): {@code serve} and {@code invoke}, each in
 * its own JVM, against moto. The Lambda jar's own runs are {@code LambdaJarIntegrationTest}'s.
 */
class LocalModeIntegrationTest {
  @RegisterExtension
  static final Moto MOTO = Moto.builder().wireProxy().build();

  private static final Pattern LISTENING = Pattern.compile("Listening on (http://\\S+) ");
  private static final String JAR = System.getProperty("local.jar", "target/local/transaction-dr-local.jar");
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stopProcesses() throws InterruptedException {
    for (Process process : processes) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private Process start(String region, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", new File(JAR).getAbsolutePath()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(TestEnv.env(MOTO.endpoint(), region));
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /** Starts {@code serve} and returns its base URL, from the line it prints when listening. */
  private URI serve(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("serve", "--port", "0"));
    args.addAll(List.of(extra));
    Process process = start(TestEnv.PRIMARY, args.toArray(String[]::new));
    BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      seen.append(line).append('\n');
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        return URI.create(matcher.group(1));
      }
    }
    throw new AssertionError("serve exited before listening:\n" + seen);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void serveCreatesItsResourcesAndCommitsATransaction() throws Exception {
    URI base = serve("--create-resources");

    HttpResponse<String> created = send(HttpRequest.newBuilder(base.resolve("/transactions"))
        .header("Content-Type", "application/json").header("Idempotency-Key", "first")
        .POST(HttpRequest.BodyPublishers.ofString(TestEnv.deposit("alice", "10.00"))));
    HttpResponse<String> replayed = send(HttpRequest.newBuilder(base.resolve("/transactions"))
        .header("Content-Type", "application/json").header("Idempotency-Key", "first")
        .POST(HttpRequest.BodyPublishers.ofString(TestEnv.deposit("alice", "10.00"))));
    HttpResponse<String> account = send(HttpRequest.newBuilder(base.resolve("/accounts/alice")).GET());
    HttpResponse<String> canary = send(HttpRequest.newBuilder(base.resolve("/canary"))
        .header("Idempotency-Key", "canary-1").POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(canary.statusCode()).as(canary.body()).isEqualTo(201);
    assertThat(canary.body()).contains("\"destinationAccount\":\"canary-" + TestEnv.PRIMARY + "\"",
        "\"amount\":\"0.01\"");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(201);
    assertThat(replayed.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(replayed.body()).isEqualTo(created.body());
    assertThat(account.body()).contains("\"balances\":{\"USD\":\"10.00\"}");
  }

  @Test
  void createResourcesWritesTheRegionsParameters() throws Exception {
    serve("--create-resources");

    try (SsmClient ssm = com.example.txndr.lambda.local.ResourceBootstrap.ssm(
        TestEnv.config(MOTO.endpoint(), TestEnv.PRIMARY))) {
      assertThat(ssm.getParameter(r -> r.name(TestEnv.PREFIX + "/region-role")).parameter().value())
          .isEqualTo("PRIMARY");
    }
  }

  @Test
  void serveAnswersBadInputWithAClearError() throws Exception {
    URI base = serve("--create-resources");

    HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/transactions"))
        .header("Content-Type", "application/json").header("Idempotency-Key", "k")
        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(20_000))));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).isEqualTo("{\"error\":{\"code\":\"PAYLOAD_TOO_LARGE\",\"message\":\"The body must"
        + " be at most 8192 bytes: got 20000\"}}");
  }

  /** Runs {@code serve} to its exit with the process's environment less {@code removed}. */
  private String serveExits(java.util.function.Predicate<String> removed, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", new File(JAR).getAbsolutePath(), "serve"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(removed);
    Process process = builder.start();
    processes.add(process);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isEqualTo(2);
    return output;
  }

  @Test
  void serveWithoutAnEndpointOverrideRefusesToRunAgainstRealAws() throws Exception {
    String output = serveExits(name -> name.equals("AWS_ENDPOINT_URL"), "--port", "0");

    assertThat(output).startsWith("serve refuses to run against real AWS: AWS_ENDPOINT_URL is not set");
  }

  @Test
  void serveAgainstRealAwsSaysWhatIsMissing() throws Exception {
    String output = serveExits(name -> name.endsWith("_REGION") || name.equals("TABLE_NAME")
        || name.equals("AWS_ENDPOINT_URL"), "--port", "0", "--allow-real-aws");

    assertThat(output).contains("Missing environment variable(s): TABLE_NAME, AWS_REGION, PRIMARY_REGION,"
        + " SECONDARY_REGION");
  }

  @Test
  void serveCreateResourcesWorksWithOnlyAnEndpointOverride() throws Exception {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", new File(JAR).getAbsolutePath(), "serve", "--port", "0", "--create-resources");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.endsWith("_REGION")
        || name.endsWith("TABLE_NAME") || name.equals("PARAMETER_PREFIX") || name.equals("TXNDR_LOCAL"));
    builder.environment().put("AWS_ENDPOINT_URL", MOTO.endpoint().toString());
    Process process = builder.start();
    processes.add(process);
    BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    URI base = null;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      seen.append(line).append('\n');
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        base = URI.create(matcher.group(1));
        break;
      }
    }
    assertThat(base).as(seen.toString()).isNotNull();

    HttpResponse<String> created = send(HttpRequest.newBuilder(base.resolve("/transactions"))
        .header("Content-Type", "application/json").header("Idempotency-Key", "newcomer-1")
        .POST(HttpRequest.BodyPublishers.ofString(TestEnv.deposit("alice", "10.00"))));

    assertThat(seen.toString()).startsWith("development defaults (not set in the environment):"
        + " TABLE_NAME=txn-dr-dev-transactions CONTROL_TABLE_NAME=txn-dr-dev-control AWS_REGION=us-east-1"
        + " PRIMARY_REGION=us-east-1 SECONDARY_REGION=us-west-2 PARAMETER_PREFIX=/txn-dr/dev\n");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  @Test
  void orchestratorRunsFromTheJarAndTakesNoActionFromAnInvokersPayload() throws Exception {
    Process process = start(TestEnv.SECONDARY, "invoke", "--handler", "failover");
    process.getOutputStream().write("{\"action\":\"promote\"}".getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();

    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output).contains("\"outcome\":\"IGNORED\"");
  }

  @Test
  void keeperRunsFromTheJarAndCreatesTheFirstLease() throws Exception {
    com.example.txndr.lambda.local.ResourceBootstrap.createTable(com.example.txndr.lambda.internal.AwsClients.dynamoDb(
        TestEnv.config(MOTO.endpoint(), TestEnv.PRIMARY)), TestEnv.TABLE);
    com.example.txndr.lambda.local.ResourceBootstrap.createControlTable(
        com.example.txndr.lambda.internal.AwsClients.dynamoDb(TestEnv.config(MOTO.endpoint(), TestEnv.PRIMARY)),
        TestEnv.CONTROL_TABLE);
    Process process = start(TestEnv.PRIMARY, "invoke", "--handler", "keeper", "--once");
    process.getOutputStream().close();

    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output).contains("\"action\":\"INITIALIZE\"", "\"outcome\":\"CHANGED\"");
  }

  @Test
  void customResourceRunsFromTheJar() throws Exception {
    try (StubHttpServer cloudFormation = new StubHttpServer()) {
      Path event = Files.createTempFile("event", ".json");
      Files.writeString(event, Json.write(Map.of("RequestType", "Create",
          "ResponseURL", cloudFormation.url("/response").toString(), "RequestId", "r-1",
          "ResourceProperties", Map.of("Region", "us-west-2", "ParameterPrefix", "/txn-dr/dev",
              "Write", Map.of("api-endpoint", "https://prim4ry0ab.execute-api.us-east-1.amazonaws.com")))));
      Process process = start(TestEnv.PRIMARY, "invoke", "--handler", "peer", "--event", event.toString());

      assertThat(process.waitFor()).isZero();

      assertThat(cloudFormation.requests).hasSize(1);
      assertThat(cloudFormation.requests.get(0).body).contains("\"Status\":\"SUCCESS\"");
    }
  }
}
