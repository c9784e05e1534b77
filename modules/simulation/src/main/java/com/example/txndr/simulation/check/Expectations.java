package com.example.txndr.simulation.check;

import java.util.List;

/**
 * What a scenario lets the checker expect, besides the invariants that always hold.
 *
 * @param dataTable the transactions table
 * @param primary the primary region
 * @param secondary the secondary region
 * @param outageAt when the primary region failed (virtual ms), or -1: then a write through the
 *     failover name must be acknowledged by the secondary within {@code rtoBudgetMillis}
 * @param rtoBudgetMillis the recovery budget's RTO
 * @param plannedSwitches windows [from, to] in which a planned switch was asked for with both
 *     regions up: a region that starts writing within one must lack nothing
 * @param mustSwitchBy for a planned switch that must complete (a hand-over under load): the
 *     target region and the time by which it must write, else null
 */
public record Expectations(String dataTable, String primary, String secondary, long outageAt, long rtoBudgetMillis,
    List<long[]> plannedSwitches, Deadline mustSwitchBy) {
  /** A region that must be writing by a time. */
  public record Deadline(String region, long byMillis) {}
}
