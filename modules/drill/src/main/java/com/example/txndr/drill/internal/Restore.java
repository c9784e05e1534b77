package com.example.txndr.drill.internal;

import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseArbiter;
import com.example.txndr.lambda.lease.LeaseOperations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The drill's restore, which every drill ends with (also on Ctrl-C): the primary's health check
 * inverted back, and the drill's own change of the lease, and only that, undone.
 */
final class Restore {
  /**
   * What the drill had changed when it stopped.
   *
   * @param initial the lease the preflight saw, or null when it did not get that far
   * @param injectedAt when the health check was inverted, or null
   * @param handoverSeen whether the drill saw the alarm's hand-over start
   */
  record Changes(boolean faultInjected, Lease initial, Instant injectedAt, boolean handoverSeen) {}

  private final Services services;
  private final Targets targets;
  private final LeaseControl lease;
  private final Observer observer;
  private final Console console;
  private final DrillSettings settings;
  private final DrillRecord record;
  private final Ticker ticker;
  private final String primary;
  private final String secondary;
  private Lease initial;
  private Instant injectedAt;
  private boolean handoverSeen;

  Restore(Services services, Targets targets, LeaseControl lease, Observer observer, Console console,
      DrillSettings settings, DrillRecord record) {
    this.services = services;
    this.targets = targets;
    this.lease = lease;
    this.observer = observer;
    this.console = console;
    this.settings = settings;
    this.record = record;
    this.ticker = services.ticker();
    this.primary = targets.primaryRegion();
    this.secondary = targets.secondaryRegion();
  }

  /**
   * Leaves the system as it was: the primary's health check not inverted, and the drill's own
   * change of the lease undone. The drill's change is the alarm's hand-over from the primary
   * (the orchestrator's, with the alarm's name in its reason) made after the fault injection: while it drains it is aborted (the primary resumes under the
   * next epoch); once the secondary holds the lease from it (or from the drill's failback that
   * was aborted), the lease is handed back to the primary and the restore waits for that
   * hand-over. A lease changed otherwise (a takeover after a real outage) is left alone and
   * reported. When the fault was injected but no hand-over was seen, the alarm may still be on its
   * way: the restore waits until Route 53 has counted the primary healthy for a minute after the
   * inversion was removed and the alarm is out of ALARM, undoing a hand-over that arrives
   * meanwhile. Prints and records every action.
   */
  void run(Changes changes) {
    this.initial = changes.initial();
    this.injectedAt = changes.injectedAt();
    this.handoverSeen = changes.handoverSeen();
    if (!changes.faultInjected()) {
      console.line("restore: nothing to restore (no fault was injected)");
      record.restored("nothing to restore: no fault was injected");
      return;
    }
    console.line("== restore");
    String id = targets.healthCheckId(primary);
    boolean uninverted = false;
    Instant uninvertedAt = ticker.now();
    for (int attempt = 1; attempt <= 3 && !uninverted; attempt++) {
      try {
        if (services.healthChecks().get(id).inverted()) {
          services.healthChecks().setInverted(id, false);
          uninvertedAt = ticker.now();
          restoredAction("health check " + id + ": inverted back (Inverted=false)");
        } else {
          console.line("restore: health check " + id + " is not inverted");
        }
        uninverted = true;
      } catch (RuntimeException e) {
        console.line("restore: attempt " + attempt + " to invert health check " + id + " back failed: "
            + Watch.describe(e));
        pause(Duration.ofSeconds(2));
      }
    }
    if (!uninverted) {
      restoredAction("FAILED to invert health check " + id + " back: run aws route53 update-health-check"
          + " --health-check-id " + id + " --no-inverted");
    }
    if (initial == null) {
      return;
    }
    Instant settledFrom = uninvertedAt;
    String why = "drill " + record.drillId() + ": restore";
    Watch settle = new Watch(console, ticker, settings.restoreTimeout(), settings.poll())
        .milestone("restored", primary + " holding the lease, no hand-over of the drill's pending", () -> {
          LeaseControl.Reading reading = lease.read(primary);
          Lease current = reading.lease();
          if (drillsDrain(current)) {
            handoverSeen = true;
            LeaseOperations.Outcome outcome = lease.operations(reading.region()).abortHandover(why);
            if (outcome.outcome().equals("ABORTED")) {
              restoredAction("lease: aborted the drill's hand-over to " + secondary + ": " + outcome.detail());
            }
            return Watch.Check.notYet("aborting the drill's hand-over: " + lease.describe(outcome.lease()));
          }
          if (drillsTenure(current, reading.region())) {
            handoverSeen = true;
            LeaseOperations.Outcome outcome = lease.operations(reading.region()).handover(primary, why);
            if (outcome.outcome().equals("REQUESTED")) {
              restoredAction("lease: hand-over back to " + primary + " requested (" + secondary + " held epoch "
                  + current.epoch() + " from the drill's hand-over)");
            }
            return Watch.Check.notYet("handing back: " + outcome.outcome() + ": " + outcome.detail());
          }
          if (current.draining() && current.drain().target().equals(primary)) {
            return Watch.Check.notYet("handing back: " + lease.describe(current));
          }
          if (!current.activeHolder(primary)) {
            return Watch.Check.notYet(lease.describe(current) + " (" + current.reason() + "); not handed back: not the"
                + " drill's change");
          }
          String held = primary + " holds the lease at epoch " + current.epoch();
          if (handoverSeen) {
            return Watch.Check.done(held);
          }
          // No hand-over seen: one may still come from the alarm. Wait until Route 53 has counted
          // the primary healthy for a whole minute after the inversion was removed, and the
          // alarm is out of ALARM.
          Observer.RouteHealth health = observer.route53(primary);
          String state = observer.primaryUnhealthyAlarm().map(Metrics.Alarm::state).orElse("missing");
          String seen = held + ", " + health + ", alarm " + state;
          return health.healthySince(settledFrom) && !"ALARM".equals(state) ? Watch.Check.done(seen)
              : Watch.Check.notYet(seen);
        });
    try {
      settle.run();
      String state = settle.milestones().get(0).observed();
      console.line("restore: " + state);
      record.restored("final state: " + state);
    } catch (Watch.TimeoutException | Watch.FailedException e) {
      restoredAction("restore did not settle: " + e.getMessage() + "; check with status, and handover --to "
          + primary + " --yes if needed");
    } catch (InterruptedException e) {
      restoredAction("restore interrupted before it settled: check with status, and handover --to " + primary
          + " --yes if needed");
    }
  }

  /** True for the reason the orchestrator gives its hand-over: {@code handover: alarm <name> is ALARM}. */
  private boolean alarmsHandover(String reason) {
    return reason != null && reason.startsWith("handover: alarm " + targets.primaryUnhealthyAlarmName() + " ");
  }

  /** The alarm's hand-over from the primary to the secondary, started after the fault injection, still draining. */
  private boolean drillsDrain(Lease current) {
    return current.draining() && current.holder().equals(primary) && current.drain().target().equals(secondary)
        && current.epoch() >= initial.epoch() && injectedAt != null && alarmsHandover(current.reason())
        && !Instant.ofEpochMilli(current.drain().startedAtMillis()).isBefore(injectedAt.minusSeconds(1));
  }

  /**
   * The secondary holds the lease (not draining) through the drill's changes only: every epoch
   * after the initial one began after the fault injection, the first by a hand-over (the alarm's).
   */
  private boolean drillsTenure(Lease current, String via) {
    if (!current.activeHolder(secondary) || current.epoch() <= initial.epoch() || injectedAt == null) {
      return false;
    }
    List<LeaseArbiter.EpochRecord> after = lease.epochs(via).stream()
        .filter(e -> e.epoch() > initial.epoch()).toList();
    return !after.isEmpty() && after.get(0).epoch() == initial.epoch() + 1 && alarmsHandover(after.get(0).reason())
        && after.stream().allMatch(e -> !Instant.ofEpochMilli(e.startedAtMillis()).isBefore(injectedAt.minusSeconds(1)));
  }

  private void restoredAction(String action) {
    console.line("restore: " + action);
    record.restored(action);
  }

  private void pause(Duration duration) {
    try {
      ticker.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
