package com.example.txndr.globaltable;

import static com.example.txndr.globaltable.Fixture.item;
import static com.example.txndr.globaltable.Fixture.n;
import static com.example.txndr.globaltable.Fixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;

class QueryTest {
  private final MemoryDynamoDb memory = new MemoryDynamoDb();
  private final DynamoDbClient client = Fixture.client(memory, "us-east-1");

  @BeforeEach
  void createTables() {
    client.createTable(Fixture.rangeTable("numbers", ScalarAttributeType.N));
    client.createTable(Fixture.rangeTable("words", ScalarAttributeType.S));
    for (String sk : List.of("10", "9", "-1.5", "100", "2")) {
      client.putItem(r -> r.tableName("numbers").item(item("pk", s("p"), "sk", n(sk), "even", AttributeValue.fromBool(!sk.contains(".") && Integer.parseInt(sk) % 2 == 0))));
    }
    client.putItem(r -> r.tableName("numbers").item(item("pk", s("other"), "sk", n("1"))));
    for (String sk : List.of("b", "ab", "abc", "B", "a", "\u00e9", "\uD83D\uDE00", "\uFFFD")) {
      client.putItem(r -> r.tableName("words").item(item("pk", s("p"), "sk", s(sk))));
    }
  }

  private List<String> sortKeys(String table, String condition, Map<String, AttributeValue> values, Consumer<QueryRequest.Builder> more) {
    QueryResponse response = client.query(r -> {
      r.tableName(table).keyConditionExpression(condition).expressionAttributeValues(values);
      more.accept(r);
    });
    List<String> keys = new ArrayList<>();
    response.items().forEach(i -> keys.add(i.get("sk").n() != null ? i.get("sk").n() : i.get("sk").s()));
    return keys;
  }

  @Test
  void numbersSortNumerically() {
    assertThat(sortKeys("numbers", "pk = :p", Map.of(":p", s("p")), r -> { })).containsExactly("-1.5", "2", "9", "10", "100");
  }

  @Test
  void stringsSortByUtf8Bytes() {
    // U+FFFD is 3 bytes in UTF-8 and sorts before the 4-byte emoji (UTF-16 order would put it after).
    assertThat(sortKeys("words", "pk = :p", Map.of(":p", s("p")), r -> { }))
        .containsExactly("B", "a", "ab", "abc", "b", "\u00e9", "\uFFFD", "\uD83D\uDE00");
  }

  @Test
  void scanIndexForwardFalseReverses() {
    assertThat(sortKeys("numbers", "pk = :p", Map.of(":p", s("p")), r -> r.scanIndexForward(false))).containsExactly("100", "10", "9", "2", "-1.5");
  }

  @Test
  void rangeComparators() {
    Map<String, AttributeValue> v = Map.of(":p", s("p"), ":k", n("9"));
    assertThat(sortKeys("numbers", "pk = :p AND sk < :k", v, r -> { })).containsExactly("-1.5", "2");
    assertThat(sortKeys("numbers", "pk = :p AND sk <= :k", v, r -> { })).containsExactly("-1.5", "2", "9");
    assertThat(sortKeys("numbers", "pk = :p AND sk > :k", v, r -> { })).containsExactly("10", "100");
    assertThat(sortKeys("numbers", "pk = :p AND sk >= :k", v, r -> { })).containsExactly("9", "10", "100");
    assertThat(sortKeys("numbers", "sk = :k AND pk = :p", v, r -> { })).containsExactly("9");
  }

  @Test
  void betweenIsInclusive() {
    assertThat(sortKeys("numbers", "pk = :p AND sk BETWEEN :a AND :b", Map.of(":p", s("p"), ":a", n("2"), ":b", n("10")), r -> { }))
        .containsExactly("2", "9", "10");
  }

  @Test
  void beginsWithSelectsThePrefix() {
    assertThat(sortKeys("words", "pk = :p AND begins_with(sk, :a)", Map.of(":p", s("p"), ":a", s("a")), r -> { })).containsExactly("a", "ab", "abc");
  }

  @Test
  void beginsWithBackwards() {
    assertThat(sortKeys("words", "pk = :p AND begins_with(sk, :a)", Map.of(":p", s("p"), ":a", s("a")), r -> r.scanIndexForward(false)))
        .containsExactly("abc", "ab", "a");
  }

  @Test
  void filterAppliesAfterTheKeyCondition() {
    QueryResponse response = client.query(r -> r.tableName("numbers").keyConditionExpression("pk = :p").filterExpression("even = :t")
        .expressionAttributeValues(Map.of(":p", s("p"), ":t", AttributeValue.fromBool(true))));

    assertThat(response.count()).isEqualTo(3);
    assertThat(response.scannedCount()).isEqualTo(5);
  }

  @Test
  void limitCountsItemsBeforeTheFilter() {
    QueryResponse response = client.query(r -> r.tableName("numbers").keyConditionExpression("pk = :p").filterExpression("even = :t")
        .expressionAttributeValues(Map.of(":p", s("p"), ":t", AttributeValue.fromBool(true))).limit(2));

    assertThat(response.scannedCount()).isEqualTo(2);
    assertThat(response.items()).extracting(i -> i.get("sk").n()).containsExactly("2");
    assertThat(response.lastEvaluatedKey()).isEqualTo(item("pk", s("p"), "sk", n("2")));
  }

  @Test
  void paginationVisitsEveryItemOnce() {
    List<String> seen = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    int pages = 0;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page = client.query(r -> r.tableName("numbers").keyConditionExpression("pk = :p")
          .expressionAttributeValues(Map.of(":p", s("p"))).limit(2).exclusiveStartKey(from));
      page.items().forEach(i -> seen.add(i.get("sk").n()));
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
      pages++;
    } while (start != null);

    assertThat(seen).containsExactly("-1.5", "2", "9", "10", "100");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void noLastEvaluatedKeyWhenTheLimitWasNotReached() {
    QueryResponse response = client.query(r -> r.tableName("numbers").keyConditionExpression("pk = :p")
        .expressionAttributeValues(Map.of(":p", s("p"))).limit(6));

    assertThat(response.hasLastEvaluatedKey()).isFalse();
  }

  @Test
  void lastEvaluatedKeyWhenTheLimitEqualsTheRemainingItems() {
    // DynamoDB does not look past Limit: "LastEvaluatedKey ... does not necessarily mean that there is more data".
    QueryResponse response = client.query(r -> r.tableName("numbers").keyConditionExpression("pk = :p")
        .expressionAttributeValues(Map.of(":p", s("p"))).limit(5));

    assertThat(response.lastEvaluatedKey()).isEqualTo(item("pk", s("p"), "sk", n("100")));
  }

  @Test
  void paginationBackwards() {
    QueryResponse response = client.query(r -> r.tableName("numbers").keyConditionExpression("pk = :p")
        .expressionAttributeValues(Map.of(":p", s("p"))).scanIndexForward(false).exclusiveStartKey(item("pk", s("p"), "sk", n("9"))));

    assertThat(response.items()).extracting(i -> i.get("sk").n()).containsExactly("2", "-1.5");
  }

  @Test
  void selectCountReturnsNoItems() {
    QueryResponse response = client.query(r -> r.tableName("numbers").keyConditionExpression("pk = :p")
        .expressionAttributeValues(Map.of(":p", s("p"))).select(Select.COUNT));

    assertThat(response.count()).isEqualTo(5);
    assertThat(response.hasItems()).isFalse();
  }

  @Test
  void projectionReturnsTheNamedAttributes() {
    QueryResponse response = client.query(r -> r.tableName("numbers").keyConditionExpression("pk = :p AND sk = :k")
        .expressionAttributeValues(Map.of(":p", s("p"), ":k", n("2"))).projectionExpression("even"));

    assertThat(response.items()).containsExactly(item("even", AttributeValue.fromBool(true)));
  }

  @Test
  void conditionOnTheRangeKeyAloneIsRefused() {
    assertThatThrownBy(() -> sortKeys("numbers", "sk = :k", Map.of(":k", n("1")), r -> { }))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Query condition missed key schema element: pk (Service");
  }

  @Test
  void inequalityOnTheHashKeyIsRefused() {
    assertThatThrownBy(() -> sortKeys("numbers", "pk > :p", Map.of(":p", s("p")), r -> { }))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Query key condition not supported (Service");
  }

  @Test
  void orInAKeyConditionIsRefused() {
    assertThatThrownBy(() -> sortKeys("numbers", "pk = :p OR sk = :k", Map.of(":p", s("p"), ":k", n("1")), r -> { }))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Invalid operator used in KeyConditionExpression: OR (Service");
  }

  @Test
  void keyValueOfTheWrongTypeIsRefused() {
    assertThatThrownBy(() -> sortKeys("numbers", "pk = :p AND sk = :k", Map.of(":p", s("p"), ":k", s("1")), r -> { }))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("One or more parameter values were invalid: Condition parameter type does not match schema type (Service");
  }

  @Test
  void beginsWithOnANumberKeyIsRefused() {
    assertThatThrownBy(() -> sortKeys("numbers", "pk = :p AND begins_with(sk, :k)", Map.of(":p", s("p"), ":k", s("1")), r -> { }))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N (Service");
  }

  @Test
  void legacyKeyConditionsFailLoudly() {
    assertThatThrownBy(() -> client.query(r -> r.tableName("numbers").keyConditions(Map.of())
        .keyConditions(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.Condition.builder().comparisonOperator("EQ").attributeValueList(s("p")).build()))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("MemoryDynamoDb does not support the KeyConditions parameter of Query (Service");
  }
}
