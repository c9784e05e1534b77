package com.example.txndr.lambda.reconcile;

/**
 * One finding of a reconciliation about an ended epoch, stored as {@code RECON#<epoch> /
 * <kind>#<subject>} in the transactions table (written once: a finding found again is the same
 * item).
 *
 * @param epoch the ended epoch whose last transactions were examined
 * @param kind what was found
 * @param subject the transaction (or {@code account/currency}) it is about
 * @param compensation the compensating transaction posted, or null
 * @param detail one sentence for the report
 */
public record Finding(long epoch, Kind kind, String subject, String compensation, String detail) {
  public enum Kind {
    /** A key applied in two epochs: this copy was reversed (the newest epoch's copy stands). */
    DUPLICATE_REVERSED,
    /** An account overdrawn by movements of both epochs: brought back to zero from the suspense account. */
    OVERDRAWN_COVERED
  }
}
