package com.example.txndr.lambda.regions;

import static com.example.txndr.lambda.regions.Regions.EAST;
import static com.example.txndr.lambda.regions.Regions.WEST;
import static com.example.txndr.lambda.regions.Regions.deposit;
import static com.example.txndr.lambda.regions.Regions.errorCode;
import static com.example.txndr.lambda.regions.Regions.json;
import static com.example.txndr.lambda.regions.Regions.transfer;
import static com.example.txndr.lambda.regions.Regions.withdrawal;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.domain.Caller;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transaction API in the active region: what clients see (black box). */
class TransactionsTest {
  private Regions regions;

  @BeforeEach
  void start() {
    regions = Regions.inMemory();
    regions.start();
  }

  @Test
  void depositCreditsTheDestinationAndReturnsTheTransaction() {
    ApiResponse response = regions.post(EAST, "k1", deposit("alice", "10.50"));

    assertThat(response.status()).isEqualTo(201);
    Map<String, Object> body = json(response);
    assertThat(body).containsEntry("type", "DEPOSIT").containsEntry("destinationAccount", "alice")
        .containsEntry("amount", "10.50").containsEntry("currency", "USD").containsEntry("status", "COMMITTED");
    assertThat(response.header("Location")).isEqualTo("/transactions/" + body.get("transactionId"));
    assertThat(regions.balance(EAST, "alice")).isEqualByComparingTo("10.50");
  }

  @Test
  void transferMovesMoneyBetweenAccounts() {
    regions.post(EAST, "k1", deposit("alice", "100.00"));
    assertThat(regions.post(EAST, "k2", transfer("alice", "bob", "40.00")).status()).isEqualTo(201);

    assertThat(regions.balance(EAST, "alice")).isEqualByComparingTo("60.00");
    assertThat(regions.balance(EAST, "bob")).isEqualByComparingTo("40.00");
  }

  @Test
  void transactionCanBeReadBack() {
    ApiResponse created = regions.post(EAST, "k1", deposit("alice", "1.00"));
    String id = (String) json(created).get("transactionId");

    ApiResponse read = regions.get(EAST, "/transactions/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).isEqualTo(created.body());
  }

  @Test
  void unknownTransactionIsNotFoundInThisRegionWithTheRetryAdvice() {
    ApiResponse response = regions.get(EAST, "/transactions/nope");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.body()).contains("not found in this region", "replication may lag",
        "reuse its Idempotency-Key, never a new one");
  }

  @Test
  void anotherCallersTransactionIsNotFoundExactlyLikeAnUnknownId() {
    Caller a = new Caller("jwt:https://idp.example|client-a");
    Caller b = new Caller("jwt:https://idp.example|client-b");
    String id = (String) json(regions.post(EAST, "k1", deposit("alice", "1.00"), a)).get("transactionId");

    assertThat(regions.get(EAST, "/transactions/" + id, a).status()).isEqualTo(200);
    ApiResponse foreign = regions.get(EAST, "/transactions/" + id, b);
    ApiResponse unknown = regions.get(EAST, "/transactions/" + id.replace('-', '0'), b);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.body()).isEqualTo(unknown.body().replace(id.replace('-', '0'), id));
  }

  @Test
  void aCanaryDepositIsReadThroughCanaryAndNothingElseIs() {
    Caller operator = new Caller("iam:arn:aws:sts::111122223333:assumed-role/txn-dr-test-dr-operator/drill");
    String canary = (String) json(regions.canary(EAST, "c1", null, operator)).get("transactionId");
    String payment = (String) json(regions.post(EAST, "k1", deposit("alice", "1.00"), operator)).get("transactionId");

    ApiResponse read = regions.get(EAST, "/canary/" + canary, operator);
    assertThat(read.status()).isEqualTo(200);
    assertThat(json(read)).containsEntry("transactionId", canary).containsEntry("destinationAccount",
        "canary-us-east-1");
    assertThat(regions.get(EAST, "/canary/" + payment, operator).status()).as("not a canary deposit").isEqualTo(404);
    assertThat(regions.get(EAST, "/canary/unknown", operator).status()).isEqualTo(404);
  }

  @Test
  void anotherRegionsCanaryDepositIsReadThroughCanaryOnceReplicated() {
    Caller operator = new Caller("iam:arn:aws:sts::111122223333:assumed-role/txn-dr-test-dr-operator/drill");
    String canary = (String) json(regions.canary(EAST, "c1", null, operator)).get("transactionId");
    Caller drill = new Caller("iam:arn:aws:sts::111122223333:assumed-role/txn-dr-test-dr-operator/other-session");

    assertThat(regions.get(WEST, "/canary/" + canary, drill).status()).as("not replicated yet").isEqualTo(404);
    regions.replicateAll();
    assertThat(regions.get(WEST, "/canary/" + canary, drill).status()).as("the drill's RPO probe").isEqualTo(200);
    assertThat(regions.get(WEST, "/transactions/" + canary, drill).status()).as("not its creator").isEqualTo(404);
  }

  @Test
  void throttlingIsAnsweredWith503AndRetryAfterNotAConflictAndWritesNothing() {
    regions.throttledWrites.set(Integer.MAX_VALUE);
    ApiResponse response = regions.post(EAST, "k1", deposit("alice", "1.00"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(errorCode(response)).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(response.header("Retry-After")).isEqualTo("1");
    assertThat(response.body()).contains("throttling");
    assertThat(regions.balance(EAST, "alice")).isNull();
  }

  @Test
  void aThrottleThatPassesWithinTheBudgetCommitsAfterBackingOff() {
    regions.throttledWrites.set(2);
    long before = regions.clock.millis();
    ApiResponse response = regions.post(EAST, "k1", deposit("alice", "1.00"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(regions.clock.millis() - before).as("backed off").isPositive();
    assertThat(regions.balance(EAST, "alice")).isEqualByComparingTo("1.00");
  }

  @Test
  void throttlingStopsWith503BeforeTheInvocationsDeadline() {
    regions.throttledWrites.set(Integer.MAX_VALUE);
    long start = regions.clock.millis();
    long deadline = start + 4_000;
    ApiResponse response = regions.api(EAST).handle(new com.example.txndr.lambda.api.ApiRequest("POST",
        "/transactions", Map.of("Idempotency-Key", "k1"), deposit("alice", "1.00"), 80), deadline);

    assertThat(response.status()).isEqualTo(503);
    assertThat(regions.clock.millis()).as("answered before the deadline").isLessThan(deadline);
  }

  @Test
  void unknownAccountIsNotFound() {
    assertThat(regions.get(EAST, "/accounts/nobody").status()).isEqualTo(404);
  }

  @Test
  void withdrawalAboveTheBalanceIsDeclinedAndMovesNothing() {
    regions.post(EAST, "k1", deposit("alice", "10.00"));
    ApiResponse response = regions.post(EAST, "k2", withdrawal("alice", "10.01"));

    assertThat(response.status()).isEqualTo(422);
    assertThat(errorCode(response)).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(regions.balance(EAST, "alice")).isEqualByComparingTo("10.00");
  }

  @Test
  void replayWithTheSameKeyReturnsTheFirstAnswerByteForByte() {
    ApiResponse first = regions.post(EAST, "k1", deposit("alice", "10.00"));
    ApiResponse replay = regions.post(EAST, "k1", deposit("alice", "10.0"));

    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(regions.balance(EAST, "alice")).isEqualByComparingTo("10.00");
  }

  @Test
  void sameKeyWithAnotherBodyIsRejectedWithoutNamingTheFirstTransaction() {
    ApiResponse first = regions.post(EAST, "k1", deposit("alice", "10.00"));
    ApiResponse reused = regions.post(EAST, "k1", deposit("alice", "11.00"));

    assertThat(reused.status()).isEqualTo(422);
    assertThat(errorCode(reused)).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(reused.body()).doesNotContain((String) json(first).get("transactionId"));
  }

  @Test
  void badRequestsWriteNothing() {
    assertThat(regions.post(EAST, "k1", "{\"type\":\"DEPOSIT\"}").status()).isEqualTo(400);
    assertThat(regions.post(EAST, null, deposit("alice", "1.00")).status()).isEqualTo(400);
    assertThat(regions.post(EAST, "k1", deposit("alice", "1.00")).status()).as("the key stays free").isEqualTo(201);
  }

  @Test
  void healthIsUpInTheActivePrimary() {
    ApiResponse health = regions.get(EAST, "/health");

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).contains("\"writable\":true", "\"leaseKeeper\":{\"status\":\"UP\"");
  }
}
