package com.example.txndr.lambda.failover;

import com.example.txndr.lambda.lease.Heartbeat;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseTiming;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the alarm hand-over does, apart from the reads and writes that carry it out: an event in,
 * then a view of what has been read so far in, an action out. {@link FailoverOrchestratorHandler}
 * reads what an action asks for ({@link Corroborate}, {@link CheckPeer}), writes what it decides
 * ({@link Drain}) and answers the rest ({@link Stop}); this class does no I/O, so every branch is
 * tested on values alone.
 *
 * @param self the region this orchestrator runs in
 * @param peer the region a hand-over goes to
 * @param compositeName the only alarm that hands over (the primary's {@code primary-region-unhealthy})
 */
public record HandoverDecision(String self, String peer, String compositeName, LeaseTiming timing) {
  /** What to do next. */
  public sealed interface Action permits Ignore, Proceed, Corroborate, CheckPeer, Stop, Drain {}

  /** The event is not the composite entering ALARM: nothing is read or written. */
  public record Ignore(String detail) implements Action {}

  /** The composite entered ALARM: read the lease, then decide with {@link #next}. */
  public record Proceed(String why) implements Action {}

  /** This region holds the lease: read the composite's children and their data before going on. */
  public record Corroborate() implements Action {}

  /** Corroborated: read the peer keeper's heartbeat in the arbiter before going on. */
  public record CheckPeer() implements Action {}

  /** An answer without a write: {@code outcome} is the result's, {@code findings} the refused evidence. */
  public record Stop(String outcome, String detail, List<String> findings) implements Action {
    public Stop {
      findings = List.copyOf(findings);
    }
  }

  /** Replace {@code current} with {@code next} (compare-and-set); when another write won, read again. */
  public record Drain(Lease current, Lease next, String detail) implements Action {}

  /**
   * What has been read for one attempt: the lease, and, once asked for, the corroboration's verdict
   * and the peer keeper's heartbeat ({@code null} while not read; an empty heartbeat was read and
   * is absent).
   */
  public record View(Lease lease, AlarmCorroboration.Verdict verdict, Optional<Heartbeat> peerHeartbeat,
      long nowMillis) {
    // null peerHeartbeat: not read yet, unlike empty (read, none there); decide() tells them apart.
    @SuppressWarnings("NullOptional")
    public static View of(Lease lease, long nowMillis) {
      return new View(lease, null, null, nowMillis);
    }

    public View withVerdict(AlarmCorroboration.Verdict value) {
      return new View(lease, value, peerHeartbeat, nowMillis);
    }

    public View withPeerHeartbeat(Optional<Heartbeat> value, long now) {
      return new View(lease, verdict, value, now);
    }
  }

  /** The first decision, on the event alone. */
  public Action onEvent(Map<String, Object> event) {
    if (!"CloudWatch Alarm State Change".equals(event.get("detail-type"))) {
      return new Ignore("only CloudWatch Alarm State Change events are handled; manual hand-overs and promotions are"
          + " the drill CLI's (dr-drill handover | promote)");
    }
    Map<?, ?> detail = event.get("detail") instanceof Map<?, ?> d ? d : Map.of();
    Map<?, ?> state = detail.get("state") instanceof Map<?, ?> s ? s : Map.of();
    String alarm = String.valueOf(detail.get("alarmName"));
    if (!"ALARM".equals(state.get("value"))) {
      return new Ignore("alarm " + alarm + " is " + state.get("value"));
    }
    if (!compositeName.equals(alarm)) {
      return new Ignore("alarm " + alarm + " is not " + compositeName + ", the only alarm that hands over");
    }
    return new Proceed("alarm " + alarm + " is ALARM");
  }

  /** The next decision of an attempt, on what {@code view} holds. */
  public Action next(String why, View view) {
    Lease lease = view.lease();
    if (!lease.activeHolder(self)) {
      return new Stop(lease.draining() ? "HANDOVER_IN_PROGRESS" : "ALREADY_STANDBY",
          "this region does not hold the lease: nothing to hand over (" + why + ")", List.of());
    }
    if (view.verdict() == null) {
      return new Corroborate();
    }
    if (!view.verdict().corroborated()) {
      return new Stop(FailoverOrchestratorHandler.NOT_CORROBORATED, why + ", but no child alarm's metric data"
          + " breach: no hand-over; " + String.join("; ", view.verdict().findings()), view.verdict().findings());
    }
    String corroborated = corroborated(why, view.verdict());
    if (view.peerHeartbeat() == null) {
      return new CheckPeer();
    }
    Optional<Heartbeat> heartbeat = view.peerHeartbeat();
    if (heartbeat.isEmpty() || heartbeat.get().ageMillis(view.nowMillis()) > timing.heartbeatStaleAfter().toMillis()) {
      return new Stop("PEER_NOT_READY", corroborated + ", but the keeper of " + peer + " has not written a heartbeat"
          + " to the arbiter for over " + timing.heartbeatStaleAfter().toSeconds() + " s: no hand-over to a standby"
          + " that may be down; page the on-call", List.of());
    }
    return new Drain(lease, lease.drainingTo(peer, view.nowMillis(), corroborated), corroborated
        + "; the keepers complete the hand-over to " + peer + " once this region's last writes have replicated");
  }

  /** The reason a drain carries: the alarm and the children whose data breach. */
  private static String corroborated(String why, AlarmCorroboration.Verdict verdict) {
    return why + " (corroborated by the metric data of " + String.join(", ", verdict.breaching()) + ")";
  }
}
