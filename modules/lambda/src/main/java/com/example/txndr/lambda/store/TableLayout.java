package com.example.txndr.lambda.store;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Keys of the global table (docs/conventions.md, "Table layout"): partition key {@code pk},
 * sort key {@code sk}, TTL attribute {@code expiresAt} (epoch seconds).
 */
public final class TableLayout {
  public static final String PK = "pk";
  public static final String SK = "sk";
  public static final String EXPIRES_AT = "expiresAt";

  /**
   * Prefix of every control item's partition key. The fencing state is sharded over N items
   * {@code CONTROL#0 .. CONTROL#<N-1>} (distinct partitions, so no one partition serves every
   * transaction's check); the probe counters are {@code CONTROL#PROBE#<region>}.
   */
  public static final String CONTROL_PK_PREFIX = "CONTROL#";
  public static final String ACTIVE_REGION_SK = "ACTIVE_REGION";
  /** Consecutive failed probes counted by the orchestrator of one region: {@code pk=CONTROL#PROBE#<region>}. */
  public static final String PROBE_PK_PREFIX = CONTROL_PK_PREFIX + "PROBE#";
  public static final String PROBE_SK = "PROBE";

  private TableLayout() {}

  public static Map<String, AttributeValue> transactionKey(String transactionId) {
    return key("TXN#" + transactionId, "TXN");
  }

  public static Map<String, AttributeValue> balanceKey(String accountId, String currency) {
    return key(accountPk(accountId), "BAL#" + currency);
  }

  public static String accountPk(String accountId) {
    return "ACCT#" + accountId;
  }

  public static Map<String, AttributeValue> idempotencyKey(String key) {
    return key("IDEM#" + key, "IDEM");
  }

  /** The fencing control item (shard) {@code shard}: {@code CONTROL#<shard> / ACTIVE_REGION}. */
  public static Map<String, AttributeValue> activeRegionKey(int shard) {
    return key(CONTROL_PK_PREFIX + shard, ACTIVE_REGION_SK);
  }

  public static Map<String, AttributeValue> probeKey(String region) {
    return key(PROBE_PK_PREFIX + region, PROBE_SK);
  }

  static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(PK, s(pk), SK, s(sk));
  }

  /** Expression attribute names {@code #a -> a}: every name is aliased, reserved word or not. */
  static Map<String, String> names(String... attributes) {
    Map<String, String> names = new java.util.HashMap<>();
    for (String attribute : attributes) {
      names.put("#" + attribute, attribute);
    }
    return names;
  }

  static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }

  static AttributeValue n(String value) {
    return AttributeValue.builder().n(value).build();
  }

  static AttributeValue n(long value) {
    return n(Long.toString(value));
  }
}
