package com.example.txndr.lambda.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A committed transaction: what {@code POST} returns and {@code GET /transactions/{id}} reads. */
public final class Transaction {
  public static final String COMMITTED = "COMMITTED";

  private final String transactionId;
  private final TransactionType type;
  private final String sourceAccount;
  private final String destinationAccount;
  private final Money amount;
  private final String status;
  private final String region;
  private final long epoch;
  private final Instant createdAt;
  private final Instant updatedAt;

  public Transaction(
      String transactionId, TransactionType type, String sourceAccount, String destinationAccount,
      Money amount, String status, String region, long epoch, Instant createdAt, Instant updatedAt) {
    this.transactionId = transactionId;
    this.type = type;
    this.sourceAccount = sourceAccount;
    this.destinationAccount = destinationAccount;
    this.amount = amount;
    this.status = status;
    this.region = region;
    this.epoch = epoch;
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
  }

  /** A new committed transaction for {@code request}, written by {@code region} at fencing {@code epoch}. */
  public static Transaction commit(
      String transactionId, TransactionRequest request, String region, long epoch, Instant now) {
    return new Transaction(
        transactionId, request.type(), request.sourceAccount(), request.destinationAccount(),
        request.amount(), COMMITTED, region, epoch, now, now);
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
    json.put("updatedAt", updatedAt.toString());
    return json;
  }

  public String transactionId() {
    return transactionId;
  }

  public TransactionType type() {
    return type;
  }

  public String sourceAccount() {
    return sourceAccount;
  }

  public String destinationAccount() {
    return destinationAccount;
  }

  public Money amount() {
    return amount;
  }

  public String status() {
    return status;
  }

  public String region() {
    return region;
  }

  public long epoch() {
    return epoch;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
