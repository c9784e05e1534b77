package com.example.txndr.lambda.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's reduction of recorded TransactWriteItems requests (docs/measurements/README.md). */
class DynamoDbActionsTest {
  private static final String TRANSFER = "{\"TransactItems\":["
      + "{\"ConditionCheck\":{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"CONTROL#7\"},\"sk\":{\"S\":\"ACTIVE_REGION\"}}}},"
      + "{\"Put\":{\"TableName\":\"t\",\"Item\":{\"pk\":{\"S\":\"IDEM#k\"},\"sk\":{\"S\":\"IDEM\"},\"expiresAt\":{\"N\":\"1700000000\"}}}},"
      + "{\"Update\":{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"ACCT#a\"},\"sk\":{\"S\":\"BAL#USD\"}}}}"
      + "],\"ClientRequestToken\":\"x\"}";

  private static void send(DynamoDbActions actions, String body) {
    actions.accept("TransactWriteItems", body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void actionsAreCountedPerTransaction() {
    DynamoDbActions actions = new DynamoDbActions();
    send(actions, TRANSFER);

    assertThat(actions.actionsPerTransaction()).isEqualTo(3);
  }

  @Test
  void otherOperationsAreNotRecorded() {
    DynamoDbActions actions = new DynamoDbActions();
    actions.accept("GetItem", "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(actions.requests()).isZero();
  }

  @Test
  void hottestItemIsTheOneTheMostActionsTouched() {
    DynamoDbActions actions = new DynamoDbActions();
    send(actions, TRANSFER);
    send(actions, TRANSFER.replace("IDEM#k", "IDEM#l").replace("ACCT#a", "ACCT#b"));

    assertThat(actions.hottestItem()).isEqualTo("pk=CONTROL#7 sk=ACTIVE_REGION");
    assertThat(actions.hottestItemActionsPerTransaction(2)).isEqualByComparingTo("1");
  }

  @Test
  void itemSizeIsNameLengthsPlusValueSizes() {
    // "pk" 2 + "IDEM#k" 6, "sk" 2 + "IDEM" 4, "expiresAt" 9 + 1700000000 (2 significant digits: 1 byte + 1).
    assertThat(DynamoDbActions.size(Map.of("pk", Map.of("S", "IDEM#k"), "sk", Map.of("S", "IDEM"),
        "expiresAt", Map.of("N", "1700000000")))).isEqualTo(2 + 6 + 2 + 4 + 9 + 2);
  }

  @Test
  void numberSizeIsOneBytePerTwoSignificantDigitsPlusOne() {
    assertThat(DynamoDbActions.numberSize("12345.60")).isEqualTo(4);
  }

  @Test
  void largestItemIncludesTheStoredItemsOfUpdatesAndChecks() {
    DynamoDbActions actions = new DynamoDbActions();
    send(actions, TRANSFER);

    assertThat(actions.largestItemBytes(key -> 500L)).isEqualTo(500);
  }
}
