package com.example.txndr.lambda.integration;

import com.example.txndr.globaltable.MemoryDynamoDb;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.bench.MemoryRegion;
import com.example.txndr.lambda.bench.RecordingHttpClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The {@code dynamoDb} figures of docs/measurements/lambda.json, from a large sample of the
 * {@code TransactWriteItems} requests the real {@link ApiHandler} sends: payload 2.0 events in,
 * through {@link ApiHandler#handleRequest}, with the default configuration (64 fence shards), on
 * the in-memory DynamoDB ({@link MemoryDynamoDb}, behind a {@link RecordingHttpClient} that hands
 * each request body to {@link DynamoDbActions}). The region is stood up as in AWS: the tables,
 * then one tick of the lease keeper, which creates the lease (epoch 1) and publishes its mirror
 * {@code LEASE#us-east-1#<n>}; then every account is funded once (not recorded), then the
 * transfers are recorded. The model answers the handler's two Queries (the key's records, the
 * debited account's movements) and evaluates every condition, so a refused or retried
 * transaction would show; the sample requires each transfer to be exactly one committed
 * {@code TransactWriteItems}. The transfers have random idempotency keys (UUIDs) and random,
 * distinct accounts among {@code accounts}, so that the hottest item and its share are
 * properties of the key design, not of a small test population or of moto's retries. Time stands
 * still (one instant: the lease never expires during the sample) and every random number, the
 * transaction ids included, comes from a fixed seed: the same code gives the same figures.
 */
final class TransferWriteSample {
  /** Transfers of the measurement: enough that the hottest item's share is within a few percent of its expectation. */
  static final int TRANSFERS = 100_000;
  /** Accounts of the measurement: one account's balance takes 2/10,000 of the transfers, as real traffic spreads. */
  static final int ACCOUNTS = 10_000;
  static final long SEED = 64L;
  /** The instant the sample runs at. */
  static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

  private final int transfers;
  private final int accounts;
  private final long seed;
  private final DynamoDbActions actions;
  private final MemoryDynamoDb memory;

  private TransferWriteSample(int transfers, int accounts, long seed, DynamoDbActions actions, MemoryDynamoDb memory) {
    this.transfers = transfers;
    this.accounts = accounts;
    this.seed = seed;
    this.actions = actions;
    this.memory = memory;
  }

  /**
   * Stands up the region (tables, lease), funds each of {@code accounts} accounts with one
   * deposit (not recorded), then records the requests of {@code transfers} transfers.
   */
  static TransferWriteSample run(int transfers, int accounts, long seed) {
    if (accounts < 2) {
      throw new IllegalArgumentException("A transfer needs two accounts: got " + accounts);
    }
    Random random = new Random(seed);
    Random ids = new Random(seed + 1);
    Platform platform = new Platform(Clock.fixed(AT, ZoneOffset.UTC), duration -> { },
        () -> new UUID(ids.nextLong(), ids.nextLong()).toString(), new Random(seed + 2));
    MemoryDynamoDb memory = new MemoryDynamoDb();
    MemoryRegion region = new MemoryRegion(memory, platform, null);
    for (int account = 0; account < accounts; account++) {
      region.post(key(random), MemoryRegion.deposit(account(account), "1000000.00"));
    }
    DynamoDbActions actions = new DynamoDbActions();
    region.wire().record(sent -> actions.accept(sent.operation(), sent.body()));
    try {
      for (int i = 0; i < transfers; i++) {
        int from = random.nextInt(accounts);
        int to = random.nextInt(accounts - 1);
        to += to >= from ? 1 : 0;
        String amount = String.format(Locale.ROOT, "%d.%02d", random.nextInt(1000), 1 + random.nextInt(99));
        region.post(key(random), MemoryRegion.transfer(account(from), account(to), amount));
      }
    } finally {
      region.wire().record(null);
    }
    if (actions.requests() != transfers) {
      throw new IllegalStateException(transfers + " transfers sent " + actions.requests() + " TransactWriteItems");
    }
    return new TransferWriteSample(transfers, accounts, seed, actions, memory);
  }

  /** The {@code dynamoDb} block of docs/measurements/lambda.json. */
  Map<String, Object> figures() {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("actionsPerTransaction", actions.actionsPerTransaction());
    figures.put("largestItemBytes", actions.largestItemBytes(memory, MemoryRegion.REGION));
    figures.put("hottestItem", actions.hottestItem());
    figures.put("hottestItemActionsPerTransaction", actions.hottestItemActionsPerTransaction(transfers));
    return figures;
  }

  /** The largest item and its size (its key is not a figure of the file; the report names it). */
  DynamoDbActions.Largest largestItem() {
    return actions.largestItem(memory, MemoryRegion.REGION);
  }

  /** Actions per item, the most touched first. */
  Map<String, Integer> actionsPerItem() {
    return actions.actionsPerItem();
  }

  /** Actions per kind ({@code ConditionCheck}, {@code Put}, {@code Update}, {@code Delete}) over the sample. */
  Map<String, Integer> actionsByKind() {
    return actions.actionsByKind();
  }

  /** One line for the benchmark's report. */
  String figure() {
    Map<String, Object> figures = figures();
    return String.format(Locale.ROOT, "DynamoDB per transfer (the handler's TransactWriteItems on MemoryDynamoDb,"
            + " lease first, %,d transfers between %,d funded accounts, random idempotency keys, seed %d): %s actions,"
            + " largest item %s bytes (%s), hottest item %s with %s actions per transfer (1/64 = 0.0156)",
        transfers, accounts, seed, figures.get("actionsPerTransaction"), figures.get("largestItemBytes"),
        largestItem().item(), figures.get("hottestItem"), figures.get("hottestItemActionsPerTransaction"));
  }

  private static String account(int number) {
    return "acct-" + number;
  }

  private static String key(Random random) {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }
}
