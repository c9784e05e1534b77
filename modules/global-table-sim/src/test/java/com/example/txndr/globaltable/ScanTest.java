package com.example.txndr.globaltable;

import static com.example.txndr.globaltable.Fixture.item;
import static com.example.txndr.globaltable.Fixture.n;
import static com.example.txndr.globaltable.Fixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

class ScanTest {
  private final MemoryDynamoDb memory = new MemoryDynamoDb();
  private final DynamoDbClient client = Fixture.client(memory, "us-east-1");

  @BeforeEach
  void fill() {
    client.createTable(Fixture.rangeTable("events", ScalarAttributeType.N));
    for (String pk : List.of("b", "a", "c")) {
      for (String sk : List.of("2", "1")) {
        client.putItem(r -> r.tableName("events").item(item("pk", s(pk), "sk", n(sk), "v", n(sk))));
      }
    }
  }

  private static List<String> keys(ScanResponse response) {
    List<String> out = new ArrayList<>();
    response.items().forEach(i -> out.add(i.get("pk").s() + i.get("sk").n()));
    return out;
  }

  @Test
  void scanOrderIsByPartitionKeyThenSortKey() {
    assertThat(keys(client.scan(r -> r.tableName("events")))).containsExactly("a1", "a2", "b1", "b2", "c1", "c2");
  }

  @Test
  void scanFilters() {
    ScanResponse response = client.scan(r -> r.tableName("events").filterExpression("v = :two").expressionAttributeValues(Map.of(":two", n("2"))));

    assertThat(keys(response)).containsExactly("a2", "b2", "c2");
    assertThat(response.scannedCount()).isEqualTo(6);
  }

  @Test
  void scanPagesWithLimitAndExclusiveStartKey() {
    ScanResponse first = client.scan(r -> r.tableName("events").limit(3));
    ScanResponse second = client.scan(r -> r.tableName("events").limit(3).exclusiveStartKey(first.lastEvaluatedKey()));

    assertThat(keys(first)).containsExactly("a1", "a2", "b1");
    assertThat(first.lastEvaluatedKey()).isEqualTo(item("pk", s("b"), "sk", n("1")));
    assertThat(keys(second)).containsExactly("b2", "c1", "c2");
  }

  @Test
  void startKeyOfADeletedItemStillPositionsThePage() {
    ScanResponse first = client.scan(r -> r.tableName("events").limit(3));
    client.deleteItem(r -> r.tableName("events").key(item("pk", s("b"), "sk", n("1"))));

    assertThat(keys(client.scan(r -> r.tableName("events").exclusiveStartKey(first.lastEvaluatedKey())))).containsExactly("b2", "c1", "c2");
  }

  @Test
  void pageStopsAfterOneMegabyte() {
    client.createTable(Fixture.hashTable("blobs"));
    for (int i = 0; i < 5; i++) {
      String pk = "k" + i;
      client.putItem(r -> r.tableName("blobs").item(item("pk", s(pk), "data", s("x".repeat(300 * 1024)))));
    }

    ScanResponse response = client.scan(r -> r.tableName("blobs"));

    assertThat(response.count()).isEqualTo(4);
    assertThat(response.lastEvaluatedKey()).isEqualTo(item("pk", s("k3")));
  }

  @Test
  void invalidStartKeyIsRefused() {
    assertThatThrownBy(() -> client.scan(r -> r.tableName("events").exclusiveStartKey(item("pk", s("a")))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("The provided starting key is invalid: The provided key element does not match the schema (Service");
  }

  @Test
  void parallelScanFailsLoudly() {
    assertThatThrownBy(() -> client.scan(r -> r.tableName("events").segment(0).totalSegments(2)))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("MemoryDynamoDb does not support the Segment parameter of Scan (Service");
  }

  @Test
  void filterOnAMissingAttributeMatchesNothing() {
    ScanResponse response = client.scan(r -> r.tableName("events").filterExpression("nothere = :x").expressionAttributeValues(Map.of(":x", AttributeValue.fromS("x"))));

    assertThat(response.count()).isZero();
  }
}
