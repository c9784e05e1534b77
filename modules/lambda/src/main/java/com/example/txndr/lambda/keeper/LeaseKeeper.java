package com.example.txndr.lambda.keeper;

import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.lease.Heartbeat;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseArbiter;
import com.example.txndr.lambda.lease.LeaseMirror;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.lease.RegionSignals;
import com.example.txndr.lambda.internal.Log;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The lease keeper of one region: each tick observes (writes this region's heartbeat, reads the
 * lease and the peer's heartbeat), decides ({@link KeeperDecision}) and carries the decision out.
 * Every change of the lease is a compare-and-set, so two keepers, an operator and the alarm
 * hand-over can act at once: the first change wins and the others see it on their next read.
 */
public final class LeaseKeeper {
  /**
   * What one tick did.
   *
   * @param peerHeartbeatAgeMillis the age of the peer's heartbeat in this region's replica, by
   *     this region's clock; empty when the replica has none or could not be read
   */
  public record Step(String action, String outcome, Lease lease, String why, OptionalLong peerHeartbeatAgeMillis) {
    Step(String action, String outcome, Lease lease, String why) {
      this(action, outcome, lease, why, OptionalLong.empty());
    }

    Step observing(Optional<Heartbeat> peerHeartbeat, long nowMillis) {
      return new Step(action, outcome, lease, why, peerHeartbeat.map(h -> OptionalLong.of(h.ageMillis(nowMillis)))
          .orElse(OptionalLong.empty()));
    }
  }

  private final String self;
  private final String peer;
  private final String primary;
  private final LeaseTiming timing;
  private final LeaseArbiter arbiter;
  private final LeaseMirror mirror;
  private final RegionSignals signals;
  private final Announcer announcer;
  private final Platform platform;
  private final boolean autoTakeover;

  private long arbiterFailingSince;
  private Lease lastSeen;
  private long recordedEpoch;

  public LeaseKeeper(String self, String peer, String primary, LeaseTiming timing, LeaseArbiter arbiter,
      LeaseMirror mirror, RegionSignals signals, Announcer announcer, Platform platform, boolean autoTakeover) {
    this.self = self;
    this.peer = peer;
    this.primary = primary;
    this.timing = timing;
    this.arbiter = arbiter;
    this.mirror = mirror;
    this.signals = signals;
    this.announcer = announcer;
    this.platform = platform;
    this.autoTakeover = autoTakeover;
  }

  /** One round: observe, decide, act. Never throws for an AWS failure: it is the outcome. */
  public Step tick() {
    long now = platform.nowMillis();
    boolean healthy = heartbeat(now);
    Optional<Lease> lease = Optional.empty();
    boolean reachable;
    try {
      lease = arbiter.read();
      arbiter.writeKeeperHeartbeat(new Heartbeat(self, now, lease.map(Lease::epoch).orElse(0L), false, 0));
      reachable = true;
      arbiterFailingSince = 0;
    } catch (SdkException e) {
      reachable = false;
      arbiterFailingSince = arbiterFailingSince == 0 ? now : arbiterFailingSince;
    }
    lease.ifPresent(l -> lastSeen = l);
    RegionSignals.Markers markers = null;
    Optional<Heartbeat> peerHeartbeat = Optional.empty();
    try {
      peerHeartbeat = signals.heartbeat(peer);
      if (lease.isPresent() && lease.get().draining() && lease.get().drain().target().equals(self)
          && lease.get().drain().revoked()) {
        markers = signals.drainMarkers(lease.get().epoch(), timing.drainMarkers());
      }
    } catch (SdkException e) {
      healthy = false;
    }
    KeeperAction action = KeeperDecision.decide(new KeeperView(self, primary, now, reachable, lease, healthy,
        peerHeartbeat, markers, autoTakeover, timing));
    try {
      return act(action, now).observing(peerHeartbeat, now);
    } catch (SdkException e) {
      if (action instanceof KeeperAction.Renew || action instanceof KeeperAction.Initialize) {
        arbiterFailingSince = arbiterFailingSince == 0 ? now : arbiterFailingSince;
      }
      return new Step(name(action), "FAILED: " + e.getMessage(), lastSeen, action.why()).observing(peerHeartbeat, now);
    }
  }

  private boolean heartbeat(long now) {
    boolean holder = lastSeen != null && lastSeen.activeHolder(self) && timing.permitsWrite(lastSeen.expiresAtMillis(), now);
    try {
      signals.writeHeartbeat(new Heartbeat(self, now, lastSeen == null ? 0 : lastSeen.epoch(), holder,
          arbiterFailingSince));
      return true;
    } catch (SdkException e) {
      return false;
    }
  }

  private Step act(KeeperAction action, long now) {
    if (action instanceof KeeperAction.Wait wait) {
      return new Step("WAIT", "UNCHANGED", lastSeen, wait.why());
    }
    if (action instanceof KeeperAction.Initialize init) {
      Lease created = arbiter.create(Lease.initial(primary, now, timing));
      if (created.activeHolder(self)) {
        mirror.publish(created.epoch(), created.expiresAtMillis());
      }
      return changed(action, created, init.why());
    }
    if (action instanceof KeeperAction.Renew renew) {
      Optional<Lease> renewed = arbiter.replace(renew.seen(), renew.seen().renewed(now, timing));
      if (renewed.isEmpty()) {
        return superseded(action);
      }
      mirror.publish(renewed.get().epoch(), renewed.get().expiresAtMillis());
      if (recordedEpoch != renewed.get().epoch()) {
        arbiter.ensureRecorded(renewed.get());
        recordedEpoch = renewed.get().epoch();
      }
      return new Step("RENEW", "RENEWED", remember(renewed.get()), renew.why());
    }
    if (action instanceof KeeperAction.Revoke revoke) {
      Lease seen = revoke.seen();
      mirror.revoke(seen.epoch());
      signals.writeDrainMarkers(seen.epoch(), timing.drainMarkers(), self, platform.nowMillis());
      return outcome(action, arbiter.replace(seen, seen.revoked(platform.nowMillis())), revoke.why());
    }
    if (action instanceof KeeperAction.ObserveDrain observe) {
      return outcome(action, arbiter.replace(observe.seen(), observe.seen().drainObserved(now, observe.lagMillis())),
          observe.why());
    }
    if (action instanceof KeeperAction.CompleteHandover complete) {
      Optional<Lease> next = arbiter.replace(complete.seen(), complete.seen().handedOver(now, timing));
      next.ifPresent(l -> {
        mirror.publish(l.epoch(), l.expiresAtMillis());
        announce(l, complete.seen(), "planned hand-over completed: " + complete.why());
      });
      return outcome(action, next, complete.why());
    }
    if (action instanceof KeeperAction.AbortHandover abort) {
      Optional<Lease> next = arbiter.replace(abort.seen(), abort.seen().aborted(now, timing, abort.why()));
      next.ifPresent(l -> announce(l, abort.seen(), "hand-over aborted: " + abort.why()));
      return outcome(action, next, abort.why());
    }
    KeeperAction.TakeOver takeOver = (KeeperAction.TakeOver) action;
    Optional<Lease> next = arbiter.replace(takeOver.seen(), takeOver.seen().takenOverBy(self, now, timing,
        takeOver.why()));
    next.ifPresent(l -> {
      mirror.publish(l.epoch(), l.expiresAtMillis());
      announce(l, takeOver.seen(), "unplanned failover: " + takeOver.why());
    });
    return outcome(action, next, takeOver.why());
  }

  private Step outcome(KeeperAction action, Optional<Lease> next, String why) {
    return next.isPresent() ? changed(action, next.get(), why) : superseded(action);
  }

  private Step changed(KeeperAction action, Lease lease, String why) {
    Log.info("lease changed", Map.of("region", self, "action", name(action), "lease", lease.toString(), "why", why));
    return new Step(name(action), "CHANGED", remember(lease), why);
  }

  /** The compare-and-set lost: another party changed the lease first; this tick changed nothing. */
  private Step superseded(KeeperAction action) {
    return new Step(name(action), "SUPERSEDED", lastSeen, "the lease changed before this tick's write: re-read next tick");
  }

  private Lease remember(Lease lease) {
    lastSeen = lease;
    return lease;
  }

  /** Announces the change of {@code to} from {@code from} once per epoch (claimed in the arbiter first). */
  private void announce(Lease to, Lease from, String why) {
    if (!arbiter.claimNotice(to.epoch(), self)) {
      return;
    }
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("event", "ACTIVE_REGION_CHANGED");
    message.put("activeRegion", to.holder());
    message.put("epoch", to.epoch());
    message.put("previousRegion", from.holder());
    message.put("previousEpoch", from.epoch());
    message.put("decidedBy", self);
    message.put("reason", why);
    message.put("at", Instant.ofEpochMilli(platform.nowMillis()).toString());
    try {
      announcer.announce("Failover: " + to.holder() + " is now the active region (epoch " + to.epoch() + ")", message);
    } catch (RuntimeException e) {
      arbiter.releaseNotice(to.epoch());
      Log.error("announcement failed; the next change or run announces it", e, Map.of("epoch", to.epoch()));
    }
  }

  private static String name(KeeperAction action) {
    String simple = action.getClass().getSimpleName();
    StringBuilder out = new StringBuilder();
    for (char c : simple.toCharArray()) {
      if (Character.isUpperCase(c) && out.length() > 0) {
        out.append('_');
      }
      out.append(Character.toUpperCase(c));
    }
    return out.toString();
  }
}
