package com.example.txndr.globaltable;

import static com.example.txndr.globaltable.Fixture.item;
import static com.example.txndr.globaltable.Fixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

class TablesTest {
  private final MemoryDynamoDb memory = new MemoryDynamoDb();
  private final DynamoDbClient client = Fixture.client(memory, "us-east-1");

  @Test
  void createdTableIsActiveAtOnce() {
    TableDescription created = client.createTable(Fixture.hashTable("accounts")).tableDescription();

    assertThat(created.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(created.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/accounts");
  }

  @Test
  void describeTableGivesKeySchemaAndIndexes() {
    client.createTable(Fixture.indexedTable("transfers", ProjectionType.KEYS_ONLY));
    client.putItem(r -> r.tableName("transfers").item(item("pk", s("a"))));

    TableDescription table = client.describeTable(r -> r.tableName("transfers")).table();

    assertThat(table.keySchema()).singleElement().satisfies(k -> {
      assertThat(k.attributeName()).isEqualTo("pk");
      assertThat(k.keyType()).isEqualTo(KeyType.HASH);
    });
    assertThat(table.itemCount()).isEqualTo(1);
    assertThat(table.globalSecondaryIndexes()).singleElement().satisfies(g -> {
      assertThat(g.indexName()).isEqualTo("byStatus");
      assertThat(g.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
      assertThat(g.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
      assertThat(g.keySchema()).extracting(k -> k.attributeName()).containsExactly("status", "at");
      assertThat(g.itemCount()).isZero();
    });
  }

  @Test
  void streamSpecificationIsAcceptedAndEchoed() {
    client.createTable(Fixture.hashTable("streamed").toBuilder()
        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)).build());

    assertThat(client.describeTable(r -> r.tableName("streamed")).table().streamSpecification().streamViewType())
        .isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
  }

  @Test
  void duplicateCreateTableIsResourceInUse() {
    client.createTable(Fixture.hashTable("accounts"));

    assertThatThrownBy(() -> client.createTable(Fixture.hashTable("accounts")))
        .isInstanceOf(ResourceInUseException.class)
        .hasMessageStartingWith("Table already exists: accounts (Service");
  }

  @Test
  void describeOfAMissingTableIsResourceNotFound() {
    assertThatThrownBy(() -> client.describeTable(r -> r.tableName("nothing")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageStartingWith("Requested resource not found: Table: nothing not found (Service");
  }

  @Test
  void deletedTableIsGone() {
    client.createTable(Fixture.hashTable("accounts"));

    assertThat(client.deleteTable(r -> r.tableName("accounts")).tableDescription().tableStatus()).isEqualTo(TableStatus.DELETING);
    assertThat(client.listTables().tableNames()).isEmpty();
  }

  @Test
  void listTablesIsSortedAndPaged() {
    for (String name : new String[] {"ccc", "aaa", "bbb"}) {
      client.createTable(Fixture.hashTable(name));
    }

    ListTablesResponse first = client.listTables(r -> r.limit(2));
    ListTablesResponse second = client.listTables(r -> r.exclusiveStartTableName(first.lastEvaluatedTableName()));

    assertThat(first.tableNames()).containsExactly("aaa", "bbb");
    assertThat(second.tableNames()).containsExactly("ccc");
    assertThat(second.lastEvaluatedTableName()).isNull();
  }

  @Test
  void unusedAttributeDefinitionIsRefused() {
    assertThatThrownBy(() -> client.createTable(Fixture.hashTable("accounts").toBuilder().attributeDefinitions(
        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
        AttributeDefinition.builder().attributeName("x").attributeType(ScalarAttributeType.S).build()).build()))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [pk, x], keys used: [pk] (Service");
  }

  @Test
  void localSecondaryIndexesFailLoudly() {
    assertThatThrownBy(() -> client.createTable(Fixture.rangeTable("accounts", ScalarAttributeType.S).toBuilder()
        .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("l").build()).build()))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("MemoryDynamoDb does not support the LocalSecondaryIndexes parameter of CreateTable (Service");
  }

  @Test
  void unsupportedOperationFailsLoudly() {
    client.createTable(Fixture.hashTable("accounts"));

    assertThatThrownBy(() -> client.updateTable(r -> r.tableName("accounts").billingMode("PROVISIONED")))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("MemoryDynamoDb does not support the operation UpdateTable (Service");
  }
}
