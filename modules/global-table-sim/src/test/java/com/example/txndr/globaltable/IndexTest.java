package com.example.txndr.globaltable;

import static com.example.txndr.globaltable.Fixture.item;
import static com.example.txndr.globaltable.Fixture.n;
import static com.example.txndr.globaltable.Fixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** Global secondary indexes: sparse, kept current on every write, projected, paged. */
class IndexTest {
  private final MemoryDynamoDb memory = new MemoryDynamoDb();
  private final DynamoDbClient client = Fixture.client(memory, "us-east-1");

  private void fill(ProjectionType projection) {
    client.createTable(Fixture.indexedTable("transfers", projection));
    put("t1", "open", "3", "10");
    put("t2", "open", "1", "20");
    put("t3", "done", "2", "30");
    put("t4", "open", "3", "40");
    client.putItem(r -> r.tableName("transfers").item(item("pk", s("t5"), "amount", n("50"))));
  }

  private void put(String pk, String status, String at, String amount) {
    client.putItem(r -> r.tableName("transfers").item(item("pk", s(pk), "status", s(status), "at", n(at), "amount", n(amount), "note", s("n"))));
  }

  private QueryResponse open(java.util.function.Consumer<software.amazon.awssdk.services.dynamodb.model.QueryRequest.Builder> more) {
    return client.query(r -> {
      r.tableName("transfers").indexName("byStatus").keyConditionExpression("#s = :s")
          .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":s", s("open")));
      more.accept(r);
    });
  }

  private static List<String> pks(QueryResponse response) {
    List<String> out = new ArrayList<>();
    response.items().forEach(i -> out.add(i.get("pk").s()));
    return out;
  }

  @Test
  void indexQueryOrdersByIndexRangeKeyThenTableKey() {
    fill(ProjectionType.ALL);

    assertThat(pks(open(r -> { }))).containsExactly("t2", "t1", "t4");
  }

  @Test
  void itemsWithoutTheIndexKeyAreNotInTheIndex() {
    fill(ProjectionType.ALL);

    assertThat(client.scan(r -> r.tableName("transfers").indexName("byStatus")).items()).extracting(i -> i.get("pk").s())
        .containsExactly("t3", "t2", "t1", "t4");
  }

  @Test
  void indexFollowsUpdatesAndDeletes() {
    fill(ProjectionType.ALL);
    client.updateItem(r -> r.tableName("transfers").key(item("pk", s("t2"))).updateExpression("SET #s = :d")
        .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":d", s("done"))));
    client.deleteItem(r -> r.tableName("transfers").key(item("pk", s("t4"))));
    client.updateItem(r -> r.tableName("transfers").key(item("pk", s("t5"))).updateExpression("SET #s = :o, #a = :z")
        .expressionAttributeNames(Map.of("#s", "status", "#a", "at")).expressionAttributeValues(Map.of(":o", s("open"), ":z", n("0"))));

    assertThat(pks(open(r -> { }))).containsExactly("t5", "t1");
  }

  @Test
  void keysOnlyIndexReturnsTableAndIndexKeys() {
    fill(ProjectionType.KEYS_ONLY);

    assertThat(open(r -> r.limit(1)).items()).containsExactly(item("pk", s("t2"), "status", s("open"), "at", n("1")));
  }

  @Test
  void includeIndexAddsTheNamedAttributes() {
    fill(ProjectionType.INCLUDE);

    assertThat(open(r -> r.limit(1)).items()).containsExactly(item("pk", s("t2"), "status", s("open"), "at", n("1"), "amount", n("20")));
  }

  @Test
  void selectAllAttributesOnAKeysOnlyIndexIsRefused() {
    fill(ProjectionType.KEYS_ONLY);

    assertThatThrownBy(() -> open(r -> r.select(Select.ALL_ATTRIBUTES)))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byStatus because its projection type is not ALL (Service");
  }

  @Test
  void consistentReadOnAnIndexIsRefused() {
    fill(ProjectionType.ALL);

    assertThatThrownBy(() -> open(r -> r.consistentRead(true)))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Consistent reads are not supported on global secondary indexes (Service");
  }

  @Test
  void indexPaginationUsesTableAndIndexKeys() {
    fill(ProjectionType.ALL);

    QueryResponse first = open(r -> r.limit(2));
    QueryResponse second = open(r -> r.exclusiveStartKey(first.lastEvaluatedKey()));

    assertThat(first.lastEvaluatedKey()).isEqualTo(item("pk", s("t1"), "status", s("open"), "at", n("3")));
    assertThat(pks(second)).containsExactly("t4");
  }

  @Test
  void indexRangeConditionWithTiesOnTheRangeKey() {
    fill(ProjectionType.ALL);

    assertThat(pks(open(r -> r.keyConditionExpression("#s = :s AND #a = :three").expressionAttributeNames(Map.of("#s", "status", "#a", "at"))
        .expressionAttributeValues(Map.of(":s", s("open"), ":three", n("3")))))).containsExactly("t1", "t4");
  }

  @Test
  void indexKeyOfTheWrongTypeIsRefusedOnWrite() {
    fill(ProjectionType.ALL);

    assertThatThrownBy(() -> client.putItem(r -> r.tableName("transfers").item(item("pk", s("x"), "status", n("1")))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("One or more parameter values were invalid: Type mismatch for Index Key status Expected: S Actual: N IndexName: byStatus (Service");
  }

  @Test
  void unknownIndexIsRefused() {
    fill(ProjectionType.ALL);

    assertThatThrownBy(() -> client.query(r -> r.tableName("transfers").indexName("nope").keyConditionExpression("pk = :p")
        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("x")))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("The table does not have the specified index: nope (Service");
  }
}
