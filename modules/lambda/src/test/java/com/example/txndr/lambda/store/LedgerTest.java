package com.example.txndr.lambda.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.globaltable.MemoryDynamoDb;
import com.example.txndr.lambda.MutableClock;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.domain.IdempotencyRecord;
import com.example.txndr.lambda.domain.Money;
import com.example.txndr.lambda.domain.TradableCurrency;
import com.example.txndr.lambda.domain.Transaction;
import com.example.txndr.lambda.domain.TransactionRequest;
import com.example.txndr.lambda.domain.TransactionType;
import com.example.txndr.lambda.lease.LeaseMirror;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.local.ResourceBootstrap;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The ledger's commit against the in-memory DynamoDB: what each refusal of a transaction means
 * (fence, key, in flight, throttled, a lost race), the deadline and the back-off. Refusals the
 * in-memory table does not produce by itself (a transaction in flight on the key, a throttled
 * item) are scripted: the next write fails with the cancellation DynamoDB would send.
 */
class LedgerTest {
  private static final String TABLE = "txns";
  private static final String REGION = "us-east-1";
  private static final Duration COMMIT_BOUND = Duration.ofSeconds(2);
  private static final LeaseTiming TIMING = LeaseTiming.defaults(COMMIT_BOUND);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  private final List<Long> pauses = new ArrayList<>();
  /** How much longer than asked each pause lasts (a sleep that overran). */
  private long oversleepMillis;
  /** What the platform's random generator returns: -1 makes each back-off its ceiling. */
  private long random = -1;
  private final AtomicInteger ids = new AtomicInteger();
  private final Platform platform = new Platform(clock, d -> {
    pauses.add(d.toMillis());
    clock.advanceMillis(d.toMillis() + oversleepMillis);
  }, () -> "id-" + ids.incrementAndGet(), () -> random);

  /** Failures the next transactional writes meet, in order; then they reach the table. */
  private final Deque<Supplier<RuntimeException>> scripted = new ArrayDeque<>();
  /** A failure every transactional write meets once {@link #scripted} is empty (null: none). */
  private Supplier<RuntimeException> always;
  private int writes;

  private DynamoDbClient table;
  private LeaseMirror mirror;
  private Ledger ledger;

  @BeforeEach
  void createTheTable() {
    DynamoDbClient memory = new MemoryDynamoDb().client(REGION);
    ResourceBootstrap.createTable(memory, TABLE);
    table = scripting(memory);
    mirror = new LeaseMirror(table, TABLE, REGION, 1, platform);
    mirror.publish(1, clock.millis() + TIMING.lease().toMillis());
    ledger = new Ledger(table, TABLE, REGION, mirror, TIMING, platform);
  }

  private DynamoDbClient scripting(DynamoDbClient client) {
    return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
        new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
          if (method.getName().equals("transactWriteItems")) {
            writes++;
            Supplier<RuntimeException> failure = scripted.isEmpty() ? always : scripted.poll();
            if (failure != null) {
              throw failure.get();
            }
          }
          try {
            return method.invoke(client, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** The cancellation DynamoDB sends with one reason code per item (null: a reason without a code). */
  private static Supplier<RuntimeException> cancelled(String... codes) {
    return () -> {
      List<CancellationReason> reasons = new ArrayList<>();
      for (String code : codes) {
        reasons.add(CancellationReason.builder().code(code).build());
      }
      return TransactionCanceledException.builder().message("Transaction cancelled").cancellationReasons(reasons)
          .build();
    };
  }

  private static Supplier<RuntimeException> throttled() {
    return () -> ThrottlingException.builder().message("Rate exceeded").build();
  }

  private static Money usd(String amount) {
    return Money.of(new BigDecimal(amount), TradableCurrency.USD);
  }

  private Transaction transaction(String id, TransactionType type, String from, String to, String amount,
      long epoch) {
    return Transaction.of(id, new TransactionRequest(type, from, to, usd(amount)), REGION, epoch,
        Instant.ofEpochMilli(clock.millis()), "caller", "key-" + id);
  }

  private static IdempotencyRecord record(Transaction transaction) {
    return new IdempotencyRecord("fp-" + transaction.transactionId(), transaction.transactionId(), 201, "{}",
        transaction.createdAt().plus(IdempotencyRecord.RETENTION), transaction.epoch());
  }

  private CommitOutcome commit(Transaction transaction) {
    return commit(transaction, clock.millis() + 60_000);
  }

  private CommitOutcome commit(Transaction transaction, long deadlineMillis) {
    return ledger.commit(transaction, record(transaction), new Ledger.Permit(0, transaction.epoch()), true,
        deadlineMillis);
  }

  private CommitOutcome deposit(String id, String account, String amount) {
    return commit(transaction(id, TransactionType.DEPOSIT, null, account, amount, 1));
  }

  private CommitOutcome withdraw(String id, String account, String amount) {
    return commit(transaction(id, TransactionType.WITHDRAWAL, account, null, amount, 1));
  }

  private Money balance(String account) {
    return ledger.balance(account, TradableCurrency.USD);
  }

  // The deadline.

  @Test
  void aCommitWithExactlyTheCommitBoundLeftIsAttempted() {
    Transaction deposit = transaction("t1", TransactionType.DEPOSIT, null, "alice", "5.00", 1);

    assertThat(commit(deposit, clock.millis() + COMMIT_BOUND.toMillis()).kind())
        .isEqualTo(CommitOutcome.Kind.COMMITTED);
    assertThat(balance("alice")).isEqualTo(usd("5.00"));
  }

  @Test
  void aCommitWithLessThanTheCommitBoundLeftWritesNothing() {
    Transaction deposit = transaction("t1", TransactionType.DEPOSIT, null, "alice", "5.00", 1);

    assertThat(commit(deposit, clock.millis() + COMMIT_BOUND.toMillis() - 1).kind())
        .isEqualTo(CommitOutcome.Kind.OUT_OF_TIME);
    assertThat(writes).isZero();
    assertThat(balance("alice")).isEqualTo(usd("0"));
  }

  @Test
  void aDeclineIsRecordedWithExactlyTheCommitBoundLeftAndNotWithLess() {
    Transaction declined = transaction("t1", TransactionType.WITHDRAWAL, "alice", null, "5.00", 1);
    Ledger.Permit permit = new Ledger.Permit(0, 1);

    assertThat(ledger.recordDecline("caller", "k2", record(declined), permit,
        clock.millis() + COMMIT_BOUND.toMillis() - 1).kind()).isEqualTo(CommitOutcome.Kind.OUT_OF_TIME);
    assertThat(ledger.idempotencyRecords("caller", "k2")).isEmpty();
    assertThat(ledger.recordDecline("caller", "k1", record(declined), permit,
        clock.millis() + COMMIT_BOUND.toMillis()).kind()).isEqualTo(CommitOutcome.Kind.COMMITTED);
    assertThat(ledger.idempotencyRecords("caller", "k1")).containsExactly(record(declined));
  }

  // The funds check and the debit sequence.

  @Test
  void theWholeBalanceCanBeWithdrawnButNotACentMore() {
    deposit("t1", "alice", "10.00");

    assertThat(withdraw("t2", "alice", "10.01").kind()).isEqualTo(CommitOutcome.Kind.INSUFFICIENT_FUNDS);
    assertThat(withdraw("t3", "alice", "10.00").kind()).isEqualTo(CommitOutcome.Kind.COMMITTED);
    assertThat(balance("alice")).isEqualTo(usd("0"));
  }

  @Test
  void aDebitInANewEpochCommitsAfterDebitsOfTheAccountInAnEarlierEpoch() {
    deposit("t1", "alice", "10.00");
    withdraw("t2", "alice", "1.00");
    withdraw("t3", "alice", "1.00");
    mirror.publish(2, clock.millis() + TIMING.lease().toMillis());

    CommitOutcome outcome = commit(transaction("t4", TransactionType.WITHDRAWAL, "alice", null, "1.00", 2));

    assertThat(outcome.kind()).isEqualTo(CommitOutcome.Kind.COMMITTED);
    assertThat(writes).isEqualTo(4);
    assertThat(balance("alice")).isEqualTo(usd("7.00"));
  }

  // What a refused transaction means.

  @Test
  void aKeyTakenInThisEpochAnswersWithTheRecordThatHoldsIt() {
    Transaction first = transaction("t1", TransactionType.DEPOSIT, null, "alice", "5.00", 1);
    commit(first);
    Transaction second = new Transaction("t2", TransactionType.DEPOSIT, null, "alice", usd("5.00"),
        Transaction.COMMITTED, REGION, 1, first.createdAt(), "caller", first.idempotencyKey(),
        Transaction.Kind.CLIENT, null);

    CommitOutcome outcome = commit(second);

    assertThat(outcome.kind()).isEqualTo(CommitOutcome.Kind.KEY_EXISTS);
    assertThat(outcome.existing()).isEqualTo(record(first));
    assertThat(balance("alice")).isEqualTo(usd("5.00"));
  }

  @Test
  void aKeyTakenWithoutTheRecordReturnedAnswersKeyExistsWithNoRecord() {
    scripted.add(cancelled("None", "ConditionalCheckFailed", "None", "None"));

    CommitOutcome outcome = deposit("t1", "alice", "5.00");

    assertThat(outcome).isEqualTo(new CommitOutcome(CommitOutcome.Kind.KEY_EXISTS, null));
    assertThat(writes).isEqualTo(1);
  }

  @Test
  void theSameTransactionRetriedInANewEpochAnswersKeyExistsAndWritesNothing() {
    Transaction first = transaction("t1", TransactionType.DEPOSIT, null, "alice", "5.00", 1);
    commit(first);
    mirror.publish(2, clock.millis() + TIMING.lease().toMillis());
    Transaction again = new Transaction("t1", TransactionType.DEPOSIT, null, "alice", usd("5.00"),
        Transaction.COMMITTED, REGION, 2, first.createdAt(), "caller", first.idempotencyKey(),
        Transaction.Kind.CLIENT, null);

    CommitOutcome outcome = commit(again);

    assertThat(outcome).isEqualTo(new CommitOutcome(CommitOutcome.Kind.KEY_EXISTS, null));
    assertThat(ledger.idempotencyRecords("caller", first.idempotencyKey())).containsExactly(record(first));
    assertThat(balance("alice")).isEqualTo(usd("5.00"));
  }

  @Test
  void aWriteTheFenceRefusesIsFencedAndWritesNothing() {
    mirror.revoke(1);

    assertThat(deposit("t1", "alice", "5.00").kind()).isEqualTo(CommitOutcome.Kind.FENCED);
    assertThat(writes).isEqualTo(1);
    assertThat(balance("alice")).isEqualTo(usd("0"));
  }

  @Test
  void anotherRequestInFlightOnTheKeyAnswersKeyInFlightWithoutRetrying() {
    scripted.add(cancelled("None", "TransactionConflict", "None", "None"));

    assertThat(deposit("t1", "alice", "5.00").kind()).isEqualTo(CommitOutcome.Kind.KEY_IN_FLIGHT);
    assertThat(writes).isEqualTo(1);
    assertThat(balance("alice")).isEqualTo(usd("0"));
  }

  @Test
  void aThrottledItemIsRetriedAfterAThrottleBackOff() {
    scripted.add(cancelled("None", "None", "None", "ThrottlingError"));
    scripted.add(cancelled("None", "None", "ProvisionedThroughputExceeded", "None"));

    assertThat(deposit("t1", "alice", "5.00").kind()).isEqualTo(CommitOutcome.Kind.COMMITTED);
    assertThat(pauses).containsExactly(50L, 100L);
    assertThat(balance("alice")).isEqualTo(usd("5.00"));
  }

  @Test
  void aDebitThatLostTheRaceForTheAccountIsRetriedAfterAConflictBackOff() {
    deposit("t1", "alice", "10.00");
    scripted.add(cancelled("None", "None", "None", "ConditionalCheckFailed"));
    scripted.add(cancelled("None", "None", "TransactionConflict", "None"));
    scripted.add(cancelled(null, null, null, null));

    assertThat(withdraw("t2", "alice", "4.00").kind()).isEqualTo(CommitOutcome.Kind.COMMITTED);
    assertThat(pauses).containsExactly(10L, 20L, 40L);
    assertThat(balance("alice")).isEqualTo(usd("6.00"));
  }

  @Test
  void aCancellationWithoutReasonsIsRetriedLikeALostRace() {
    scripted.add(() -> TransactionCanceledException.builder().message("Transaction cancelled").build());

    assertThat(deposit("t1", "alice", "5.00").kind()).isEqualTo(CommitOutcome.Kind.COMMITTED);
    assertThat(writes).isEqualTo(2);
  }

  @Test
  void aFailedConditionOnACreditIsAnErrorNamingEveryReason() {
    scripted.add(cancelled("None", "None", "None", "ConditionalCheckFailed"));

    assertThatThrownBy(() -> deposit("t1", "alice", "5.00"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("DynamoDB cancelled the transaction: [None, None, None, ConditionalCheckFailed]");
    assertThat(balance("alice")).isEqualTo(usd("0"));
  }

  @Test
  void anUnexpectedReasonIsAnErrorNamingEveryReason() {
    deposit("t1", "alice", "10.00");
    scripted.add(cancelled("None", "None", "ValidationError", null));

    assertThatThrownBy(() -> withdraw("t2", "alice", "1.00"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("DynamoDB cancelled the transaction: [None, None, ValidationError, null]");
  }

  // Back-off and giving up.

  @Test
  void conflictsBackOffExponentiallyAndGiveUpAfterTheLastAttempt() {
    always = cancelled("None", "None", "None", "TransactionConflict");

    assertThat(deposit("t1", "alice", "5.00").kind()).isEqualTo(CommitOutcome.Kind.CONFLICT);
    assertThat(writes).isEqualTo(Ledger.MAX_COMMIT_ATTEMPTS);
    assertThat(pauses).containsExactly(10L, 20L, 40L, 80L, 160L);
    assertThat(balance("alice")).isEqualTo(usd("0"));
  }

  @Test
  void throttlesBackOffLongerUpToTheCeilingAndAnswerThrottledAfterTheLastAttempt() {
    always = throttled();

    assertThat(deposit("t1", "alice", "5.00").kind()).isEqualTo(CommitOutcome.Kind.THROTTLED);
    assertThat(writes).isEqualTo(Ledger.MAX_COMMIT_ATTEMPTS);
    assertThat(pauses).containsExactly(50L, 100L, 200L, 400L, Ledger.THROTTLE_BACKOFF_CEILING_MILLIS);
  }

  @Test
  void theBackOffIsAJitteredPauseOfAtLeastOneMillisecond() {
    random = 0;
    always = cancelled("None", "None", "None", "TransactionConflict");

    deposit("t1", "alice", "5.00");

    assertThat(pauses).containsExactly(1L, 1L, 1L, 1L, 1L);
  }

  @Test
  void aThrottleWaitsWhenThePauseAndOneMoreAttemptEndExactlyAtTheDeadline() {
    scripted.add(throttled());

    CommitOutcome outcome = commit(transaction("t1", TransactionType.DEPOSIT, null, "alice", "5.00", 1),
        clock.millis() + 50 + COMMIT_BOUND.toMillis());

    assertThat(outcome.kind()).isEqualTo(CommitOutcome.Kind.COMMITTED);
    assertThat(pauses).containsExactly(50L);
  }

  @Test
  void aThrottleWithNoTimeLeftToBackOffAnswersThrottledAtOnce() {
    always = throttled();

    CommitOutcome outcome = commit(transaction("t1", TransactionType.DEPOSIT, null, "alice", "5.00", 1),
        clock.millis() + 49 + COMMIT_BOUND.toMillis());

    assertThat(outcome.kind()).isEqualTo(CommitOutcome.Kind.THROTTLED);
    assertThat(writes).isEqualTo(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void aConflictWithNoTimeLeftToBackOffIsRetriedAtOnceUntilTheLastAttempt() {
    always = cancelled("None", "None", "None", "TransactionConflict");

    CommitOutcome outcome = commit(transaction("t1", TransactionType.DEPOSIT, null, "alice", "5.00", 1),
        clock.millis() + COMMIT_BOUND.toMillis());

    assertThat(outcome.kind()).isEqualTo(CommitOutcome.Kind.CONFLICT);
    assertThat(writes).isEqualTo(Ledger.MAX_COMMIT_ATTEMPTS);
    assertThat(pauses).isEmpty();
  }

  @Test
  void aThrottledCommitWhoseBackOffOverranTheDeadlineAnswersThrottledNotOutOfTime() {
    scripted.add(throttled());
    oversleepMillis = 1_000;

    CommitOutcome outcome = commit(transaction("t1", TransactionType.DEPOSIT, null, "alice", "5.00", 1),
        clock.millis() + 50 + COMMIT_BOUND.toMillis());

    assertThat(outcome.kind()).isEqualTo(CommitOutcome.Kind.THROTTLED);
    assertThat(writes).isEqualTo(1);
  }

  // Reads.

  @Test
  void theJournalListsAnEpochsTransactionsOldestFirstAcrossItsBuckets() {
    List<String> committed = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = "t" + (20 - i);
      deposit(id, "alice", "1.00");
      committed.add(id);
      clock.advanceMillis(10);
    }

    assertThat(ledger.journal(1, 0).stream().map(Transaction::transactionId).toList()).isEqualTo(committed);
  }

  @Test
  void transactionsAreSpreadOverTheJournalsPartitions() {
    Set<Integer> buckets = new HashSet<>();
    for (int i = 0; i < 64; i++) {
      buckets.add(Ledger.bucket("txn-" + i));
    }

    assertThat(buckets).hasSizeGreaterThan(TableLayout.JOURNAL_BUCKETS / 2)
        .allSatisfy(b -> assertThat(b).isBetween(0, TableLayout.JOURNAL_BUCKETS - 1));
  }

  @Test
  void aBalanceIsTheSumOfTheAccountsMovements() {
    deposit("t1", "alice", "10.00");
    withdraw("t2", "alice", "2.50");

    assertThat(balance("alice")).isEqualTo(usd("7.50"));
    assertThat(ledger.balances("alice")).containsExactly(usd("7.50"));
  }

  @Test
  void aStoredTransactionWithoutAKindIsAClientsTransaction() {
    deposit("t1", "alice", "1.00");
    Map<String, AttributeValue> item = new HashMap<>(
        table.getItem(r -> r.tableName(TABLE).key(TableLayout.transactionKey("t1"))).item());
    item.remove("kind");

    assertThat(Ledger.toTransaction(item).kind()).isEqualTo(Transaction.Kind.CLIENT);
  }
}
