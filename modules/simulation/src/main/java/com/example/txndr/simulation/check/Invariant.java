package com.example.txndr.simulation.check;

/** The guarantees, named once, as the README states them. */
public enum Invariant {
  ONE_WRITER("One writer per item: no item is written by both regions; writes of an older epoch land before any of a"
      + " newer one"),
  NOTHING_LOST("Nothing silently lost: every acknowledged transaction is in the ledger and reflected in the"
      + " balances, or listed as compensated"),
  NOTHING_DOUBLED("Nothing silently doubled: an idempotency key is applied at most once in the final balances"),
  CONSERVATION("Conservation: every balance equals the sum of its account's transactions; no balance is negative;"
      + " the replicas agree"),
  PLANNED_RPO_ZERO("Planned switches lose nothing: the new region has every acknowledged transaction when it starts"),
  LIVENESS("Liveness: writes are acknowledged through the failover name within the recovery budget's RTO; no request"
      + " is left without an answer");

  private final String guarantee;

  Invariant(String guarantee) {
    this.guarantee = guarantee;
  }

  public String guarantee() {
    return guarantee;
  }
}
