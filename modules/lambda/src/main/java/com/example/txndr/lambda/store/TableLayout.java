package com.example.txndr.lambda.store;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Keys of the two tables (docs/conventions.md, "Table layout"): partition key {@code pk}, sort
 * key {@code sk}.
 *
 * <p>The <b>transactions table</b> (a global table, eventually consistent across regions) holds
 * items of which each has one writer region: a region writes only keys of its own epoch or of
 * its own name, so late replication adds items and never overwrites another region's.
 *
 * <pre>
 * TXN#&lt;id&gt;                         TXN              a transaction (written once; id unique)
 * IDEM#&lt;caller&gt;#&lt;key&gt;             E#&lt;epoch&gt;         the first answer to an idempotency key, per epoch
 * ACCT#&lt;account&gt;                   BAL#&lt;ccy&gt;#E&lt;epoch&gt; the account's movements in one epoch (a delta)
 * LEASE#&lt;region&gt;#&lt;shard&gt;          LEASE            the region's copy of its write permission (the fence)
 * HEARTBEAT#&lt;region&gt;               HEARTBEAT        the region's keeper was alive at ...
 * DRAIN#&lt;epoch&gt;#&lt;n&gt;                DRAIN            a hand-over's drain markers
 * RECON#&lt;epoch&gt;                    &lt;finding&gt;        reconciliation findings about an ended epoch
 * </pre>
 *
 * <p>Transactions also carry the sparse journal index's keys ({@code JournalIndex}: {@code
 * journalPk = J#<epoch>#<bucket>}, {@code journalSk = <createdAt millis>#<id>}), by which
 * reconciliation lists an epoch's last transactions.
 *
 * <p>The <b>control table</b> (multi-Region strong consistency: the arbiter) holds the lease
 * ({@code LEASE/LEASE}), each keeper's heartbeat ({@code KEEPER#<region>/KEEPER}), the epochs'
 * history ({@code EPOCHS/E#<epoch>}), the announcement ledger ({@code NOTICE#<epoch>/NOTICE})
 * and the reconciliation lock.
 */
public final class TableLayout {
  public static final String PK = "pk";
  public static final String SK = "sk";
  /** TTL attribute (epoch seconds) of idempotency records. */
  public static final String EXPIRES_AT = "expiresAt";
  public static final String JOURNAL_INDEX = "JournalIndex";
  public static final String JOURNAL_PK = "journalPk";
  public static final String JOURNAL_SK = "journalSk";
  /** Journal partitions per epoch: 10,000 TPS / 16 = 625 index writes/s per partition, under 1,000. */
  public static final int JOURNAL_BUCKETS = 16;

  static final String BALANCE_PREFIX = "BAL#";

  private TableLayout() {}

  /** Epochs in sort keys: zero-padded, so that they sort in numeric order. */
  public static String epochKey(long epoch) {
    return String.format("%012d", epoch);
  }

  public static Map<String, AttributeValue> transactionKey(String transactionId) {
    return key("TXN#" + transactionId, "TXN");
  }

  public static String idempotencyPk(String caller, String key) {
    return "IDEM#" + caller + "#" + key;
  }

  public static Map<String, AttributeValue> idempotencyKey(String caller, String key, long epoch) {
    return key(idempotencyPk(caller, key), "E#" + epochKey(epoch));
  }

  public static String accountPk(String accountId) {
    return "ACCT#" + accountId;
  }

  /** The prefix of an account's items of one currency, every epoch. */
  public static String balancePrefix(String currency) {
    return BALANCE_PREFIX + currency + "#E";
  }

  public static Map<String, AttributeValue> balanceKey(String accountId, String currency, long epoch) {
    return key(accountPk(accountId), balancePrefix(currency) + epochKey(epoch));
  }

  public static Map<String, AttributeValue> mirrorKey(String region, int shard) {
    return key("LEASE#" + region + "#" + shard, "LEASE");
  }

  public static Map<String, AttributeValue> heartbeatKey(String region) {
    return key("HEARTBEAT#" + region, "HEARTBEAT");
  }

  public static Map<String, AttributeValue> drainMarkerKey(long epoch, int marker) {
    return key("DRAIN#" + epoch + "#" + marker, "DRAIN");
  }

  public static Map<String, AttributeValue> findingKey(long epoch, String finding) {
    return key("RECON#" + epoch, finding);
  }

  public static String journalPk(long epoch, int bucket) {
    return "J#" + epoch + "#" + bucket;
  }

  /** The journal's sort key: the commit time in zero-padded milliseconds (so it sorts in time order), then the id. */
  public static String journalSk(long createdAtMillis, String transactionId) {
    return String.format("%015d#%s", createdAtMillis, transactionId);
  }

  // Control table.

  public static Map<String, AttributeValue> leaseKey() {
    return key("LEASE", "LEASE");
  }

  public static Map<String, AttributeValue> epochRecordKey(long epoch) {
    return key("EPOCHS", "E#" + epochKey(epoch));
  }

  public static Map<String, AttributeValue> keeperKey(String region) {
    return key("KEEPER#" + region, "KEEPER");
  }

  public static Map<String, AttributeValue> noticeKey(long epoch) {
    return key("NOTICE#" + epoch, "NOTICE");
  }

  public static Map<String, AttributeValue> reconciliationLockKey() {
    return key("RECONCILIATION", "LOCK");
  }

  public static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(PK, s(pk), SK, s(sk));
  }

  /** Expression attribute names {@code #a -> a}: every name is aliased, reserved word or not. */
  public static Map<String, String> names(String... attributes) {
    Map<String, String> names = new HashMap<>();
    for (String attribute : attributes) {
      names.put("#" + attribute, attribute);
    }
    return names;
  }

  public static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }

  public static AttributeValue n(String value) {
    return AttributeValue.builder().n(value).build();
  }

  public static AttributeValue n(long value) {
    return n(Long.toString(value));
  }

  public static AttributeValue bool(boolean value) {
    return AttributeValue.builder().bool(value).build();
  }

  /** The string attribute {@code name} of {@code item}, or null. */
  public static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  /** The numeric attribute {@code name} of {@code item} as a long, or {@code fallback}. */
  public static long number(Map<String, AttributeValue> item, String name, long fallback) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? fallback : Long.parseLong(value.n());
  }
}
