package com.example.txndr.globaltable;

import static com.example.txndr.globaltable.Fixture.item;
import static com.example.txndr.globaltable.Fixture.n;
import static com.example.txndr.globaltable.Fixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** ExpressionAttributeNames and ExpressionAttributeValues: defined, used, and nothing more. */
class PlaceholdersTest {
  private final MemoryDynamoDb memory = new MemoryDynamoDb();
  private final DynamoDbClient client = Fixture.client(memory, "us-east-1");

  @BeforeEach
  void createTable() {
    client.createTable(Fixture.hashTable("things"));
  }

  @Test
  void namePlaceholderStandsForAReservedWord() {
    client.updateItem(r -> r.tableName("things").key(item("pk", s("a"))).updateExpression("SET #s = :v")
        .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":v", s("open"))));

    assertThat(client.getItem(r -> r.tableName("things").key(item("pk", s("a")))).item()).containsEntry("status", s("open"));
  }

  @Test
  void unusedValueIsRefused() {
    assertThatThrownBy(() -> client.updateItem(r -> r.tableName("things").key(item("pk", s("a"))).updateExpression("SET v = :a")
        .expressionAttributeValues(Map.of(":a", n("1"), ":b", n("2"), ":c", n("3")))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Value provided in ExpressionAttributeValues unused in expressions: keys: {:b, :c} (Service");
  }

  @Test
  void unusedNameIsRefused() {
    assertThatThrownBy(() -> client.getItem(r -> r.tableName("things").key(item("pk", s("a"))).projectionExpression("#p")
        .expressionAttributeNames(Map.of("#p", "pk", "#u", "u"))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Value provided in ExpressionAttributeNames unused in expressions: keys: {#u} (Service");
  }

  @Test
  void valueUsedByTheConditionOnlyCountsAsUsed() {
    client.updateItem(r -> r.tableName("things").key(item("pk", s("a"))).updateExpression("SET v = :a")
        .conditionExpression("attribute_not_exists(v) OR v <> :b")
        .expressionAttributeValues(Map.of(":a", n("1"), ":b", n("2"))));

    assertThat(client.getItem(r -> r.tableName("things").key(item("pk", s("a")))).item()).containsEntry("v", n("1"));
  }

  @Test
  void undefinedValueIsRefused() {
    assertThatThrownBy(() -> client.putItem(r -> r.tableName("things").item(item("pk", s("a"))).conditionExpression("v = :w")
        .expressionAttributeValues(Map.of(":v", n("1")))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :w (Service");
  }

  @Test
  void undefinedNameIsRefused() {
    assertThatThrownBy(() -> client.putItem(r -> r.tableName("things").item(item("pk", s("a"))).conditionExpression("attribute_exists(#n)")))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n (Service");
  }

  @Test
  void valuesWithoutAnyExpressionAreRefused() {
    assertThatThrownBy(() -> client.putItem(r -> r.tableName("things").item(item("pk", s("a"))).expressionAttributeValues(Map.of(":v", n("1")))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("ExpressionAttributeValues can only be specified when using expressions (Service");
  }
}
