package com.example.txndr.drill.internal;

import static com.example.txndr.drill.internal.FakeWorld.PRIMARY;
import static com.example.txndr.drill.internal.FakeWorld.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.fencing.ActiveRegion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir
  Path dir;

  private final FakeWorld world = new FakeWorld();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    Wiring wiring = new Wiring() {
      @Override
      public Services services(AwsSettings aws, java.util.function.Supplier<String> tableName,
          com.example.txndr.lambda.store.ControlShards shards) {
        return world.services();
      }

      @Override
      public boolean installsShutdownHook() {
        return false;
      }
    };
    return Cli.execute(args, wiring, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void promoteWithoutYesPrintsThePlanAndExitsTwo() {
    int code = run("promote", "--stack", "txn-dr-prod", "--region", SECONDARY);

    assertThat(code).isEqualTo(2);
    assertThat(out()).startsWith("promote us-west-2:\nControl items in us-west-2: us-east-1 (epoch 4) on all 4 shards\n")
        .endsWith("Nothing was changed. Run again with --yes to do it.\n");
  }

  @Test
  void promoteWithoutYesChangesNothing() {
    run("promote", "--stack", "txn-dr-prod", "--region", SECONDARY);

    assertThat(world.active(SECONDARY)).isEqualTo(new ActiveRegion(PRIMARY, 4));
  }

  @Test
  void promoteWithYesMakesTheRegionActive() {
    int code = run("promote", "--stack", "txn-dr-prod", "--region", SECONDARY, "--yes");

    assertThat(code).isZero();
    assertThat(world.active(SECONDARY)).isEqualTo(new ActiveRegion(SECONDARY, 5));
  }

  @Test
  void promoteSaysWhatItDid() {
    run("promote", "--stack", "txn-dr-prod", "--region", SECONDARY, "--yes");

    assertThat(out()).contains("promote us-west-2: done: us-west-2 is active at epoch 5 (was us-east-1 (epoch 4))");
  }

  @Test
  void demoteHandsOverToThePeerWrittenInTheDemotedRegion() {
    int code = run("demote", "--stack", "txn-dr-prod", "--region", PRIMARY, "--yes");

    assertThat(code).isZero();
    assertThat(world.active(PRIMARY)).isEqualTo(new ActiveRegion(SECONDARY, 5));
  }

  @Test
  void aRegionOutsideThePairIsAnError() {
    int code = run("promote", "--stack", "txn-dr-prod", "--region", "eu-west-1", "--yes");

    assertThat(code).isEqualTo(1);
    assertThat(err()).isEqualTo("error: Region eu-west-1 is neither the primary (us-east-1) nor the secondary"
        + " (us-west-2) region\n");
  }

  @Test
  void promoteWithoutRegionIsAUsageError() {
    int code = run("promote", "--stack", "txn-dr-prod");

    assertThat(code).isEqualTo(2);
    assertThat(err()).startsWith("Missing required option: '--region=REGION'");
  }

  @Test
  void noCommandIsAUsageError() {
    int code = run();

    assertThat(code).isEqualTo(2);
    assertThat(err()).startsWith("Missing command: status, drill, promote or demote");
  }

  @Test
  void stackOutputsAreReadInThePrimaryRegion() {
    run("status", "--stack", "txn-dr-prod");

    assertThat(world.log).containsExactly("describe txn-dr-prod in us-east-1");
  }

  @Test
  void statusPrintsBothRegionsAndTheActiveRegion() {
    int code = run("status", "--stack", "txn-dr-prod");

    assertThat(code).isZero();
    assertThat(out()).contains("| us-east-1 (PRIMARY)", "| us-west-2 (SECONDARY)",
        "Active region: us-east-1 at epoch 4 (both replicas agree)");
  }

  @Test
  void drillWithoutYesPrintsThePlanAndExitsTwo() {
    int code = run("drill", "--stack", "txn-dr-prod", "--output-dir", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(out()).endsWith("Run again with --yes to start it.\n");
  }

  @Test
  void drillWithYesRunsAndExitsZeroWhenItPasses() throws Exception {
    int code = run("drill", "--stack", "txn-dr-prod", "--yes", "--output-dir", dir.toString());

    assertThat(code).isZero();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .isEqualTo(List.of("drill-result-20260301T100000Z.json"));
    }
  }

  @Test
  void drillThatFailsExitsOne() {
    world.setAlarm("ALARM");

    int code = run("drill", "--stack", "txn-dr-prod", "--yes", "--output-dir", dir.toString());

    assertThat(code).isEqualTo(1);
  }

  @Test
  void anInvalidDurationIsAUsageErrorThatShowsTheForm() {
    int code = run("drill", "--stack", "txn-dr-prod", "--timeout", "ten minutes");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("Invalid duration \"ten minutes\": use for example 90s, 10m, 1h, 1m30s or PT10M");
  }
}
