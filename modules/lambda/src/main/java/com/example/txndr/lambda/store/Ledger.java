package com.example.txndr.lambda.store;

import static com.example.txndr.lambda.store.TableLayout.n;
import static com.example.txndr.lambda.store.TableLayout.number;
import static com.example.txndr.lambda.store.TableLayout.s;
import static com.example.txndr.lambda.store.TableLayout.string;

import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.domain.Caller;
import com.example.txndr.lambda.domain.IdempotencyRecord;
import com.example.txndr.lambda.domain.Money;
import com.example.txndr.lambda.domain.TradableCurrency;
import com.example.txndr.lambda.domain.Transaction;
import com.example.txndr.lambda.domain.TransactionType;
import com.example.txndr.lambda.lease.LeaseMirror;
import com.example.txndr.lambda.lease.LeaseTiming;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Transactions, balances and idempotency records in this region's replica of the transactions
 * table. Every item written has one writer region (docs/adr/0007):
 *
 * <ul>
 *   <li>a balance is the sum of an account's per-epoch movements ({@code BAL#<ccy>#E<epoch>}, a
 *       delta); the region of epoch e writes only the items of epoch e, so replication from an
 *       earlier epoch adds its movements and never overwrites today's (no last-writer-wins loss);
 *   <li>an idempotency record is per epoch too, and a key is looked up over every epoch;
 *   <li>debits of one account are serialised within an epoch by a sequence number on its item
 *       (compare-and-set), so the funds check is exact for what this replica has; credits add
 *       without a condition and commute.
 * </ul>
 *
 * <p>A commit is one {@code TransactWriteItems}, all or nothing: the fence (this region's
 * permission for the epoch, until after the write has landed), the idempotency record, the
 * transaction, the debit, the credit.
 */
public final class Ledger {
  /** Attempts when a concurrent debit of the same account, or a transaction on the same items, wins. */
  public static final int MAX_COMMIT_ATTEMPTS = 6;
  /** The longest wait after a throttled attempt. */
  static final long THROTTLE_BACKOFF_CEILING_MILLIS = 800;

  private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
  private static final String TRANSACTION_CONFLICT = "TransactionConflict";
  private static final int FENCE_ITEM = 0;
  private static final int IDEMPOTENCY_ITEM = 1;
  private static final int TRANSACTION_ITEM = 2;

  private final DynamoDbClient dynamoDb;
  private final String tableName;
  private final String region;
  private final LeaseMirror mirror;
  private final LeaseTiming timing;
  private final Platform platform;

  public Ledger(DynamoDbClient dynamoDb, String tableName, String region, LeaseMirror mirror, LeaseTiming timing,
      Platform platform) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
    this.region = region;
    this.mirror = mirror;
    this.timing = timing;
    this.platform = platform;
  }

  /** A permission to write under {@code epoch} through fence shard {@code shard}. */
  public record Permit(int shard, long epoch) {}

  /**
   * Commits {@code transaction} with its idempotency record {@code record}, unless the debited
   * account lacks the funds (when {@code checkFunds}). Gives up with {@link CommitOutcome.Kind#OUT_OF_TIME}
   * rather than start an attempt that could end after {@code deadlineMillis}.
   */
  public CommitOutcome commit(Transaction transaction, IdempotencyRecord record, Permit permit, boolean checkFunds,
      long deadlineMillis) {
    Money amount = transaction.amount();
    boolean throttled = false;
    for (int attempt = 1; ; attempt++) {
      long now = platform.nowMillis();
      if (now + timing.commitBound().toMillis() > deadlineMillis) {
        // Throttling is not a conflict: the caller is told to come back later (503), not that
        // other transactions won.
        return CommitOutcome.of(throttled ? CommitOutcome.Kind.THROTTLED : CommitOutcome.Kind.OUT_OF_TIME);
      }
      List<TransactWriteItem> items = new ArrayList<>();
      items.add(TransactWriteItem.builder()
          .conditionCheck(mirror.fenceCondition(permit.shard(), permit.epoch(), timing.writeDeadline(now))).build());
      items.add(TransactWriteItem.builder().put(idempotencyPut(transaction.caller(), transaction.idempotencyKey(),
          record)).build());
      items.add(TransactWriteItem.builder().put(transactionPut(transaction)).build());
      int debitItem = -1;
      if (transaction.type().hasSource()) {
        AccountView source = account(transaction.sourceAccount(), amount.currency(), permit.epoch());
        if (checkFunds && source.available().compareTo(amount.amount()) < 0) {
          return CommitOutcome.of(CommitOutcome.Kind.INSUFFICIENT_FUNDS);
        }
        debitItem = items.size();
        items.add(TransactWriteItem.builder().update(debit(transaction, permit.epoch(), source.debitSeq())).build());
      }
      if (transaction.type().hasDestination()) {
        items.add(TransactWriteItem.builder().update(credit(transaction, permit.epoch())).build());
      }
      Optional<CommitOutcome> outcome = execute(items, debitItem);
      if (outcome.isPresent() && outcome.get().kind() != CommitOutcome.Kind.THROTTLED) {
        return outcome.get();
      }
      throttled = outcome.isPresent();
      if (attempt == MAX_COMMIT_ATTEMPTS) {
        return CommitOutcome.of(throttled ? CommitOutcome.Kind.THROTTLED : CommitOutcome.Kind.CONFLICT);
      }
      if (!backOff(attempt, throttled, deadlineMillis) && throttled) {
        // No time left to wait for the throttle to pass: answer 503 while there is time to answer.
        return CommitOutcome.of(CommitOutcome.Kind.THROTTLED);
      }
    }
  }

  /**
   * Records a business decline (422) under the key, fenced like a commit, so that a late
   * duplicate of the request gets the decline too instead of paying.
   */
  public CommitOutcome recordDecline(String caller, String key, IdempotencyRecord record, Permit permit,
      long deadlineMillis) {
    long now = platform.nowMillis();
    if (now + timing.commitBound().toMillis() > deadlineMillis) {
      return CommitOutcome.of(CommitOutcome.Kind.OUT_OF_TIME);
    }
    List<TransactWriteItem> items = List.of(
        TransactWriteItem.builder()
            .conditionCheck(mirror.fenceCondition(permit.shard(), permit.epoch(), timing.writeDeadline(now))).build(),
        TransactWriteItem.builder().put(idempotencyPut(caller, key, record)).build());
    return execute(items, -1).orElse(CommitOutcome.of(CommitOutcome.Kind.CONFLICT));
  }

  /** The outcome of one attempt, or empty when it lost a race worth retrying. */
  private Optional<CommitOutcome> execute(List<TransactWriteItem> items, int debitItem) {
    try {
      // A client token per attempt: DynamoDB then treats the SDK's own retries of this attempt
      // (after a lost response) as one request.
      String token = platform.ids().get();
      dynamoDb.transactWriteItems(r -> r.transactItems(items).clientRequestToken(token));
      return Optional.of(CommitOutcome.of(CommitOutcome.Kind.COMMITTED));
    } catch (TransactionCanceledException e) {
      List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
      if (code(reasons, FENCE_ITEM).equals(CONDITIONAL_CHECK_FAILED)) {
        return Optional.of(CommitOutcome.of(CommitOutcome.Kind.FENCED));
      }
      if (code(reasons, IDEMPOTENCY_ITEM).equals(CONDITIONAL_CHECK_FAILED)) {
        Map<String, AttributeValue> old = reasons.get(IDEMPOTENCY_ITEM).item();
        return Optional.of(new CommitOutcome(CommitOutcome.Kind.KEY_EXISTS,
            old == null || old.isEmpty() ? null : toRecord(old)));
      }
      if (code(reasons, TRANSACTION_ITEM).equals(CONDITIONAL_CHECK_FAILED)) {
        // The transaction id exists but not its key's record in this epoch: another epoch's
        // attempt of this very request (the id is kept across attempts). Its record answers.
        return Optional.of(new CommitOutcome(CommitOutcome.Kind.KEY_EXISTS, null));
      }
      if (code(reasons, IDEMPOTENCY_ITEM).equals(TRANSACTION_CONFLICT)) {
        return Optional.of(CommitOutcome.of(CommitOutcome.Kind.KEY_IN_FLIGHT));
      }
      for (CancellationReason reason : reasons) {
        String code = reason.code() == null ? "None" : reason.code();
        if (code.equals("ThrottlingError") || code.equals("ProvisionedThroughputExceeded")) {
          return Optional.of(CommitOutcome.of(CommitOutcome.Kind.THROTTLED));
        }
        if (!code.equals("None") && !code.equals(TRANSACTION_CONFLICT)
            && !(code.equals(CONDITIONAL_CHECK_FAILED) && reasons.indexOf(reason) == debitItem)) {
          throw new IllegalStateException("DynamoDB cancelled the transaction: " + codes(reasons), e);
        }
      }
      // A concurrent debit of the same account (its sequence moved) or a transaction on the same
      // items: read again and retry.
      return Optional.empty();
    } catch (ProvisionedThroughputExceededException | ThrottlingException | RequestLimitExceededException e) {
      return Optional.of(CommitOutcome.of(CommitOutcome.Kind.THROTTLED));
    }
  }

  /**
   * Waits before attempt {@code attempt + 1}: full jitter under an exponential ceiling (a
   * conflict: 10, 20, 40, 80, 160 ms; a throttle, which takes longer to pass: 50, 100, 200, 400,
   * 800 ms), only if the wait and one more attempt still end before {@code deadlineMillis}.
   *
   * @return whether it waited
   */
  private boolean backOff(int attempt, boolean throttled, long deadlineMillis) {
    long ceiling = throttled ? Math.min(THROTTLE_BACKOFF_CEILING_MILLIS, 25L << attempt) : Math.min(200, 5L << attempt);
    long pause = 1 + Math.floorMod(platform.random().nextLong(), ceiling);
    if (platform.nowMillis() + pause + timing.commitBound().toMillis() <= deadlineMillis) {
      platform.pause(Duration.ofMillis(pause));
      return true;
    }
    return false;
  }

  private static String code(List<CancellationReason> reasons, int index) {
    if (index < 0 || index >= reasons.size() || reasons.get(index).code() == null) {
      return "None";
    }
    return reasons.get(index).code();
  }

  private static String codes(List<CancellationReason> reasons) {
    return reasons.stream().map(r -> String.valueOf(r.code())).collect(Collectors.joining(", ", "[", "]"));
  }

  private Put idempotencyPut(String caller, String key, IdempotencyRecord record) {
    Map<String, AttributeValue> item =
        new HashMap<>(TableLayout.idempotencyKey(new Caller(caller).scope(), key, record.epoch()));
    item.put("fingerprint", s(record.fingerprint()));
    item.put("transactionId", s(record.transactionId()));
    item.put("statusCode", n(record.statusCode()));
    item.put("responseBody", s(record.responseBody()));
    item.put("epoch", n(record.epoch()));
    item.put("region", s(region));
    item.put(TableLayout.EXPIRES_AT, n(record.expiresAt().getEpochSecond()));
    return Put.builder()
        .tableName(tableName)
        .item(item)
        .conditionExpression("attribute_not_exists(pk)")
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
        .build();
  }

  private Put transactionPut(Transaction transaction) {
    Map<String, AttributeValue> item = new HashMap<>(TableLayout.transactionKey(transaction.transactionId()));
    item.put("transactionId", s(transaction.transactionId()));
    item.put("type", s(transaction.type().name()));
    if (transaction.sourceAccount() != null) {
      item.put("sourceAccount", s(transaction.sourceAccount()));
    }
    if (transaction.destinationAccount() != null) {
      item.put("destinationAccount", s(transaction.destinationAccount()));
    }
    item.put("amount", n(transaction.amount().toPlainString()));
    item.put("currency", s(transaction.amount().currencyCode()));
    item.put("status", s(transaction.status()));
    item.put("region", s(transaction.region()));
    item.put("epoch", n(transaction.epoch()));
    item.put("createdAt", s(transaction.createdAt().toString()));
    item.put("caller", s(transaction.caller()));
    item.put("idempotencyKey", s(transaction.idempotencyKey()));
    item.put("kind", s(transaction.kind().name()));
    if (transaction.compensates() != null) {
      item.put("compensates", s(transaction.compensates()));
    }
    item.put(TableLayout.JOURNAL_PK, s(TableLayout.journalPk(transaction.epoch(), bucket(transaction.transactionId()))));
    item.put(TableLayout.JOURNAL_SK, s(TableLayout.journalSk(transaction.createdAt().toEpochMilli(),
        transaction.transactionId())));
    return Put.builder().tableName(tableName).item(item).conditionExpression("attribute_not_exists(pk)").build();
  }

  static int bucket(String transactionId) {
    CRC32 crc = new CRC32();
    crc.update(transactionId.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % TableLayout.JOURNAL_BUCKETS);
  }

  private Update debit(Transaction transaction, long epoch, long debitSeq) {
    Money amount = transaction.amount();
    Map<String, AttributeValue> values = new HashMap<>(movementValues(transaction, transaction.sourceAccount(), epoch));
    values.put(":delta", n(amount.amount().negate().toPlainString()));
    values.put(":next", n(debitSeq + 1));
    Update.Builder update = Update.builder()
        .tableName(tableName)
        .key(TableLayout.balanceKey(transaction.sourceAccount(), amount.currencyCode(), epoch))
        .updateExpression(MOVEMENT_SET + ", #debitSeq = :next ADD #delta :delta")
        .expressionAttributeNames(TableLayout.names(MOVEMENT_NAMES));
    if (debitSeq == 0) {
      update.conditionExpression("attribute_not_exists(#debitSeq)");
    } else {
      values.put(":seq", n(debitSeq));
      update.conditionExpression("#debitSeq = :seq");
    }
    return update.expressionAttributeValues(values).build();
  }

  private Update credit(Transaction transaction, long epoch) {
    Money amount = transaction.amount();
    Map<String, AttributeValue> values =
        new HashMap<>(movementValues(transaction, transaction.destinationAccount(), epoch));
    values.put(":delta", n(amount.toPlainString()));
    String[] names = {"accountId", "currency", "epoch", "region", "lastTransactionId", "delta"};
    return Update.builder()
        .tableName(tableName)
        .key(TableLayout.balanceKey(transaction.destinationAccount(), amount.currencyCode(), epoch))
        .updateExpression(MOVEMENT_SET + " ADD #delta :delta")
        .expressionAttributeNames(TableLayout.names(names))
        .expressionAttributeValues(values)
        .build();
  }

  private static final String MOVEMENT_SET =
      "SET #accountId = :account, #currency = :currency, #epoch = :epoch, #region = :region,"
          + " #lastTransactionId = :txn";
  private static final String[] MOVEMENT_NAMES =
      {"accountId", "currency", "epoch", "region", "lastTransactionId", "delta", "debitSeq"};

  private static Map<String, AttributeValue> movementValues(Transaction transaction, String account, long epoch) {
    return Map.of(
        ":account", s(account),
        ":currency", s(transaction.amount().currencyCode()),
        ":epoch", n(epoch),
        ":region", s(transaction.region()),
        ":txn", s(transaction.transactionId()));
  }

  /** An account's balance of one currency as this replica has it, and its debit sequence in {@code epoch}. */
  record AccountView(BigDecimal available, long debitSeq) {}

  private AccountView account(String accountId, TradableCurrency currency, long epoch) {
    BigDecimal available = BigDecimal.ZERO;
    long seq = 0;
    String current = TableLayout.balancePrefix(currency.code()) + TableLayout.epochKey(epoch);
    for (Map<String, AttributeValue> item : movements(accountId, TableLayout.balancePrefix(currency.code()))) {
      available = available.add(new BigDecimal(item.get("delta").n()));
      if (current.equals(string(item, TableLayout.SK))) {
        seq = number(item, "debitSeq", 0);
      }
    }
    return new AccountView(available, seq);
  }

  private List<Map<String, AttributeValue>> movements(String accountId, String prefix) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    dynamoDb.queryPaginator(r -> r.tableName(tableName)
            .consistentRead(true)
            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expressionAttributeNames(TableLayout.names(TableLayout.PK, TableLayout.SK))
            .expressionAttributeValues(Map.of(":pk", s(TableLayout.accountPk(accountId)), ":prefix", s(prefix))))
        .items()
        .forEach(items::add);
    return items;
  }

  /** Every record of the key, newest epoch first (read with strong consistency from this replica). */
  public List<IdempotencyRecord> idempotencyRecords(String caller, String key) {
    List<IdempotencyRecord> records = new ArrayList<>();
    dynamoDb.queryPaginator(r -> r.tableName(tableName)
            .consistentRead(true)
            .scanIndexForward(false)
            .keyConditionExpression("#pk = :pk")
            .expressionAttributeNames(TableLayout.names(TableLayout.PK))
            .expressionAttributeValues(Map.of(":pk", s(TableLayout.idempotencyPk(new Caller(caller).scope(), key)))))
        .items()
        .forEach(item -> records.add(toRecord(item)));
    return records;
  }

  private static IdempotencyRecord toRecord(Map<String, AttributeValue> item) {
    return new IdempotencyRecord(
        string(item, "fingerprint"),
        string(item, "transactionId"),
        (int) number(item, "statusCode", 0),
        string(item, "responseBody"),
        Instant.ofEpochSecond(number(item, TableLayout.EXPIRES_AT, 0)),
        number(item, "epoch", 0));
  }

  /** The transaction {@code transactionId}, read with strong consistency from this replica. */
  public Optional<Transaction> transaction(String transactionId) {
    Map<String, AttributeValue> item = dynamoDb.getItem(
        r -> r.tableName(tableName).key(TableLayout.transactionKey(transactionId)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toTransaction(item));
  }

  /**
   * A stored transaction item as a {@link Transaction}, its amount read at the currency's pinned
   * scale ({@link Money#stored}: an unknown currency or too many digits fail, never rounded).
   */
  public static Transaction toTransaction(Map<String, AttributeValue> item) {
    String kind = string(item, "kind");
    return new Transaction(
        string(item, "transactionId"),
        TransactionType.valueOf(string(item, "type")),
        string(item, "sourceAccount"),
        string(item, "destinationAccount"),
        Money.stored(new BigDecimal(item.get("amount").n()), string(item, "currency")),
        string(item, "status"),
        string(item, "region"),
        number(item, "epoch", 0),
        Instant.parse(string(item, "createdAt")),
        string(item, "caller"),
        string(item, "idempotencyKey"),
        kind == null ? Transaction.Kind.CLIENT : Transaction.Kind.valueOf(kind),
        string(item, "compensates"));
  }

  /** Every balance of {@code accountId} (the sum of its movements in every epoch), ordered by currency. */
  public List<Money> balances(String accountId) {
    Map<String, BigDecimal> sums = new TreeMap<>();
    for (Map<String, AttributeValue> item : movements(accountId, "BAL#")) {
      sums.merge(string(item, "currency"), new BigDecimal(item.get("delta").n()), BigDecimal::add);
    }
    List<Money> balances = new ArrayList<>();
    sums.forEach((code, sum) -> balances.add(Money.stored(sum, code)));
    return balances;
  }

  /** The balance of one currency (zero when the account has none). */
  public Money balance(String accountId, TradableCurrency currency) {
    return balanceState(accountId, currency).balance();
  }

  /**
   * A balance and a digest of the movements it sums (each epoch's item and its last transaction):
   * the digest changes whenever a movement is added, in any epoch.
   */
  public record BalanceState(Money balance, String digest) {}

  public BalanceState balanceState(String accountId, TradableCurrency currency) {
    BigDecimal sum = BigDecimal.ZERO;
    StringBuilder movements = new StringBuilder();
    for (Map<String, AttributeValue> item : movements(accountId, TableLayout.balancePrefix(currency.code()))) {
      sum = sum.add(new BigDecimal(item.get("delta").n()));
      movements.append(string(item, TableLayout.SK)).append('=').append(item.get("delta").n()).append('@')
          .append(string(item, "lastTransactionId")).append(';');
    }
    return new BalanceState(Money.of(sum, currency), new Caller(movements.toString()).scope());
  }

  /** The transactions of {@code epoch} committed at or after {@code fromMillis} (the journal index), oldest first. */
  public List<Transaction> journal(long epoch, long fromMillis) {
    List<Transaction> found = new ArrayList<>();
    String from = TableLayout.journalSk(fromMillis, "");
    for (int bucket = 0; bucket < TableLayout.JOURNAL_BUCKETS; bucket++) {
      int b = bucket;
      dynamoDb.queryPaginator(r -> r.tableName(tableName)
              .indexName(TableLayout.JOURNAL_INDEX)
              .keyConditionExpression("#journalPk = :jpk AND #journalSk >= :from")
              .expressionAttributeNames(TableLayout.names(TableLayout.JOURNAL_PK, TableLayout.JOURNAL_SK))
              .expressionAttributeValues(Map.of(":jpk", s(TableLayout.journalPk(epoch, b)), ":from", s(from))))
          .items()
          .forEach(item -> found.add(toTransaction(item)));
    }
    found.sort(Comparator.comparing(Transaction::createdAt).thenComparing(Transaction::transactionId));
    return found;
  }
}
