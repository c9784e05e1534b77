package com.example.txndr.lambda.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.globaltable.MemoryDynamoDb;
import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.MutableClock;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.domain.Caller;
import com.example.txndr.lambda.domain.IdempotencyRecord;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.lease.Heartbeat;
import com.example.txndr.lambda.lease.LeaseMirror;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.lease.RegionSignals;
import com.example.txndr.lambda.local.ResourceBootstrap;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The processor's answers to what can happen between reading a key's records and committing
 * (another request under the key, a lease that moved, a lost response, throttling), over the
 * in-memory DynamoDB. What happens in between is a step the test runs just before the processor's
 * next transactional write reaches the table.
 */
class TransactionProcessorTest {
  private static final String TABLE = "txns";
  private static final String REGION = "us-east-1";
  private static final Config CONFIG = Config.fromEnvironment(Map.of("TABLE_NAME", TABLE, "AWS_REGION", REGION,
      "PRIMARY_REGION", REGION, "SECONDARY_REGION", "us-west-2", "REGION_ROLE", "PRIMARY", "FENCE_SHARDS", "2"));
  private static final LeaseTiming TIMING = CONFIG.leaseTiming();
  private static final Caller CALLER = new Caller("jwt:https://idp.example|client-a");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  private final AtomicInteger ids = new AtomicInteger();
  private final Platform platform = new Platform(clock, d -> clock.advanceMillis(d.toMillis()),
      () -> "txn-" + ids.incrementAndGet(), () -> -1L);
  /** Steps run just before the next transactional writes reach the table, one per write. */
  private final Deque<Step> beforeWrite = new ArrayDeque<>();
  private int writes;

  private DynamoDbClient memory;
  private LeaseMirror mirror;
  private TransactionProcessor processor;

  /** What happens just before a write; it may fail the write by throwing. */
  @FunctionalInterface
  private interface Step {
    void run(DynamoDbClient table, Object request) throws Exception;
  }

  @BeforeEach
  void startTheActiveRegion() {
    memory = new MemoryDynamoDb().client(REGION);
    ResourceBootstrap.createTable(memory, TABLE);
    mirror = new LeaseMirror(memory, TABLE, REGION, CONFIG.fenceShards(), platform);
    mirror.publish(1, TIMING.expiryFrom(clock.millis()));
    processor = new TransactionProcessor(CONFIG, scripted(memory), platform);
  }

  private DynamoDbClient scripted(DynamoDbClient client) {
    return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
        new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
          try {
            if (method.getName().equals("transactWriteItems")) {
              writes++;
              Step step = beforeWrite.poll();
              if (step != null) {
                step.run(client, args[0]);
              }
            }
            return method.invoke(client, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** A step that fails the write with one cancellation reason code per item. */
  private static Step cancelled(String... codes) {
    return (table, request) -> {
      List<CancellationReason> reasons = Arrays.stream(codes)
          .map(code -> CancellationReason.builder().code(code).build()).toList();
      throw TransactionCanceledException.builder().message("Transaction cancelled").cancellationReasons(reasons)
          .build();
    };
  }

  /** A step that lets the write land, then fails it the way a retry of it would (its response was lost). */
  private static Step landsThenItsRetryIsRefused() {
    return (table, request) -> {
      @SuppressWarnings("unchecked")
      Consumer<TransactWriteItemsRequest.Builder> attempt = (Consumer<TransactWriteItemsRequest.Builder>) request;
      table.transactWriteItems(TransactWriteItemsRequest.builder().applyMutation(attempt)
          .clientRequestToken("the-lost-attempt").build());
    };
  }

  private ApiResponse post(String key, String body) {
    return post(key, body, clock.millis() + 10_000);
  }

  private ApiResponse post(String key, String body, long deadlineMillis) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Idempotency-Key", key);
    return processor.post(new ApiRequest("POST", "/transactions", headers, body,
        body.getBytes(StandardCharsets.UTF_8).length, CALLER), deadlineMillis);
  }

  private static String deposit(String account, String amount) {
    return "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"" + account + "\",\"amount\":\"" + amount
        + "\",\"currency\":\"USD\"}";
  }

  private static String withdrawal(String account, String amount) {
    return "{\"type\":\"WITHDRAWAL\",\"sourceAccount\":\"" + account + "\",\"amount\":\"" + amount
        + "\",\"currency\":\"USD\"}";
  }

  private static Map<String, Object> json(ApiResponse response) {
    try {
      return Json.parseObject(response.body());
    } catch (Json.MalformedJsonException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  private static String errorCode(ApiResponse response) {
    return (String) ((Map<?, ?>) json(response).get("error")).get("code");
  }

  private String balance(String account) {
    ApiResponse response = processor.getAccount(account);
    return response.status() == 404 ? null : (String) ((Map<?, ?>) json(response).get("balances")).get("USD");
  }

  // The lease moved between the cached permission and the write.

  @Test
  void aWriteFencedByANewerEpochOfThisRegionIsCommittedOnceUnderTheNewEpoch() {
    beforeWrite.add((table, request) -> mirror.publish(2, TIMING.expiryFrom(clock.millis())));

    ApiResponse response = post("k1", deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(String.valueOf(json(response).get("epoch"))).isEqualTo("2");
    assertThat(response.header("Location")).isEqualTo("/transactions/" + json(response).get("transactionId"));
    assertThat(writes).isEqualTo(2);
    assertThat(balance("alice")).isEqualTo("5.00");
  }

  @Test
  void aWriteFencedUnderTheEpochItHoldsIsRefusedWithoutAnotherAttempt() {
    beforeWrite.add(cancelled("ConditionalCheckFailed", "None", "None", "None"));

    ApiResponse response = post("k1", deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(errorCode(response)).isEqualTo("NOT_ACTIVE_REGION");
    assertThat(response.header("Retry-After")).isEqualTo("5");
    assertThat(writes).isEqualTo(1);
    assertThat(balance("alice")).isNull();
  }

  @Test
  void aWriteFencedByANewerEpochThatDoesNotPermitWritesYetIsRefusedWithoutAnotherAttempt() {
    beforeWrite.add((table, request) -> mirror.publish(2, clock.millis() + TIMING.writeMargin().toMillis()));

    ApiResponse response = post("k1", deposit("alice", "5.00"));

    assertThat(errorCode(response)).isEqualTo("NOT_ACTIVE_REGION");
    assertThat(writes).isEqualTo(1);
  }

  @Test
  void aWriteFencedTwiceIsRefused() {
    beforeWrite.add((table, request) -> mirror.publish(2, TIMING.expiryFrom(clock.millis())));
    beforeWrite.add((table, request) -> mirror.publish(3, TIMING.expiryFrom(clock.millis())));

    ApiResponse response = post("k1", deposit("alice", "5.00"));

    assertThat(errorCode(response)).isEqualTo("NOT_ACTIVE_REGION");
    assertThat(writes).isEqualTo(2);
    assertThat(balance("alice")).isNull();
  }

  // Another request under the key got there first.

  @Test
  void theSameRequestCommittedConcurrentlyIsReplayed() {
    ApiResponse[] first = new ApiResponse[1];
    beforeWrite.add((table, request) -> first[0] = post("k1", deposit("alice", "5.00")));

    ApiResponse response = post("k1", deposit("alice", "5.00"));

    assertThat(first[0].status()).isEqualTo(201);
    assertThat(response.status()).isEqualTo(201);
    assertThat(response.body()).isEqualTo(first[0].body());
    assertThat(response.header(TransactionProcessor.REPLAYED_HEADER)).isEqualTo("true");
    assertThat(response.header("Location")).isEqualTo(first[0].header("Location"));
    assertThat(balance("alice")).isEqualTo("5.00");
  }

  @Test
  void aDifferentRequestCommittedConcurrentlyUnderTheKeyIsAKeyReuse() {
    beforeWrite.add((table, request) -> post("k1", deposit("bob", "7.00")));

    ApiResponse response = post("k1", deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(422);
    assertThat(errorCode(response)).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(balance("alice")).isNull();
  }

  @Test
  void aKeyTakenWhoseRecordWasNotReturnedIsAnsweredFromTheRecordReadAgain() {
    ApiResponse[] first = new ApiResponse[1];
    beforeWrite.add((table, request) -> {
      first[0] = post("k1", deposit("alice", "5.00"));
      cancelled("None", "ConditionalCheckFailed", "None", "None").run(table, request);
    });

    ApiResponse response = post("k1", deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.header(TransactionProcessor.REPLAYED_HEADER)).isEqualTo("true");
    assertThat(response.body()).isEqualTo(first[0].body());
  }

  @Test
  void aKeyTakenWhoseRecordIsNotInThisReplicaYetIsInProgress() {
    beforeWrite.add(cancelled("None", "ConditionalCheckFailed", "None", "None"));

    ApiResponse response = post("k1", deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(409);
    assertThat(errorCode(response)).isEqualTo("REQUEST_IN_PROGRESS");
    assertThat(response.header("Retry-After")).isEqualTo("1");
  }

  @Test
  void aRequestInFlightUnderTheKeyIsInProgress() {
    beforeWrite.add(cancelled("None", "TransactionConflict", "None", "None"));

    ApiResponse response = post("k1", deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(409);
    assertThat(errorCode(response)).isEqualTo("REQUEST_IN_PROGRESS");
    assertThat(json(response).toString()).contains("Idempotency-Key k1 is in progress");
  }

  @Test
  void aWriteThatLandedButWhoseRetryMetItsOwnRecordAnswersCreated() {
    beforeWrite.add(landsThenItsRetryIsRefused());

    ApiResponse response = post("k1", deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.header(TransactionProcessor.REPLAYED_HEADER)).isNull();
    assertThat(response.header("Location")).isEqualTo("/transactions/" + json(response).get("transactionId"));
    assertThat(balance("alice")).isEqualTo("5.00");
  }

  @Test
  void aKeyReusedAfterItsRetentionWhileTheTableStillHoldsItsRecordIsInProgress() {
    post("k1", deposit("alice", "5.00"));
    clock.advanceMillis(IdempotencyRecord.RETENTION.toMillis());
    mirror.publish(1, TIMING.expiryFrom(clock.millis()));

    ApiResponse response = post("k1", deposit("bob", "7.00"));

    assertThat(response.status()).isEqualTo(409);
    assertThat(errorCode(response)).isEqualTo("REQUEST_IN_PROGRESS");
    assertThat(balance("bob")).isNull();
  }

  // Declines.

  @Test
  void aDeclineRecordedConcurrentlyIsReplayedWithoutALocation() {
    ApiResponse[] first = new ApiResponse[1];
    beforeWrite.add((table, request) -> first[0] = post("k1", withdrawal("alice", "5.00")));

    ApiResponse response = post("k1", withdrawal("alice", "5.00"));

    assertThat(first[0].status()).isEqualTo(422);
    assertThat(response.status()).isEqualTo(422);
    assertThat(errorCode(response)).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(response.body()).isEqualTo(first[0].body());
    assertThat(response.header(TransactionProcessor.REPLAYED_HEADER)).isEqualTo("true");
    assertThat(response.header("Location")).isNull();
  }

  @Test
  void aDeclineThatCouldNotBeRecordedIsUnavailable() {
    beforeWrite.add((table, request) -> {
      throw ThrottlingException.builder().message("Rate exceeded").build();
    });

    ApiResponse response = post("k1", withdrawal("alice", "5.00"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(errorCode(response)).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(json(response).toString()).contains("The decline could not be recorded and nothing was moved");
    assertThat(processor.post(new ApiRequest("POST", "/transactions", Map.of("Idempotency-Key", "k1",
        "Content-Type", "application/json"), withdrawal("alice", "5.00"), 80, CALLER), clock.millis() + 10_000)
        .header(TransactionProcessor.REPLAYED_HEADER)).as("nothing recorded: the retry is answered anew").isNull();
  }

  // Time and contention.

  @Test
  void aRequestWithoutTimeForACommitIsUnavailableAndWritesNothing() {
    ApiResponse response = post("k1", deposit("alice", "5.00"), clock.millis() + 1);

    assertThat(response.status()).isEqualTo(503);
    assertThat(errorCode(response)).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(json(response).toString()).contains("ran out of time");
    assertThat(response.header("Retry-After")).isEqualTo("1");
    assertThat(writes).isZero();
  }

  @Test
  void transactionsThatKeepWinningTheAccountAnswerConflict() {
    for (int i = 0; i < 6; i++) {
      beforeWrite.add(cancelled("None", "None", "None", "TransactionConflict"));
    }

    ApiResponse response = post("k1", deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(409);
    assertThat(errorCode(response)).isEqualTo("TRANSACTION_CONFLICT");
    assertThat(response.header("Retry-After")).isEqualTo("1");
    assertThat(balance("alice")).isNull();
  }

  // Requests refused before any write.

  @Test
  void aBodyOfExactlyTheMaximumSizeIsAccepted() {
    ApiResponse response = processor.post(new ApiRequest("POST", "/transactions", Map.of("Idempotency-Key", "k1"),
        deposit("alice", "5.00"), ApiRequest.MAX_BODY_BYTES, CALLER), clock.millis() + 10_000);

    assertThat(response.status()).isEqualTo(201);
  }

  @Test
  void theCanaryRefusesAnotherContentType() {
    ApiResponse response = processor.canary(new ApiRequest("POST", "/canary",
        Map.of("Idempotency-Key", "c1", "Content-Type", "text/plain"), null, 0, CALLER), clock.millis() + 10_000);

    assertThat(response.status()).isEqualTo(415);
    assertThat(errorCode(response)).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void theCanaryRefusesABodyThatIsNotJson() {
    ApiResponse response = processor.canary(new ApiRequest("POST", "/canary", Map.of("Idempotency-Key", "c1"),
        "{", 1, CALLER), clock.millis() + 10_000);

    assertThat(response.status()).isEqualTo(400);
    assertThat(errorCode(response)).isEqualTo("MALFORMED_JSON");
  }

  @Test
  void theCanaryIsRefusedInARegionWithoutTheLease() {
    mirror.revoke(1);

    ApiResponse response = processor.canary(new ApiRequest("POST", "/canary", Map.of("Idempotency-Key", "c1"),
        "{}", 2, CALLER), clock.millis() + 10_000);

    assertThat(response.status()).isEqualTo(503);
    assertThat(errorCode(response)).isEqualTo("NOT_ACTIVE_REGION");
  }

  @Test
  void invalidIdsAreRefusedOnEveryRead() {
    for (ApiResponse response : List.of(processor.getCanary("no such id"), processor.getAccount("no such id"),
        processor.getTransaction("no such id", CALLER))) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(errorCode(response)).isEqualTo("VALIDATION_FAILED");
    }
  }

  // Health.

  @SuppressWarnings("unchecked")
  private Map<String, Object> check(Map<String, Object> health, String name) {
    return (Map<String, Object>) ((Map<String, Object>) health.get("checks")).get(name);
  }

  @Test
  void aKeeperHeartbeatExactlyAsOldAsTheStaleLimitIsStillUp() {
    long at = clock.millis();
    new RegionSignals(memory, TABLE).writeHeartbeat(new Heartbeat(REGION, at, 1, true, 0));
    clock.advanceMillis(TIMING.heartbeatStaleAfter().toMillis());

    ApiResponse fresh = processor.health();
    clock.advanceMillis(1);
    ApiResponse stale = processor.health();

    assertThat(fresh.status()).isEqualTo(200);
    assertThat(check(json(fresh), "leaseKeeper")).containsEntry("status", "UP")
        .containsEntry("lastHeartbeat", Instant.ofEpochMilli(at).toString());
    assertThat(check(json(fresh), "lease")).containsEntry("status", "UP").containsEntry("writable", true)
        .containsEntry("expiresAt", Instant.ofEpochMilli(at + TIMING.lease().toMillis()).toString());
    assertThat(stale.status()).isEqualTo(503);
    assertThat(check(json(stale), "leaseKeeper")).containsEntry("status", "DOWN");
    assertThat(check(json(stale), "lease")).containsEntry("status", "DOWN");
  }

  @Test
  void aRevokedLeaseShowsNoExpiry() {
    new RegionSignals(memory, TABLE).writeHeartbeat(new Heartbeat(REGION, clock.millis(), 1, true, 0));
    mirror.revoke(1);

    Map<String, Object> health = json(processor.health());

    assertThat(check(health, "lease")).containsEntry("writable", false).containsEntry("status", "DOWN")
        .doesNotContainKey("expiresAt");
  }

  // The log line of every POST.

  @Test
  void eachPostIsLoggedWithTheTransactionItAnsweredWithAndWhetherItWasAReplay() throws Exception {
    PrintStream standardOutput = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    ApiResponse created;
    try {
      created = post("k1", deposit("alice", "5.00"));
      post("k1", deposit("alice", "5.00"));
    } finally {
      System.setOut(standardOutput);
    }
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line : printed.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("{") && line.contains("\"transaction request\"")) {
        lines.add(Json.parseObject(line));
      }
    }

    String id = (String) json(created).get("transactionId");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).containsEntry("route", "POST /transactions").containsEntry("transactionId", id)
        .doesNotContainKey("replayed");
    assertThat(lines.get(1)).containsEntry("transactionId", id).containsEntry("replayed", true);
  }
}
