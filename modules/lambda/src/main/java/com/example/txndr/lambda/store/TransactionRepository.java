package com.example.txndr.lambda.store;

import static com.example.txndr.lambda.store.TableLayout.n;
import static com.example.txndr.lambda.store.TableLayout.s;

import com.example.txndr.lambda.domain.IdempotencyRecord;
import com.example.txndr.lambda.domain.Money;
import com.example.txndr.lambda.domain.Transaction;
import com.example.txndr.lambda.domain.TransactionType;
import com.example.txndr.lambda.fencing.ActiveRegion;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Transactions, balances and idempotency records in the global table. A transaction is one
 * {@code TransactWriteItems}, all or nothing:
 *
 * <ol>
 *   <li>ConditionCheck on one control shard, chosen by the idempotency key
 *       ({@link ControlShards#shardOf}): this region is active under the epoch the write was
 *       decided with (fencing);
 *   <li>Put of the idempotency record, unless the key is taken (and not expired);
 *   <li>Put of the transaction record, unless it exists;
 *   <li>Update of the debited balance, only if {@code balance >= amount};
 *   <li>Update (ADD) of the credited balance.
 * </ol>
 */
public final class TransactionRepository {
  /** Attempts when DynamoDB cancels for a conflict with concurrent transactions or throttling. */
  public static final int MAX_COMMIT_ATTEMPTS = 5;

  static final int CONTROL_ITEM = 0;
  static final int IDEMPOTENCY_ITEM = 1;
  static final int TRANSACTION_ITEM = 2;
  static final int FIRST_BALANCE_ITEM = 3;

  private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
  private static final String TRANSACTION_CONFLICT = "TransactionConflict";

  private final DynamoDbClient dynamoDb;
  private final String tableName;
  private final ControlShards shards;

  public TransactionRepository(DynamoDbClient dynamoDb, String tableName, ControlShards shards) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
    this.shards = shards;
  }

  /** Writes {@code transaction} with its idempotency record, fenced by {@code fence}. */
  public CommitOutcome commit(
      Transaction transaction, String idempotencyKey, IdempotencyRecord record, ActiveRegion fence, Instant now) {
    int shard = shards.shardOf(idempotencyKey);
    List<TransactWriteItem> items = new ArrayList<>();
    items.add(TransactWriteItem.builder().conditionCheck(controlCheck(fence, shard)).build());
    items.add(TransactWriteItem.builder().put(idempotencyPut(idempotencyKey, record, now)).build());
    items.add(TransactWriteItem.builder().put(transactionPut(transaction, idempotencyKey)).build());
    int debitItem = -1;
    if (transaction.type().hasSource()) {
      debitItem = items.size();
      items.add(TransactWriteItem.builder().update(debit(transaction, now)).build());
    }
    if (transaction.type().hasDestination()) {
      items.add(TransactWriteItem.builder().update(credit(transaction, now)).build());
    }
    for (int attempt = 1; ; attempt++) {
      try {
        // A client token per attempt: DynamoDB then treats the SDK's own retries of this
        // attempt (after a lost response) as one request.
        String token = UUID.randomUUID().toString();
        dynamoDb.transactWriteItems(r -> r.transactItems(items).clientRequestToken(token));
        return CommitOutcome.committed();
      } catch (TransactionCanceledException e) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        if (failed(reasons, CONTROL_ITEM)) {
          return CommitOutcome.fenced(shard);
        }
        if (failed(reasons, IDEMPOTENCY_ITEM)) {
          Map<String, AttributeValue> old = reasons.get(IDEMPOTENCY_ITEM).item();
          return CommitOutcome.keyExists(old == null || old.isEmpty() ? null : toIdempotencyRecord(old));
        }
        if (debitItem >= 0 && failed(reasons, debitItem)) {
          return CommitOutcome.of(CommitOutcome.Kind.INSUFFICIENT_FUNDS);
        }
        if (code(reasons, IDEMPOTENCY_ITEM).equals(TRANSACTION_CONFLICT)) {
          return CommitOutcome.of(CommitOutcome.Kind.KEY_IN_FLIGHT);
        }
        if (!retryable(reasons)) {
          throw new IllegalStateException("DynamoDB cancelled the transaction: " + codes(reasons), e);
        }
        if (attempt == MAX_COMMIT_ATTEMPTS) {
          return CommitOutcome.of(CommitOutcome.Kind.CONFLICT);
        }
        backOff(attempt);
      }
    }
  }

  private static boolean failed(List<CancellationReason> reasons, int index) {
    return code(reasons, index).equals(CONDITIONAL_CHECK_FAILED);
  }

  private static String code(List<CancellationReason> reasons, int index) {
    if (index >= reasons.size() || reasons.get(index).code() == null) {
      return "None";
    }
    return reasons.get(index).code();
  }

  /** Conflicts with concurrent transactions and throttling inside a transaction are transient. */
  private static boolean retryable(List<CancellationReason> reasons) {
    boolean any = false;
    for (CancellationReason reason : reasons) {
      String code = reason.code() == null ? "None" : reason.code();
      switch (code) {
        case "None":
          break;
        case TRANSACTION_CONFLICT:
        case "ThrottlingError":
        case "ProvisionedThroughputExceeded":
          any = true;
          break;
        default:
          return false;
      }
    }
    return any;
  }

  private static String codes(List<CancellationReason> reasons) {
    return reasons.stream().map(r -> String.valueOf(r.code())).collect(Collectors.joining(", ", "[", "]"));
  }

  private static void backOff(int attempt) {
    long ceiling = Math.min(100, 5L << attempt);
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while backing off", e);
    }
  }

  private ConditionCheck controlCheck(ActiveRegion fence, int shard) {
    if (fence.epoch() == ActiveRegion.ASSUMED_EPOCH) {
      return ConditionCheck.builder()
          .tableName(tableName)
          .key(TableLayout.activeRegionKey(shard))
          .conditionExpression("attribute_not_exists(pk)")
          .build();
    }
    return ConditionCheck.builder()
        .tableName(tableName)
        .key(TableLayout.activeRegionKey(shard))
        .conditionExpression("#region = :region AND #epoch = :epoch")
        .expressionAttributeNames(TableLayout.names("region", "epoch"))
        .expressionAttributeValues(Map.of(":region", s(fence.region()), ":epoch", n(fence.epoch())))
        .build();
  }

  private Put idempotencyPut(String key, IdempotencyRecord record, Instant now) {
    Map<String, AttributeValue> item = new HashMap<>(TableLayout.idempotencyKey(key));
    item.put("fingerprint", s(record.fingerprint()));
    item.put("transactionId", s(record.transactionId()));
    item.put("statusCode", n(record.statusCode()));
    item.put("responseBody", s(record.responseBody()));
    item.put("createdAt", s(now.toString()));
    item.put(TableLayout.EXPIRES_AT, n(record.expiresAt().getEpochSecond()));
    return Put.builder()
        .tableName(tableName)
        .item(item)
        // An expired record that TTL has not deleted yet does not hold the key.
        .conditionExpression("attribute_not_exists(pk) OR #expiresAt <= :now")
        .expressionAttributeNames(TableLayout.names(TableLayout.EXPIRES_AT))
        .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
        .build();
  }

  private Put transactionPut(Transaction transaction, String idempotencyKey) {
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
    item.put("updatedAt", s(transaction.updatedAt().toString()));
    item.put("idempotencyKey", s(idempotencyKey));
    return Put.builder().tableName(tableName).item(item).conditionExpression("attribute_not_exists(pk)").build();
  }

  private Update debit(Transaction transaction, Instant now) {
    Money amount = transaction.amount();
    return Update.builder()
        .tableName(tableName)
        .key(TableLayout.balanceKey(transaction.sourceAccount(), amount.currencyCode()))
        // ADD of the negated amount rather than SET balance - :amount: the same in DynamoDB
        // (exact decimal arithmetic either way), and exact in moto, whose subtraction uses float.
        .updateExpression("SET #updatedAt = :now, #lastTransactionId = :txn ADD #balance :negated")
        .conditionExpression("#balance >= :amount")
        .expressionAttributeNames(TableLayout.names("balance", "updatedAt", "lastTransactionId"))
        .expressionAttributeValues(Map.of(
            ":amount", n(amount.toPlainString()),
            ":negated", n(amount.amount().negate().toPlainString()),
            ":now", s(now.toString()),
            ":txn", s(transaction.transactionId())))
        .build();
  }

  private Update credit(Transaction transaction, Instant now) {
    Money amount = transaction.amount();
    return Update.builder()
        .tableName(tableName)
        .key(TableLayout.balanceKey(transaction.destinationAccount(), amount.currencyCode()))
        .updateExpression(
            "SET #accountId = :account, #currency = :currency, #updatedAt = :now, #lastTransactionId = :txn"
                + " ADD #balance :amount")
        .expressionAttributeNames(
            TableLayout.names("accountId", "currency", "updatedAt", "lastTransactionId", "balance"))
        .expressionAttributeValues(Map.of(
            ":account", s(transaction.destinationAccount()),
            ":currency", s(amount.currencyCode()),
            ":amount", n(amount.toPlainString()),
            ":now", s(now.toString()),
            ":txn", s(transaction.transactionId())))
        .build();
  }

  /** The idempotency record of {@code key}, read with strong consistency. */
  public Optional<IdempotencyRecord> findIdempotencyRecord(String key) {
    Map<String, AttributeValue> item =
        dynamoDb.getItem(r -> r.tableName(tableName).key(TableLayout.idempotencyKey(key)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toIdempotencyRecord(item));
  }

  private static IdempotencyRecord toIdempotencyRecord(Map<String, AttributeValue> item) {
    return new IdempotencyRecord(
        item.get("fingerprint").s(),
        item.get("transactionId").s(),
        Integer.parseInt(item.get("statusCode").n()),
        item.get("responseBody").s(),
        Instant.ofEpochSecond(Long.parseLong(item.get(TableLayout.EXPIRES_AT).n())));
  }

  /** The transaction {@code transactionId}, read with strong consistency. */
  public Optional<Transaction> findTransaction(String transactionId) {
    Map<String, AttributeValue> item =
        dynamoDb.getItem(r -> r.tableName(tableName).key(TableLayout.transactionKey(transactionId)).consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    Currency currency = Currency.getInstance(item.get("currency").s());
    return Optional.of(new Transaction(
        item.get("transactionId").s(),
        TransactionType.valueOf(item.get("type").s()),
        item.containsKey("sourceAccount") ? item.get("sourceAccount").s() : null,
        item.containsKey("destinationAccount") ? item.get("destinationAccount").s() : null,
        Money.of(new BigDecimal(item.get("amount").n()), currency),
        item.get("status").s(),
        item.get("region").s(),
        Long.parseLong(item.get("epoch").n()),
        Instant.parse(item.get("createdAt").s()),
        Instant.parse(item.get("updatedAt").s())));
  }

  /** Every balance of {@code accountId}, one per currency, ordered by currency code. */
  public List<Money> balances(String accountId) {
    List<Money> balances = new ArrayList<>();
    dynamoDb.queryPaginator(r -> r.tableName(tableName)
            .consistentRead(true)
            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :balance)")
            .expressionAttributeNames(TableLayout.names(TableLayout.PK, TableLayout.SK))
            .expressionAttributeValues(Map.of(":pk", s(TableLayout.accountPk(accountId)), ":balance", s("BAL#"))))
        .items()
        .forEach(item -> balances.add(Money.of(
            new BigDecimal(item.get("balance").n()), Currency.getInstance(item.get("currency").s()))));
    return balances;
  }
}
