package com.example.txndr.globaltable;

import static com.example.txndr.globaltable.Fixture.item;
import static com.example.txndr.globaltable.Fixture.n;
import static com.example.txndr.globaltable.Fixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class BatchTest {
  private final MemoryDynamoDb memory = new MemoryDynamoDb();
  private final DynamoDbClient client = Fixture.client(memory, "us-east-1");

  @BeforeEach
  void createTable() {
    client.createTable(Fixture.hashTable("accounts"));
    client.putItem(r -> r.tableName("accounts").item(item("pk", s("old"))));
  }

  private static WriteRequest put(String pk) {
    return WriteRequest.builder().putRequest(p -> p.item(item("pk", s(pk), "v", n("1")))).build();
  }

  @Test
  void batchWritePutsAndDeletesWithNothingUnprocessed() {
    BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(Map.of("accounts", List.of(
        put("a"), put("b"), WriteRequest.builder().deleteRequest(d -> d.key(item("pk", s("old")))).build()))));

    assertThat(response.unprocessedItems()).isEmpty();
    assertThat(memory.scan("us-east-1", "accounts")).extracting(i -> i.get("pk").s()).containsExactly("a", "b");
  }

  @Test
  void batchWriteWithDuplicateKeysIsRefused() {
    assertThatThrownBy(() -> client.batchWriteItem(r -> r.requestItems(Map.of("accounts", List.of(put("a"), put("a"))))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Provided list of item keys contains duplicates (Service");
  }

  @Test
  void batchWriteWithAnInvalidItemWritesNothing() {
    WriteRequest bad = WriteRequest.builder().putRequest(p -> p.item(item("other", s("x")))).build();

    assertThatThrownBy(() -> client.batchWriteItem(r -> r.requestItems(Map.of("accounts", List.of(put("a"), bad)))))
        .isInstanceOf(DynamoDbException.class);
    assertThat(memory.getItem("us-east-1", "accounts", item("pk", s("a")))).isEmpty();
  }

  @Test
  void batchGetReturnsTheFoundItems() {
    BatchGetItemResponse response = client.batchGetItem(r -> r.requestItems(Map.of("accounts",
        KeysAndAttributes.builder().keys(item("pk", s("old")), item("pk", s("none"))).build())));

    assertThat(response.responses().get("accounts")).containsExactly(item("pk", s("old")));
    assertThat(response.unprocessedKeys()).isEmpty();
  }
}
