package com.example.txndr.lambda.integration;

import static com.example.txndr.lambda.integration.TestEnv.balance;
import static com.example.txndr.lambda.integration.TestEnv.countItems;
import static com.example.txndr.lambda.integration.TestEnv.deposit;
import static com.example.txndr.lambda.integration.TestEnv.errorCode;
import static com.example.txndr.lambda.integration.TestEnv.errorMessage;
import static com.example.txndr.lambda.integration.TestEnv.json;
import static com.example.txndr.lambda.integration.TestEnv.post;
import static com.example.txndr.lambda.integration.TestEnv.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.local.ResourceBootstrap;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Throttling, lost responses and conflicts, injected on the wire: retried, never applied twice. */
class ResilienceIntegrationTest {
  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private static final String TRANSACT = "TransactWriteItems";
  private static final String THROTTLED =
      "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\","
          + "\"message\":\"Rate of requests exceeds the allowed throughput.\"}";

  private DynamoDbClient dynamoDb;
  private ApiHandler api;

  @BeforeEach
  void createTable() {
    // Short socket timeout: a response held back 1.5 s is a timeout, retried by the SDK.
    dynamoDb = AwsClients.dynamoDb(TestEnv.config(MOTO.endpoint(), TestEnv.PRIMARY), Duration.ofMillis(500));
    ResourceBootstrap.createTable(dynamoDb, TestEnv.TABLE);
    api = new ApiHandler(TestEnv.config(MOTO.endpoint(), TestEnv.PRIMARY), dynamoDb, Clock.systemUTC());
    assertThat(post(api, "seed", deposit("alice", "100.00")).status()).isEqualTo(201);
  }

  @AfterEach
  void closeClient() {
    dynamoDb.close();
  }

  private static String cancelled(String... codes) {
    StringBuilder reasons = new StringBuilder();
    for (String code : codes) {
      reasons.append(reasons.length() == 0 ? "" : ",").append("{\"Code\":\"").append(code).append("\"}");
    }
    return "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
        + "\"Message\":\"Transaction cancelled\",\"CancellationReasons\":[" + reasons + "]}";
  }

  @Test
  void throttledTransactionIsRetriedAndAppliedOnce() {
    MOTO.proxy().failNext(TRANSACT, 2, 400, THROTTLED);

    ApiResponse response = post(api, "k-1", transfer("alice", "bob", "10.00"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(balance(dynamoDb, "alice")).isEqualByComparingTo("90.00");
    assertThat(balance(dynamoDb, "bob")).isEqualByComparingTo("10.00");
  }

  @Test
  void responseLostAfterCommitIsRetriedWithoutDoubleApply() {
    MOTO.proxy().delayResponseOfNext(TRANSACT, 1, Duration.ofMillis(1500));

    ApiResponse response = post(api, "k-1", transfer("alice", "bob", "10.00"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.header("Idempotent-Replayed")).isNull();
    assertThat(balance(dynamoDb, "alice")).isEqualByComparingTo("90.00");
    assertThat(balance(dynamoDb, "bob")).isEqualByComparingTo("10.00");
    assertThat(countItems(dynamoDb, "TXN#")).isEqualTo(2);
  }

  @Test
  void timeoutOnEveryAttemptAnswers503AndTheClientRetryReplays() {
    MOTO.proxy().delayResponseOfNext(TRANSACT, AwsClients.DYNAMODB_MAX_ATTEMPTS, Duration.ofMillis(1500));

    ApiResponse failed = post(api, "k-1", transfer("alice", "bob", "10.00"));
    MOTO.proxy().clearFaults();
    ApiResponse retried = post(api, "k-1", transfer("alice", "bob", "10.00"));

    assertThat(failed.status()).isEqualTo(503);
    assertThat(errorCode(failed)).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(errorMessage(failed))
        .isEqualTo("The database did not answer in time; nothing is lost: retry with the same Idempotency-Key");
    assertThat(retried.status()).isEqualTo(201);
    assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(json(retried)).containsEntry("amount", "10.00");
    assertThat(balance(dynamoDb, "alice")).isEqualByComparingTo("90.00");
    assertThat(countItems(dynamoDb, "TXN#")).isEqualTo(2);
  }

  @Test
  void throttlingInsideTheTransactionIsRetried() {
    MOTO.proxy().failNext(TRANSACT, 2, 400, cancelled("None", "None", "None", "ThrottlingError", "None"));

    ApiResponse response = post(api, "k-1", transfer("alice", "bob", "10.00"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(balance(dynamoDb, "bob")).isEqualByComparingTo("10.00");
  }

  @Test
  void conflictOnBalancesIsRetried() {
    MOTO.proxy().failNext(TRANSACT, 3, 400, cancelled("None", "None", "None", "TransactionConflict", "None"));

    ApiResponse response = post(api, "k-1", transfer("alice", "bob", "10.00"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(balance(dynamoDb, "alice")).isEqualByComparingTo("90.00");
  }

  @Test
  void persistentConflictAnswersTransactionConflictAndWritesNothing() {
    MOTO.proxy().failNext(TRANSACT, 5, 400, cancelled("None", "None", "None", "TransactionConflict", "None"));

    ApiResponse response = post(api, "k-1", transfer("alice", "bob", "10.00"));

    assertThat(response.status()).isEqualTo(409);
    assertThat(errorCode(response)).isEqualTo("TRANSACTION_CONFLICT");
    assertThat(errorMessage(response)).isEqualTo("Concurrent transactions on the same accounts kept conflicting"
        + " and nothing was written; retry with the same Idempotency-Key");
    assertThat(balance(dynamoDb, "bob")).isNull();
  }

  @Test
  void duplicateWhileTheFirstIsInFlightAnswersRequestInProgress() {
    // DynamoDB cancels with TransactionConflict on the idempotency record while another
    // transaction writing the same key is in flight (moto never does: it is injected).
    MOTO.proxy().failNext(TRANSACT, 1, 400, cancelled("None", "TransactionConflict", "None", "None", "None"));

    ApiResponse response = post(api, "k-1", transfer("alice", "bob", "10.00"));

    assertThat(response.status()).isEqualTo(409);
    assertThat(errorCode(response)).isEqualTo("REQUEST_IN_PROGRESS");
    assertThat(errorMessage(response)).isEqualTo(
        "A request with Idempotency-Key k-1 is in progress; retry shortly with the same key to receive its result");
    assertThat(balance(dynamoDb, "bob")).isNull();
  }
}
