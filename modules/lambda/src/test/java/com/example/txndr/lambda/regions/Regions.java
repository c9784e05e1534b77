package com.example.txndr.lambda.regions;

import com.example.txndr.globaltable.MemoryDynamoDb;
import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.MutableClock;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.domain.Caller;
import com.example.txndr.lambda.failover.FailoverOrchestratorHandler;
import com.example.txndr.lambda.failover.FakeAlarmEvidence;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.keeper.LeaseKeeper;
import com.example.txndr.lambda.keeper.LeaseKeeperHandler;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseArbiter;
import com.example.txndr.lambda.lease.LeaseOperations;
import com.example.txndr.lambda.local.ResourceBootstrap;
import com.example.txndr.lambda.reconcile.Reconciler;
import com.example.txndr.lambda.reconcile.ReconcilerHandler;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Two regions for tests, each with its own replica of the transactions table (in memory, or in
 * moto_server, which keeps each region's tables apart), the control table as one shared table
 * (the arbiter: strongly consistent, so one copy), and the real handlers of each region on a
 * clock the test moves. Nothing replicates by itself: {@link #replicate} copies what a test lets
 * through, one item at a time, the way a global table does (each item on its own), so a test
 * can hold any item back.
 */
final class Regions {
  static final String EAST = "us-east-1";
  static final String WEST = "us-west-2";
  static final String ARBITER = "us-east-2";
  static final String TABLE = "txn-dr-test-transactions";
  static final String CONTROL = "txn-dr-test-control";
  static final String ALARM_PREFIX = "txn-dr-test";
  /** The {@code Service} dimension of the functions' embedded metrics. */
  static final String METRICS_SERVICE = "txn-dr-test";

  final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  private final Map<String, DynamoDbClient> clients = new HashMap<>();
  private final Map<String, Platform> platforms = new HashMap<>();
  private final Map<String, ApiHandler> apis = new HashMap<>();
  private final Map<String, LeaseKeeper> keepers = new HashMap<>();
  private final Random random = new Random(42);
  /** The primary's alarms and their metrics (CloudWatch), as the orchestrator reads them. */
  final FakeAlarmEvidence alarms = new FakeAlarmEvidence(ALARM_PREFIX, clock::instant);

  private Regions(SdkHttpClient http, URI endpoint) {
    for (String region : List.of(EAST, WEST, ARBITER)) {
      clients.put(region, DynamoDbClient.builder()
          .region(Region.of(region))
          .endpointOverride(endpoint)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
          .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
          .httpClient(http)
          .build());
    }
    ResourceBootstrap.createTable(clients.get(EAST), TABLE);
    ResourceBootstrap.createTable(clients.get(WEST), TABLE);
    ResourceBootstrap.createControlTable(clients.get(ARBITER), CONTROL);
    for (String region : List.of(EAST, WEST)) {
      Random ids = new Random(region.hashCode());
      platforms.put(region, new Platform(clock, clock::advance,
          () -> new UUID(ids.nextLong(), ids.nextLong()).toString(), random::nextLong));
    }
  }

  /** Both regions in memory (the fast tests). */
  static Regions inMemory() {
    return new Regions(new MemoryDynamoDb().httpClient(), URI.create("http://dynamodb.memory"));
  }

  /** Both regions in moto_server (the integration tests: the real wire protocol). */
  static Regions onMoto(URI endpoint) {
    return new Regions(UrlConnectionHttpClient.builder().build(), endpoint);
  }

  static Map<String, String> environment(String region) {
    Map<String, String> env = new HashMap<>();
    env.put(Config.TABLE_NAME, TABLE);
    env.put(Config.CONTROL_TABLE_NAME, CONTROL);
    env.put(Config.AWS_REGION, region);
    env.put(Config.PRIMARY_REGION, EAST);
    env.put(Config.SECONDARY_REGION, WEST);
    env.put(Config.REGION_ROLE, region.equals(EAST) ? "PRIMARY" : "SECONDARY");
    env.put(Config.FENCE_SHARDS, "4");
    env.put(Config.ALARM_NAME_PREFIX, ALARM_PREFIX);
    env.put(Config.HTTP_API_ID, FakeAlarmEvidence.API_ID);
    env.put(Config.METRICS_SERVICE, METRICS_SERVICE);
    return env;
  }

  Config config(String region) {
    return Config.fromEnvironment(environment(region));
  }

  DynamoDbClient replica(String region) {
    return clients.get(region);
  }

  DynamoDbClient arbiterClient() {
    return clients.get(ARBITER);
  }

  Platform platform(String region) {
    return platforms.get(region);
  }

  ApiHandler api(String region) {
    return apis.computeIfAbsent(region, r -> new ApiHandler(config(r), throttling(replica(r)), platform(r),
        metrics(r)::add));
  }

  /** The embedded-metric lines {@code region}'s API printed, oldest first. */
  List<String> metrics(String region) {
    return metricLines.computeIfAbsent(region, r -> new java.util.ArrayList<>());
  }

  private final Map<String, List<String>> metricLines = new HashMap<>();

  /** How many of the API's next {@code TransactWriteItems} calls DynamoDB throttles (in any region). */
  final java.util.concurrent.atomic.AtomicInteger throttledWrites = new java.util.concurrent.atomic.AtomicInteger();

  /** {@code client}, except that it throttles the next {@link #throttledWrites} transactional writes. */
  private DynamoDbClient throttling(DynamoDbClient client) {
    return (DynamoDbClient) java.lang.reflect.Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
        new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
          if (method.getName().equals("transactWriteItems") && throttledWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException.builder()
                .message("Throughput exceeds the current capacity of your table or index").statusCode(400).build();
          }
          try {
            return method.invoke(client, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  LeaseKeeper keeper(String region) {
    return keepers.computeIfAbsent(region,
        r -> new LeaseKeeperHandler(config(r), replica(r), arbiterClient(), null, platform(r)).keeper());
  }

  FailoverOrchestratorHandler orchestrator(String region) {
    return new FailoverOrchestratorHandler(config(region), arbiterClient(), alarms, platform(region));
  }

  Reconciler reconciler(String region) {
    return ReconcilerHandler.create(config(region), replica(region), arbiterClient(), platform(region));
  }

  LeaseOperations operations(String region) {
    return new LeaseOperations(arbiter(), config(region).leaseTiming(), platform(region));
  }

  LeaseArbiter arbiter() {
    return new LeaseArbiter(arbiterClient(), CONTROL);
  }

  Lease lease() {
    return arbiter().read().orElseThrow();
  }

  /** Advances the shared clock. */
  void wait(Duration duration) {
    clock.advance(duration);
  }

  /** Ticks both keepers once (the region's keeper is skipped when {@code skip} names it). */
  void tick(String... skip) {
    for (String region : List.of(EAST, WEST)) {
      if (!List.of(skip).contains(region)) {
        keeper(region).tick();
      }
    }
  }

  /** Lets the primary create the lease and the standby see it: both keepers tick, then replicate. */
  void start() {
    tick();
    replicateAll();
    tick();
    replicateAll();
  }

  /** Copies every item of {@code from}'s replica accepted by {@code which} into {@code to}'s. */
  int replicate(String from, String to, Predicate<Map<String, AttributeValue>> which) {
    int copied = 0;
    for (Map<String, AttributeValue> item : replica(from).scanPaginator(r -> r.tableName(TABLE)).items()) {
      if (which.test(item)) {
        replica(to).putItem(r -> r.tableName(TABLE).item(item));
        copied++;
      }
    }
    return copied;
  }

  /**
   * Replicates every item both ways. Items have one writer region, so a copy is always of the
   * writer's version; the one-writer check below fails a test whose items do not.
   */
  void replicateAll() {
    assertOneWriterPerItem();
    replicate(EAST, WEST, item -> writer(item).map(EAST::equals).orElse(true));
    replicate(WEST, EAST, item -> writer(item).map(WEST::equals).orElse(true));
  }

  /** The region an item belongs to by its key, when the key says (lease mirror, heartbeat). */
  private static java.util.Optional<String> writer(Map<String, AttributeValue> item) {
    String pk = item.get("pk").s();
    for (String prefix : List.of("LEASE#", "HEARTBEAT#")) {
      if (pk.startsWith(prefix)) {
        String rest = pk.substring(prefix.length());
        return java.util.Optional.of(rest.contains("#") ? rest.substring(0, rest.indexOf('#')) : rest);
      }
    }
    return item.containsKey("region") ? java.util.Optional.of(item.get("region").s()) : java.util.Optional.empty();
  }

  /** Fails when an item with the same key holds different contents written by both regions. */
  void assertOneWriterPerItem() {
    Map<String, Map<String, AttributeValue>> east = new HashMap<>();
    replica(EAST).scanPaginator(r -> r.tableName(TABLE)).items()
        .forEach(i -> east.put(i.get("pk").s() + "|" + i.get("sk").s(), i));
    for (Map<String, AttributeValue> west : replica(WEST).scanPaginator(r -> r.tableName(TABLE)).items()) {
      Map<String, AttributeValue> other = east.get(west.get("pk").s() + "|" + west.get("sk").s());
      if (other != null && !other.equals(west) && writer(other).isPresent() && writer(west).isPresent()
          && !writer(other).equals(writer(west))) {
        throw new AssertionError("item " + west.get("pk").s() + " / " + west.get("sk").s()
            + " was written by both regions: " + other + " and " + west);
      }
    }
  }

  ApiResponse post(String region, String key, String body) {
    return post(region, key, body, Caller.ANONYMOUS);
  }

  ApiResponse post(String region, String key, String body, Caller caller) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    if (key != null) {
      headers.put("idempotency-key", key);
    }
    return api(region).handle(new ApiRequest("POST", "/transactions", headers, body,
        body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length, caller));
  }

  /** {@code POST /canary} in {@code region} with {@code key} and {@code body} (null: none). */
  ApiResponse canary(String region, String key, String body, Caller caller) {
    Map<String, String> headers = new HashMap<>();
    headers.put("idempotency-key", key);
    return api(region).handle(new ApiRequest("POST", "/canary", headers, body,
        body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length, caller));
  }

  /** The caller recorded with the transaction, as {@code region}'s replica has it. */
  String callerOf(String region, String transactionId) {
    return new com.example.txndr.lambda.store.Ledger(replica(region), TABLE, region, null, config(region).leaseTiming(),
        platform(region)).transaction(transactionId).orElseThrow().caller();
  }

  ApiResponse get(String region, String path) {
    return get(region, path, Caller.ANONYMOUS);
  }

  ApiResponse get(String region, String path, Caller caller) {
    return api(region).handle(new ApiRequest("GET", path, Map.of(), null, 0, caller));
  }

  /** The USD balance of {@code account} as {@code region}'s API answers it (null when it has none). */
  BigDecimal balance(String region, String account) {
    ApiResponse response = get(region, "/accounts/" + account);
    if (response.status() == 404) {
      return null;
    }
    Map<?, ?> balances = (Map<?, ?>) json(response).get("balances");
    return new BigDecimal((String) balances.get("USD"));
  }

  static Map<String, Object> json(ApiResponse response) {
    try {
      return Json.parseObject(response.body());
    } catch (Json.MalformedJsonException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  static String errorCode(ApiResponse response) {
    return (String) ((Map<?, ?>) json(response).get("error")).get("code");
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
}
