package com.example.txndr.simulation.world;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the clients saw (every request, every attempt, every answer) and what happened to the
 * system (faults, changes of the active region), in virtual time. The checker reads it; it knows
 * nothing of the protocol.
 */
public final class History {
  /** How a client's request ended. */
  public enum Outcome {
    /** Acknowledged: 2xx. */
    OK,
    /** A business decline (422 INSUFFICIENT_FUNDS): nothing moved. */
    DECLINED,
    /** Refused for good (another 4xx). */
    REFUSED,
    /** The client gave up without a definitive answer. */
    UNKNOWN
  }

  /**
   * One client request (one idempotency key, retried until definitive).
   *
   * @param transactionId the acknowledged transaction, for OK
   * @param region the region that gave the definitive answer
   * @param epoch the epoch the acknowledged transaction was written under
   */
  public record Op(int id, String client, String caller, String key, String type, String source, String destination,
      BigDecimal amount, long invokedAt, long completedAt, Outcome outcome, int status, String transactionId,
      String region, long epoch, boolean replayed, int attempts) {}

  /**
   * One attempt of a request: where it went, the idempotency key it carried, and what came back
   * (status -1: no answer).
   */
  public record Attempt(int op, long at, String region, int status, String code, String key) {}

  /** A system event: {@code FAULT}, {@code HEAL}, {@code ACTIVE} (a region began holding an epoch), {@code OPERATOR}. */
  public record Event(long at, String kind, String region, long epoch, String detail) {}

  private final List<Op> ops = new ArrayList<>();
  private final List<Attempt> attempts = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();

  public void op(Op op) {
    ops.add(op);
  }

  public void attempt(Attempt attempt) {
    attempts.add(attempt);
  }

  public void event(Event event) {
    events.add(event);
  }

  public List<Op> ops() {
    return Collections.unmodifiableList(ops);
  }

  public List<Attempt> attempts() {
    return Collections.unmodifiableList(attempts);
  }

  public List<Event> events() {
    return Collections.unmodifiableList(events);
  }
}
