package com.example.txndr.drill.internal;

import com.example.txndr.lambda.lease.Heartbeat;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseOperations;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The operator's changes of the write lease, each one {@link LeaseOperations} call (the
 * compare-and-set the keepers use, so an operator racing the automation cannot make two
 * holders): a planned hand-over, whose progress is then watched until the target holds the
 * lease; a promotion when the automation did not take over; the abort of a hand-over. Each has a
 * plan, printed instead when {@code --yes} is missing.
 */
public final class Operations {
  private final Targets targets;
  private final LeaseControl lease;
  private final Console console;
  private final Ticker ticker;
  private final Duration poll;

  public Operations(Services services, Targets targets, LeaseControl lease, Console console, Duration poll) {
    this.targets = targets;
    this.lease = lease;
    this.console = console;
    this.ticker = services.ticker();
    this.poll = poll;
  }

  /** What a command did: its exit code and, when it failed, what to tell the operator. */
  public record Result(int exitCode, String message) {
    static Result ok() {
      return new Result(Cli.OK, null);
    }

    static Result failed(String message) {
      return new Result(Cli.FAILED, message);
    }
  }

  private String leaseLine(LeaseControl.Reading reading) {
    return "Lease (" + targets.controlTableName() + ", read in " + reading.region() + "): "
        + lease.describe(reading.lease()) + "\n";
  }

  // ----- hand-over -----

  /** What {@link #handover} would do. */
  public String handoverPlan(String target) {
    targets.requireRegion(target);
    LeaseControl.Reading reading = lease.read(targets.primaryRegion());
    Lease current = reading.lease();
    StringBuilder plan = new StringBuilder(leaseLine(reading));
    plan.append("Keeper of ").append(target).append(" in the arbiter: ")
        .append(lease.describe(lease.keeperHeartbeat(reading.region(), target), false)).append('\n');
    if (current.activeHolder(target)) {
      plan.append("Would change nothing: ").append(target).append(" already holds the lease.\n");
      return plan.toString();
    }
    if (current.draining()) {
      plan.append("Would change nothing: a hand-over to ").append(current.drain().target())
          .append(" is in progress; ").append(current.drain().target().equals(target)
              ? "it would watch it until it completes.\n" : "wait for it, or abort-handover --yes.\n");
      return plan.toString();
    }
    Duration margin = lease.timing().drainMargin();
    plan.append("Would request a planned hand-over from ").append(current.holder()).append(" to ").append(target)
        .append(" (LeaseOperations.handover: one compare-and-set on the lease, version ").append(current.version())
        .append("): from then on no region writes; ").append(current.holder())
        .append(" revokes its write permission and writes ").append(lease.timing().drainMarkers())
        .append(" drain markers; ").append(target).append(" waits until every marker arrived in its replica, then"
            + " half their lag (at least ").append(Durations.format(margin)).append("), then holds epoch ")
        .append(current.epoch() + 1).append(" (RPO 0).\n")
        .append("Refused while the keeper of ").append(target).append(" has no heartbeat in the arbiter fresher than ")
        .append(Durations.format(lease.timing().heartbeatStaleAfter())).append("; a drain that does not finish in ")
        .append(Durations.format(lease.timing().drainTimeout())).append(" is aborted and ").append(current.holder())
        .append(" resumes under epoch ").append(current.epoch() + 1).append(".\n");
    return plan.toString();
  }

  /**
   * Requests a planned hand-over to {@code target} and watches it until {@code target} holds
   * the lease, the hand-over was aborted, or {@code timeout} passed.
   */
  public Result handover(String what, String target, String why, Duration timeout) throws InterruptedException {
    targets.requireRegion(target);
    LeaseControl.Reading reading = lease.read(targets.primaryRegion());
    LeaseOperations.Outcome outcome = lease.operations(reading.region()).handover(target, why);
    Lease current = outcome.lease();
    switch (outcome.outcome()) {
      case "ALREADY_ACTIVE" -> {
        console.line(what + ": nothing to do: " + target + " already holds the lease (epoch " + current.epoch() + ")");
        return Result.ok();
      }
      case "REFUSED" -> {
        return Result.failed(what + ": refused: " + outcome.detail());
      }
      case "IN_PROGRESS" -> {
        if (!current.drain().target().equals(target)) {
          return Result.failed(what + ": refused: " + outcome.detail() + ": wait for it (status), or abandon it with"
              + " abort-handover --yes");
        }
        console.line(what + ": " + outcome.detail() + ": watching it");
      }
      default -> console.line(what + ": requested: " + outcome.detail() + " (epoch " + current.epoch() + ")");
    }
    return watchHandover(what, current.holder(), target, current.epoch(), timeout);
  }

  /** How a hand-over from {@code from} at {@code epoch} stands in {@code seen}. */
  public enum Progress { DRAINING, COMPLETED, ABORTED, OTHER }

  /**
   * DRAINING while the lease still drains; COMPLETED once {@code to} holds a later epoch; ABORTED
   * once {@code from} holds a later epoch (the abort gives the holder the next one).
   */
  public static Progress progress(Lease seen, String from, String to, long epoch) {
    if (seen.epoch() == epoch && seen.holder().equals(from) && seen.draining() && seen.drain().target().equals(to)) {
      return Progress.DRAINING;
    }
    if (seen.epoch() > epoch && seen.holder().equals(to)) {
      return Progress.COMPLETED;
    }
    if (seen.epoch() > epoch && seen.holder().equals(from)) {
      return Progress.ABORTED;
    }
    return Progress.OTHER;
  }

  private Result watchHandover(String what, String from, String to, long epoch, Duration timeout)
      throws InterruptedException {
    Instant deadline = ticker.now().plus(timeout);
    String last = null;
    while (true) {
      String seen;
      try {
        Lease current = lease.read(to).lease();
        switch (progress(current, from, to, epoch)) {
          case COMPLETED -> {
            console.line(what + ": completed: " + to + " holds epoch " + current.epoch() + " (" + lease.describe(current)
                + "); every write of " + from + " had replicated before it (RPO 0)");
            return Result.ok();
          }
          case ABORTED -> {
            return Result.failed(what + ": aborted: " + lease.reasonOf(to, epoch + 1) + "; " + from + " resumes under epoch "
                + current.epoch() + ". Check status (replication from " + from + " to " + to + ", the keeper of " + to
                + "), then run the hand-over again");
          }
          case OTHER -> {
            return Result.failed(what + ": the lease changed otherwise: " + lease.describe(current) + " ("
                + current.reason() + "); check status");
          }
          default -> seen = lease.drainProgress(current);
        }
      } catch (RuntimeException e) {
        seen = "cannot read the lease: " + Watch.describe(e);
      }
      if (!seen.equals(last)) {
        console.line(what + ": " + seen);
        last = seen;
      }
      if (!ticker.now().isBefore(deadline)) {
        return Result.failed(what + ": the drain did not complete within " + Durations.format(timeout) + " (last seen: "
            + seen + "); the keepers abort it after " + Durations.format(lease.timing().drainTimeout())
            + "; check status, and abandon it with abort-handover --yes if it is stuck");
      }
      ticker.sleep(poll);
    }
  }

  // ----- promotion -----

  /** What {@link #promote} would do. */
  public String promotePlan(String region, boolean acceptDataLoss) {
    targets.requireRegion(region);
    LeaseControl.Reading reading = lease.read(region);
    Lease current = reading.lease();
    StringBuilder plan = new StringBuilder(leaseLine(reading));
    if (current.activeHolder(region)) {
      plan.append("Would change nothing: ").append(region).append(" already holds the lease.\n");
      return plan.toString();
    }
    plan.append("Heartbeat of ").append(current.holder()).append(" in ").append(region).append("'s replica: ")
        .append(lease.describe(lease.heartbeat(region, current.holder()), true)).append('\n')
        .append("Would promote ").append(region).append(" to epoch ").append(current.epoch() + 1)
        .append(" (LeaseOperations.promote: one compare-and-set on the lease, version ").append(current.version())
        .append("); refused while the lease of ").append(current.holder()).append(" is valid (until ")
        .append(Instant.ofEpochMilli(current.expiresAtMillis())).append(" plus the clock error of ")
        .append(Durations.format(lease.timing().maxClockError())).append(")")
        .append(acceptDataLoss ? "; --accept-data-loss: also while " + current.holder() + " still writes heartbeats"
            + " (its last writes may not have replicated: reconcile when it returns)"
            : " and while " + current.holder() + " still writes heartbeats into " + region + "'s replica (fresher than "
                + Durations.format(lease.timing().heartbeatStaleAfter()) + ")")
        .append(". ").append(region).append(" writes once its keeper publishes the permission (its next tick).\n");
    return plan.toString();
  }

  /** Promotes {@code region} when the holder's lease expired and the automation did not take over. */
  public Result promote(String what, String region, boolean acceptDataLoss, String why) {
    targets.requireRegion(region);
    LeaseControl.Reading reading = lease.read(region);
    Optional<Heartbeat> holderHeartbeat = lease.heartbeat(region, reading.lease().holder());
    LeaseOperations.Outcome outcome = lease.operations(reading.region())
        .promote(region, holderHeartbeat, acceptDataLoss, why);
    switch (outcome.outcome()) {
      case "REFUSED" -> {
        return Result.failed(what + ": refused: " + outcome.detail());
      }
      case "ALREADY_ACTIVE" -> {
        console.line(what + ": nothing to change: " + outcome.detail() + " (epoch " + outcome.lease().epoch() + ")");
        return Result.ok();
      }
      default -> {
        console.line(what + ": done: " + region + " holds epoch " + outcome.lease().epoch() + " (was "
            + reading.lease() + "); it writes once its keeper publishes the permission (every "
            + Durations.format(lease.timing().renewEvery()) + ")" + (acceptDataLoss ? "; run reconcile --yes when "
                + reading.lease().holder() + " is back" : ""));
        return Result.ok();
      }
    }
  }

  // ----- abort -----

  /** What {@link #abortHandover} would do. */
  public String abortPlan() {
    LeaseControl.Reading reading = lease.read(targets.primaryRegion());
    Lease current = reading.lease();
    StringBuilder plan = new StringBuilder(leaseLine(reading));
    if (!current.draining()) {
      plan.append("Would change nothing: no hand-over is in progress.\n");
    } else {
      plan.append("Would abort the hand-over from ").append(current.holder()).append(" to ")
          .append(current.drain().target()).append(" (LeaseOperations.abortHandover: one compare-and-set on the lease,"
              + " version ").append(current.version()).append("): ").append(current.holder())
          .append(" resumes under epoch ").append(current.epoch() + 1).append(".\n");
    }
    return plan.toString();
  }

  /** Abandons a hand-over in progress: the holder resumes under the next epoch. */
  public Result abortHandover(String why) {
    LeaseControl.Reading reading = lease.read(targets.primaryRegion());
    LeaseOperations.Outcome outcome = lease.operations(reading.region()).abortHandover(why);
    if (outcome.outcome().equals("NOTHING_TO_ABORT")) {
      console.line("abort-handover: nothing to abort: " + outcome.detail() + " (" + lease.describe(outcome.lease())
          + ")");
    } else {
      console.line("abort-handover: done: " + outcome.detail());
    }
    return Result.ok();
  }
}
