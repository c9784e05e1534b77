package com.example.txndr.lambda.lease;

import java.util.Objects;

/**
 * The write lease: which region may write, under which epoch, until when. Kept in the arbiter, a
 * table with multi-Region strong consistency ({@link LeaseArbiter}), and changed only by
 * compare-and-set on {@link #version}, so every change is decided on the latest state, whichever
 * region makes it. Each method below is one such change, computed from the lease it changes.
 *
 * <p>Epochs rise by one with every change of holder; a region writes only items of its own
 * epoch's keys, so each item has one writer region (docs/adr/0007).
 *
 * @param holder the region that holds the lease
 * @param epoch the epoch of the holder's tenure
 * @param expiresAtMillis when the holder must have stopped writing (its clock, see {@link LeaseTiming})
 * @param drain the planned hand-over in progress, or null
 * @param version raised by every change: the compare-and-set token
 * @param updatedAtMillis when the last change was made (by its maker's clock)
 * @param reason why the holder holds it: "initial", "renewed", "handover: ...", "takeover: ..."
 */
public record Lease(String holder, long epoch, long expiresAtMillis, Drain drain, long version, long updatedAtMillis,
    String reason) {
  /** The first epoch, held by the primary region. */
  public static final long FIRST_EPOCH = 1;

  /**
   * A planned hand-over: no region writes until the holder has revoked its write permission
   * ({@code revokedAtMillis}) and the target has seen the holder's last writes replicated
   * ({@code observedAtMillis}, with the markers' lag), plus a margin.
   */
  public record Drain(String target, long startedAtMillis, long revokedAtMillis, long observedAtMillis,
      long lagMillis) {
    public Drain {
      Objects.requireNonNull(target, "target");
    }

    public boolean revoked() {
      return revokedAtMillis > 0;
    }

    public boolean observed() {
      return observedAtMillis > 0;
    }
  }

  public Lease {
    Objects.requireNonNull(holder, "holder");
    if (epoch < FIRST_EPOCH) {
      throw new IllegalArgumentException("A lease's epoch starts at " + FIRST_EPOCH + ": got " + epoch);
    }
  }

  /** The lease the primary region starts with. */
  public static Lease initial(String primary, long nowMillis, LeaseTiming timing) {
    return new Lease(primary, FIRST_EPOCH, timing.expiryFrom(nowMillis), null, 1, nowMillis, "initial");
  }

  public boolean draining() {
    return drain != null;
  }

  /** True if {@code region} holds the lease and no hand-over is draining it. */
  public boolean activeHolder(String region) {
    return holder.equals(region) && !draining();
  }

  /** The holder's renewal: the expiry moves forward (never back). */
  public Lease renewed(long nowMillis, LeaseTiming timing) {
    requireActive("renew");
    return new Lease(holder, epoch, Math.max(expiresAtMillis, timing.expiryFrom(nowMillis)), null, version + 1,
        nowMillis, "renewed");
  }

  /** Starts a planned hand-over to {@code target}: from now on the lease is not renewed. */
  public Lease drainingTo(String target, long nowMillis, String why) {
    requireActive("hand over");
    if (target.equals(holder)) {
      throw new IllegalStateException(holder + " already holds the lease (epoch " + epoch + ")");
    }
    return new Lease(holder, epoch, expiresAtMillis, new Drain(target, nowMillis, 0, 0, 0), version + 1, nowMillis,
        "handover: " + why);
  }

  /** The holder has revoked its write permission and written the drain markers. */
  public Lease revoked(long nowMillis) {
    Drain d = requireDrain("confirm the revocation");
    return withDrain(new Drain(d.target(), d.startedAtMillis(), nowMillis, 0, 0), nowMillis);
  }

  /** The target has seen every drain marker; {@code lagMillis} is how late the last one arrived. */
  public Lease drainObserved(long nowMillis, long lagMillis) {
    Drain d = requireDrain("observe the drain");
    return withDrain(new Drain(d.target(), d.startedAtMillis(), d.revokedAtMillis(), nowMillis, lagMillis), nowMillis);
  }

  /** The hand-over completes: the target holds the next epoch. */
  public Lease handedOver(long nowMillis, LeaseTiming timing) {
    Drain d = requireDrain("complete the hand-over");
    return new Lease(d.target(), epoch + 1, timing.expiryFrom(nowMillis), null, version + 1, nowMillis, reason);
  }

  /**
   * The hand-over is abandoned: the holder keeps the lease under the next epoch (its fence for
   * this epoch was revoked for good, so it resumes under a new one).
   */
  public Lease aborted(long nowMillis, LeaseTiming timing, String why) {
    requireDrain("abort the hand-over");
    return new Lease(holder, epoch + 1, timing.expiryFrom(nowMillis), null, version + 1, nowMillis,
        "handover aborted: " + why);
  }

  /** {@code region} takes the lease after it expired (unplanned): the next epoch is its. */
  public Lease takenOverBy(String region, long nowMillis, LeaseTiming timing, String why) {
    if (region.equals(holder) && !draining()) {
      throw new IllegalStateException(region + " already holds the lease (epoch " + epoch + ")");
    }
    return new Lease(region, epoch + 1, timing.expiryFrom(nowMillis), null, version + 1, nowMillis, "takeover: " + why);
  }

  private Lease withDrain(Drain d, long nowMillis) {
    return new Lease(holder, epoch, expiresAtMillis, d, version + 1, nowMillis, reason);
  }

  private void requireActive(String what) {
    if (draining()) {
      throw new IllegalStateException("Cannot " + what + ": the lease is draining from " + holder + " to "
          + drain.target() + " (epoch " + epoch + ")");
    }
  }

  private Drain requireDrain(String what) {
    if (drain == null) {
      throw new IllegalStateException("Cannot " + what + ": no hand-over is in progress (" + this + ")");
    }
    return drain;
  }

  @Override
  public String toString() {
    return holder + " (epoch " + epoch + (draining() ? ", draining to " + drain.target() : "") + ")";
  }
}
