package com.example.txndr.lambda.keeper;

import com.example.txndr.lambda.lease.Lease;

/** What a keeper tick does: the output of {@link KeeperDecision}, carried out by {@link LeaseKeeper}. */
public sealed interface KeeperAction {
  /** Why, in one sentence (logged, and shown by {@code status}). */
  String why();

  /** The primary creates the first lease. */
  record Initialize(String why) implements KeeperAction {}

  /** The holder renews the lease and publishes its fence. */
  record Renew(Lease seen, String why) implements KeeperAction {}

  /** The holder of a draining lease revokes its fence, writes the drain markers and says so. */
  record Revoke(Lease seen, String why) implements KeeperAction {}

  /** The target of a hand-over has seen every drain marker. */
  record ObserveDrain(Lease seen, long lagMillis, String why) implements KeeperAction {}

  /** The target completes the hand-over: it holds the next epoch. */
  record CompleteHandover(Lease seen, String why) implements KeeperAction {}

  /** A hand-over that cannot complete is abandoned; the holder resumes under the next epoch. */
  record AbortHandover(Lease seen, String why) implements KeeperAction {}

  /** The standby takes an expired lease (unplanned failover). */
  record TakeOver(Lease seen, String why) implements KeeperAction {}

  /** Nothing to change this tick. */
  record Wait(String why) implements KeeperAction {}
}
