package com.example.txndr.simulation.protocol;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The system's state after the run, healed and replicated, as the checker needs it and in no
 * protocol's terms.
 *
 * @param ledger every transaction in the table
 * @param balances every account's balance
 * @param compensated transactions a compensation in the ledger reverses
 * @param reported transactions the reconciliation report lists as compensated
 * @param exemptAccounts accounts allowed below zero (the suspense account)
 * @param replicasAgree whether both regions' replicas hold the same items
 */
public record FinalState(List<Entry> ledger, Map<String, BigDecimal> balances, Set<String> compensated,
    Set<String> reported, Set<String> exemptAccounts, boolean replicasAgree) {
  /** One transaction. */
  public record Entry(String transactionId, String type, String source, String destination, BigDecimal amount,
      String caller, String key, long epoch, String region, String kind, String compensates) {}
}
