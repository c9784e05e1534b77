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

  public static final String CONTROL_PK = "CONTROL";
  public static final String ACTIVE_REGION_SK = "ACTIVE_REGION";
  /** Consecutive failed probes counted by the orchestrator of one region: {@code sk=PROBE#<region>}. */
  public static final String PROBE_SK_PREFIX = "PROBE#";

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

  public static Map<String, AttributeValue> activeRegionKey() {
    return key(CONTROL_PK, ACTIVE_REGION_SK);
  }

  public static Map<String, AttributeValue> probeKey(String region) {
    return key(CONTROL_PK, PROBE_SK_PREFIX + region);
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
