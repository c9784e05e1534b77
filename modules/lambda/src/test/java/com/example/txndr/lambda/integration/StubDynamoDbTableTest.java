package com.example.txndr.lambda.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.lambda.bench.StubDynamoDbHttpClient;
import com.example.txndr.lambda.bench.StubDynamoDbTable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** The stubbed wire of the DynamoDB sample: its table model, reached through the SDK as the handler reaches it. */
class StubDynamoDbTableTest {
  private static final Map<String, AttributeValue> BALANCE_KEY =
      Map.of("pk", AttributeValue.fromS("ACCT#a"), "sk", AttributeValue.fromS("BAL#USD"));
  private static final Map<String, Object> BALANCE_WIRE_KEY = Map.of("pk", Map.of("S", "ACCT#a"), "sk", Map.of("S", "BAL#USD"));

  private final StubDynamoDbTable table = new StubDynamoDbTable();
  private final StubDynamoDbHttpClient wire = new StubDynamoDbHttpClient(table);
  private final DynamoDbClient dynamoDb = DynamoDbClient.builder()
      .httpClient(wire)
      .region(Region.US_EAST_1)
      .endpointOverride(URI.create("http://localhost"))
      .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
      .build();

  @AfterEach
  void close() {
    dynamoDb.close();
  }

  private void update(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
    dynamoDb.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().update(Update.builder()
        .tableName("t").key(BALANCE_KEY).updateExpression(expression)
        .expressionAttributeNames(names).expressionAttributeValues(values).build()).build()));
  }

  @Test
  void updateOfAMissingItemCreatesItWithTheKeyAndTheClauses() {
    update("SET #currency = :currency ADD #balance :amount", Map.of("#currency", "currency", "#balance", "balance"),
        Map.of(":currency", AttributeValue.fromS("USD"), ":amount", AttributeValue.fromN("10.50")));

    assertThat(table.item(BALANCE_WIRE_KEY)).isEqualTo(Map.of("pk", Map.of("S", "ACCT#a"),
        "sk", Map.of("S", "BAL#USD"), "currency", Map.of("S", "USD"), "balance", Map.of("N", "10.50")));
  }

  @Test
  void addOfANegatedAmountSubtractsExactly() {
    Map<String, String> names = Map.of("#balance", "balance");
    update("ADD #balance :amount", names, Map.of(":amount", AttributeValue.fromN("10.50")));
    update("ADD #balance :amount", names, Map.of(":amount", AttributeValue.fromN("-0.10")));

    assertThat(table.item(BALANCE_WIRE_KEY)).containsEntry("balance", Map.of("N", "10.40"));
  }

  @Test
  void getItemAnswersTheStoredItemAndNothingForAMissingOne() {
    dynamoDb.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().put(Put.builder().tableName("t")
        .item(Map.of("pk", AttributeValue.fromS("CONTROL#3"), "sk", AttributeValue.fromS("ACTIVE_REGION"),
            "epoch", AttributeValue.fromN("1")))
        .build()).build()));

    assertThat(dynamoDb.getItem(r -> r.tableName("t").key(Map.of("pk", AttributeValue.fromS("CONTROL#3"),
        "sk", AttributeValue.fromS("ACTIVE_REGION")))).item()).containsEntry("epoch", AttributeValue.fromN("1"));
    assertThat(dynamoDb.getItem(r -> r.tableName("t").key(BALANCE_KEY)).hasItem()).isFalse();
  }

  @Test
  void unmodelledUpdateExpressionIsRefused() {
    assertThatThrownBy(() -> update("SET #balance = #balance - :amount", Map.of("#balance", "balance"),
        Map.of(":amount", AttributeValue.fromN("1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The stub table does not model the update expression \"SET #balance = #balance - :amount\"");
  }

  @Test
  void requestsAreRecordedAsSentWhileARecorderIsSet() {
    List<String> operations = new ArrayList<>();
    wire.record((operation, body) -> operations.add(operation));
    dynamoDb.getItem(r -> r.tableName("t").key(BALANCE_KEY));
    wire.record(null);
    dynamoDb.getItem(r -> r.tableName("t").key(BALANCE_KEY));

    assertThat(operations).containsExactly("GetItem");
  }
}
