package com.example.txndr.lambda.fencing;

/** A write reached a region that is not the active one: 503 NOT_ACTIVE_REGION. */
public final class NotActiveRegionException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient ActiveRegion active;

  public NotActiveRegionException(String self, ActiveRegion active) {
    super("This region (" + self + ") does not accept writes: " + active.region()
        + " is the active region (epoch " + active.epoch() + "). Send writes to the active"
        + " region; reads are served here.");
    this.active = active;
  }

  public ActiveRegion active() {
    return active;
  }
}
