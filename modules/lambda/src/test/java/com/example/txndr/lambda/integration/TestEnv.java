package com.example.txndr.lambda.integration;

import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Config;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.local.ResourceBootstrap;
import com.example.txndr.lambda.store.ControlRepository;
import com.example.txndr.lambda.store.ControlShards;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Configuration and helpers shared by the integration tests. */
final class TestEnv {
  static final String TABLE = "txn-dr-dev-transactions";
  static final String PRIMARY = "us-east-1";
  static final String SECONDARY = "us-west-2";
  static final String PREFIX = "/txn-dr/dev";

  private TestEnv() {}

  /** The environment of a function in {@code region}, against moto. */
  static Map<String, String> env(URI endpoint, String region) {
    Map<String, String> env = new HashMap<>();
    env.put(Config.TABLE_NAME, TABLE);
    env.put(Config.AWS_REGION, region);
    env.put(Config.PRIMARY_REGION, PRIMARY);
    env.put(Config.SECONDARY_REGION, SECONDARY);
    env.put(Config.REGION_ROLE, region.equals(PRIMARY) ? "PRIMARY" : "SECONDARY");
    env.put(Config.PARAMETER_PREFIX, PREFIX);
    env.put(Config.AWS_ENDPOINT_URL, endpoint.toString());
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    return env;
  }

  static Config config(URI endpoint, String region) {
    return Config.fromEnvironment(env(endpoint, region));
  }

  /**
   * The table as both regions see it. moto has no global-table replication, so both regions'
   * processors use the us-east-1 table: the replicas of a global table converge to the same
   * items, and fencing is about which region may write to them.
   */
  static DynamoDbClient dynamoDb(URI endpoint) {
    return AwsClients.dynamoDb(config(endpoint, PRIMARY));
  }

  static DynamoDbClient createTable(URI endpoint) {
    DynamoDbClient dynamoDb = dynamoDb(endpoint);
    ResourceBootstrap.createTable(dynamoDb, TABLE);
    return dynamoDb;
  }

  /** The control shards of the shared table, as many as the functions use by default. */
  static ControlRepository control(DynamoDbClient dynamoDb) {
    return new ControlRepository(dynamoDb, TABLE, ControlShards.of(Config.DEFAULT_CONTROL_SHARDS));
  }

  /** The latest state over every control shard. */
  static Optional<ActiveRegion> latest(ControlRepository control) {
    return control.readAll().latest();
  }

  /** The numbers of every control shard: 0 to {@code Config.DEFAULT_CONTROL_SHARDS} - 1. */
  static List<Integer> allShards() {
    return IntStream.range(0, Config.DEFAULT_CONTROL_SHARDS).boxed().collect(Collectors.toList());
  }

  /**
   * Overwrites one control shard, as a promotion replicating from the other region does: the
   * shards of a replica change one by one (a global table replicates items, not transactions).
   */
  static void putShard(DynamoDbClient dynamoDb, int shard, String region, long epoch) {
    dynamoDb.putItem(r -> r.tableName(TABLE).item(Map.of(
        "pk", AttributeValue.fromS("CONTROL#" + shard), "sk", AttributeValue.fromS("ACTIVE_REGION"),
        "region", AttributeValue.fromS(region), "epoch", AttributeValue.fromN(Long.toString(epoch)),
        "notifiedEpoch", AttributeValue.fromN(Long.toString(epoch)))));
  }

  /** A key whose transaction checks control shard {@code shard} (of the default count), found by trying. */
  static String keyOnShard(int shard, String prefix) {
    ControlShards shards = ControlShards.of(Config.DEFAULT_CONTROL_SHARDS);
    for (int i = 0; ; i++) {
      if (shards.shardOf(prefix + i) == shard) {
        return prefix + i;
      }
    }
  }

  /** The processor of {@code region} on the shared table. */
  static ApiHandler processor(URI endpoint, String region, DynamoDbClient dynamoDb) {
    return new ApiHandler(config(endpoint, region), dynamoDb, Clock.systemUTC());
  }

  static ApiResponse post(ApiHandler handler, String key, String body) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    if (key != null) {
      headers.put("idempotency-key", key);
    }
    return handler.handle(new ApiRequest("POST", "/transactions", headers, body,
        body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length));
  }

  static ApiResponse get(ApiHandler handler, String path) {
    return handler.handle(new ApiRequest("GET", path, Map.of(), null, 0));
  }

  static String deposit(String account, String amount) {
    return "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"" + account + "\",\"amount\":\"" + amount
        + "\",\"currency\":\"USD\"}";
  }

  static String withdrawal(String account, String amount) {
    return "{\"type\":\"WITHDRAWAL\",\"sourceAccount\":\"" + account + "\",\"amount\":\"" + amount
        + "\",\"currency\":\"USD\"}";
  }

  static String transfer(String from, String to, String amount) {
    return "{\"type\":\"TRANSFER\",\"sourceAccount\":\"" + from + "\",\"destinationAccount\":\"" + to
        + "\",\"amount\":\"" + amount + "\",\"currency\":\"USD\"}";
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(ApiResponse response) {
    try {
      return (Map<String, Object>) Json.parse(response.body());
    } catch (Json.MalformedJsonException e) {
      throw new AssertionError("Response is not JSON: " + response.body(), e);
    }
  }

  @SuppressWarnings("unchecked")
  static String errorCode(ApiResponse response) {
    return (String) ((Map<String, Object>) json(response).get("error")).get("code");
  }

  @SuppressWarnings("unchecked")
  static String errorMessage(ApiResponse response) {
    return (String) ((Map<String, Object>) json(response).get("error")).get("message");
  }

  /** The stored USD balance of {@code account}, read straight from the table (null if none). */
  static BigDecimal balance(DynamoDbClient dynamoDb, String account) {
    Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(TABLE)
        .consistentRead(true)
        .key(Map.of("pk", AttributeValue.fromS("ACCT#" + account), "sk", AttributeValue.fromS("BAL#USD")))).item();
    return item == null || item.isEmpty() ? null : new BigDecimal(item.get("balance").n());
  }

  /** Items whose pk starts with {@code prefix} (a scan: tests only). */
  static long countItems(DynamoDbClient dynamoDb, String prefix) {
    return dynamoDb.scanPaginator(r -> r.tableName(TABLE)).items().stream()
        .filter(item -> item.get("pk").s().startsWith(prefix))
        .count();
  }
}
