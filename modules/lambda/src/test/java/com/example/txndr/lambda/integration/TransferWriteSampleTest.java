package com.example.txndr.lambda.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.Config;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample of the handler's TransactWriteItems that gives the dynamoDb figures
 * (docs/measurements/README.md), at a size a unit test can afford. A transfer is one transaction
 * of 5 actions: the fence check on one of the 64 lease mirror shards {@code LEASE#us-east-1#<n>}
 * (chosen by CRC-32 of the idempotency key), the idempotency record and the transaction (each
 * written once), and the per-epoch movement items of the two accounts (each touched by about
 * 2/accounts of the transfers). With many accounts the busiest shard is therefore the hottest
 * item, with about 1/64 of the transfers.
 */
class TransferWriteSampleTest {
  /**
   * 20 transfers per shard expected (standard deviation 4.5): few enough that the sample, its 320
   * deposits included, runs in a few seconds (the measurement takes 100,000).
   */
  private static final int TRANSFERS = 1_280;
  /** An account's movement item is touched by about 2/320 of the transfers (8 of them), far below a shard's 20. */
  private static final int ACCOUNTS = 320;
  private static TransferWriteSample sample;
  private static Map<String, Object> figures;

  @BeforeAll
  static void sample() {
    sample = TransferWriteSample.run(TRANSFERS, ACCOUNTS, TransferWriteSample.SEED);
    figures = sample.figures();
  }

  @Test
  void transferIsOneFenceCheckTwoPutsAndTwoUpdates() {
    assertThat(figures).containsEntry("actionsPerTransaction", 5);
    // Every transfer has all five (the figure is the largest transaction): no Delete, no extra check.
    assertThat(sample.actionsByKind())
        .isEqualTo(Map.of("ConditionCheck", TRANSFERS, "Put", 2 * TRANSFERS, "Update", 2 * TRANSFERS));
  }

  @Test
  void hottestItemOfManyAccountsIsALeaseMirrorShard() {
    // The fence: every transfer checks one mirror shard of its region (about 1/64 of the transfers
    // each, the busiest more), while an account's movement item is in about 2/320 of them.
    assertThat((String) figures.get("hottestItem")).matches("pk=LEASE#us-east-1#\\d+ sk=LEASE");
  }

  @Test
  void everyTransferChecksOneOfTheDefaultNumberOfShards() {
    Map<String, Integer> shards = new TreeMap<>();
    sample.actionsPerItem().forEach((item, actions) -> {
      if (item.startsWith("pk=LEASE#")) {
        shards.put(item, actions);
      }
    });

    assertThat(shards).hasSize(Config.DEFAULT_FENCE_SHARDS);
    assertThat(shards.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(TRANSFERS);
  }

  @Test
  void hottestShareIsNearOneOverTheDefaultShardCount() {
    // 20 checks expected per shard, standard deviation 4.5: the busiest of 64 is at least the
    // mean (1/64, every transfer checks one shard) and stays under twice it (4.5 standard
    // deviations above). Fewer shards (32: each about 1/32, the busiest above) or more (128: the
    // busiest about 1/100) would fall outside.
    BigDecimal expected = BigDecimal.ONE.divide(BigDecimal.valueOf(Config.DEFAULT_FENCE_SHARDS));

    assertThat((BigDecimal) figures.get("hottestItemActionsPerTransaction"))
        .isGreaterThanOrEqualTo(expected).isLessThan(expected.multiply(BigDecimal.valueOf(2)));
  }

  @Test
  void largestItemIsTheIdempotencyRecordWithinOneWriteUnit() {
    // The idempotency record holds the response body: larger than the transaction, a balance
    // movement or a mirror shard, and within one write unit (1 KB).
    DynamoDbActions.Largest largest = sample.largestItem();

    assertThat(largest.item()).startsWith("pk=IDEM#");
    assertThat(largest.bytes()).isEqualTo(figures.get("largestItemBytes")).isBetween(400L, 1024L);
  }

  @Test
  void sameSeedGivesTheSameFigures() {
    // Keys, accounts, amounts and transaction ids all come from the seed, and time stands still.
    Map<String, Object> once = TransferWriteSample.run(100, 10, TransferWriteSample.SEED).figures();
    Map<String, Object> again = TransferWriteSample.run(100, 10, TransferWriteSample.SEED).figures();
    Map<String, Object> otherSeed = TransferWriteSample.run(100, 10, TransferWriteSample.SEED + 1).figures();

    assertThat(again).isEqualTo(once);
    assertThat(otherSeed).isNotEqualTo(once);
  }

  @Test
  void fewAccountsMakeABalanceMovementTheHottestItem() {
    // 2 of 3 accounts in every transfer: the 200 movement actions of 100 transfers fall on three
    // items (epoch 1's of each account), so the busiest takes at least 2/3 of the transfers, a
    // shard about 1/64. A debit and a credit never hit the same item, and no account is in all
    // 100 transfers: under one action per transfer.
    Map<String, Object> crowded = TransferWriteSample.run(100, 3, TransferWriteSample.SEED).figures();

    assertThat((String) crowded.get("hottestItem")).matches("pk=ACCT#acct-[0-2] sk=BAL#USD#E000000000001");
    assertThat((BigDecimal) crowded.get("hottestItemActionsPerTransaction"))
        .isGreaterThanOrEqualTo(new BigDecimal("0.6667")).isLessThan(BigDecimal.ONE);
  }
}
