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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The harness API: same state as the protocol, no conditions. */
class DirectApiTest {
  private final MemoryDynamoDb memory = new MemoryDynamoDb();
  private final DynamoDbClient client = Fixture.client(memory, "eu-west-1");

  @BeforeEach
  void createTable() {
    memory.createTable("eu-west-1", Fixture.indexedTable("transfers", ProjectionType.ALL));
  }

  @Test
  void directPutIsVisibleThroughTheClient() {
    memory.putItem("eu-west-1", "transfers", item("pk", s("a"), "amount", n("1.50")));

    assertThat(client.getItem(r -> r.tableName("transfers").key(item("pk", s("a")))).item()).isEqualTo(item("pk", s("a"), "amount", n("1.5")));
  }

  @Test
  void clientWriteIsVisibleToDirectGet() {
    client.putItem(r -> r.tableName("transfers").item(item("pk", s("a"), "v", n("1"))));

    assertThat(memory.getItem("eu-west-1", "transfers", item("pk", s("a")))).contains(item("pk", s("a"), "v", n("1")));
  }

  @Test
  void directGetOfAMissingItemIsEmpty() {
    assertThat(memory.getItem("eu-west-1", "transfers", item("pk", s("a")))).isEmpty();
  }

  @Test
  void directPutKeepsIndexesCurrent() {
    memory.putItem("eu-west-1", "transfers", item("pk", s("a"), "status", s("open"), "at", n("1")));

    assertThat(client.query(r -> r.tableName("transfers").indexName("byStatus").keyConditionExpression("#s = :s")
        .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(Map.of(":s", s("open")))).count()).isEqualTo(1);
  }

  @Test
  void directDeleteRemovesTheItem() {
    memory.putItem("eu-west-1", "transfers", item("pk", s("a")));
    memory.deleteItem("eu-west-1", "transfers", item("pk", s("a")));

    assertThat(memory.scan("eu-west-1", "transfers")).isEmpty();
  }

  @Test
  void directScanIsInKeyOrder() {
    for (String pk : new String[] {"c", "a", "b"}) {
      memory.putItem("eu-west-1", "transfers", item("pk", s(pk)));
    }

    assertThat(memory.scan("eu-west-1", "transfers")).extracting(i -> i.get("pk").s()).containsExactly("a", "b", "c");
  }

  @Test
  void directPutChecksTheSchema() {
    assertThatThrownBy(() -> memory.putItem("eu-west-1", "transfers", item("pk", AttributeValue.fromN("1"))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N");
  }

  @Test
  void directAccessToAMissingTableIsResourceNotFound() {
    assertThatThrownBy(() -> memory.scan("us-east-1", "transfers"))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageStartingWith("Requested resource not found");
  }

  @Test
  void directCreateTableTwiceIsResourceInUse() {
    assertThatThrownBy(() -> memory.createTable("eu-west-1", Fixture.indexedTable("transfers", ProjectionType.ALL)))
        .isInstanceOf(ResourceInUseException.class)
        .hasMessageStartingWith("Table already exists: transfers");
  }
}
