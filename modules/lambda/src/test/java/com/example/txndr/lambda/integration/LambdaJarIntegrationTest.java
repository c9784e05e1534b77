package com.example.txndr.lambda.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.local.ResourceBootstrap;
import com.example.txndr.testkit.moto.Moto;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The Lambda jar (target/transaction-dr-lambda.jar) as the functions run it: it passes
 * {@link LambdaJarCheck} (under 15 MB, no local mode, picocli or SDK SSM module, no class named
 * and missing), and its handlers run on a class path of that jar alone (plus
 * {@link JarHandlerRunner}), each in its own JVM, against moto.
 */
class LambdaJarIntegrationTest {
  @RegisterExtension
  static final Moto MOTO = Moto.builder().wireProxy().build();

  private static final Path JAR = Path.of(System.getProperty("lambda.jar", "target/transaction-dr-lambda.jar"));

  @TempDir
  static Path runnerDir;

  /** Copies the runner's class file out of the test classes, so the class path holds nothing else. */
  @BeforeAll
  static void copyRunner() throws Exception {
    String name = JarHandlerRunner.class.getName().replace('.', '/') + ".class";
    Path target = runnerDir.resolve(name);
    Files.createDirectories(target.getParent());
    try (var in = JarHandlerRunner.class.getClassLoader().getResourceAsStream(name)) {
      Files.copy(in, target);
    }
  }

  private static String run(String region, String event, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", JAR.toAbsolutePath() + File.pathSeparator + runnerDir, JarHandlerRunner.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(TestEnv.env(MOTO.endpoint(), region));
    Process process = builder.start();
    process.getOutputStream().write(event.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void theLambdaJarIsLeanAndComplete() {
    assertThat(LambdaJarCheck.problems(JAR)).isEmpty();
  }

  @Test
  void processorAnswersItsHealthCheckFromTheLambdaJar() throws Exception {
    ResourceBootstrap.createTable(AwsClients.dynamoDb(TestEnv.config(MOTO.endpoint(), TestEnv.PRIMARY)), TestEnv.TABLE);
    String event = Json.write(Map.of("version", "2.0", "routeKey", "GET /health", "rawPath", "/health",
        "headers", Map.of(), "requestContext", Map.of("http", Map.of("method", "GET", "path", "/health"),
            "requestId", "r-1")));

    String output = run(TestEnv.PRIMARY, event, "com.example.txndr.lambda.api.ApiHandler");

    // Its table check read DynamoDB (the lease is not held: nothing ran the keeper).
    assertThat(output).contains("\"statusCode\":503", "\\\"table\\\":{\\\"status\\\":\\\"UP\\\"}");
  }

  @Test
  void orchestratorRunsFromTheLambdaJar() throws Exception {
    String output = run(TestEnv.SECONDARY, "{\"action\":\"promote\"}",
        "com.example.txndr.lambda.failover.FailoverOrchestratorHandler");

    assertThat(output).contains("\"outcome\":\"IGNORED\"");
  }

  @Test
  void keeperTicksFromTheLambdaJar() throws Exception {
    ResourceBootstrap.createTable(AwsClients.dynamoDb(TestEnv.config(MOTO.endpoint(), TestEnv.PRIMARY)), TestEnv.TABLE);
    ResourceBootstrap.createControlTable(AwsClients.dynamoDb(TestEnv.config(MOTO.endpoint(), TestEnv.PRIMARY)),
        TestEnv.CONTROL_TABLE);

    String output = run(TestEnv.PRIMARY, "{}", "com.example.txndr.lambda.keeper.LeaseKeeperHandler", "--tick");

    assertThat(output).contains("INITIALIZE CHANGED");
  }

  @Test
  void peerValuesReadAndWriteSsmFromTheLambdaJar() throws Exception {
    try (SsmClient ssm = ResourceBootstrap.ssm(TestEnv.config(MOTO.endpoint(), TestEnv.SECONDARY));
        StubHttpServer cloudFormation = new StubHttpServer()) {
      ssm.putParameter(r -> r.name(TestEnv.PREFIX + "/table-name").value(TestEnv.TABLE)
          .type(software.amazon.awssdk.services.ssm.model.ParameterType.STRING).overwrite(true));
      String event = Json.write(Map.of("RequestType", "Create",
          "ResponseURL", cloudFormation.url("/response").toString(), "RequestId", "r-1",
          "ResourceProperties", Map.of("Region", TestEnv.SECONDARY, "ParameterPrefix", TestEnv.PREFIX,
              "Read", List.of("table-name"),
              "Write", Map.of("api-endpoint", "https://prim4ry0ab.execute-api.us-east-1.amazonaws.com"))));

      run(TestEnv.PRIMARY, event, "com.example.txndr.lambda.peer.PeerRegionValuesHandler", "--any-response-url");

      assertThat(cloudFormation.requests).hasSize(1);
      assertThat(cloudFormation.requests.get(0).body).contains("\"Status\":\"SUCCESS\"",
          "\"TableName\":\"" + TestEnv.TABLE + "\"");
      assertThat(ssm.getParameter(r -> r.name(TestEnv.PREFIX + "/peer/api-endpoint")).parameter().value())
          .isEqualTo("https://prim4ry0ab.execute-api.us-east-1.amazonaws.com");
    }
  }
}
