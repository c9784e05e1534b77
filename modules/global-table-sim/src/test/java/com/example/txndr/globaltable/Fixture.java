package com.example.txndr.globaltable;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Clients, tables and items for the tests. */
final class Fixture {
  private Fixture() {
  }

  /** A real SDK client on the memory model, as production code builds one (no retries). */
  static DynamoDbClient client(MemoryDynamoDb memory, String region) {
    return DynamoDbClient.builder()
        .httpClient(memory.httpClient())
        .endpointOverride(URI.create("http://dynamodb.memory"))
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** The same client on moto_server at {@code endpoint} (the test kit's {@code Moto}), over real HTTP. */
  static DynamoDbClient client(URI endpoint, String region) {
    return DynamoDbClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  static AttributeValue s(String s) {
    return AttributeValue.fromS(s);
  }

  static AttributeValue n(String n) {
    return AttributeValue.fromN(n);
  }

  /** An item from alternating names and values. */
  static Map<String, AttributeValue> item(Object... namesAndValues) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
    }
    return item;
  }

  /** Table {@code name}: hash key {@code pk} (S). */
  static CreateTableRequest hashTable(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .build();
  }

  /** Table {@code name}: hash key {@code pk} (S), range key {@code sk} of the given type. */
  static CreateTableRequest rangeTable(String name, ScalarAttributeType sortType) {
    return CreateTableRequest.builder()
        .tableName(name)
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("sk").attributeType(sortType).build())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .build();
  }

  /**
   * Table {@code name}: hash key {@code pk} (S) and a GSI {@code byStatus} on {@code status} (S)
   * and {@code at} (N) with the given projection ({@code INCLUDE} keeps {@code amount}).
   */
  static CreateTableRequest indexedTable(String name, ProjectionType projection) {
    Projection.Builder p = Projection.builder().projectionType(projection);
    if (projection == ProjectionType.INCLUDE) {
      p.nonKeyAttributes("amount");
    }
    return CreateTableRequest.builder()
        .tableName(name)
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("status").attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName("at").attributeType(ScalarAttributeType.N).build())
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
            .indexName("byStatus")
            .keySchema(KeySchemaElement.builder().attributeName("status").keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName("at").keyType(KeyType.RANGE).build())
            .projection(p.build())
            .build())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .build();
  }
}
