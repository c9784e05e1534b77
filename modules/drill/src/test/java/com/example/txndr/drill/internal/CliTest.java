package com.example.txndr.drill.internal;

import static com.example.txndr.drill.internal.FakeWorld.PRIMARY;
import static com.example.txndr.drill.internal.FakeWorld.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.lease.Lease;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands, their exit codes and messages, against the world of two regions running the real lease code. */
class CliTest {
  @TempDir
  Path dir;

  private FakeWorld world = new FakeWorld();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    Wiring wiring = new Wiring() {
      @Override
      public Services services(AwsSettings aws) {
        return world.services();
      }

      @Override
      public boolean installsShutdownHook() {
        return false;
      }
    };
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--fence-shards";
    all[args.length + 1] = String.valueOf(FakeWorld.SHARDS);
    return Cli.execute(args.length > 0 && !args[args.length - 1].equals("--help") ? all : args, wiring,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private LeaseControl lease() {
    Services services = world.services();
    return new LeaseControl(services, world.targets(), FakeWorld.leaseSettings());
  }

  // ----- handover and demote -----

  @Test
  void handoverWithoutYesPrintsThePlanAndExitsTwo() {
    int code = run("handover", "--stack", "txn-dr-prod", "--to", SECONDARY);

    assertThat(code).isEqualTo(2);
    assertThat(out()).startsWith("handover to us-west-2:\nLease (txn-dr-prod-control, read in us-east-1): us-east-1"
        + " holds epoch 1 until 2026-03-01T10:00:30Z (30.0s left)\nKeeper of us-west-2 in the arbiter: 3.0s old (epoch"
        + " 1)\nWould request a planned hand-over from us-east-1 to us-west-2")
        .endsWith("Nothing was changed. Run again with --yes to do it.\n");
  }

  @Test
  void handoverWithoutYesChangesNothing() {
    run("handover", "--stack", "txn-dr-prod", "--to", SECONDARY);

    assertThat(world.lease()).hasToString("us-east-1 (epoch 1)");
  }

  @Test
  void handoverWithYesWatchesUntilTheTargetHoldsTheLease() {
    int code = run("handover", "--stack", "txn-dr-prod", "--to", SECONDARY, "--yes");

    assertThat(code).isZero();
    assertThat(world.lease()).hasToString("us-west-2 (epoch 2)");
    assertThat(out()).contains("handover to us-west-2: completed: us-west-2 holds epoch 2");
  }

  @Test
  void handoverPrintsEachStepOfTheDrain() {
    run("handover", "--stack", "txn-dr-prod", "--to", SECONDARY, "--yes");

    assertThat(out()).contains(
        "handover to us-west-2: requested: draining us-east-1 to us-west-2; it completes when us-west-2 has"
            + " us-east-1's last writes (epoch 1)",
        "handover to us-west-2: waiting for us-east-1 to revoke its write permission",
        "handover to us-west-2: revoked at 2026-03-01T10:00:05Z; markers seen in us-west-2 at 2026-03-01T10:00:07Z"
            + " (lag 2.0s); margin 5.0s, until 2026-03-01T10:00:12Z");
  }

  @Test
  void handoverToAStandbyWhoseKeeperIsStoppedIsRefused() {
    world.stopKeeper(SECONDARY);
    world.advance(Duration.ofSeconds(30));

    int code = run("handover", "--stack", "txn-dr-prod", "--to", SECONDARY, "--yes");

    assertThat(code).isEqualTo(1);
    assertThat(err()).isEqualTo("handover to us-west-2: refused: the keeper of us-west-2 has no fresh heartbeat in the"
        + " arbiter: it could not complete the hand-over; check its keeper\n");
    assertThat(world.lease()).hasToString("us-east-1 (epoch 1)");
  }

  @Test
  void aHandOverTheKeepersAbortExitsOneSayingWhatToDo() {
    world.pauseReplication();

    int code = run("handover", "--stack", "txn-dr-prod", "--to", SECONDARY, "--yes");

    assertThat(code).isEqualTo(1);
    assertThat(err()).isEqualTo("handover to us-west-2: aborted: handover aborted: only 0 of 8 drain markers arrived"
        + " within 300 s: replication from us-east-1 lags; us-east-1 resumes under epoch 2. Check status (replication"
        + " from us-east-1 to us-west-2, the keeper of us-west-2), then run the hand-over again\n");
  }

  @Test
  void handoverToTheHolderChangesNothing() {
    int code = run("handover", "--stack", "txn-dr-prod", "--to", PRIMARY, "--yes");

    assertThat(code).isZero();
    assertThat(out()).contains("handover to us-east-1: nothing to do: us-east-1 already holds the lease (epoch 1)");
  }

  @Test
  void demoteIsAHandOverToThePeer() {
    int code = run("demote", "--stack", "txn-dr-prod", "--region", PRIMARY, "--yes");

    assertThat(code).isZero();
    assertThat(world.lease()).hasToString("us-west-2 (epoch 2)");
    assertThat(out()).contains("demote us-east-1 (hand over to us-west-2): completed: us-west-2 holds epoch 2");
  }

  @Test
  void demoteSaysInItsHelpThatItIsAnAliasOfHandover() {
    run("demote", "--help");

    assertThat(out().replaceAll("\\s+", " ")).contains("Alias of handover: hands the lease over from --region to its"
        + " peer (handover --to <peer>).");
  }

  // ----- promote -----

  @Test
  void promoteWithoutYesPrintsThePlanAndExitsTwo() {
    int code = run("promote", "--stack", "txn-dr-prod", "--region", SECONDARY);

    assertThat(code).isEqualTo(2);
    assertThat(out()).startsWith("promote us-west-2:\nLease (txn-dr-prod-control, read in us-west-2): us-east-1 holds"
        + " epoch 1 until 2026-03-01T10:00:30Z (30.0s left)\nHeartbeat of us-east-1 in us-west-2's replica: 5.0s old"
        + " (epoch 1, holder)\nWould promote us-west-2 to epoch 2")
        .endsWith("Nothing was changed. Run again with --yes to do it.\n");
    assertThat(world.lease()).hasToString("us-east-1 (epoch 1)");
  }

  @Test
  void promoteIsRefusedWhileTheHoldersLeaseIsValid() {
    int code = run("promote", "--stack", "txn-dr-prod", "--region", SECONDARY, "--yes");

    assertThat(code).isEqualTo(1);
    assertThat(err()).isEqualTo("promote us-west-2: refused: us-east-1 holds the lease until 2026-03-01T10:00:30Z (plus"
        + " the clock error of 1000 ms): a promotion before then would give two writers; for a planned switch use"
        + " handover\n");
    assertThat(world.lease()).hasToString("us-east-1 (epoch 1)");
  }

  /** The primary cannot reach the arbiter: its lease expires, but it is alive and still writes heartbeats. */
  private void primaryCutFromTheArbiterWithoutAutomaticTakeover() {
    world = new FakeWorld(false);
    world.cutFromArbiter(PRIMARY);
    world.advance(Duration.ofSeconds(40));
  }

  @Test
  void promoteIsRefusedWhileTheHolderStillWritesHeartbeats() {
    primaryCutFromTheArbiterWithoutAutomaticTakeover();

    int code = run("promote", "--stack", "txn-dr-prod", "--region", SECONDARY, "--yes");

    assertThat(code).isEqualTo(1);
    assertThat(err()).isEqualTo("promote us-west-2: refused: us-east-1 still writes heartbeats into us-west-2's replica:"
        + " its last writes may not have replicated yet; wait, or pass --accept-data-loss\n");
  }

  @Test
  void promoteWithAcceptDataLossTakesTheExpiredLease() {
    primaryCutFromTheArbiterWithoutAutomaticTakeover();

    int code = run("promote", "--stack", "txn-dr-prod", "--region", SECONDARY, "--accept-data-loss", "--yes");

    assertThat(code).isZero();
    Lease lease = world.lease();
    assertThat(lease).hasToString("us-west-2 (epoch 2)");
    assertThat(lease.reason()).isEqualTo("takeover: by hand (dr-drill promote)");
  }

  @Test
  void promoteAfterThePrimaryIsGoneWorksWhileItDoesNotAnswer() {
    world = new FakeWorld(false);
    world.stopKeeper(PRIMARY);
    world.unreachable(PRIMARY);
    world.advance(Duration.ofSeconds(60));

    int code = run("promote", "--stack", "txn-dr-prod", "--region", SECONDARY, "--yes");

    assertThat(code).as(err()).isZero();
    assertThat(out()).contains("promote us-west-2: done: us-west-2 holds epoch 2 (was us-east-1 (epoch 1)); it writes"
        + " once its keeper publishes the permission (every 5.0s)");
    world.advance(Duration.ofSeconds(5));
    assertThat(world.items(SECONDARY, "LEASE#us-west-2#").get(0).get("epoch").n()).isEqualTo("2");
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

  // ----- abort-handover -----

  @Test
  void abortHandoverWithoutYesSaysWhatItWouldAbort() throws Exception {
    lease().operations(PRIMARY).handover(SECONDARY, "planned");

    int code = run("abort-handover", "--stack", "txn-dr-prod");

    assertThat(code).isEqualTo(2);
    assertThat(out()).contains("Would abort the hand-over from us-east-1 to us-west-2 (LeaseOperations.abortHandover:"
        + " one compare-and-set on the lease, version 14): us-east-1 resumes under epoch 2.");
    assertThat(world.lease().draining()).isTrue();
  }

  @Test
  void abortHandoverAbandonsADrainInProgress() {
    lease().operations(PRIMARY).handover(SECONDARY, "planned");

    int code = run("abort-handover", "--stack", "txn-dr-prod", "--yes");

    assertThat(code).isZero();
    assertThat(out()).contains("abort-handover: done: us-east-1 resumes under epoch 2");
    assertThat(world.lease()).hasToString("us-east-1 (epoch 2)");
  }

  @Test
  void abortHandoverWithNothingInProgressChangesNothing() {
    int code = run("abort-handover", "--stack", "txn-dr-prod", "--yes");

    assertThat(code).isZero();
    assertThat(out()).contains("abort-handover: nothing to abort: no hand-over is in progress");
    assertThat(world.lease()).hasToString("us-east-1 (epoch 1)");
  }

  // ----- reconcile -----

  @Test
  void reconcileWithoutYesSaysWhatItWouldDoAndInvokesNothing() {
    int code = run("reconcile", "--stack", "txn-dr-prod", "--output-dir", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(out()).contains("Would invoke txn-dr-prod-reconciler in us-east-1 (Lambda Invoke, RequestResponse)");
    assertThat(world.log).noneMatch(l -> l.contains("invoke"));
  }

  @Test
  void reconcileInvokesTheReconcilerWhereTheLeaseIsAndWritesItsFindings() throws Exception {
    int code = run("reconcile", "--stack", "txn-dr-prod", "--yes", "--output-dir", dir.toString());

    assertThat(code).isZero();
    assertThat(world.log).contains("2026-03-01T10:00:00Z invoke txn-dr-prod-reconciler in us-east-1");
    JsonNode record = new ObjectMapper().readTree(dir.resolve("reconciliation-20260301T100000Z.json").toFile());
    assertThat(record.get("outcome").asText()).isEqualTo("RECONCILED");
    assertThat(record.get("findings")).isEmpty();
  }

  @Test
  void reconcileReversesAKeyAppliedInBothEpochsOfAnUnplannedFailover() throws Exception {
    // The primary acknowledges a deposit that has not replicated when it is cut off; the standby
    // takes over, the client retries the same key there; the primary comes back and its items merge.
    Services services = world.services();
    Canary canary = new Canary(services, world.targets(), new Observer(services, world.targets(), lease()));
    world.pauseReplication();
    assertThat(canary.commit(PRIMARY, "k-1").committed()).isTrue();
    world.stopKeeper(PRIMARY);
    world.advance(Duration.ofSeconds(60));
    assertThat(world.lease()).hasToString("us-west-2 (epoch 2)");
    world.advance(Duration.ofSeconds(5));
    assertThat(canary.commit(SECONDARY, "k-1").committed()).isTrue();
    world.resumeReplication();
    world.advance(Duration.ofSeconds(2));

    int code = run("reconcile", "--stack", "txn-dr-prod", "--yes", "--output-dir", dir.toString());

    assertThat(code).as(err()).isZero();
    assertThat(world.log).anyMatch(l -> l.endsWith("invoke txn-dr-prod-reconciler in us-west-2"));
    assertThat(out()).contains("reconcile: DUPLICATE_REVERSED (epoch 1)");
    try (var files = Files.list(dir)) {
      JsonNode record = new ObjectMapper().readTree(files.findFirst().orElseThrow().toFile());
      assertThat(record.get("findings").get(0).get("kind").asText()).isEqualTo("DUPLICATE_REVERSED");
    }
  }

  @Test
  void reconcileInARegionThatDoesNotHoldTheLeaseExitsOne() {
    int code = run("reconcile", "--stack", "txn-dr-prod", "--region", SECONDARY, "--yes", "--output-dir",
        dir.toString());

    assertThat(code).isEqualTo(1);
    assertThat(err()).startsWith("reconcile: txn-dr-prod-reconciler in us-west-2 did not reconcile: NOT_ACTIVE:"
        + " reconciliation runs in the region that holds the lease: us-east-1 (epoch 1); run it in the region that"
        + " holds the lease (without --region)");
  }

  // ----- status, drill, usage -----

  @Test
  void noCommandIsAUsageError() {
    int code = run();

    assertThat(code).isEqualTo(2);
    assertThat(err()).startsWith("Missing command: status, handover, demote, promote, abort-handover, reconcile, drill"
        + " or preflight");
  }

  @Test
  void stackOutputsAreReadInThePrimaryRegion() {
    run("status", "--stack", "txn-dr-prod");

    assertThat(world.log).containsExactly("describe txn-dr-prod in us-east-1");
  }

  @Test
  void statusPrintsBothRegionsAndTheLease() {
    int code = run("status", "--stack", "txn-dr-prod");

    assertThat(code).isZero();
    assertThat(out()).contains("| us-east-1 (PRIMARY)", "| us-west-2 (SECONDARY)",
        "Lease (txn-dr-prod-control, read in us-east-1): us-east-1 holds epoch 1",
        "Active region: us-east-1 (epoch 1): it holds the lease");
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

  @Test
  void leaseSettingsTheFunctionsWouldRejectAreAnError() {
    int code = run("status", "--stack", "txn-dr-prod", "--lease-seconds", "10");

    assertThat(code).isEqualTo(1);
    assertThat(err()).startsWith("error: The lease settings (LEASE_SECONDS, LEASE_RENEW_SECONDS, MAX_CLOCK_ERROR_MILLIS,"
        + " HEARTBEAT_STALE_SECONDS) do not fit together: ");
  }
}
