package com.example.txndr.lambda.bench;

import com.example.txndr.globaltable.MemoryDynamoDb;
import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.keeper.LeaseKeeper;
import com.example.txndr.lambda.keeper.LeaseKeeperHandler;
import com.example.txndr.lambda.local.ResourceBootstrap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One region of the transaction processor on an in-memory DynamoDB ({@link MemoryDynamoDb}), for
 * the benchmarks: the transactions table and the control table (both in this region's tables of
 * the model), the lease created by one tick of the region's {@link LeaseKeeper} (which also
 * publishes its mirror {@code LEASE#<region>#<shard>}), and the real {@link ApiHandler}, with the
 * default configuration (64 fence shards), reached through its Lambda entry point. The SDK client
 * talks to the model through a {@link RecordingHttpClient}, so the requests the handler sends can
 * be recorded as they went over the wire.
 */
public final class MemoryRegion {
  public static final String REGION = "us-east-1";
  public static final String PEER = "us-west-2";
  public static final String TABLE = "txn-dr-bench-transactions";
  public static final String CONTROL_TABLE = "txn-dr-bench-control";

  private final MemoryDynamoDb memory;
  private final RecordingHttpClient wire;
  private final DynamoDbClient dynamoDb;
  private final ApiHandler handler;
  private final LeaseKeeper.Step lease;

  /**
   * Creates the tables in {@code memory}, ticks the keeper once (the lease and its mirror), and
   * builds the handler on {@code platform}. With {@code recorder} set, every request from the
   * first one (the tables' creation) is recorded.
   */
  public MemoryRegion(MemoryDynamoDb memory, Platform platform, Consumer<RecordingHttpClient.Sent> recorder) {
    this.memory = memory;
    this.wire = new RecordingHttpClient(memory.httpClient());
    wire.record(recorder);
    this.dynamoDb = DynamoDbClient.builder()
        .httpClient(wire)
        .region(Region.of(REGION))
        .endpointOverride(URI.create("http://dynamodb.memory"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .build();
    Config config = config();
    ResourceBootstrap.createTable(dynamoDb, TABLE);
    ResourceBootstrap.createControlTable(dynamoDb, CONTROL_TABLE);
    // The arbiter's table is this region's own here (one region, no witness): what matters to a
    // transaction is the mirror in the transactions table, which the keeper publishes.
    this.lease = new LeaseKeeperHandler(config, dynamoDb, dynamoDb, null, platform).keeper().tick();
    if (!lease.action().equals("INITIALIZE")) {
      throw new IllegalStateException("The keeper did not create the lease: " + lease);
    }
    this.handler = new ApiHandler(config, dynamoDb, platform);
  }

  /** The handler's configuration: the defaults, in the primary region. */
  public static Config config() {
    return Config.fromEnvironment(Map.of(Config.TABLE_NAME, TABLE, Config.CONTROL_TABLE_NAME, CONTROL_TABLE,
        Config.AWS_REGION, REGION, Config.PRIMARY_REGION, REGION, Config.SECONDARY_REGION, PEER));
  }

  public MemoryDynamoDb memory() {
    return memory;
  }

  public RecordingHttpClient wire() {
    return wire;
  }

  public ApiHandler handler() {
    return handler;
  }

  /** What the keeper's first tick did. */
  public LeaseKeeper.Step lease() {
    return lease;
  }

  /** The payload 2.0 event of {@code POST /transactions} with this key and body. */
  public static byte[] postEvent(String idempotencyKey, String body) {
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("method", "POST");
    http.put("path", "/transactions");
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "2.0");
    event.put("routeKey", "$default");
    event.put("rawPath", "/transactions");
    event.put("requestContext", Map.of("stage", "$default", "http", http));
    event.put("isBase64Encoded", false);
    event.put("headers", Map.of("content-type", "application/json", "idempotency-key", idempotencyKey));
    event.put("body", body);
    return Json.write(event).getBytes(StandardCharsets.UTF_8);
  }

  /** The payload 2.0 event of {@code GET /health}. */
  public static byte[] healthEvent() {
    return ("{\"version\":\"2.0\",\"rawPath\":\"/health\",\"headers\":{},"
        + "\"requestContext\":{\"stage\":\"$default\",\"http\":{\"method\":\"GET\"}}}").getBytes(StandardCharsets.UTF_8);
  }

  /** One event through the handler's Lambda entry point; the response event as it wrote it. */
  public String invoke(byte[] event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try {
      handler.handleRequest(new ByteArrayInputStream(event), out, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** {@code POST /transactions}; anything but 201 fails. */
  public void post(String idempotencyKey, String body) {
    String response = invoke(postEvent(idempotencyKey, body));
    if (!response.startsWith("{\"statusCode\":201")) {
      throw new IllegalStateException("Expected a committed transaction (201); got " + response);
    }
  }

  public static String deposit(String account, String amount) {
    return "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"" + account + "\",\"amount\":\"" + amount
        + "\",\"currency\":\"USD\"}";
  }

  public static String transfer(String from, String to, String amount) {
    return "{\"type\":\"TRANSFER\",\"sourceAccount\":\"" + from + "\",\"destinationAccount\":\"" + to
        + "\",\"amount\":\"" + amount + "\",\"currency\":\"USD\"}";
  }
}
