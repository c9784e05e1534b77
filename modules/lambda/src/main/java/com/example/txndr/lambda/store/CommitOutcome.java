package com.example.txndr.lambda.store;

import com.example.txndr.lambda.domain.IdempotencyRecord;

/** What became of one attempt to commit a transaction. */
public final class CommitOutcome {
  public enum Kind {
    /** The transaction record, balances and idempotency record were written together. */
    COMMITTED,
    /** The idempotency key is taken; {@link #existing()} is its record (null if DynamoDB did not return it). */
    KEY_EXISTS,
    /** Another transaction under the same key was in flight at the same instant (DynamoDB TransactionConflict). */
    KEY_IN_FLIGHT,
    /** The debited balance is missing or lower than the amount. */
    INSUFFICIENT_FUNDS,
    /** The checked control shard ({@link #shard()}) does not name this region and epoch: this region was demoted. */
    FENCED,
    /** Concurrent transactions on the same balances kept conflicting; nothing was written. */
    CONFLICT
  }

  private static final CommitOutcome COMMITTED = new CommitOutcome(Kind.COMMITTED, null);

  private final Kind kind;
  private final IdempotencyRecord existing;
  private final int shard;

  private CommitOutcome(Kind kind, IdempotencyRecord existing, int shard) {
    this.kind = kind;
    this.existing = existing;
    this.shard = shard;
  }

  private CommitOutcome(Kind kind, IdempotencyRecord existing) {
    this(kind, existing, -1);
  }

  static CommitOutcome committed() {
    return COMMITTED;
  }

  static CommitOutcome of(Kind kind) {
    return new CommitOutcome(kind, null);
  }

  static CommitOutcome fenced(int shard) {
    return new CommitOutcome(Kind.FENCED, null, shard);
  }

  static CommitOutcome keyExists(IdempotencyRecord existing) {
    return new CommitOutcome(Kind.KEY_EXISTS, existing);
  }

  public Kind kind() {
    return kind;
  }

  public IdempotencyRecord existing() {
    return existing;
  }

  /** For {@link Kind#FENCED}: the control shard whose condition failed (else -1). */
  public int shard() {
    return shard;
  }

  @Override
  public String toString() {
    return kind.name();
  }
}
