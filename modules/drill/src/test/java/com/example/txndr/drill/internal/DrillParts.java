package com.example.txndr.drill.internal;

import static com.example.txndr.drill.internal.FakeWorld.PRIMARY;
import static com.example.txndr.drill.internal.FakeWorld.SECONDARY;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The drill's parts wired to one fake world as {@link Drill} wires them, for the tests of each
 * part on its own: one record, one console captured, one stop flag.
 */
final class DrillParts {
  final FakeWorld world;
  final Services services;
  final Targets targets;
  final LeaseControl lease;
  final Observer observer;
  final Canary canary;
  final DrillSettings settings;
  final DrillRecord record;
  final Console console;
  volatile boolean stopRequested;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();

  DrillParts(FakeWorld world, Path dir) {
    this(world, DrillSettings.defaults(dir));
  }

  DrillParts(FakeWorld world, DrillSettings settings) {
    this.world = world;
    this.services = world.services();
    this.targets = world.targets();
    this.lease = new LeaseControl(services, targets, FakeWorld.leaseSettings());
    this.observer = new Observer(services, targets, lease);
    this.canary = new Canary(services, targets, observer);
    this.settings = settings;
    this.record = new DrillRecord("drill-test", "txn-dr-prod", PRIMARY, SECONDARY, world.now());
    this.console = new Console(new PrintStream(output, true, StandardCharsets.UTF_8), services.ticker());
  }

  /** The default settings with another phase timeout. */
  static DrillSettings withPhaseTimeout(Path dir, Duration timeout) {
    DrillSettings defaults = DrillSettings.defaults(dir);
    return new DrillSettings(timeout, defaults.poll(), defaults.rpoPoll(), defaults.maxReplicationLatency(), dir,
        defaults.restoreTimeout());
  }

  Phases phases() {
    return new Phases(console, services.ticker(), settings, record, () -> stopRequested);
  }

  Readiness readiness() {
    return new Readiness(targets, lease, observer, console, settings);
  }

  RpoProbe rpoProbe() {
    return new RpoProbe(targets, canary, phases(), settings, record, console, services.ticker());
  }

  FailoverPhase failover() {
    return new FailoverPhase(services, targets, lease, observer, canary, phases(), settings, record, console);
  }

  FailbackPhase failback() {
    return new FailbackPhase(targets, lease, observer, canary, phases(), settings, record, console, services.ticker());
  }

  /** What the console printed. */
  String output() {
    return output.toString(StandardCharsets.UTF_8);
  }

  /** The record's phases as {@code name=outcome}, in order. */
  @SuppressWarnings("unchecked")
  List<String> phaseOutcomes() {
    List<String> outcomes = new ArrayList<>();
    for (Map<String, Object> phase : (List<Map<String, Object>>) record.toMap().get("phases")) {
      outcomes.add(phase.get("name") + "=" + phase.get("outcome"));
    }
    return outcomes;
  }

  /** The record's lease epochs: initial, failover, failback. */
  @SuppressWarnings("unchecked")
  List<Object> epochs() {
    Map<String, Object> epochs = (Map<String, Object>) record.toMap().get("leaseEpochs");
    return java.util.Arrays.asList(epochs.get("initial"), epochs.get("failover"), epochs.get("failback"));
  }
}
