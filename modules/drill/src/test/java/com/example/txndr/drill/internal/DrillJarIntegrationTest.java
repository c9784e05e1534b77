package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.internal.Config;
import com.example.txndr.lambda.store.ControlShards;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shaded jar itself ({@code target/dr-drill.jar}), run as an operator runs it, against moto. */
class DrillJarIntegrationTest {
  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private SdkFencing fencing;

  private record Run(int exitCode, String output) {}

  @BeforeEach
  void tables() {
    MotoAws.createTable(MOTO.endpoint(), "us-east-1");
    MotoAws.createTable(MOTO.endpoint(), "us-west-2");
    fencing = new SdkFencing(MotoAws.settings(MOTO.endpoint()), () -> MotoAws.TABLE, ControlShards.of(Config.DEFAULT_CONTROL_SHARDS),
        Clock.systemUTC());
    fencing.promote("us-east-1", ActiveRegion.assumed("us-east-1"), "us-east-1", "initial");
    fencing.promote("us-west-2", ActiveRegion.assumed("us-east-1"), "us-east-1", "initial, replicated");
  }

  private Run jar(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("drill.jar", "target/dr-drill.jar")));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", MOTO.endpoint().toString(), "--project", "txn-dr", "--environment", "dev",
        "--table", MotoAws.TABLE));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }

  @Test
  void promoteWritesEveryControlShardInTheRegionsReplica() throws Exception {
    Run run = jar("promote", "--region", "us-west-2", "--yes");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(Operations.describe(fencing.read("us-west-2"))).isEqualTo("us-west-2 (epoch 2) on all " + Config.DEFAULT_CONTROL_SHARDS + " shards");
  }

  @Test
  void promoteWithoutYesPrintsThePlanExitsTwoAndChangesNothing() throws Exception {
    Run run = jar("promote", "--region", "us-west-2");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("Would make us-west-2 active at epoch 2");
    assertThat(fencing.read("us-west-2").latest()).contains(new ActiveRegion("us-east-1", 1));
  }

  @Test
  void demoteHandsOverFromTheRegionsReplica() throws Exception {
    Run run = jar("demote", "--region", "us-east-1", "--yes");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(fencing.read("us-east-1").latest()).contains(new ActiveRegion("us-west-2", 2));
  }

  @Test
  void statusPrintsWhatItCanReadAndTheErrorsOfTheRest() throws Exception {
    Run run = jar("status", "--primary-api", "http://127.0.0.1:9", "--secondary-api", "http://127.0.0.1:9");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains(
        "Control items (replica)   | us-east-1 (epoch 1) on all " + Config.DEFAULT_CONTROL_SHARDS + " shards",
        "Active region: us-east-1 at epoch 1 (both replicas agree)",
        "Route 53 health check     | error: No primary health check ID: give the stack output PrimaryHealthCheckId"
            + " (--stack) or --primary-health-check");
  }

  @Test
  void helpListsTheCommands() throws Exception {
    Process process = new ProcessBuilder("java", "-jar", System.getProperty("drill.jar", "target/dr-drill.jar"),
        "--help").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);

    assertThat(output).contains("status", "drill", "promote", "demote");
  }
}
