package com.example.txndr.lambda.store;

import com.example.txndr.lambda.domain.IdempotencyRecord;

/**
 * What became of an attempt to commit.
 *
 * @param kind the outcome
 * @param existing for {@link Kind#KEY_EXISTS}: the record that holds the key (null if DynamoDB did not return it)
 */
public record CommitOutcome(Kind kind, IdempotencyRecord existing) {
  public enum Kind {
    /** The transaction, its balance movements and its idempotency record were written together. */
    COMMITTED,
    /** The idempotency key is taken in this epoch. */
    KEY_EXISTS,
    /** Another request under the same key was in flight at the same instant. */
    KEY_IN_FLIGHT,
    /** The debited account has less than the amount; nothing was written. */
    INSUFFICIENT_FUNDS,
    /** The fence shard does not permit this epoch until the write lands: the lease moved or is expiring. */
    FENCED,
    /** DynamoDB throttled the writes and the invocation has no time left to back off. */
    THROTTLED,
    /** The invocation has no time left for another attempt; nothing was written by this one. */
    OUT_OF_TIME,
    /** Concurrent debits of the same account kept winning; nothing was written. */
    CONFLICT
  }

  static CommitOutcome of(Kind kind) {
    return new CommitOutcome(kind, null);
  }
}
