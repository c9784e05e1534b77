package com.example.txndr.drill.internal;

import static com.example.txndr.drill.internal.FakeWorld.PRIMARY;
import static com.example.txndr.drill.internal.FakeWorld.PRIMARY_HC;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill against a world whose two regions run the real keeper, orchestrator and processor:
 * the hand-over it times is the lambda module's, so a regression there fails these tests. These
 * tests run the whole drill (phases in order, the stop, the restore, the record file); each phase
 * has its own tests too ({@link ReadinessTest}, {@link RpoProbeTest}, {@link FailoverPhaseTest},
 * {@link FailbackPhaseTest}, {@link PhasesTest}, {@link DrillPlanTest}, {@link RestoreTest}).
 */
class DrillTest {
  @TempDir
  Path dir;

  private final FakeWorld world = new FakeWorld();
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private DrillSettings settings;

  private Drill drill() {
    Services services = world.services();
    DrillSettings used = settings != null ? settings : DrillSettings.defaults(dir);
    Targets targets = world.targets();
    return new Drill(services, targets, new LeaseControl(services, targets, FakeWorld.leaseSettings()),
        new Console(new PrintStream(output, true, StandardCharsets.UTF_8), services.ticker()), used);
  }

  private Drill drillWithTimeout(Duration timeout) {
    DrillSettings defaults = DrillSettings.defaults(dir);
    settings = new DrillSettings(timeout, defaults.poll(), defaults.rpoPoll(), defaults.maxReplicationLatency(),
        dir, defaults.restoreTimeout());
    return drill();
  }

  private JsonNode json(Drill drill) throws Exception {
    return new ObjectMapper().readTree(Files.readString(drill.recordFile()));
  }

  private static List<String> phases(JsonNode record, String field) {
    List<String> values = new ArrayList<>();
    record.get("phases").forEach(p -> values.add(p.get("name").asText() + "=" + p.get(field).asText()));
    return values;
  }

  /** Interrupts the drill's thread once, the first time {@code condition} holds after the clock moved. */
  private void interruptWhen(java.util.function.BooleanSupplier condition) {
    AtomicBoolean done = new AtomicBoolean();
    world.onSleep = () -> {
      if (!done.get() && condition.getAsBoolean()) {
        done.set(true);
        Thread.currentThread().interrupt();
      }
    };
  }

  private LeaseControl lease() {
    Services services = world.services();
    return new LeaseControl(services, world.targets(), FakeWorld.leaseSettings());
  }

  @Test
  void drillPassesWhenTheAutomatedPathFailsOverAndBackWithinTheTargets() {
    DrillRecord record = drill().run();

    assertThat(record.failure()).isNull();
    assertThat(record.passed()).isTrue();
  }

  @Test
  void rtoIsTimedFromTheFaultInjectionToTheCanaryAcknowledgedThroughTheFailoverName() {
    // Route 53 fails the inverted check after 3 checks (t+22 s) and DNS answers the secondary; the
    // alarm follows 60 s later, the orchestrator requests the hand-over 10 s after that (t+92 s),
    // the keepers drain it (t+101 s); the next poll (every 5 s) sees it and the canary through the
    // failover name, which resolvers have answered with the secondary since t+82 s, is acknowledged.
    DrillRecord record = drill().run();

    assertThat(record.rto()).isEqualTo(Duration.ofSeconds(105));
  }

  @Test
  void rpoIsTimedFromTheCommitInThePrimaryUntilTheCanaryIsReadableInTheSecondary() {
    // Replication takes 0.8 s; the secondary is read every 0.5 s.
    DrillRecord record = drill().run();

    assertThat(record.rpo()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void everyPhaseIsRecordedInOrderWithItsOutcome() throws Exception {
    Drill drill = drill();
    drill.run();

    assertThat(phases(json(drill), "outcome")).containsExactly(
        "preflight=OK", "rpo-canary-commit=OK", "rpo-canary-replicated=OK", "fault-injection=OK",
        "route53-unhealthy=OK", "alarm=OK", "handover-requested=OK", "drain-completed=OK", "primary-fenced=OK",
        "fault-removed=OK", "dns-failover=OK", "failover-canary=OK", "failback-handover=OK", "failback-completed=OK",
        "primary-api-healthy=OK", "route53-healthy=OK", "dns-failback=OK", "failback-canary=OK");
  }

  @Test
  void failoverPhasesAreTimedFromTheFaultInjection() throws Exception {
    Drill drill = drill();
    drill.run();

    assertThat(phases(json(drill), "durationSeconds").subList(4, 12)).containsExactly(
        "route53-unhealthy=60.0", "alarm=85.0", "handover-requested=95.0", "drain-completed=105.0",
        "primary-fenced=95.0", "fault-removed=95.0", "dns-failover=25.0", "failover-canary=105.0");
  }

  @Test
  void recordCarriesTheMeasuredRtoAndRpoWithTheirTargetsAndResults() throws Exception {
    Drill drill = drill();
    drill.run();
    JsonNode record = json(drill);

    assertThat(record.get("result").asText()).isEqualTo("PASS");
    assertThat(record.get("rto").get("measuredSeconds").asDouble()).isEqualTo(105.0);
    assertThat(record.get("rto").get("targetSeconds").asDouble()).isEqualTo(900.0);
    assertThat(record.get("rto").get("result").asText()).isEqualTo("PASS");
    assertThat(record.get("rto").get("definition").asText()).isEqualTo("fault injection (primary health check"
        + " inverted) until a canary write was acknowledged through the failover name by the secondary");
    assertThat(record.get("rpo").get("measuredSeconds").asDouble()).isEqualTo(1.0);
    assertThat(record.get("rpo").get("targetSeconds").asDouble()).isEqualTo(300.0);
    assertThat(record.get("rpo").get("resolutionSeconds").asDouble()).isEqualTo(0.5);
  }

  @Test
  void recordCarriesTheLeaseEpochs() throws Exception {
    Drill drill = drill();
    drill.run();
    JsonNode record = json(drill);

    assertThat(record.get("initialActive").asText()).isEqualTo("us-east-1 (epoch 1)");
    assertThat(record.get("leaseEpochs").toString())
        .isEqualTo("{\"initial\":1,\"failover\":2,\"failback\":3,\"finalLease\":\"us-east-1 (epoch 3)\"}");
  }

  @Test
  void recordIsNamedAfterTheDrillsStartTime() {
    Drill drill = drill();
    drill.run();

    assertThat(drill.written()).isEqualTo(dir.resolve("drill-result-20260301T100000Z.json"));
  }

  @Test
  void theOrchestratorRequestsTheHandOverWhenTheAlarmArrives() {
    drill().run();

    assertThat(world.handovers).containsExactly("2026-03-01T10:01:33Z HANDOVER_REQUESTED us-east-1 (epoch 1,"
        + " draining to us-west-2)");
  }

  @Test
  void inversionIsRemovedAsSoonAsThePrimaryAnswers503() {
    drill().run();

    assertThat(world.log).contains("2026-03-01T10:01:36Z invert hc-primary false");
  }

  @Test
  void failbackIsAHandOverThatTheKeepersComplete() {
    drill().run();

    Lease lease = world.lease();
    assertThat(lease.activeHolder(PRIMARY)).isTrue();
    assertThat(lease.epoch()).isEqualTo(3);
    assertThat(lease().epochs(PRIMARY).get(2).reason())
        .isEqualTo("handover: drill drill-20260301T100000Z: failback");
  }

  @Test
  void theFailoverCanaryIsWrittenByTheSecondaryUnderTheNextEpoch() {
    drill().run();

    assertThat(world.log).anyMatch(l -> l.equals("2026-03-01T10:01:46Z canary drill-20260301T100000Z-failover in"
        + " us-west-2: 201"));
  }

  @Test
  void progressSaysWhatEachPhaseWaitsFor() {
    drill().run();

    assertThat(output.toString(StandardCharsets.UTF_8)).contains(
        "waiting for Route 53 to report the primary unhealthy (checker regions: 3/3 healthy, inverted;"
            + " HealthCheckStatus 1 at 2026-03-01T09:59:00Z)",
        "waiting for the drain to complete: us-west-2 holding epoch 2 (us-east-1 holds epoch 1, draining to us-west-2"
            + " since 2026-03-01T10:01:33Z (no region writes): revoked at 2026-03-01T10:01:35Z; markers seen in"
            + " us-west-2 at 2026-03-01T10:01:37Z (lag 2.0s); margin 5.0s, until 2026-03-01T10:01:42Z)");
  }

  @Test
  void preflightRefusesAnInvertedPrimaryHealthCheckAndInjectsNothing() {
    world.setInvertedNow(PRIMARY_HC, true);

    DrillRecord record = drill().run();

    assertThat(record.failure()).isEqualTo("preflight: us-east-1 Route 53 health check: hc-primary is inverted (a"
        + " drill that did not restore?): run update-health-check --health-check-id hc-primary --no-inverted first");
    assertThat(world.log).noneMatch(line -> line.contains("invert"));
  }

  @Test
  void aFailedPreflightHasNothingToRestore() {
    world.setAlarm("ALARM");

    DrillRecord record = drill().run();

    assertThat(record.restoreActions()).isEqualTo(List.of("nothing to restore: no fault was injected"));
  }

  @Test
  void aHandOverThatNeverComesTimesOutNamingWhatWasAwaited() {
    world.handoverAutomation = false;

    DrillRecord record = drillWithTimeout(Duration.ofMinutes(3)).run();

    assertThat(record.failure()).startsWith("failover: timed out after 3m00.0s waiting for the orchestrator's hand-over"
        + " request: the lease draining from us-east-1 to us-west-2 (epoch 1) (last seen: us-east-1 holds epoch 1"
        + " until ");
  }

  @Test
  void aTimedOutPhaseIsRecordedAsTimedOutAndTheRestAsNotReached() throws Exception {
    world.handoverAutomation = false;
    Drill drill = drillWithTimeout(Duration.ofMinutes(3));
    drill.run();

    assertThat(phases(json(drill), "outcome").subList(4, 12)).containsExactly(
        "route53-unhealthy=OK", "alarm=OK", "handover-requested=TIMED_OUT", "drain-completed=NOT_REACHED",
        "primary-fenced=NOT_REACHED", "fault-removed=NOT_REACHED", "dns-failover=OK", "failover-canary=NOT_REACHED");
  }

  @Test
  void aTimedOutDrillFailsWithoutAnRto() throws Exception {
    world.handoverAutomation = false;
    Drill drill = drillWithTimeout(Duration.ofMinutes(3));
    drill.run();
    JsonNode record = json(drill);

    assertThat(record.get("result").asText()).isEqualTo("FAIL");
    assertThat(record.get("rto").get("result").asText()).isEqualTo("NOT_MEASURED");
  }

  @Test
  void aTimedOutDrillInvertsTheHealthCheckBack() {
    world.handoverAutomation = false;

    drillWithTimeout(Duration.ofMinutes(3)).run();

    assertThat(world.inverted(PRIMARY_HC)).isFalse();
  }

  @Test
  void aHandOverTheKeepersAbortFailsTheDrillAndThePrimaryResumes() {
    // Replication stops once the fault is injected: the drain markers never reach the secondary.
    world.onInversion = world::pauseReplication;

    DrillRecord record = drillWithTimeout(Duration.ofMinutes(6)).run();

    assertThat(record.failure()).isEqualTo("failover: drain-completed: the hand-over was aborted (handover aborted:"
        + " only 0 of 8 drain markers arrived within 300 s: replication from us-east-1 lags): us-east-1 resumes under"
        + " epoch 2");
    assertThat(world.lease().activeHolder(PRIMARY)).isTrue();
  }

  @Test
  void interruptionDuringTheDrainAbortsTheDrillsHandOver() {
    interruptWhen(() -> !world.handovers.isEmpty());

    DrillRecord record = drill().run();

    assertThat(world.lease()).hasToString("us-east-1 (epoch 2)");
    assertThat(record.restoreActions()).contains("health check hc-primary: inverted back (Inverted=false)",
        "lease: aborted the drill's hand-over to us-west-2: us-east-1 resumes under epoch 2");
  }

  @Test
  void interruptionAfterTheFailoverHandsTheLeaseBackToThePrimary() {
    interruptWhen(() -> world.lease().activeHolder(SECONDARY));

    DrillRecord record = drill().run();

    assertThat(world.lease()).hasToString("us-east-1 (epoch 3)");
    assertThat(record.restoreActions()).contains("lease: hand-over back to us-east-1 requested (us-west-2 held epoch 2"
        + " from the drill's hand-over)");
    assertThat(record.restoreActions()).last().asString().isEqualTo("final state: us-east-1 holds the lease at epoch 3");
  }

  @Test
  void anInterruptedDrillIsRecordedAsInterruptedAndFailed() throws Exception {
    interruptWhen(() -> !world.handovers.isEmpty());
    Drill drill = drill();
    drill.run();
    JsonNode record = json(drill);

    assertThat(record.get("interrupted").asBoolean()).isTrue();
    assertThat(record.get("failure").asText()).isEqualTo("interrupted during failover");
    assertThat(record.get("result").asText()).isEqualTo("FAIL");
  }

  @Test
  void aHandOverArrivingDuringTheRestoreIsUndone() {
    // The alarm reacts within 20 s: it goes to ALARM although the drill was interrupted and
    // removed the inversion first; the hand-over comes during the restore.
    world.alarmDelay = Duration.ofSeconds(20);
    interruptWhen(() -> world.log.stream().anyMatch(l -> l.endsWith("route53 hc-primary unhealthy")));

    drill().run();

    assertThat(world.handovers).hasSize(1);
    assertThat(world.lease().activeHolder(PRIMARY)).isTrue();
  }

  @Test
  void restoreWithoutAHandOverWaitsUntilRoute53CountsThePrimaryHealthyAgain() {
    interruptWhen(() -> world.inverted(PRIMARY_HC));

    DrillRecord record = drill().run();

    assertThat(record.restoreActions()).last().asString()
        .startsWith("final state: us-east-1 holds the lease at epoch 1, checker regions: 3/3 healthy; HealthCheckStatus 1");
  }

  @Test
  void aHandOverThatIsNotTheDrillsIsNotHandedBack() throws Exception {
    // Someone hands over by hand during the drill: the restore leaves that lease alone.
    world.handoverAutomation = false;
    LeaseControl lease = lease();
    world.onInversion = () -> lease.operations(PRIMARY).handover(SECONDARY, "maintenance");
    interruptWhen(() -> world.lease().activeHolder(SECONDARY));

    DrillRecord record = drill().run();

    assertThat(world.lease()).hasToString("us-west-2 (epoch 2)");
    assertThat(record.restoreActions()).last().asString().startsWith("restore did not settle: timed out after"
        + " 5m00.0s waiting for us-east-1 holding the lease, no hand-over of the drill's pending (last seen: us-west-2"
        + " holds epoch 2 until ");
  }

  @Test
  void restoreThatCannotInvertTheCheckBackSaysHowToDoItByHand() {
    world.onInversion = () -> world.route53Writable = false;
    world.handoverAutomation = false;

    DrillRecord record = drillWithTimeout(Duration.ofMinutes(1)).run();

    assertThat(record.restoreActions()).contains("FAILED to invert health check hc-primary back: run"
        + " aws route53 update-health-check --health-check-id hc-primary --no-inverted");
  }

  @Test
  void rtoAboveFifteenMinutesFailsTheDrill() {
    world.eventDelay = Duration.ofMinutes(16);

    DrillRecord record = drillWithTimeout(Duration.ofMinutes(20)).run();

    assertThat(record.failure()).isNull();
    assertThat(record.rto()).isGreaterThan(DrillSettings.RTO_TARGET);
    assertThat(record.passed()).isFalse();
  }

  @Test
  void shutdownHookStopsARunningDrillAndRestoresBeforeExit() throws Exception {
    CountDownLatch injected = new CountDownLatch(1);
    world.onSleep = () -> {
      if (world.inverted(PRIMARY_HC)) {
        injected.countDown();
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    Drill drill = drill();
    AtomicReference<DrillRecord> record = new AtomicReference<>();
    Thread drillThread = new Thread(() -> record.set(drill.run()));
    drillThread.start();
    assertThat(injected.await(30, TimeUnit.SECONDS)).isTrue();

    Thread hook = drill.shutdownHook(drillThread);
    hook.start();
    hook.join(30_000);
    drillThread.join(10_000);

    assertThat(record.get().interrupted()).isTrue();
    assertThat(world.inverted(PRIMARY_HC)).isFalse();
    assertThat(Files.exists(drill.recordFile())).isTrue();
  }

  @Test
  void shutdownHookDoesNothingAfterTheDrillFinished() throws InterruptedException {
    Drill drill = drill();
    drill.run();
    int lines = output.toString(StandardCharsets.UTF_8).split("\n").length;

    Thread hook = drill.shutdownHook(Thread.currentThread());
    hook.start();
    hook.join(10_000);

    assertThat(output.toString(StandardCharsets.UTF_8).split("\n")).hasSize(lines);
  }

  @Test
  void planSaysWhatTheDrillWillDoWithoutDoingIt() {
    String plan = drill().plan();

    assertThat(plan).contains("invert the primary's Route 53 health check hc-primary (UpdateHealthCheck Inverted=true)",
        "a canary write acknowledged through the failover name api.dr.example.com by us-west-2",
        "Run again with --yes to start it.");
    assertThat(world.log).isEmpty();
  }
}
