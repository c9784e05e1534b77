package com.example.txndr.lambda.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The stored first answer to an idempotency key in one epoch: written in the same DynamoDB
 * transaction as the balance changes (or, for a business decline, with the fence alone), so it
 * exists if and only if that answer was given. A key is looked up over every epoch; two records
 * of one key in two epochs mean it was applied in both regions across an unplanned failover,
 * which reconciliation compensates.
 *
 * @param fingerprint the request's meaning ({@link TransactionRequest#fingerprint})
 * @param transactionId the transaction the answer created (or would have created: a decline)
 * @param statusCode 201, or 422 for a decline
 * @param responseBody the answer's body, replayed byte for byte
 * @param expiresAt when the key is free again (DynamoDB TTL deletes the record afterwards)
 * @param epoch the epoch it was written in
 */
public record IdempotencyRecord(
    String fingerprint, String transactionId, int statusCode, String responseBody, Instant expiresAt, long epoch) {
  /** How long a key is remembered. */
  public static final Duration RETENTION = Duration.ofHours(24);

  /** What a new request with an already used key gets. */
  public enum Verdict {
    /** Same request, and this invocation wrote the record (a retried attempt whose first response was lost). */
    OWN_WRITE,
    /** Same request, first answered by an earlier invocation: replay the stored answer. */
    REPLAY,
    /** Another request under the same key: 422 IDEMPOTENCY_KEY_REUSED. */
    KEY_REUSED,
    /** The record has expired: the key is free again. */
    EXPIRED
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
}
