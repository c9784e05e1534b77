package com.example.txndr.lambda.keeper;

import com.example.txndr.lambda.lease.Heartbeat;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseTiming;
import java.time.Instant;
import java.util.Optional;

/**
 * The keeper's decision, a pure function of what it observed (docs/adr/0007):
 *
 * <ul>
 *   <li>the <b>holder</b> renews while it is healthy; when a hand-over drains the lease it revokes
 *       its fence and writes the drain markers; if the target never completes, it aborts after
 *       twice the drain timeout;
 *   <li>the <b>target</b> of a hand-over waits for the revocation and for every drain marker to
 *       arrive in its replica, then a margin (the configured one, or half the markers' lag if
 *       that is longer), then holds the next epoch; it aborts after the drain timeout;
 *   <li>the <b>standby</b> takes the lease over only when it has surely expired (clock error
 *       included), this region is healthy, and the holder's own signal agrees: its heartbeat is
 *       stale, or it has reported for longer than the grace that it cannot reach the arbiter.
 *       An HTTP probe plays no part: a throttled or flooded {@code /health} cannot promote.
 * </ul>
 */
public final class KeeperDecision {
  private KeeperDecision() {}

  public static KeeperAction decide(KeeperView view) {
    if (!view.arbiterReachable()) {
      return new KeeperAction.Wait("the arbiter cannot be reached from " + view.self());
    }
    if (view.lease().isEmpty()) {
      return view.self().equals(view.primary())
          ? new KeeperAction.Initialize("no lease exists yet: the primary region creates it")
          : new KeeperAction.Wait("no lease exists yet: the primary region " + view.primary() + " creates it");
    }
    Lease lease = view.lease().get();
    return lease.holder().equals(view.self()) ? asHolder(view, lease) : asOther(view, lease);
  }

  private static KeeperAction asHolder(KeeperView view, Lease lease) {
    LeaseTiming timing = view.timing();
    if (!lease.draining()) {
      return view.selfHealthy()
          ? new KeeperAction.Renew(lease, "this region holds epoch " + lease.epoch())
          : new KeeperAction.Wait("this region's replica did not take the heartbeat: not renewing, so that the"
              + " standby can take over if it lasts");
    }
    Lease.Drain drain = lease.drain();
    if (!drain.revoked()) {
      return new KeeperAction.Revoke(lease, "hand-over to " + drain.target() + " requested");
    }
    if (view.nowMillis() - drain.startedAtMillis() > 2 * timing.drainTimeout().toMillis()) {
      return new KeeperAction.AbortHandover(lease, drain.target() + " did not complete the hand-over within "
          + 2 * timing.drainTimeout().toSeconds() + " s");
    }
    return new KeeperAction.Wait("revoked; " + drain.target() + " completes the hand-over once it has this region's"
        + " last writes");
  }

  private static KeeperAction asOther(KeeperView view, Lease lease) {
    LeaseTiming timing = view.timing();
    long now = view.nowMillis();
    if (lease.draining() && lease.drain().target().equals(view.self())) {
      return asTarget(view, lease);
    }
    if (lease.draining()) {
      return new KeeperAction.Wait(lease + " is draining to another region");
    }
    if (!timing.surelyExpired(lease.expiresAtMillis(), now)) {
      return new KeeperAction.Wait(lease.holder() + " holds epoch " + lease.epoch() + " until "
          + Instant.ofEpochMilli(lease.expiresAtMillis()));
    }
    String expired = "the lease of " + lease.holder() + " (epoch " + lease.epoch() + ") expired at "
        + Instant.ofEpochMilli(lease.expiresAtMillis());
    if (!view.autoTakeover()) {
      return new KeeperAction.Wait(expired + "; automatic takeover is off: an operator promotes");
    }
    if (!view.selfHealthy()) {
      return new KeeperAction.Wait(expired + ", but this region's replica did not take the heartbeat");
    }
    Optional<String> corroboration = corroboration(view, lease.holder());
    if (corroboration.isEmpty()) {
      return new KeeperAction.Wait(expired + ", but its heartbeat is fresh and it reaches the arbiter: waiting");
    }
    return new KeeperAction.TakeOver(lease, expired + "; " + corroboration.get());
  }

  private static KeeperAction asTarget(KeeperView view, Lease lease) {
    LeaseTiming timing = view.timing();
    long now = view.nowMillis();
    Lease.Drain drain = lease.drain();
    if (!drain.revoked()) {
      if (timing.surelyExpired(lease.expiresAtMillis(), now) && view.selfHealthy()) {
        return new KeeperAction.TakeOver(lease, lease.holder() + " did not revoke its fence for the hand-over and its"
            + " lease expired at " + Instant.ofEpochMilli(lease.expiresAtMillis()) + ": taken over, drain unconfirmed");
      }
      return new KeeperAction.Wait("hand-over from " + lease.holder() + ": waiting for it to revoke its fence");
    }
    if (!drain.observed()) {
      int expected = timing.drainMarkers();
      int arrived = view.markers() == null ? 0 : view.markers().arrived();
      if (arrived == expected) {
        long lag = Math.max(0, now - view.markers().latestWrittenAtMillis());
        return new KeeperAction.ObserveDrain(lease, lag, "every drain marker arrived (" + lag + " ms after the last"
            + " was written)");
      }
      if (now - drain.startedAtMillis() > timing.drainTimeout().toMillis()) {
        return new KeeperAction.AbortHandover(lease, "only " + arrived + " of " + expected + " drain markers arrived"
            + " within " + timing.drainTimeout().toSeconds() + " s: replication from " + lease.holder() + " lags");
      }
      return new KeeperAction.Wait("draining: " + arrived + " of " + expected + " markers from " + lease.holder());
    }
    long margin = Math.max(timing.drainMargin().toMillis(), drain.lagMillis() / 2);
    if (now < drain.observedAtMillis() + margin) {
      return new KeeperAction.Wait("draining: markers seen; margin " + margin + " ms");
    }
    if (!view.selfHealthy()) {
      return new KeeperAction.Wait("drained, but this region's replica did not take the heartbeat");
    }
    return new KeeperAction.CompleteHandover(lease, "drained: every marker arrived and a margin of " + margin
        + " ms passed");
  }

  /** The holder's own signal that it is gone, or empty when it looks alive and connected. */
  private static Optional<String> corroboration(KeeperView view, String holder) {
    LeaseTiming timing = view.timing();
    Optional<Heartbeat> heartbeat = view.peerHeartbeat();
    if (heartbeat.isEmpty()) {
      return Optional.of("no heartbeat of " + holder + " in this replica");
    }
    long age = heartbeat.get().ageMillis(view.nowMillis());
    if (age > timing.heartbeatStaleAfter().toMillis()) {
      return Optional.of("the heartbeat of " + holder + " is " + age / 1000 + " s old");
    }
    long failingSince = heartbeat.get().arbiterFailingSinceMillis();
    if (failingSince > 0 && heartbeat.get().atMillis() - failingSince >= timing.arbiterGrace().toMillis()) {
      return Optional.of(holder + " reports it cannot reach the arbiter since " + Instant.ofEpochMilli(failingSince));
    }
    return Optional.empty();
  }
}
