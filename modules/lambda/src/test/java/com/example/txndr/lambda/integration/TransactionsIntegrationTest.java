package com.example.txndr.lambda.integration;

import static com.example.txndr.lambda.integration.TestEnv.balance;
import static com.example.txndr.lambda.integration.TestEnv.countItems;
import static com.example.txndr.lambda.integration.TestEnv.deposit;
import static com.example.txndr.lambda.integration.TestEnv.errorCode;
import static com.example.txndr.lambda.integration.TestEnv.errorMessage;
import static com.example.txndr.lambda.integration.TestEnv.get;
import static com.example.txndr.lambda.integration.TestEnv.json;
import static com.example.txndr.lambda.integration.TestEnv.post;
import static com.example.txndr.lambda.integration.TestEnv.transfer;
import static com.example.txndr.lambda.integration.TestEnv.withdrawal;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.api.ApiResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class TransactionsIntegrationTest {
  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private DynamoDbClient dynamoDb;
  private ApiHandler api;

  @BeforeEach
  void createTable() {
    dynamoDb = TestEnv.createTable(MOTO.endpoint());
    api = TestEnv.processor(MOTO.endpoint(), TestEnv.PRIMARY, dynamoDb);
  }

  @AfterEach
  void closeClient() {
    dynamoDb.close();
  }

  @Test
  void depositCreditsTheDestinationAndReturnsTheTransaction() {
    ApiResponse response = post(api, "k-1", deposit("alice", "100.50"));

    assertThat(response.status()).isEqualTo(201);
    Map<String, Object> body = json(response);
    assertThat(body).containsEntry("status", "COMMITTED").containsEntry("type", "DEPOSIT")
        .containsEntry("destinationAccount", "alice").containsEntry("amount", "100.50")
        .containsEntry("currency", "USD").containsEntry("region", "us-east-1")
        .containsKeys("transactionId", "createdAt", "updatedAt").doesNotContainKey("sourceAccount");
    assertThat(response.header("Location")).isEqualTo("/transactions/" + body.get("transactionId"));
    assertThat(balance(dynamoDb, "alice")).isEqualByComparingTo("100.50");
  }

  @Test
  void transferMovesMoneyBetweenAccounts() {
    post(api, "k-1", deposit("alice", "100.00"));

    ApiResponse response = post(api, "k-2", transfer("alice", "bob", "30.25"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(balance(dynamoDb, "alice")).isEqualByComparingTo("69.75");
    assertThat(balance(dynamoDb, "bob")).isEqualByComparingTo("30.25");
  }

  @Test
  void transactionCanBeReadBack() {
    ApiResponse created = post(api, "k-1", deposit("alice", "5"));

    ApiResponse read = get(api, "/transactions/" + json(created).get("transactionId"));

    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).isEqualTo(created.body());
  }

  @Test
  void accountShowsBalancesPerCurrency() {
    post(api, "k-1", deposit("alice", "12.5"));
    post(api, "k-2", "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"alice\",\"amount\":\"700\",\"currency\":\"JPY\"}");

    ApiResponse response = get(api, "/accounts/alice");

    assertThat(response.status()).isEqualTo(200);
    assertThat(json(response)).containsEntry("accountId", "alice")
        .containsEntry("balances", Map.of("JPY", "700", "USD", "12.50"));
  }

  @Test
  void unknownAccountIsNotFound() {
    ApiResponse response = get(api, "/accounts/nobody");

    assertThat(response.status()).isEqualTo(404);
    assertThat(errorCode(response)).isEqualTo("NOT_FOUND");
    assertThat(errorMessage(response)).isEqualTo("Account nobody has no balances");
  }

  @Test
  void unknownTransactionIsNotFound() {
    ApiResponse response = get(api, "/transactions/3f1c0a52-0000-4000-8000-000000000000");

    assertThat(response.status()).isEqualTo(404);
    assertThat(errorMessage(response)).isEqualTo("Transaction 3f1c0a52-0000-4000-8000-000000000000 does not exist");
  }

  @Test
  void withdrawalAboveTheBalanceIsRejectedAndWritesNothing() {
    post(api, "k-1", deposit("alice", "10.00"));

    ApiResponse response = post(api, "k-2", withdrawal("alice", "10.01"));

    assertThat(response.status()).isEqualTo(422);
    assertThat(errorCode(response)).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(errorMessage(response)).isEqualTo("Account alice has less than 10.01 USD; nothing was written");
    assertThat(balance(dynamoDb, "alice")).isEqualByComparingTo("10.00");
    assertThat(countItems(dynamoDb, "TXN#")).isEqualTo(1);
    assertThat(countItems(dynamoDb, "IDEM#k-2")).isZero();
  }

  @Test
  void transferFromAnAccountWithoutBalanceIsInsufficientFunds() {
    ApiResponse response = post(api, "k-1", transfer("ghost", "bob", "1.00"));

    assertThat(response.status()).isEqualTo(422);
    assertThat(errorCode(response)).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(balance(dynamoDb, "bob")).isNull();
  }

  @Test
  void replayWithSameKeyReturnsFirstResult() {
    post(api, "k-0", deposit("alice", "50.00"));
    ApiResponse first = post(api, "k-1", transfer("alice", "bob", "20.00"));

    ApiResponse replay = post(api, "k-1", transfer("alice", "bob", "20.00"));

    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(balance(dynamoDb, "alice")).isEqualByComparingTo("30.00");
  }

  @Test
  void replayMatchesTheMeaningOfTheBodyNotItsBytes() {
    ApiResponse first = post(api, "k-1", deposit("alice", "7.5"));

    ApiResponse replay = post(api, "k-1",
        "{ \"currency\": \"USD\", \"amount\": \"7.50\", \"destinationAccount\": \"alice\", \"type\": \"DEPOSIT\" }");

    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(balance(dynamoDb, "alice")).isEqualByComparingTo("7.50");
  }

  @Test
  void sameKeyWithDifferentBodyIsRejected() {
    ApiResponse first = post(api, "k-1", deposit("alice", "10.00"));

    ApiResponse reuse = post(api, "k-1", deposit("alice", "11.00"));

    assertThat(reuse.status()).isEqualTo(422);
    assertThat(errorCode(reuse)).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(errorMessage(reuse)).isEqualTo("Idempotency-Key k-1 was already used for a different request"
        + " (transaction " + json(first).get("transactionId") + "); use a new key for a new transaction");
    assertThat(balance(dynamoDb, "alice")).isEqualByComparingTo("10.00");
  }

  @Test
  void rejectedRequestLeavesTheKeyFreeForARetry() {
    post(api, "k-0", deposit("alice", "5.00"));
    assertThat(post(api, "k-1", withdrawal("alice", "8.00")).status()).isEqualTo(422);
    post(api, "k-2", deposit("alice", "5.00"));

    ApiResponse retry = post(api, "k-1", withdrawal("alice", "8.00"));

    assertThat(retry.status()).isEqualTo(201);
    assertThat(balance(dynamoDb, "alice")).isEqualByComparingTo("2.00");
  }

  @Test
  void badRequestsWriteNothing() {
    List<ApiResponse> responses = List.of(
        post(api, "k-1", "{\"type\":\"DEPOSIT\""),
        post(api, "k-2", "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"alice\",\"amount\":10,\"currency\":\"USD\"}"),
        post(api, "k-3", deposit("alice", "1.001")),
        post(api, "k-4", "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"alice\",\"amount\":\"1\",\"currency\":\"USD\",\"memo\":\"x\"}"),
        post(api, null, deposit("alice", "1.00")),
        post(api, "k-5", "{\"pad\":\"" + "x".repeat(ApiHandler.MAX_BODY_BYTES) + "\"}"));

    assertThat(responses).extracting(ApiResponse::status).containsExactly(400, 400, 400, 400, 400, 413);
    assertThat(responses).extracting(TestEnv::errorCode).containsExactly(
        "MALFORMED_JSON", "VALIDATION_FAILED", "VALIDATION_FAILED", "VALIDATION_FAILED",
        "IDEMPOTENCY_KEY_REQUIRED", "PAYLOAD_TOO_LARGE");
    assertThat(dynamoDb.scan(r -> r.tableName(TestEnv.TABLE)).items()).isEmpty();
  }

  @Test
  void healthIsUpInTheActivePrimary() {
    ApiResponse response = get(api, "/health");

    assertThat(response.status()).isEqualTo(200);
    assertThat(json(response)).containsEntry("status", "UP").containsEntry("region", "us-east-1");
    assertThat(response.body()).contains("\"activeRegion\":{\"status\":\"UP\",\"activeRegion\":\"us-east-1\","
        + "\"epoch\":1,\"writable\":true}");
  }

  @Test
  void healthIsDownWhenTheTableIsMissing() {
    dynamoDb.deleteTable(r -> r.tableName(TestEnv.TABLE));

    ApiResponse response = get(api, "/health");

    assertThat(response.status()).isEqualTo(503);
    assertThat(json(response)).containsEntry("status", "DOWN");
    assertThat(response.body()).contains("\"table\":{\"status\":\"DOWN\"");
  }

  @Test
  void concurrentDuplicatesAreAppliedOnce() throws Exception {
    // The control shards exist, as in any region after its first request: this test is about the
    // duplicates, not about 16 first uses each reading every shard through moto, one request at a time.
    assertThat(get(api, "/health").status()).isEqualTo(200);
    int duplicates = 16;
    List<ApiResponse> responses = runConcurrently(duplicates, i -> post(api, "same-key", deposit("alice", "25.00")));

    assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(201, 409));
    List<ApiResponse> created = responses.stream().filter(r -> r.status() == 201).toList();
    assertThat(created).isNotEmpty();
    assertThat(created.stream().filter(r -> r.header("Idempotent-Replayed") == null)).hasSize(1);
    assertThat(created).extracting(ApiResponse::body).containsOnly(created.get(0).body());
    responses.stream().filter(r -> r.status() == 409)
        .forEach(r -> assertThat(errorCode(r)).isEqualTo("REQUEST_IN_PROGRESS"));
    assertThat(balance(dynamoDb, "alice")).isEqualByComparingTo("25.00");
    assertThat(countItems(dynamoDb, "TXN#")).isEqualTo(1);
  }

  @Test
  void concurrentTransfersConserveTheTotalAndLoseNothing() throws Exception {
    String[] accounts = {"a0", "a1", "a2", "a3", "a4"};
    for (String account : accounts) {
      assertThat(post(api, "seed-" + account, deposit(account, "100.00")).status()).isEqualTo(201);
    }
    int transfers = 200;

    List<ApiResponse> responses = runConcurrently(transfers, i -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int from = random.nextInt(accounts.length);
      int to = (from + 1 + random.nextInt(accounts.length - 1)) % accounts.length;
      int cents = random.nextInt(1, 6000);
      String amount = cents / 100 + "." + String.format("%02d", cents % 100);
      return postUntilDefinitive(api, "t-" + i, transfer(accounts[from], accounts[to], amount));
    });

    assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(201, 422));
    BigDecimal total = BigDecimal.ZERO;
    for (String account : accounts) {
      BigDecimal balance = balance(dynamoDb, account);
      assertThat(balance).isNotNegative();
      total = total.add(balance);
    }
    assertThat(total).isEqualByComparingTo("500.00");
    long committed = responses.stream().filter(r -> r.status() == 201).count();
    assertThat(countItems(dynamoDb, "TXN#")).isEqualTo(committed + accounts.length);
    assertThat(committed).isGreaterThan(transfers / 4);
    for (ApiResponse response : responses) {
      if (response.status() == 201) {
        assertThat(get(api, "/transactions/" + json(response).get("transactionId")).status()).isEqualTo(200);
      }
    }
  }

  /**
   * What a client is told to do: retry 503 and 409 answers with the same key until the answer
   * is definitive (moto, serialised, is slow under 16 concurrent clients: some calls time out).
   */
  static ApiResponse postUntilDefinitive(ApiHandler api, String key, String body) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      ApiResponse response = post(api, key, body);
      if ((response.status() != 503 && response.status() != 409) || attempt == 20) {
        return response;
      }
      Thread.sleep(50L * attempt);
    }
  }

  interface Call {
    ApiResponse run(int index) throws Exception;
  }

  /** Runs {@code count} calls on 16 threads, released together. */
  static List<ApiResponse> runConcurrently(int count, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ApiResponse>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        Callable<ApiResponse> task = () -> {
          start.await();
          return call.run(index);
        };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<ApiResponse> responses = new ArrayList<>();
      for (Future<ApiResponse> future : futures) {
        responses.add(future.get());
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }
}
