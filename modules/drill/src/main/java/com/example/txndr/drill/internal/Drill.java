package com.example.txndr.drill.internal;

import com.example.txndr.lambda.lease.Heartbeat;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseOperations;
import com.example.txndr.lambda.lease.MirrorShard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
  private final String primary;
  private final String secondary;

  private final AtomicBoolean finished = new AtomicBoolean();
  private final CountDownLatch recorded = new CountDownLatch(1);
  private final AtomicBoolean restored = new AtomicBoolean();
  private final AtomicReference<Path> written = new AtomicReference<>();
  private volatile boolean stopRequested;
  private volatile String phase = "start";
  private volatile boolean faultInjected;
  private volatile boolean handoverSeen;
  private volatile Lease initial;
  private volatile Long failoverEpoch;
  private volatile Long failbackEpoch;
  private volatile Instant injectedAt;

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
  }

  /** The file the record is written to: {@code <outputDir>/drill-result-<timestamp>.json}. */
  public Path recordFile() {
    return settings.outputDir().resolve("drill-result-" + FILE_TIMESTAMP.format(record.startedAt()) + ".json");
  }

  /** What the drill will do, printed when {@code --yes} is missing. */
  public String plan() {
    return String.join("\n",
        "The drill will, on " + (targets.stackName() == null ? "the given deployment" : "stack " + targets.stackName())
            + " (primary " + primary + ", secondary " + secondary + "):",
        "  1. preflight: both /health 200, both Route 53 checks healthy and not inverted, " + primary
            + " holding the lease (" + targets.controlTableName() + ") and writable on every fence shard, " + secondary
            + " not writable, both keepers' heartbeats fresh in the arbiter, replication (latency, and " + primary
            + "'s heartbeat in " + secondary + "'s replica) under " + Durations.format(settings.maxReplicationLatency())
            + ", the failover record answering " + primary + ", alarm " + targets.primaryUnhealthyAlarmName()
            + " not in ALARM;",
        "  2. RPO probe: commit a canary (POST /canary: the processor deposits " + Canary.AMOUNT + " "
            + Canary.CURRENCY + " into " + Canary.accountOf(primary) + ") in " + primary + " and time until it is readable in " + secondary + ";",
        "  3. fault injection: invert the primary's Route 53 health check " + targets.healthCheckId(primary)
            + " (UpdateHealthCheck Inverted=true);",
        "  4. wait for: Route 53 to report it unhealthy, the alarm, the orchestrator's hand-over request (the lease"
            + " draining to " + secondary + "), the drain completed (" + secondary + " holding the next epoch), the"
            + " primary's /health 503 (then the inversion is removed), the failover record answering " + secondary
            + ", and a canary write acknowledged through the failover name " + targets.failoverRecordName() + " by "
            + secondary + " (the RTO: from the fault injection to this acknowledgement);",
        "  5. fail back: a hand-over to " + primary + " (LeaseOperations.handover), wait until " + primary
            + " holds the next epoch, is healthy in its API and Route 53, the failover record answers " + primary
            + ", and a canary write is acknowledged through the failover name by " + primary + ";",
        "  always restore (also on Ctrl-C): health check not inverted; the drill's own change of the lease undone"
            + " (its hand-over aborted, or the lease handed back to " + primary + ");",
        "  write " + recordFile() + ". Each phase times out after " + Durations.format(settings.phaseTimeout()) + ".",
        "Run again with --yes to start it.");
  }

  /** Runs the drill, restores, writes the record; never throws. */
  public DrillRecord run() {
    console.line("drill " + record.drillId() + " on " + (targets.stackName() == null ? "the given deployment"
        : "stack " + targets.stackName()) + ": primary " + primary + ", secondary " + secondary);
    try {
      preflight();
      stopIfRequested();
      rpoProbe();
      stopIfRequested();
      injectFault();
      failover();
      failback();
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
    List<String> problems = new ArrayList<>();
    for (String region : List.of(primary, secondary)) {
      check(problems, region + " API /health", () -> {
        Observer.ApiHealth health = observer.apiHealth(region);
        return health.healthy() ? null : "answered " + health;
      });
      check(problems, region + " Route 53 health check", () -> {
        Observer.RouteHealth health = observer.route53(region);
        if (health.inverted()) {
          return health.id() + " is inverted (a drill that did not restore?): run update-health-check"
              + " --health-check-id " + health.id() + " --no-inverted first";
        }
        return health.healthy() ? null : "unhealthy (" + health + ")";
      });
    }
    AtomicReference<Lease> seen = new AtomicReference<>();
    check(problems, "lease", () -> {
      Lease current = lease.read(primary).lease();
      if (!current.activeHolder(primary) || !lease.timing().permitsWrite(current.expiresAtMillis(), lease.nowMillis())) {
        return primary + " does not hold it: " + lease.describe(current);
      }
      seen.set(current);
      return null;
    });
    for (String region : List.of(primary, secondary)) {
      check(problems, "keeper of " + region + " in the arbiter", () -> {
        Optional<Heartbeat> heartbeat = lease.keeperHeartbeat(primary, region);
        boolean fresh = heartbeat.isPresent()
            && heartbeat.get().ageMillis(lease.nowMillis()) <= lease.timing().heartbeatStaleAfter().toMillis();
        return fresh ? null : "heartbeat " + lease.describe(heartbeat, false) + ": the hand-over needs both keepers";
      });
    }
    check(problems, "write permission of " + primary, () -> {
      List<MirrorShard> shards = lease.mirror(primary);
      return seen.get() == null || lease.writable(shards, seen.get().epoch()) ? null
          : "not writable at epoch " + seen.get().epoch() + ": " + lease.describe(shards);
    });
    check(problems, "write permission of " + secondary, () -> {
      List<MirrorShard> shards = lease.mirror(secondary);
      return lease.notWritable(shards) ? null : "it may write: " + lease.describe(shards);
    });
    check(problems, "replication " + primary + " to " + secondary, () -> {
      Optional<Metrics.Datapoint> latency = observer.replicationLatency(primary);
      if (latency.isPresent() && latency.get().value() > settings.maxReplicationLatency().toMillis()) {
        return "DynamoDB ReplicationLatency " + Durations.format(Duration.ofMillis((long) latency.get().value()))
            + " at " + latency.get().timestamp() + ", above " + Durations.format(settings.maxReplicationLatency());
      }
      Optional<Heartbeat> heartbeat = lease.heartbeat(secondary, primary);
      if (heartbeat.isEmpty()) {
        return "no heartbeat of " + primary + " in " + secondary + "'s replica";
      }
      long age = heartbeat.get().ageMillis(lease.nowMillis());
      if (age > settings.maxReplicationLatency().toMillis()) {
        return "the heartbeat of " + primary + " in " + secondary + "'s replica is "
            + Durations.format(Duration.ofMillis(age)) + " old, above " + Durations.format(settings.maxReplicationLatency());
      }
      return null;
    });
    check(problems, "failover record", () -> {
      Observer.DnsView dns = observer.dns();
      return primary.equals(dns.region()) ? null : "does not answer " + primary + ": " + dns;
    });
    check(problems, "alarm " + targets.primaryUnhealthyAlarmName(), () -> {
      Optional<Metrics.Alarm> alarm = observer.primaryUnhealthyAlarm();
      if (alarm.isEmpty()) {
        return "does not exist in " + primary + " (give --alarm-name)";
      }
      return "ALARM".equals(alarm.get().state()) ? "is in ALARM already: the hand-over acts only on a change to ALARM"
          : null;
    });
    Instant end = ticker.now();
    String description = "both regions healthy, primary holds the lease, both keepers alive, replication within"
        + " threshold";
    if (!problems.isEmpty()) {
      String detail = String.join("; ", problems);
      record.phase("preflight", description, start, end, DrillRecord.Outcome.FAILED, detail);
      throw new PhaseFailedException("preflight: " + detail);
    }
    initial = seen.get();
    record.initialActive(initial.holder() + " (epoch " + initial.epoch() + ")");
    record.epochs(initial.epoch(), null, null);
    record.phase("preflight", description, start, end, DrillRecord.Outcome.OK,
        primary + " holds the lease at epoch " + initial.epoch());
  }

  /** A preflight check: a problem in words, or null. */
  @FunctionalInterface
  private interface PreflightCheck {
    String problem() throws Exception;
  }

  private void check(List<String> problems, String what, PreflightCheck check) {
    String problem;
    try {
      problem = check.problem();
    } catch (Exception e) {
      problem = "could not check: " + Watch.describe(e);
    }
    if (problem == null) {
      console.line("preflight: " + what + ": ok");
    } else {
      console.line("preflight: " + what + ": PROBLEM: " + problem);
      problems.add(what + ": " + problem);
    }
  }

  private void rpoProbe() throws PhaseFailedException, InterruptedException {
    phase = "rpo-probe";
    console.line("== RPO probe: a canary committed in " + primary + ", timed until readable in " + secondary);
    Instant start = ticker.now();
    AtomicReference<Canary.Commit> commit = new AtomicReference<>();
    AtomicReference<Instant> sentAt = new AtomicReference<>();
    Watch watch = watch(settings.rpoPoll())
        .milestone("rpo-canary-commit", "a canary transaction to commit in " + primary, () -> {
          Instant sent = ticker.now();
          Canary.Attempt attempt = canary.commit(primary, record.drillId() + "-rpo");
          if (attempt.committed()) {
            commit.set(attempt.commit());
            sentAt.set(sent);
            return Watch.Check.done(attempt.observed());
          }
          return Watch.Check.notYet(attempt.observed());
        })
        .milestone("rpo-canary-replicated", "the canary to be readable in " + secondary, Set.of("rpo-canary-commit"),
            () -> {
              Canary.Attempt attempt = canary.read(secondary, commit.get());
              return attempt.committed() ? Watch.Check.done(attempt.observed()) : Watch.Check.notYet(attempt.observed());
            });
    List<Watch.Milestone> reached = run(watch, start, "since the RPO probe started");
    // From the moment the committing request was sent: an upper bound of the lag.
    Duration rpo = Duration.between(sentAt.get(), reached.get(1).reachedAt());
    record.rpo(rpo, settings.rpoPoll());
    console.line("measured RPO: " + Durations.format(rpo) + " (target < " + Durations.format(DrillSettings.RPO_TARGET)
        + "): " + (rpo.compareTo(DrillSettings.RPO_TARGET) < 0 ? "PASS" : "FAIL"));
  }

  private void injectFault() {
    phase = "fault-injection";
    String id = targets.healthCheckId(primary);
    console.line("== fault injection: inverting the primary's Route 53 health check " + id);
    Instant start = ticker.now();
    faultInjected = true;
    services.healthChecks().setInverted(id, true);
    injectedAt = ticker.now();
    record.phase("fault-injection", "UpdateHealthCheck Inverted=true on the primary's health check", start, injectedAt,
        DrillRecord.Outcome.OK, "health check " + id + " inverted");
    console.line("fault injected: Route 53 now counts the healthy primary as unhealthy");
  }

  private void failover() throws PhaseFailedException, InterruptedException {
    phase = "failover";
    console.line("== failover: timing the automated path until a canary write is acknowledged through the failover"
        + " name by " + secondary);
    long epoch = initial.epoch();
    String id = targets.healthCheckId(primary);
    Watch watch = watch(settings.poll())
        .milestone("route53-unhealthy", "Route 53 to report the primary unhealthy", () -> {
          Observer.RouteHealth health = observer.route53(primary);
          boolean unhealthy = health.inverted() ? health.unhealthySince(injectedAt) : !health.healthy();
          return unhealthy ? Watch.Check.done(health.toString()) : Watch.Check.notYet(health.toString());
        })
        .milestone("alarm", "alarm " + targets.primaryUnhealthyAlarmName() + " to go to ALARM (EventBridge invokes the"
            + " orchestrator's hand-over)", () -> {
              Optional<Metrics.Alarm> alarm = observer.primaryUnhealthyAlarm();
              if (alarm.isEmpty()) {
                return Watch.Check.notYet("alarm not found");
              }
              String state = alarm.get().state() + " since " + alarm.get().since();
              return "ALARM".equals(alarm.get().state()) ? Watch.Check.done(state) : Watch.Check.notYet(state);
            })
        .milestone("handover-requested", "the orchestrator's hand-over request: the lease draining from " + primary
            + " to " + secondary + " (epoch " + epoch + ")", () -> {
              Lease current = lease.read(secondary).lease();
              Operations.Progress progress = Operations.progress(current, primary, secondary, epoch);
              if (progress == Operations.Progress.DRAINING || progress == Operations.Progress.COMPLETED) {
                handoverSeen = true;
                return Watch.Check.done(lease.describe(current) + " (" + current.reason() + ")");
              }
              return Watch.Check.notYet(lease.describe(current));
            })
        .milestone("drain-completed", "the drain to complete: " + secondary + " holding epoch " + (epoch + 1),
            Set.of("handover-requested"), () -> {
              Lease current = lease.read(secondary).lease();
              Operations.Progress progress = Operations.progress(current, primary, secondary, epoch);
              if (progress == Operations.Progress.COMPLETED) {
                failoverEpoch = current.epoch();
                record.epochs(epoch, failoverEpoch, null);
                return Watch.Check.done(lease.describe(current));
              }
              if (progress == Operations.Progress.ABORTED) {
                return Watch.Check.failed("the hand-over was aborted (" + lease.reasonOf(secondary, epoch + 1) + "): "
                    + primary + " resumes under epoch " + current.epoch());
              }
              return Watch.Check.notYet(lease.describe(current));
            })
        .milestone("primary-fenced", "the primary's /health to answer 503 (without the lease it keeps itself out of"
            + " DNS)", Set.of("handover-requested"), () -> {
              Observer.ApiHealth health = observer.apiHealth(primary);
              return health.status() == 503 ? Watch.Check.done(health.toString()) : Watch.Check.notYet(health.toString());
            })
        .milestone("fault-removed", "the inversion to be removed (no longer needed: an inverted check would count the"
            + " primary's 503 as healthy)", Set.of("primary-fenced"), () -> {
              services.healthChecks().setInverted(id, false);
              return Watch.Check.done("health check " + id + " no longer inverted");
            })
        .milestone("dns-failover", "the failover record to answer " + secondary, () -> {
          Observer.DnsView dns = observer.dns();
          return secondary.equals(dns.region()) ? Watch.Check.done(dns.toString()) : Watch.Check.notYet(dns.toString());
        })
        .milestone("failover-canary", "a canary write to be acknowledged through the failover name "
            + targets.failoverRecordName() + " by " + secondary, Set.of("drain-completed"), () -> {
              Canary.Attempt attempt = canary.commitThroughFailoverName(secondary, record.drillId() + "-failover");
              return attempt.committed() ? Watch.Check.done(attempt.observed()) : Watch.Check.notYet(attempt.observed());
            });
    List<Watch.Milestone> reached = run(watch, injectedAt, "since the fault injection");
    Instant acknowledged = reached.stream().filter(m -> m.name().equals("failover-canary")).findFirst().orElseThrow()
        .reachedAt();
    Duration rto = Duration.between(injectedAt, acknowledged);
    record.rto(rto);
    console.line("measured RTO: " + Durations.format(rto) + " (target < " + Durations.format(DrillSettings.RTO_TARGET)
        + "): " + (rto.compareTo(DrillSettings.RTO_TARGET) < 0 ? "PASS" : "FAIL"));
  }

  private void failback() throws PhaseFailedException, InterruptedException {
    phase = "failback";
    console.line("== failback: a hand-over to " + primary + ", checked the same way");
    Instant start = ticker.now();
    long from = failoverEpoch;
    Watch watch = watch(settings.poll())
        .milestone("failback-handover", "the hand-over to " + primary + " to be requested (LeaseOperations.handover)",
            () -> {
              LeaseOperations.Outcome outcome = lease.operations(lease.read(secondary).region())
                  .handover(primary, "drill " + record.drillId() + ": failback");
              boolean requested = switch (outcome.outcome()) {
                case "REQUESTED", "ALREADY_ACTIVE" -> true;
                case "IN_PROGRESS" -> outcome.lease().drain().target().equals(primary);
                default -> false;
              };
              String seen = outcome.outcome() + ": " + outcome.detail();
              return requested ? Watch.Check.done(seen) : Watch.Check.notYet(seen);
            })
        .milestone("failback-completed", "the drain to complete: " + primary + " holding epoch " + (from + 1),
            Set.of("failback-handover"), () -> {
              Lease current = lease.read(primary).lease();
              Operations.Progress progress = Operations.progress(current, secondary, primary, from);
              if (progress == Operations.Progress.COMPLETED) {
                failbackEpoch = current.epoch();
                record.epochs(initial.epoch(), failoverEpoch, failbackEpoch);
                return Watch.Check.done(lease.describe(current));
              }
              if (progress == Operations.Progress.ABORTED) {
                return Watch.Check.failed("the hand-over was aborted (" + lease.reasonOf(primary, from + 1) + "): "
                    + secondary + " resumes under epoch " + current.epoch());
              }
              return Watch.Check.notYet(lease.describe(current));
            })
        .milestone("primary-api-healthy", "the primary's /health to answer 200", Set.of("failback-completed"), () -> {
          Observer.ApiHealth health = observer.apiHealth(primary);
          return health.healthy() ? Watch.Check.done(health.toString()) : Watch.Check.notYet(health.toString());
        })
        .milestone("route53-healthy", "Route 53's checkers to report the primary healthy (more than 18% of the"
            + " checker regions)", () -> {
          Observer.RouteHealth health = observer.route53(primary);
          boolean healthy = !health.inverted() && health.checkersHealthy();
          return healthy ? Watch.Check.done(health.toString()) : Watch.Check.notYet(health.toString());
        })
        .milestone("dns-failback", "the failover record to answer " + primary, () -> {
          Observer.DnsView dns = observer.dns();
          return primary.equals(dns.region()) ? Watch.Check.done(dns.toString()) : Watch.Check.notYet(dns.toString());
        })
        .milestone("failback-canary", "a canary write to be acknowledged through the failover name "
            + targets.failoverRecordName() + " by " + primary, Set.of("failback-completed"), () -> {
              Canary.Attempt attempt = canary.commitThroughFailoverName(primary, record.drillId() + "-failback");
              return attempt.committed() ? Watch.Check.done(attempt.observed()) : Watch.Check.notYet(attempt.observed());
            });
    run(watch, start, "since the failback started");
  }

  private Watch watch(Duration poll) {
    return new Watch(console, ticker, settings.phaseTimeout(), poll, () -> stopRequested);
  }

  /**
   * Runs a watch and records each milestone as a phase timed from {@code anchor}; a timeout
   * fails the drill with the watch's message.
   */
  private List<Watch.Milestone> run(Watch watch, Instant anchor, String timedFrom)
      throws PhaseFailedException, InterruptedException {
    try {
      List<Watch.Milestone> reached = watch.run();
      recordMilestones(watch, anchor, timedFrom, null, null);
      return reached;
    } catch (Watch.TimeoutException e) {
      recordMilestones(watch, anchor, timedFrom, DrillRecord.Outcome.TIMED_OUT, e.getMessage());
      throw new PhaseFailedException(phase + ": " + e.getMessage());
    } catch (Watch.FailedException e) {
      recordMilestones(watch, anchor, timedFrom, DrillRecord.Outcome.FAILED, e.getMessage());
      throw new PhaseFailedException(phase + ": " + e.getMessage());
    } catch (InterruptedException e) {
      recordMilestones(watch, anchor, timedFrom, DrillRecord.Outcome.INTERRUPTED, e.getMessage());
      throw e;
    }
  }

  private void recordMilestones(Watch watch, Instant anchor, String timedFrom, DrillRecord.Outcome stop, String why) {
    boolean first = true;
    for (Watch.Milestone milestone : watch.milestones()) {
      String description = "waited for " + milestone.waitingFor() + "; timed " + timedFrom;
      if (milestone.reachedAt() != null) {
        record.phase(milestone.name(), description, anchor, milestone.reachedAt(), DrillRecord.Outcome.OK,
            milestone.observed());
      } else if (first) {
        record.phase(milestone.name(), description, anchor, ticker.now(), stop, why + "; last seen: "
            + milestone.observed());
        first = false;
      } else {
        record.phase(milestone.name(), description, anchor, null, DrillRecord.Outcome.NOT_REACHED,
            "last seen: " + milestone.observed());
      }
    }
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
        .run(new Restore.Changes(faultInjected, initial, injectedAt, handoverSeen));
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

  /** A phase that did not succeed: its message says which and why. */
  static final class PhaseFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    PhaseFailedException(String message) {
      super(message);
    }
  }
}
