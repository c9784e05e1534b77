package com.example.txndr.drill.internal;

import static com.example.txndr.drill.internal.FakeWorld.PRIMARY;
import static com.example.txndr.drill.internal.FakeWorld.PRIMARY_HC;
import static com.example.txndr.drill.internal.FakeWorld.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.fencing.ActiveRegion;
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

class DrillTest {
  @TempDir
  Path dir;

  private final FakeWorld world = new FakeWorld();
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private DrillSettings settings;

  private Drill drill() {
    Services services = world.services();
    DrillSettings used = settings != null ? settings : DrillSettings.defaults(dir);
    return new Drill(services, world.targets(),
        new Console(new PrintStream(output, true, StandardCharsets.UTF_8), services.ticker()), used);
  }

  private Drill drillWithTimeout(Duration timeout) {
    DrillSettings defaults = DrillSettings.defaults(dir);
    settings = new DrillSettings(timeout, defaults.poll(), defaults.rpoPoll(), defaults.maxReplicationLatency(),
        defaults.canaryAccount(), dir, defaults.restoreTimeout());
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

  @Test
  void drillPassesWhenTheAutomatedPathFailsOverAndBackWithinTheTargets() {
    DrillRecord record = drill().run();

    assertThat(record.failure()).isNull();
    assertThat(record.passed()).isTrue();
  }

  @Test
  void rtoIsTimedFromTheFaultInjectionToTheCanaryCommitInTheSecondary() {
    // Route 53 unhealthy after 30 s, ALARM 60 s later, hand-over 10 s later (t+100), replicated
    // 0.8 s later; the next poll (every 5 s) sees it and the canary commits at t+105.
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
        "route53-unhealthy=OK", "alarm=OK", "promotion=OK", "primary-fenced=OK", "fault-removed=OK",
        "dns-failover=OK", "secondary-canary=OK", "failback-handover=OK", "primary-active=OK",
        "primary-api-healthy=OK", "route53-healthy=OK", "dns-failback=OK", "primary-canary=OK");
  }

  @Test
  void failoverPhasesAreTimedFromTheFaultInjection() throws Exception {
    Drill drill = drill();
    drill.run();

    assertThat(phases(json(drill), "durationSeconds").subList(4, 11)).containsExactly(
        "route53-unhealthy=60.0", "alarm=90.0", "promotion=105.0", "primary-fenced=105.0", "fault-removed=105.0",
        "dns-failover=30.0", "secondary-canary=105.0");
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
    assertThat(record.get("rpo").get("measuredSeconds").asDouble()).isEqualTo(1.0);
    assertThat(record.get("rpo").get("targetSeconds").asDouble()).isEqualTo(300.0);
    assertThat(record.get("rpo").get("resolutionSeconds").asDouble()).isEqualTo(0.5);
  }

  @Test
  void recordIsNamedAfterTheDrillsStartTime() {
    Drill drill = drill();
    drill.run();

    assertThat(drill.written()).isEqualTo(dir.resolve("drill-result-20260301T100000Z.json"));
  }

  @Test
  void inversionIsRemovedAsSoonAsTheDemotedPrimaryAnswers503() {
    drill().run();

    assertThat(world.log).contains("2026-03-01T10:01:46Z invert hc-primary false");
  }

  @Test
  void failbackHandsOverToThePrimaryWrittenInTheSecondarysReplica() {
    drill().run();

    assertThat(world.log).anyMatch(line -> line.endsWith("promote us-east-1 in us-west-2 at epoch 6"));
    assertThat(world.active(PRIMARY)).isEqualTo(new ActiveRegion(PRIMARY, 6));
  }

  @Test
  void failbackSetsTheActiveRegionParameterInBothRegions() {
    drill().run();

    assertThat(List.of(world.ssm(PRIMARY, "/txn-dr/prod/active-region"),
        world.ssm(SECONDARY, "/txn-dr/prod/active-region"))).containsExactly(PRIMARY, PRIMARY);
  }

  @Test
  void progressSaysWhatEachPhaseWaitsFor() {
    drill().run();

    assertThat(output.toString(StandardCharsets.UTF_8)).contains(
        "waiting for Route 53 to report the primary unhealthy (checker regions: 3/3 healthy, inverted;"
            + " HealthCheckStatus 1 at 2026-03-01T09:59:00Z)");
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
  void preflightRefusesAnAlarmAlreadyInAlarm() {
    world.setAlarm("ALARM");

    DrillRecord record = drill().run();

    assertThat(record.failure()).isEqualTo("preflight: alarm txn-dr-prod-primary-region-unhealthy: is in ALARM"
        + " already: the hand-over acts only on a change to ALARM");
  }

  @Test
  void preflightRefusesADrillWhileTheSecondaryIsActive() {
    world.setControl(PRIMARY, new ActiveRegion(SECONDARY, 5));
    world.setControl(SECONDARY, new ActiveRegion(SECONDARY, 5));

    DrillRecord record = drill().run();

    assertThat(record.failure()).contains("control items in us-east-1: us-east-1 is not active: us-west-2 (epoch 5)");
  }

  @Test
  void preflightRefusesReplicationSlowerThanTheThreshold() {
    world.replicationLatencyMillis = 90_000;

    DrillRecord record = drill().run();

    assertThat(record.failure()).isEqualTo("preflight: DynamoDB replication latency us-east-1 to us-west-2: 1m30.0s"
        + " at 2026-03-01T10:00:00Z, above 1m00.0s");
  }

  @Test
  void preflightReportsARegionThatDoesNotAnswer() {
    world.unreachable(SECONDARY);

    DrillRecord record = drill().run();

    assertThat(record.failure()).startsWith("preflight: us-west-2 API /health: could not check: Unable to execute HTTP"
        + " request: connect timed out (us-west-2)");
  }

  @Test
  void aFailedPreflightHasNothingToRestore() {
    world.setAlarm("ALARM");

    DrillRecord record = drill().run();

    assertThat(record.restoreActions()).isEqualTo(List.of("nothing to restore: no fault was injected"));
  }

  @Test
  void aPromotionThatNeverComesTimesOutNamingWhatWasAwaited() {
    world.handoverAutomation = false;

    DrillRecord record = drillWithTimeout(Duration.ofMinutes(3)).run();

    assertThat(record.failure()).isEqualTo("failover: timed out after 3m00.0s waiting for the control items in"
        + " us-west-2 to show us-west-2 active at epoch 5 (last seen: us-east-1 (epoch 4) on all 4 shards)");
  }

  @Test
  void aTimedOutPhaseIsRecordedAsTimedOutAndTheRestAsNotReached() throws Exception {
    world.handoverAutomation = false;
    Drill drill = drillWithTimeout(Duration.ofMinutes(3));
    drill.run();

    assertThat(phases(json(drill), "outcome").subList(4, 11)).containsExactly(
        "route53-unhealthy=OK", "alarm=OK", "promotion=TIMED_OUT", "primary-fenced=NOT_REACHED",
        "fault-removed=NOT_REACHED", "dns-failover=OK", "secondary-canary=NOT_REACHED");
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
  void interruptionAfterThePromotionHandsTheControlItemsBackToThePrimary() {
    interruptWhen(() -> !world.handovers.isEmpty());

    DrillRecord record = drill().run();

    assertThat(world.active(SECONDARY)).isEqualTo(new ActiveRegion(PRIMARY, 6));
    assertThat(record.restoreActions())
        .contains("health check hc-primary: inverted back (Inverted=false)",
            "control items: us-east-1 active at epoch 6 (written in us-west-2)");
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
  void aHandOverArrivingDuringTheRestoreIsHandedBack() {
    // The alarm reacts within 20 s: it goes to ALARM although the drill was interrupted and
    // removed the inversion first; the hand-over comes during the restore.
    world.alarmDelay = Duration.ofSeconds(20);
    interruptWhen(() -> world.log.stream().anyMatch(l -> l.endsWith("route53 hc-primary unhealthy")));

    drill().run();

    assertThat(world.handovers).hasSize(1);
    assertThat(world.active(SECONDARY)).isEqualTo(new ActiveRegion(PRIMARY, 6));
  }

  @Test
  void restoreWithoutAPromotionWaitsUntilRoute53CountsThePrimaryHealthyAgain() {
    interruptWhen(() -> world.inverted(PRIMARY_HC));

    DrillRecord record = drill().run();

    assertThat(record.restoreActions()).last().asString()
        .startsWith("final state: us-east-1 active at epoch 4, checker regions: 3/3 healthy; HealthCheckStatus 1");
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

    drill.shutdownHook(drillThread).run();
    drillThread.join(10_000);

    assertThat(record.get().interrupted()).isTrue();
    assertThat(world.inverted(PRIMARY_HC)).isFalse();
    assertThat(Files.exists(drill.recordFile())).isTrue();
  }

  @Test
  void shutdownHookDoesNothingAfterTheDrillFinished() {
    Drill drill = drill();
    drill.run();
    int lines = output.toString(StandardCharsets.UTF_8).split("\n").length;

    drill.shutdownHook(Thread.currentThread()).run();

    assertThat(output.toString(StandardCharsets.UTF_8).split("\n")).hasSize(lines);
  }

  @Test
  void planSaysWhatTheDrillWillDoWithoutDoingIt() {
    String plan = drill().plan();

    assertThat(plan).contains("invert the primary's Route 53 health check hc-primary (UpdateHealthCheck Inverted=true)",
        "Run again with --yes to start it.");
    assertThat(world.log).isEmpty();
  }
}
