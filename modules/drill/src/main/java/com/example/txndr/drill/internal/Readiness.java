package com.example.txndr.drill.internal;

import com.example.txndr.lambda.lease.Heartbeat;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.MirrorShard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The drill's first phase, which changes nothing: is the system ready for a drill? Both APIs
 * healthy, both Route 53 checks healthy and not inverted, the primary holding the lease and
 * writable on every fence shard, the secondary not writable, both keepers' heartbeats fresh in
 * the arbiter, replication under the threshold, the failover record answering the primary, and
 * the primary-unhealthy alarm not in ALARM already. Every check runs, even after a problem, so
 * that one run names them all; a check that cannot be made is a problem too.
 */
final class Readiness {
  /**
   * What the checks found.
   *
   * @param lease the lease the primary holds, or null when it does not
   * @param problems each problem in words, {@code "<what>: <problem>"}; empty when ready
   */
  record Verdict(Lease lease, List<String> problems) {
    Verdict {
      problems = List.copyOf(problems);
    }

    boolean ready() {
      return problems.isEmpty();
    }
  }

  /** A check: a problem in words, or null. */
  @FunctionalInterface
  private interface Check {
    String problem() throws Exception;
  }

  private final Targets targets;
  private final LeaseControl lease;
  private final Observer observer;
  private final Console console;
  private final DrillSettings settings;
  private final String primary;
  private final String secondary;

  Readiness(Targets targets, LeaseControl lease, Observer observer, Console console, DrillSettings settings) {
    this.targets = targets;
    this.lease = lease;
    this.observer = observer;
    this.console = console;
    this.settings = settings;
    this.primary = targets.primaryRegion();
    this.secondary = targets.secondaryRegion();
  }

  /** Runs every check, printing each as it goes. */
  Verdict check() {
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
    AtomicReference<Lease> held = new AtomicReference<>();
    check(problems, "lease", () -> {
      Lease current = lease.read(primary).lease();
      if (!current.activeHolder(primary) || !lease.timing().permitsWrite(current.expiresAtMillis(), lease.nowMillis())) {
        return primary + " does not hold it: " + lease.describe(current);
      }
      held.set(current);
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
      return held.get() == null || lease.writable(shards, held.get().epoch()) ? null
          : "not writable at epoch " + held.get().epoch() + ": " + lease.describe(shards);
    });
    check(problems, "write permission of " + secondary, () -> {
      List<MirrorShard> shards = lease.mirror(secondary);
      return lease.notWritable(shards) ? null : "it may write: " + lease.describe(shards);
    });
    check(problems, "replication " + primary + " to " + secondary, this::replicationProblem);
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
    return new Verdict(held.get(), problems);
  }

  /** DynamoDB's ReplicationLatency, and the age of the primary's heartbeat in the secondary's replica. */
  private String replicationProblem() {
    Duration threshold = settings.maxReplicationLatency();
    Optional<Metrics.Datapoint> latency = observer.replicationLatency(primary);
    if (latency.isPresent() && latency.get().value() > threshold.toMillis()) {
      return "DynamoDB ReplicationLatency " + Durations.format(Duration.ofMillis((long) latency.get().value()))
          + " at " + latency.get().timestamp() + ", above " + Durations.format(threshold);
    }
    Optional<Heartbeat> heartbeat = lease.heartbeat(secondary, primary);
    if (heartbeat.isEmpty()) {
      return "no heartbeat of " + primary + " in " + secondary + "'s replica";
    }
    long age = heartbeat.get().ageMillis(lease.nowMillis());
    if (age > threshold.toMillis()) {
      return "the heartbeat of " + primary + " in " + secondary + "'s replica is "
          + Durations.format(Duration.ofMillis(age)) + " old, above " + Durations.format(threshold);
    }
    return null;
  }

  private void check(List<String> problems, String what, Check check) {
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
}
