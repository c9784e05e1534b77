package com.example.txndr.lambda.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.globaltable.MemoryDynamoDb;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The benchmark's reduction of recorded TransactWriteItems requests (docs/measurements/README.md). */
class DynamoDbActionsTest {
  private static final String TRANSFER = "{\"TransactItems\":["
      + "{\"ConditionCheck\":{\"TableName\":\"txn\",\"Key\":{\"pk\":{\"S\":\"LEASE#us-east-1#7\"},\"sk\":{\"S\":\"LEASE\"}}}},"
      + "{\"Put\":{\"TableName\":\"txn\",\"Item\":{\"pk\":{\"S\":\"IDEM#c#k\"},\"sk\":{\"S\":\"E#1\"},\"expiresAt\":{\"N\":\"1700000000\"}}}},"
      + "{\"Update\":{\"TableName\":\"txn\",\"Key\":{\"pk\":{\"S\":\"ACCT#a\"},\"sk\":{\"S\":\"BAL#USD#E1\"}}}}"
      + "],\"ClientRequestToken\":\"x\"}";
  private static final String REGION = "us-east-1";

  private static void send(DynamoDbActions actions, String body) {
    actions.accept("TransactWriteItems", body.getBytes(StandardCharsets.UTF_8));
  }

  private static MemoryDynamoDb txnTable() {
    MemoryDynamoDb memory = new MemoryDynamoDb();
    memory.createTable(REGION, CreateTableRequest.builder().tableName("txn").billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
        .build());
    return memory;
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
    actions.accept("Query", "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(actions.requests()).isZero();
  }

  @Test
  void hottestItemIsTheOneTheMostActionsTouched() {
    DynamoDbActions actions = new DynamoDbActions();
    send(actions, TRANSFER);
    send(actions, TRANSFER.replace("IDEM#c#k", "IDEM#c#l").replace("ACCT#a", "ACCT#b"));

    assertThat(actions.hottestItem()).isEqualTo("pk=LEASE#us-east-1#7 sk=LEASE");
    assertThat(actions.hottestItemActionsPerTransaction(2)).isEqualByComparingTo("1");
  }

  @Test
  void itemSizeIsNameLengthsPlusValueSizes() {
    // "pk" 2 + "IDEM#k" 6, "sk" 2 + "E#1" 3, "expiresAt" 9 + 1700000000 (2 significant digits: 1 byte + 1).
    assertThat(DynamoDbActions.size(Map.of("pk", Map.of("S", "IDEM#k"), "sk", Map.of("S", "E#1"),
        "expiresAt", Map.of("N", "1700000000")))).isEqualTo(2 + 6 + 2 + 3 + 9 + 2);
  }

  @Test
  void storedItemIsSizedLikeTheWireFormat() {
    assertThat(DynamoDbActions.storedSize(Map.of("pk", AttributeValue.fromS("IDEM#k"), "sk", AttributeValue.fromS("E#1"),
        "expiresAt", AttributeValue.fromN("1700000000"), "revoked", AttributeValue.fromBool(true))))
        .isEqualTo(2 + 6 + 2 + 3 + 9 + 2 + 7 + 1);
  }

  @Test
  void numberSizeIsOneBytePerTwoSignificantDigitsPlusOne() {
    assertThat(DynamoDbActions.numberSize("12345.60")).isEqualTo(4);
  }

  @Test
  void largestItemIncludesTheStoredItemsOfUpdatesAndChecks() {
    // The balance holds more than its key: its stored size (2 + 6 + 2 + 10 + 5 + 500) beats the Put's 26 bytes.
    MemoryDynamoDb memory = txnTable();
    memory.putItem(REGION, "txn", Map.of("pk", AttributeValue.fromS("ACCT#a"), "sk", AttributeValue.fromS("BAL#USD#E1"),
        "notes", AttributeValue.fromS("x".repeat(500))));
    DynamoDbActions actions = new DynamoDbActions();
    send(actions, TRANSFER);

    assertThat(actions.largestItem(memory, REGION))
        .isEqualTo(new DynamoDbActions.Largest("pk=ACCT#a sk=BAL#USD#E1", 2 + 6 + 2 + 10 + 5 + 500));
  }

  @Test
  void largestItemIsThePutWhenTheStoredItemsAreSmaller() {
    // Nothing stored under the checked and updated keys: they count as empty, the Put as sent (26 bytes).
    DynamoDbActions actions = new DynamoDbActions();
    send(actions, TRANSFER);

    assertThat(actions.largestItem(txnTable(), REGION)).isEqualTo(new DynamoDbActions.Largest("pk=IDEM#c#k sk=E#1", 26));
  }
}
