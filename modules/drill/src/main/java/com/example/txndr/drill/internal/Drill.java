package com.example.txndr.drill.internal;

import com.example.txndr.lambda.lease.Lease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The failover drill: forces the primary unhealthy in a controlled, reversible way (its Route
 * 53 health check inverted), which drives the real automated path (health-check alarm,
 * composite alarm, EventBridge, the orchestrator's hand-over request, the keepers' drain), times
 * every step until a canary write is acknowledged through the failover name by the secondary
 * (the RTO), then fails back with a hand-over to the primary and checks it the same way. The RPO
 * is measured first: a canary committed in the primary until it is readable in the secondary.
 *
 * <p>A drill always restores: {@link #run} restores in a finally block, and the shutdown hook
 * ({@link #shutdownHook}) stops a running drill on Ctrl-C and restores before the JVM exits. A
 * restore inverts the health check back and undoes only the drill's own change of the lease: it
 * aborts the alarm's hand-over while it drains, or hands the lease back to the primary when the
 * secondary holds it from that hand-over; then it prints what it did.
 *
 * <p>This class runs the phases in order and owns what spans them: the stop request, the
 * restore ({@link Restore}) and the record file. Each phase is its own class: {@link DrillPlan}
 * (what it will do), {@link Readiness} (the preflight), {@link RpoProbe}, {@link FailoverPhase}
 * (the fault injection and the automated path), {@link FailbackPhase}; {@link Phases} times and
 * records their milestones.
 */
public final class Drill {
  private static final DateTimeFormatter FILE_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Services services;
  private final Targets targets;
  private final Console console;
  private final DrillSettings settings;
  private final Ticker ticker;
  private final Observer observer;
  private final LeaseControl lease;
  private final Canary canary;
  private final DrillRecord record;
  private final Phases phases;
  private final FailoverPhase failover;
  private final String primary;
  private final String secondary;

  private final AtomicBoolean finished = new AtomicBoolean();
  private final CountDownLatch recorded = new CountDownLatch(1);
  private final AtomicBoolean restored = new AtomicBoolean();
  private final AtomicReference<Path> written = new AtomicReference<>();
  private volatile boolean stopRequested;
  private volatile String phase = "start";
  private volatile Lease initial;

  public Drill(Services services, Targets targets, LeaseControl lease, Console console, DrillSettings settings) {
    this.services = services;
    this.targets = targets;
    this.console = console;
    this.settings = settings;
    this.ticker = services.ticker();
    this.lease = lease;
    this.observer = new Observer(services, targets, lease);
    this.canary = new Canary(services, targets, observer);
    this.primary = targets.primaryRegion();
    this.secondary = targets.secondaryRegion();
    Instant start = ticker.now();
    this.record = new DrillRecord("drill-" + FILE_TIMESTAMP.format(start), targets.stackName(), primary, secondary,
        start);
    this.phases = new Phases(console, ticker, settings, record, () -> stopRequested);
    this.failover = new FailoverPhase(services, targets, lease, observer, canary, phases, settings, record, console);
  }

  /** The file the record is written to: {@code <outputDir>/drill-result-<timestamp>.json}. */
  public Path recordFile() {
    return settings.outputDir().resolve("drill-result-" + FILE_TIMESTAMP.format(record.startedAt()) + ".json");
  }

  /** What the drill will do, printed when {@code --yes} is missing. */
  public String plan() {
    return DrillPlan.describe(targets, settings, recordFile());
  }

  /** Runs the drill, restores, writes the record; never throws. */
  public DrillRecord run() {
    console.line("drill " + record.drillId() + " on " + (targets.stackName() == null ? "the given deployment"
        : "stack " + targets.stackName()) + ": primary " + primary + ", secondary " + secondary);
    try {
      preflight();
      stopIfRequested();
      phase = "rpo-probe";
      new RpoProbe(targets, canary, phases, settings, record, console, ticker).measure();
      stopIfRequested();
      phase = "fault-injection";
      failover.injectFault();
      phase = "failover";
      failover.await(initial);
      phase = "failback";
      new FailbackPhase(targets, lease, observer, canary, phases, settings, record, console, ticker)
          .run(initial.epoch(), failover.epoch());
    } catch (PhaseFailedException e) {
      record.fail(e.getMessage());
      console.line("FAILED: " + e.getMessage());
    } catch (InterruptedException e) {
      record.interrupted("interrupted during " + phase);
      console.line("interrupted during " + phase);
    } catch (RuntimeException e) {
      record.fail(phase + ": " + Watch.describe(e));
      console.line("FAILED: " + phase + ": " + Watch.describe(e));
    } finally {
      // The restore must be able to wait: forget an interruption it was started by.
      Thread.interrupted();
      restore();
      finish();
    }
    return record;
  }

  private void stopIfRequested() throws InterruptedException {
    if (stopRequested || Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("stop requested");
    }
  }

  /**
   * A JVM shutdown hook (Ctrl-C, SIGTERM): when the drill is still running, it stops the drill
   * thread, waits for its restore and record, and restores itself if they do not come in time.
   */
  public Thread shutdownHook(Thread drillThread) {
    return new Thread(() -> interruptAndRestore(drillThread), "drill-restore");
  }

  /** What the shutdown hook does; callable directly. */
  public void interruptAndRestore(Thread drillThread) {
    if (finished.get()) {
      return;
    }
    console.line("stop requested: ending the drill and restoring before exit (a second kill -9 abandons the restore;"
        + " then run status and handover --to " + primary + " --yes)");
    stopRequested = true;
    drillThread.interrupt();
    try {
      // Waits for the record, not for the thread: after the record the thread returns to
      // main, whose System.exit blocks while this hook runs.
      recorded.await(settings.restoreTimeout().plus(Duration.ofMinutes(2)).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!finished.get()) {
      record.interrupted("interrupted during " + phase + "; the drill thread did not stop in time");
      restore();
      finish();
    }
  }

  private void preflight() throws PhaseFailedException {
    phase = "preflight";
    console.line("== preflight: is the system ready for a drill?");
    Instant start = ticker.now();
    Readiness.Verdict verdict = new Readiness(targets, lease, observer, console, settings).check();
    Instant end = ticker.now();
    String description = "both regions healthy, primary holds the lease, both keepers alive, replication within"
        + " threshold";
    if (!verdict.ready()) {
      String detail = String.join("; ", verdict.problems());
      record.phase("preflight", description, start, end, DrillRecord.Outcome.FAILED, detail);
      throw new PhaseFailedException("preflight: " + detail);
    }
    initial = verdict.lease();
    record.initialActive(initial.holder() + " (epoch " + initial.epoch() + ")");
    record.epochs(initial.epoch(), null, null);
    record.phase("preflight", description, start, end, DrillRecord.Outcome.OK,
        primary + " holds the lease at epoch " + initial.epoch());
  }

  /**
   * Leaves the system as it was ({@link Restore}): the primary's health check not inverted, and
   * the drill's own change of the lease undone. Runs once.
   */
  public void restore() {
    if (!restored.compareAndSet(false, true)) {
      return;
    }
    new Restore(services, targets, lease, observer, console, settings, record)
        .run(new Restore.Changes(failover.faultInjected(), initial, failover.injectedAt(), failover.handoverSeen()));
  }

  private void finish() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    if (initial != null) {
      try {
        record.finalLease(lease.read(primary).lease().toString());
      } catch (RuntimeException e) {
        record.finalLease("unknown: " + Watch.describe(e));
      }
    }
    record.finish(ticker.now());
    Path file = recordFile();
    try {
      Files.createDirectories(settings.outputDir());
      Files.writeString(file, JsonText.write(record.toMap()));
      written.set(file);
    } catch (IOException e) {
      console.line("could not write " + file + ": " + e.getMessage());
      console.raw(JsonText.write(record.toMap()));
    }
    console.line("RTO: " + show(record.rto()) + " (target < " + Durations.format(DrillSettings.RTO_TARGET) + "), RPO: "
        + show(record.rpo()) + " (target < " + Durations.format(DrillSettings.RPO_TARGET) + ")");
    console.line("result: " + (record.passed() ? "PASS" : "FAIL") + (record.failure() == null ? ""
        : " (" + record.failure() + ")") + "; record: " + file);
    recorded.countDown();
  }

  private static String show(Duration duration) {
    return duration == null ? "not measured" : Durations.format(duration);
  }

  /** The record, as far as the drill got. */
  public DrillRecord record() {
    return record;
  }

  /** The record file once written, or null. */
  public Path written() {
    return written.get();
  }
}
