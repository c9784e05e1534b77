package com.example.txndr.lambda.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.internal.Config;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample of the handler's TransactWriteItems that gives the dynamoDb figures (docs/measurements/README.md). */
class TransferWriteSampleTest {
  private static final int TRANSFERS = 6_400;
  private static Map<String, Object> figures;

  @BeforeAll
  static void sample() {
    figures = TransferWriteSample.run(TRANSFERS, 1_000, TransferWriteSample.SEED).figures();
  }

  @Test
  void transferIsOneCheckTwoPutsAndTwoUpdates() {
    assertThat(figures).containsEntry("actionsPerTransaction", 5);
  }

  @Test
  void hottestItemOfManyAccountsIsAControlShard() {
    assertThat((String) figures.get("hottestItem")).matches("pk=CONTROL#\\d+ sk=ACTIVE_REGION");
  }

  @Test
  void hottestShareIsNearOneOverTheDefaultShardCount() {
    // 100 checks expected per shard, standard deviation 10: the busiest of 64 stays well under 150.
    BigDecimal expected = BigDecimal.ONE.divide(BigDecimal.valueOf(Config.DEFAULT_CONTROL_SHARDS));

    assertThat((BigDecimal) figures.get("hottestItemActionsPerTransaction"))
        .isGreaterThanOrEqualTo(expected).isLessThan(expected.multiply(BigDecimal.valueOf(1.5)));
  }

  @Test
  void largestItemIsTheIdempotencyRecordWithinOneWriteUnit() {
    // The idempotency record holds the response body: larger than a transaction record or a balance.
    assertThat((Long) figures.get("largestItemBytes")).isBetween(400L, 1024L);
  }

  @Test
  void sameSeedGivesTheSameHottestItemAndShare() {
    Map<String, Object> again = TransferWriteSample.run(TRANSFERS, 1_000, TransferWriteSample.SEED).figures();

    assertThat(again.get("hottestItem")).isEqualTo(figures.get("hottestItem"));
    assertThat(again.get("hottestItemActionsPerTransaction")).isEqualTo(figures.get("hottestItemActionsPerTransaction"));
  }

  @Test
  void fewAccountsMakeABalanceTheHottestItem() {
    // 2 of 3 accounts in every transfer: a balance is touched in 2/3 of the transfers, a shard in 1/64.
    Map<String, Object> crowded = TransferWriteSample.run(300, 3, TransferWriteSample.SEED).figures();

    assertThat((String) crowded.get("hottestItem")).startsWith("pk=ACCT#acct-").endsWith(" sk=BAL#USD");
  }
}
