package com.example.txndr.lambda.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The stored first response to an idempotency key: written in the same DynamoDB transaction
 * as the balance changes, so it exists if and only if the transaction was applied.
 */
public final class IdempotencyRecord {
  /** How long a key is remembered (DynamoDB TTL deletes the record afterwards). */
  public static final Duration RETENTION = Duration.ofHours(24);

  /** What a new request with an already used key gets. */
  public enum Verdict {
    /** Same request, and this invocation wrote the record (a retried attempt whose first response was lost). */
    OWN_WRITE,
    /** Same request, first applied by an earlier invocation: replay the stored response. */
    REPLAY,
    /** Another request under the same key: 422 IDEMPOTENCY_KEY_REUSED. */
    KEY_REUSED,
    /** The record has expired: the key is free again. */
    EXPIRED
  }

  private final String fingerprint;
  private final String transactionId;
  private final int statusCode;
  private final String responseBody;
  private final Instant expiresAt;

  public IdempotencyRecord(
      String fingerprint, String transactionId, int statusCode, String responseBody, Instant expiresAt) {
    this.fingerprint = fingerprint;
    this.transactionId = transactionId;
    this.statusCode = statusCode;
    this.responseBody = responseBody;
    this.expiresAt = expiresAt;
  }

  /** The verdict for a request with {@code fingerprint} whose own transaction id is {@code transactionId}. */
  public Verdict judge(String fingerprint, String transactionId, Instant now) {
    if (!now.isBefore(expiresAt)) {
      return Verdict.EXPIRED;
    }
    if (!this.fingerprint.equals(fingerprint)) {
      return Verdict.KEY_REUSED;
    }
    return this.transactionId.equals(transactionId) ? Verdict.OWN_WRITE : Verdict.REPLAY;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public String transactionId() {
    return transactionId;
  }

  public int statusCode() {
    return statusCode;
  }

  public String responseBody() {
    return responseBody;
  }

  public Instant expiresAt() {
    return expiresAt;
  }
}
