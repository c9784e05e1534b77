package com.example.txndr.globaltable;

import static com.example.txndr.globaltable.Fixture.item;
import static com.example.txndr.globaltable.Fixture.n;
import static com.example.txndr.globaltable.Fixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Each region (from the SigV4 credential scope) has its own tables. */
class RegionsTest {
  private final MemoryDynamoDb memory = new MemoryDynamoDb();
  private final DynamoDbClient east = Fixture.client(memory, "us-east-1");
  private final DynamoDbClient west = Fixture.client(memory, "us-west-2");

  @Test
  void tableInOneRegionIsNotVisibleInAnother() {
    east.createTable(Fixture.hashTable("accounts"));

    assertThat(west.listTables().tableNames()).isEmpty();
    assertThatThrownBy(() -> west.getItem(r -> r.tableName("accounts").key(item("pk", s("a")))))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void sameTableNameInTwoRegionsHoldsSeparateItems() {
    east.createTable(Fixture.hashTable("accounts"));
    west.createTable(Fixture.hashTable("accounts"));
    east.putItem(r -> r.tableName("accounts").item(item("pk", s("a"), "v", n("1"))));
    west.putItem(r -> r.tableName("accounts").item(item("pk", s("a"), "v", n("2"))));

    assertThat(memory.getItem("us-east-1", "accounts", item("pk", s("a")))).contains(item("pk", s("a"), "v", n("1")));
    assertThat(memory.getItem("us-west-2", "accounts", item("pk", s("a")))).contains(item("pk", s("a"), "v", n("2")));
  }

  @Test
  void tableArnNamesTheRegion() {
    assertThat(west.createTable(Fixture.hashTable("accounts")).tableDescription().tableArn())
        .isEqualTo("arn:aws:dynamodb:us-west-2:123456789012:table/accounts");
  }
}
