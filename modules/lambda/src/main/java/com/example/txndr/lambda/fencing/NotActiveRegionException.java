package com.example.txndr.lambda.fencing;

/** A write reached a region that does not hold the write lease: 503 NOT_ACTIVE_REGION. */
public final class NotActiveRegionException extends Exception {
  private static final long serialVersionUID = 1L;

  public NotActiveRegionException(String self) {
    super("This region (" + self + ") does not hold the write lease now: the other region is active, or a"
        + " failover is in progress. Retry with the same Idempotency-Key; the failover name sends you to the"
        + " active region. Reads are served here.");
  }
}
