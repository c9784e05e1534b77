package com.example.txndr.lambda.integration;

import static com.example.txndr.lambda.integration.TestEnv.countItems;
import static com.example.txndr.lambda.integration.TestEnv.deposit;
import static com.example.txndr.lambda.integration.TestEnv.errorCode;
import static com.example.txndr.lambda.integration.TestEnv.errorMessage;
import static com.example.txndr.lambda.integration.TestEnv.get;
import static com.example.txndr.lambda.integration.TestEnv.json;
import static com.example.txndr.lambda.integration.TestEnv.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.store.ControlRepository;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Only the active region writes; the standby reads; a promotion fences the demoted region. */
class FencingIntegrationTest {
  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private DynamoDbClient dynamoDb;
  private ControlRepository control;
  private ApiHandler primary;
  private ApiHandler secondary;

  @BeforeEach
  void createRegions() {
    dynamoDb = TestEnv.createTable(MOTO.endpoint());
    control = new ControlRepository(dynamoDb, TestEnv.TABLE);
    primary = TestEnv.processor(MOTO.endpoint(), TestEnv.PRIMARY, dynamoDb);
    secondary = TestEnv.processor(MOTO.endpoint(), TestEnv.SECONDARY, dynamoDb);
  }

  @AfterEach
  void closeClient() {
    dynamoDb.close();
  }

  private void promote(String region) {
    ActiveRegion seen = control.read().orElse(ActiveRegion.assumed(TestEnv.PRIMARY));
    assertThat(control.promote(seen, region, "test", Instant.now())).isTrue();
  }

  @Test
  void primaryCreatesTheControlItemOnFirstUse() {
    post(primary, "k-1", deposit("alice", "1.00"));

    assertThat(control.read()).contains(new ActiveRegion("us-east-1", 1));
  }

  @Test
  void standbyRejectsWritesWithNotActiveRegion() {
    post(primary, "k-0", deposit("alice", "1.00"));

    ApiResponse response = post(secondary, "k-1", deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(errorCode(response)).isEqualTo("NOT_ACTIVE_REGION");
    assertThat(errorMessage(response)).isEqualTo("This region (us-west-2) does not accept writes: us-east-1 is"
        + " the active region (epoch 1). Send writes to the active region; reads are served here.");
    assertThat(TestEnv.balance(dynamoDb, "alice")).isEqualByComparingTo("1.00");
  }

  @Test
  void standbyRejectsWritesBeforeTheControlItemExists() {
    ApiResponse response = post(secondary, "k-1", deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(errorMessage(response)).startsWith("This region (us-west-2) does not accept writes: us-east-1 is"
        + " the active region (epoch 0).");
    assertThat(dynamoDb.scan(r -> r.tableName(TestEnv.TABLE)).items()).isEmpty();
  }

  @Test
  void standbyServesReads() {
    ApiResponse created = post(primary, "k-1", deposit("alice", "3.00"));

    ApiResponse transaction = get(secondary, "/transactions/" + json(created).get("transactionId"));
    ApiResponse account = get(secondary, "/accounts/alice");

    assertThat(transaction.status()).isEqualTo(200);
    assertThat(account.status()).isEqualTo(200);
    assertThat(json(account)).containsEntry("region", "us-west-2");
  }

  @Test
  void standbyIsHealthyButNotWritable() {
    ApiResponse response = get(secondary, "/health");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).contains("\"writable\":false");
  }

  @Test
  void promotedStandbyWritesUnderTheNextEpoch() {
    post(primary, "k-0", deposit("alice", "1.00"));
    promote(TestEnv.SECONDARY);

    ApiResponse response = post(secondary, "k-1", deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(json(response)).containsEntry("region", "us-west-2").containsEntry("epoch", new BigDecimal(2));
  }

  @Test
  void demotedRegionCannotWriteEvenWithAFreshCache() {
    assertThat(post(primary, "k-0", deposit("alice", "1.00")).status()).isEqualTo(201);
    promote(TestEnv.SECONDARY);

    // The primary's cache still names it active (cached < 1 s ago): the write's own condition
    // on the control item rejects it, atomically.
    ApiResponse response = post(primary, "k-1", deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(errorMessage(response)).isEqualTo("This region (us-east-1) does not accept writes: us-west-2 is"
        + " the active region (epoch 2). Send writes to the active region; reads are served here.");
    assertThat(TestEnv.balance(dynamoDb, "alice")).isEqualByComparingTo("1.00");
    assertThat(countItems(dynamoDb, "IDEM#k-1")).isZero();
  }

  @Test
  void demotedPrimaryReportsUnhealthy() {
    post(primary, "k-0", deposit("alice", "1.00"));
    promote(TestEnv.SECONDARY);

    ApiResponse response = get(primary, "/health");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.body()).contains("\"error\":\"this primary region was demoted: us-west-2 is active"
        + " (epoch 2); it stays unhealthy, out of DNS, until it is promoted back\"");
  }

  @Test
  void primaryPromotedBackWritesUnderTheNewEpoch() {
    post(primary, "k-0", deposit("alice", "1.00"));
    promote(TestEnv.SECONDARY);
    promote(TestEnv.PRIMARY);

    ApiResponse response = post(primary, "k-1", deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(json(response)).containsEntry("region", "us-east-1").containsEntry("epoch", new BigDecimal(3));
  }
}
