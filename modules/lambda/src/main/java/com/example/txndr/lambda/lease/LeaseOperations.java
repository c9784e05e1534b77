package com.example.txndr.lambda.lease;

import com.example.txndr.lambda.Platform;
import java.time.Instant;
import java.util.Optional;

/**
 * What an operator does to the lease (the drill CLI, with the break-glass role): a planned
 * hand-over, a manual promotion when the automation did not promote, the abort of a hand-over.
 * Every change is the same compare-and-set the keepers use, so an operator racing the automation
 * cannot produce two holders: one change wins, and the outcome says which state resulted.
 *
 * <p>A promotion never overrides a live lease: the old holder stops writing on its own only at
 * its expiry, so promoting earlier would give two writers. {@code acceptDataLoss} waives only the
 * check that the holder looks gone (its heartbeat in the promoting region's replica), for when
 * an operator knows better than the heartbeat (for example the holder's writes can be seen but
 * it is known to be unrecoverable).
 */
public final class LeaseOperations {
  /** What an operation did. */
  public record Outcome(String outcome, Lease lease, String detail) {}

  static final int ATTEMPTS = 5;

  private final LeaseArbiter arbiter;
  private final LeaseTiming timing;
  private final Platform platform;

  public LeaseOperations(LeaseArbiter arbiter, LeaseTiming timing, Platform platform) {
    this.arbiter = arbiter;
    this.timing = timing;
    this.platform = platform;
  }

  /**
   * Starts a planned hand-over to {@code target}: no region writes until {@code target} has the
   * holder's last writes (the keepers complete it). Refused when the target's keeper has no fresh
   * heartbeat in the arbiter (a broken standby could not complete it).
   */
  public Outcome handover(String target, String why) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Optional<Heartbeat> targetHeartbeat = arbiter.keeperHeartbeat(target);
      Lease lease = current();
      if (lease.holder().equals(target) && !lease.draining()) {
        return new Outcome("ALREADY_ACTIVE", lease, target + " already holds the lease");
      }
      if (lease.draining()) {
        return new Outcome("IN_PROGRESS", lease, "a hand-over to " + lease.drain().target() + " is in progress since "
            + Instant.ofEpochMilli(lease.drain().startedAtMillis()));
      }
      long now = platform.nowMillis();
      if (targetHeartbeat.isEmpty() || targetHeartbeat.get().ageMillis(now) > timing.heartbeatStaleAfter().toMillis()) {
        return new Outcome("REFUSED", lease, "the keeper of " + target + " has no fresh heartbeat in the arbiter:"
            + " it could not complete the hand-over; check its keeper");
      }
      Optional<Lease> next = arbiter.replace(lease, lease.drainingTo(target, now, why));
      if (next.isPresent()) {
        return new Outcome("REQUESTED", next.get(), "draining " + lease.holder() + " to " + target
            + "; it completes when " + target + " has " + lease.holder() + "'s last writes");
      }
    }
    throw changing("hand over");
  }

  /**
   * Promotes {@code region} after the holder's lease expired, when the keeper did not (automatic
   * takeover off, or its keeper stopped). {@code holderHeartbeat} is the holder's heartbeat as
   * {@code region}'s replica has it.
   */
  public Outcome promote(String region, Optional<Heartbeat> holderHeartbeat, boolean acceptDataLoss, String why) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Lease lease = current();
      if (lease.activeHolder(region)) {
        return new Outcome("ALREADY_ACTIVE", lease, region + " already holds the lease");
      }
      long now = platform.nowMillis();
      if (!timing.surelyExpired(lease.expiresAtMillis(), now)) {
        return new Outcome("REFUSED", lease, lease.holder() + " holds the lease until "
            + Instant.ofEpochMilli(lease.expiresAtMillis()) + " (plus the clock error of "
            + timing.maxClockError().toMillis() + " ms): a promotion before then would give two writers; for a"
            + " planned switch use handover");
      }
      boolean holderGone = holderHeartbeat.isEmpty()
          || holderHeartbeat.get().ageMillis(now) > timing.heartbeatStaleAfter().toMillis();
      if (!holderGone && !acceptDataLoss) {
        return new Outcome("REFUSED", lease, lease.holder() + " still writes heartbeats into " + region + "'s"
            + " replica: its last writes may not have replicated yet; wait, or pass --accept-data-loss");
      }
      Optional<Lease> next = arbiter.replace(lease, lease.takenOverBy(region, now, timing, why));
      if (next.isPresent()) {
        return new Outcome("PROMOTED", next.get(), region + " holds epoch " + next.get().epoch());
      }
    }
    throw changing("promote");
  }

  /** Abandons a hand-over in progress: the holder resumes under the next epoch. */
  public Outcome abortHandover(String why) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Lease lease = current();
      if (!lease.draining()) {
        return new Outcome("NOTHING_TO_ABORT", lease, "no hand-over is in progress");
      }
      Optional<Lease> next = arbiter.replace(lease, lease.aborted(platform.nowMillis(), timing, why));
      if (next.isPresent()) {
        return new Outcome("ABORTED", next.get(), lease.holder() + " resumes under epoch " + next.get().epoch());
      }
    }
    throw changing("abort the hand-over");
  }

  private Lease current() {
    return arbiter.read().orElseThrow(() -> new IllegalStateException(
        "No lease exists yet: the primary region's keeper creates it on its first run"));
  }

  private static IllegalStateException changing(String what) {
    return new IllegalStateException("The lease kept changing during " + ATTEMPTS + " attempts to " + what
        + "; run the command again");
  }
}
