package com.example.txndr.lambda.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A committed transaction: what {@code POST} returns and {@code GET /transactions/{id}} reads.
 *
 * @param transactionId unique (a UUID for clients; derived from the original for compensations)
 * @param type what it does to balances
 * @param sourceAccount the debited account, or null
 * @param destinationAccount the credited account, or null
 * @param amount the amount
 * @param status {@link #COMMITTED}
 * @param region the region that wrote it
 * @param epoch the lease epoch it was written under
 * @param createdAt when it was committed (the writer's clock)
 * @param caller who asked for it (see {@link Caller})
 * @param idempotencyKey the caller's key
 * @param kind a client's request, or a compensation by reconciliation
 * @param compensates for a compensation, the transaction it compensates; else null
 */
public record Transaction(
    String transactionId, TransactionType type, String sourceAccount, String destinationAccount, Money amount,
    String status, String region, long epoch, Instant createdAt, String caller, String idempotencyKey, Kind kind,
    String compensates) {
  public static final String COMMITTED = "COMMITTED";

  /** Who posted a transaction. */
  public enum Kind {
    /** A client's request through the API. */
    CLIENT,
    /** Reconciliation: gives back a transaction applied twice across a failover. */
    REVERSAL,
    /** Reconciliation: brings an account overdrawn across a failover back to zero, from the suspense account. */
    COVER
  }

  /** A client's transaction for {@code request}, written by {@code region} under {@code epoch}. */
  public static Transaction of(String transactionId, TransactionRequest request, String region, long epoch,
      Instant now, String caller, String idempotencyKey) {
    return new Transaction(transactionId, request.type(), request.sourceAccount(), request.destinationAccount(),
        request.amount(), COMMITTED, region, epoch, now, caller, idempotencyKey, Kind.CLIENT, null);
  }

  /** The API representation; money as decimal strings, timestamps ISO-8601 UTC. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("transactionId", transactionId);
    json.put("status", status);
    json.put("type", type.name());
    if (sourceAccount != null) {
      json.put("sourceAccount", sourceAccount);
    }
    if (destinationAccount != null) {
      json.put("destinationAccount", destinationAccount);
    }
    json.put("amount", amount.toPlainString());
    json.put("currency", amount.currencyCode());
    json.put("region", region);
    json.put("epoch", epoch);
    json.put("createdAt", createdAt.toString());
    if (kind != Kind.CLIENT) {
      json.put("kind", kind.name());
      json.put("compensates", compensates);
    }
    return json;
  }
}
