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
import com.example.txndr.lambda.internal.Config;
import com.example.txndr.lambda.store.ControlRepository;
import com.example.txndr.lambda.store.ControlShards;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
    control = TestEnv.control(dynamoDb);
    primary = TestEnv.processor(MOTO.endpoint(), TestEnv.PRIMARY, dynamoDb);
    secondary = TestEnv.processor(MOTO.endpoint(), TestEnv.SECONDARY, dynamoDb);
  }

  @AfterEach
  void closeClient() {
    dynamoDb.close();
  }

  private void promote(String region) {
    ActiveRegion seen = TestEnv.latest(control).orElse(ActiveRegion.assumed(TestEnv.PRIMARY));
    assertThat(control.promote(seen, region, "test", Instant.now())).isTrue();
  }

  @Test
  void primaryCreatesEveryControlShardOnFirstUse() {
    post(primary, "k-1", deposit("alice", "1.00"));

    assertThat(control.readAll().shardsByState())
        .containsExactly(Map.entry("us-east-1 (epoch 1)", TestEnv.allShards()));
  }

  @Test
  void controlShardsHaveDistinctPartitionKeys() {
    post(primary, "k-1", deposit("alice", "1.00"));

    assertThat(dynamoDb.scan(r -> r.tableName(TestEnv.TABLE)).items().stream()
            .filter(item -> item.get("sk").s().equals("ACTIVE_REGION"))
            .map(item -> item.get("pk").s()))
        .containsExactlyInAnyOrderElementsOf(
            TestEnv.allShards().stream().map(n -> "CONTROL#" + n).collect(Collectors.toList()));
  }

  @Test
  void writeIsFencedByTheShardOfItsIdempotencyKeyOnly() {
    post(primary, "k-0", deposit("alice", "1.00"));
    String fenced = TestEnv.keyOnShard(3, "fenced-");
    String free = TestEnv.keyOnShard(4, "free-");
    // Shard 3 already carries a promotion of us-west-2 that is still replicating to the others.
    TestEnv.putShard(dynamoDb, 3, TestEnv.SECONDARY, 2);

    ApiResponse accepted = post(primary, free, deposit("alice", "7.00"));
    ApiResponse rejected = post(primary, fenced, deposit("alice", "5.00"));

    assertThat(rejected.status()).isEqualTo(503);
    assertThat(errorMessage(rejected)).isEqualTo("This region (us-east-1) does not accept writes: us-west-2 is"
        + " the active region (epoch 2). Send writes to the active region; reads are served here.");
    assertThat(accepted.status()).isEqualTo(201);
  }

  @Test
  void promotedRegionWaitsForTheShardOfItsWriteToReplicate() {
    post(primary, "k-0", deposit("alice", "1.00"));
    String lagging = TestEnv.keyOnShard(5, "lagging-");
    for (int shard : TestEnv.allShards()) {
      if (shard != 5) {
        TestEnv.putShard(dynamoDb, shard, TestEnv.SECONDARY, 2);
      }
    }

    ApiResponse response = post(secondary, lagging, deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(errorMessage(response)).isEqualTo("This region (us-west-2) does not accept writes: us-east-1 is"
        + " the active region (epoch 1). Send writes to the active region; reads are served here.");
    assertThat(countItems(dynamoDb, "IDEM#" + lagging)).isZero();
  }

  @Test
  void raisingControlShardsCreatesTheNewShardsAsCopiesOfTheCurrentState() {
    post(primary, "k-0", deposit("alice", "1.00"));
    promote(TestEnv.SECONDARY);
    int raised = Config.DEFAULT_CONTROL_SHARDS + 16;
    Map<String, String> env = TestEnv.env(MOTO.endpoint(), TestEnv.SECONDARY);
    env.put(Config.CONTROL_SHARDS, Integer.toString(raised));
    ApiHandler widened = new ApiHandler(Config.fromEnvironment(env), dynamoDb, Clock.systemUTC());
    ControlShards wider = ControlShards.of(raised);
    String key = IntStream.range(0, 1000).mapToObj(i -> "wide-" + i)
        .filter(k -> wider.shardOf(k) >= Config.DEFAULT_CONTROL_SHARDS).findFirst().orElseThrow();

    ApiResponse response = post(widened, key, deposit("alice", "5.00"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(new ControlRepository(dynamoDb, TestEnv.TABLE, wider).readAll().shardsByState())
        .containsExactly(Map.entry("us-west-2 (epoch 2)",
            IntStream.range(0, raised).boxed().collect(Collectors.toList())));
  }

  @Test
  void secondPromotionFromTheSameViewFails() {
    post(primary, "k-0", deposit("alice", "1.00"));
    ActiveRegion seen = TestEnv.latest(control).orElseThrow();
    control.promote(seen, TestEnv.SECONDARY, "first", Instant.now());

    boolean again = control.promote(seen, TestEnv.PRIMARY, "second", Instant.now());

    assertThat(again).isFalse();
    assertThat(control.readAll().shardsByState()).containsExactly(Map.entry("us-west-2 (epoch 2)", TestEnv.allShards()));
  }

  @Test
  void promotionOverwritesShardsThatLagBehind() {
    post(primary, "k-0", deposit("alice", "1.00"));
    promote(TestEnv.SECONDARY);
    TestEnv.putShard(dynamoDb, 7, TestEnv.PRIMARY, 1);

    promote(TestEnv.PRIMARY);

    assertThat(control.readAll().shardsByState()).containsExactly(Map.entry("us-east-1 (epoch 3)", TestEnv.allShards()));
  }

  @Test
  void promotionFailsWhenAnyShardIsAheadOfTheViewSeen() {
    post(primary, "k-0", deposit("alice", "1.00"));
    TestEnv.putShard(dynamoDb, 9, TestEnv.SECONDARY, 2);

    boolean promoted = control.promote(new ActiveRegion(TestEnv.PRIMARY, 1), TestEnv.PRIMARY, "stale", Instant.now());

    assertThat(promoted).isFalse();
    assertThat(control.read(0)).contains(new ActiveRegion("us-east-1", 1));
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
