package com.example.txndr.lambda.integration;

import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.bench.StubDynamoDbHttpClient;
import com.example.txndr.lambda.bench.StubDynamoDbTable;
import com.example.txndr.lambda.internal.Config;
import com.example.txndr.lambda.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The {@code dynamoDb} figures of docs/measurements/lambda.json, from a large sample of the
 * {@code TransactWriteItems} requests the real {@link ApiHandler} sends: payload 2.0 events in,
 * through {@link ApiHandler#handleRequest}, with the default configuration ({@code CONTROL_SHARDS}
 * included), on a stubbed wire ({@link StubDynamoDbHttpClient} over a {@link StubDynamoDbTable}:
 * every transaction succeeds, so each transfer is exactly one request). The transfers have random
 * idempotency keys (UUIDs) and random, distinct accounts among {@code accounts}, so that the hottest
 * item and its share are properties of the key design, not of a small test population or of
 * moto's retries. The random numbers come from a fixed seed: the same code gives the same figures.
 */
final class TransferWriteSample {
  /** Transfers of the measurement: enough that the hottest item's share is within a few percent of its expectation. */
  static final int TRANSFERS = 100_000;
  /** Accounts of the measurement: one account's balance takes 2/10,000 of the transfers, as real traffic spreads. */
  static final int ACCOUNTS = 10_000;
  static final long SEED = 64L;

  private final int transfers;
  private final int accounts;
  private final DynamoDbActions actions;
  private final StubDynamoDbTable table;

  private TransferWriteSample(int transfers, int accounts, DynamoDbActions actions, StubDynamoDbTable table) {
    this.transfers = transfers;
    this.accounts = accounts;
    this.actions = actions;
    this.table = table;
  }

  /**
   * Funds each of {@code accounts} accounts with one deposit (not recorded: the first also creates
   * the control shards), then records the requests of {@code transfers} transfers.
   */
  static TransferWriteSample run(int transfers, int accounts, long seed) {
    if (accounts < 2) {
      throw new IllegalArgumentException("A transfer needs two accounts: got " + accounts);
    }
    StubDynamoDbTable table = new StubDynamoDbTable();
    StubDynamoDbHttpClient wire = new StubDynamoDbHttpClient(table);
    Config config = Config.fromEnvironment(Map.of(Config.TABLE_NAME, "txn-dr-sample-transactions",
        Config.AWS_REGION, "us-east-1", Config.PRIMARY_REGION, "us-east-1", Config.SECONDARY_REGION, "us-west-2"));
    DynamoDbActions actions = new DynamoDbActions();
    try (DynamoDbClient dynamoDb = DynamoDbClient.builder()
        .httpClient(wire)
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://localhost"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sample", "sample")))
        .build()) {
      ApiHandler handler = new ApiHandler(config, dynamoDb, Clock.systemUTC());
      Random random = new Random(seed);
      for (int account = 0; account < accounts; account++) {
        post(handler, key(random), TestEnv.deposit(account(account), "1000000.00"));
      }
      wire.record(actions::accept);
      try {
        for (int i = 0; i < transfers; i++) {
          int from = random.nextInt(accounts);
          int to = random.nextInt(accounts - 1);
          to += to >= from ? 1 : 0;
          String amount = String.format(Locale.ROOT, "%d.%02d", random.nextInt(1000), 1 + random.nextInt(99));
          post(handler, key(random), TestEnv.transfer(account(from), account(to), amount));
        }
      } finally {
        wire.record(null);
      }
    }
    if (actions.requests() != transfers) {
      throw new IllegalStateException(transfers + " transfers sent " + actions.requests() + " TransactWriteItems");
    }
    return new TransferWriteSample(transfers, accounts, actions, table);
  }

  /** The {@code dynamoDb} block of docs/measurements/lambda.json. */
  Map<String, Object> figures() {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("actionsPerTransaction", actions.actionsPerTransaction());
    figures.put("largestItemBytes", actions.largestItemBytes(key -> DynamoDbActions.size(table.item(key))));
    figures.put("hottestItem", actions.hottestItem());
    figures.put("hottestItemActionsPerTransaction", actions.hottestItemActionsPerTransaction(transfers));
    return figures;
  }

  /** One line for the benchmark's report. */
  String figure() {
    Map<String, Object> figures = figures();
    return String.format(Locale.ROOT, "DynamoDB per transfer (the handler's TransactWriteItems on a stubbed wire,"
            + " %,d transfers between %,d accounts, random idempotency keys): %s actions, largest item %s bytes,"
            + " hottest item %s with %s actions per transfer",
        transfers, accounts, figures.get("actionsPerTransaction"), figures.get("largestItemBytes"),
        figures.get("hottestItem"), figures.get("hottestItemActionsPerTransaction"));
  }

  private static String account(int number) {
    return "acct-" + number;
  }

  private static String key(Random random) {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  /** One POST /transactions through the handler's Lambda entry point; anything but 201 stops the sample. */
  private static void post(ApiHandler handler, String idempotencyKey, String body) {
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
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try {
      handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String response = out.toString(StandardCharsets.UTF_8);
    if (!response.startsWith("{\"statusCode\":201")) {
      throw new IllegalStateException("The sample must measure committed transfers; got " + response);
    }
  }
}
