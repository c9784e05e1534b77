package com.example.txndr.globaltable.bench;

import com.example.txndr.globaltable.MemoryDynamoDb;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Operations per second through a real DynamoDbClient on a table of 10,000 items: GetItem, and
 * TransactWriteItems of 5 conditional updates. Not run by the build:
 * {@code java -cp <test classpath> com.example.txndr.globaltable.bench.MemoryDynamoDbBenchmark}.
 */
final class MemoryDynamoDbBenchmark {
  private static final int ITEMS = 10_000;

  private MemoryDynamoDbBenchmark() {
  }

  public static void main(String[] args) {
    MemoryDynamoDb memory = new MemoryDynamoDb();
    DynamoDbClient client = DynamoDbClient.builder()
        .httpClient(memory.httpClient())
        .endpointOverride(URI.create("http://dynamodb.memory"))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .build();
    client.createTable(r -> r.tableName("accounts").billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
    for (int i = 0; i < ITEMS; i++) {
      memory.putItem("us-east-1", "accounts", Map.of("pk", AttributeValue.fromS("acct-" + i), "balance", AttributeValue.fromN("1000000"),
          "owner", AttributeValue.fromS("owner " + i)));
    }
    for (int round = 0; round < 3; round++) {
      System.out.printf("round %d: GetItem %,.0f ops/s; TransactWriteItems (5 actions) %,.0f ops/s%n", round,
          perSecond(2_000_000_000L, i -> client.getItem(r -> r.tableName("accounts").key(Map.of("pk", AttributeValue.fromS("acct-" + (i * 7919 % ITEMS)))))),
          perSecond(2_000_000_000L, i -> client.transactWriteItems(r -> r.transactItems(transfer(i)))));
    }
    // The model alone, without the SDK's marshalling, signing and pipeline.
    System.out.printf("direct getItem (no SDK) %,.0f ops/s%n",
        perSecond(2_000_000_000L, i -> memory.getItem("us-east-1", "accounts", Map.of("pk", AttributeValue.fromS("acct-" + (i * 7919 % ITEMS))))));
  }

  private static List<TransactWriteItem> transfer(long i) {
    List<TransactWriteItem> actions = new ArrayList<>();
    for (int a = 0; a < 5; a++) {
      String pk = "acct-" + ((i * 5 + a) * 7919 % ITEMS);
      actions.add(TransactWriteItem.builder().update(u -> u.tableName("accounts").key(Map.of("pk", AttributeValue.fromS(pk)))
          .updateExpression("SET balance = balance - :x").conditionExpression("balance >= :x")
          .expressionAttributeValues(Map.of(":x", AttributeValue.fromN("0.01")))).build());
    }
    return actions;
  }

  private interface Op {
    void run(long i);
  }

  private static double perSecond(long nanos, Op op) {
    long start = System.nanoTime();
    long count = 0;
    while (System.nanoTime() - start < nanos) {
      op.run(count++);
    }
    return count * 1e9 / (System.nanoTime() - start);
  }
}
