package com.example.txndr.drill.internal;

import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseOperations;
import java.time.Instant;
import java.util.Set;

/**
 * The failback, checked the way the failover is: a hand-over to the primary
 * ({@link LeaseOperations#handover}) requested in the region that holds the lease, then watched
 * until the primary holds the next epoch, is healthy in its API and in Route 53, the failover
 * record answers it, and a canary write is acknowledged through the failover name by the
 * primary.
 */
final class FailbackPhase {
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

  FailbackPhase(Targets targets, LeaseControl lease, Observer observer, Canary canary, Phases phases,
      DrillSettings settings, DrillRecord record, Console console, Ticker ticker) {
    this.targets = targets;
    this.lease = lease;
    this.observer = observer;
    this.canary = canary;
    this.phases = phases;
    this.settings = settings;
    this.record = record;
    this.console = console;
    this.ticker = ticker;
    this.primary = targets.primaryRegion();
    this.secondary = targets.secondaryRegion();
  }

  /**
   * Hands the lease back from the secondary, which holds {@code from} since the failover (the
   * drill started at {@code initial}), and waits until the primary serves again.
   */
  void run(long initial, long from) throws PhaseFailedException, InterruptedException {
    console.line("== failback: a hand-over to " + primary + ", checked the same way");
    Instant start = ticker.now();
    Watch watch = phases.watch(settings.poll())
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
                record.epochs(initial, from, current.epoch());
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
    phases.run("failback", watch, start, "since the failback started");
  }
}
