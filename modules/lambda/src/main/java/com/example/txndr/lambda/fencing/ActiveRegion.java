package com.example.txndr.lambda.fencing;

import java.util.Objects;

/**
 * The fencing truth: the one region allowed to write, and the epoch of that decision. Stored
 * in the replicated control shards {@code pk=CONTROL#<n>, sk=ACTIVE_REGION}; every promotion raises
 * the epoch, and every write is conditional on the region and epoch it was decided under, so a
 * demoted region cannot write again by mistake (not even after an A-B-A round trip).
 */
public final class ActiveRegion {
  /** Epoch of the state assumed before the control shards exist: the primary region is active. */
  public static final long ASSUMED_EPOCH = 0;
  /** Epoch of the control shards the primary region creates on first use. */
  public static final long FIRST_EPOCH = 1;

  private final String region;
  private final long epoch;

  public ActiveRegion(String region, long epoch) {
    this.region = Objects.requireNonNull(region, "region");
    this.epoch = epoch;
  }

  /** The state assumed while no control shard exists yet: the primary region, epoch 0. */
  public static ActiveRegion assumed(String primaryRegion) {
    return new ActiveRegion(primaryRegion, ASSUMED_EPOCH);
  }

  public boolean isWritableBy(String candidate) {
    return region.equals(candidate);
  }

  /** The state after promoting {@code candidate}: it becomes active under the next epoch. */
  public ActiveRegion promote(String candidate) {
    return new ActiveRegion(candidate, epoch + 1);
  }

  /**
   * Why {@code self}'s health check must fail, or null. A region is healthy when it is
   * active, and also when it is the standby (it must stay healthy to receive failover
   * traffic). A demoted primary region is unhealthy: Route 53 would otherwise send traffic
   * back to it (its record is PRIMARY) while only the promoted region may write. It becomes
   * healthy again when an operator promotes it back (failback).
   */
  public String healthProblem(String self, String primaryRegion) {
    if (self.equals(primaryRegion) && !isWritableBy(self)) {
      return "this primary region was demoted: " + region + " is active (epoch " + epoch
          + "); it stays unhealthy, out of DNS, until it is promoted back";
    }
    return null;
  }

  public String region() {
    return region;
  }

  public long epoch() {
    return epoch;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActiveRegion && ((ActiveRegion) o).region.equals(region) && ((ActiveRegion) o).epoch == epoch;
  }

  @Override
  public int hashCode() {
    return Objects.hash(region, epoch);
  }

  @Override
  public String toString() {
    return region + " (epoch " + epoch + ")";
  }
}
