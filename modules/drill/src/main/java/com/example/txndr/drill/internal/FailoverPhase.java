package com.example.txndr.drill.internal;

import com.example.txndr.lambda.lease.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The failover the drill times: the fault injected (the primary's Route 53 health check
 * inverted), then the real automated path watched milestone by milestone (Route 53 unhealthy,
 * the alarm, the orchestrator's hand-over request, the drain, the primary fenced, the inversion
 * removed, the failover record, a canary acknowledged through the failover name by the
 * secondary). The RTO runs from the injection to that acknowledgement. What it changed
 * ({@link #injectedAt}, {@link #handoverSeen}) is what the restore undoes, also after an
 * interruption half-way.
 */
final class FailoverPhase {
  private final Services services;
  private final Targets targets;
  private final LeaseControl lease;
  private final Observer observer;
  private final Canary canary;
  private final Phases phases;
  private final DrillSettings settings;
  private final DrillRecord record;
  private final Console console;
  private final Ticker ticker;
  private final String primary;
  private final String secondary;

  private volatile boolean faultInjected;
  private volatile Instant injectedAt;
  private volatile boolean handoverSeen;
  private volatile Long epoch;

  FailoverPhase(Services services, Targets targets, LeaseControl lease, Observer observer, Canary canary, Phases phases,
      DrillSettings settings, DrillRecord record, Console console) {
    this.services = services;
    this.targets = targets;
    this.lease = lease;
    this.observer = observer;
    this.canary = canary;
    this.phases = phases;
    this.settings = settings;
    this.record = record;
    this.console = console;
    this.ticker = services.ticker();
    this.primary = targets.primaryRegion();
    this.secondary = targets.secondaryRegion();
  }

  /** Inverts the primary's health check: Route 53 counts the healthy primary as unhealthy. */
  void injectFault() {
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

  /**
   * Watches the automated path from the primary holding {@code initial} until a canary write is
   * acknowledged through the failover name by the secondary; records the RTO and the epoch the
   * secondary holds.
   */
  Duration await(Lease initial) throws PhaseFailedException, InterruptedException {
    console.line("== failover: timing the automated path until a canary write is acknowledged through the failover"
        + " name by " + secondary);
    long from = initial.epoch();
    String id = targets.healthCheckId(primary);
    Instant injected = injectedAt;
    Watch watch = phases.watch(settings.poll())
        .milestone("route53-unhealthy", "Route 53 to report the primary unhealthy", () -> {
          Observer.RouteHealth health = observer.route53(primary);
          boolean unhealthy = health.inverted() ? health.unhealthySince(injected) : !health.healthy();
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
            + " to " + secondary + " (epoch " + from + ")", () -> {
              Lease current = lease.read(secondary).lease();
              Operations.Progress progress = Operations.progress(current, primary, secondary, from);
              if (progress == Operations.Progress.DRAINING || progress == Operations.Progress.COMPLETED) {
                handoverSeen = true;
                return Watch.Check.done(lease.describe(current) + " (" + current.reason() + ")");
              }
              return Watch.Check.notYet(lease.describe(current));
            })
        .milestone("drain-completed", "the drain to complete: " + secondary + " holding epoch " + (from + 1),
            Set.of("handover-requested"), () -> {
              Lease current = lease.read(secondary).lease();
              Operations.Progress progress = Operations.progress(current, primary, secondary, from);
              if (progress == Operations.Progress.COMPLETED) {
                epoch = current.epoch();
                record.epochs(from, epoch, null);
                return Watch.Check.done(lease.describe(current));
              }
              if (progress == Operations.Progress.ABORTED) {
                return Watch.Check.failed("the hand-over was aborted (" + lease.reasonOf(secondary, from + 1) + "): "
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
    List<Watch.Milestone> reached = phases.run("failover", watch, injected, "since the fault injection");
    Instant acknowledged = reached.stream().filter(m -> m.name().equals("failover-canary")).findFirst().orElseThrow()
        .reachedAt();
    Duration rto = Duration.between(injected, acknowledged);
    record.rto(rto);
    console.line("measured RTO: " + Durations.format(rto) + " (target < " + Durations.format(DrillSettings.RTO_TARGET)
        + "): " + (rto.compareTo(DrillSettings.RTO_TARGET) < 0 ? "PASS" : "FAIL"));
    return rto;
  }

  boolean faultInjected() {
    return faultInjected;
  }

  /** When the health check was inverted, or null. */
  Instant injectedAt() {
    return injectedAt;
  }

  /** Whether the alarm's hand-over was seen to start. */
  boolean handoverSeen() {
    return handoverSeen;
  }

  /** The epoch the secondary holds once the drain completed. */
  long epoch() {
    if (epoch == null) {
      throw new IllegalStateException("the failover has not completed");
    }
    return epoch;
  }
}
