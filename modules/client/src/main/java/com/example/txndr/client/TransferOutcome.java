package com.example.txndr.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What became of a money-moving request ({@code POST /transactions}, {@code POST /canary}): it is
 * {@link Committed} or {@link Declined} (both recorded under the key, final), {@link Refused} (not
 * applied: the request is wrong, nothing to retry) or {@link Unknown} (no definitive answer before
 * the deadline: resubmit later with the same key, never a new one).
 */
public sealed interface TransferOutcome permits TransferOutcome.Committed, TransferOutcome.Declined, Refused, Unknown {
  /** Attempts sent for this outcome. */
  int attempts();

  /**
   * The transaction was written (201), or had been under this key before (200 or 201 with
   * {@code Idempotent-Replayed}: {@code replayed}).
   *
   * @param region the region that wrote it, as its answer says
   * @param epoch the lease epoch it was written under
   * @param body the transaction as the API answered it
   */
  record Committed(String idempotencyKey, String transactionId, String region, long epoch, boolean replayed,
      int attempts, JsonNode body) implements TransferOutcome {}

  /**
   * A business decline (422 {@code INSUFFICIENT_FUNDS}): nothing moved, and the decline is recorded
   * under the key, so this key will answer it again. A new attempt needs a new key.
   */
  record Declined(String idempotencyKey, String code, String message, boolean replayed, int attempts)
      implements TransferOutcome {}
}
