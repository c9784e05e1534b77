package com.example.txndr.lambda.regions;

import static com.example.txndr.lambda.regions.Regions.EAST;
import static com.example.txndr.lambda.regions.Regions.deposit;
import static com.example.txndr.lambda.regions.Regions.errorCode;
import static com.example.txndr.lambda.regions.Regions.json;
import static com.example.txndr.lambda.regions.Regions.transfer;
import static com.example.txndr.lambda.regions.Regions.withdrawal;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.api.ApiResponse;
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
    assertThat(response.body()).contains("is not in this region's replica", "reuse its Idempotency-Key");
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
