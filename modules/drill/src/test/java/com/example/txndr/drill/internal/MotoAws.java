package com.example.txndr.drill.internal;

import java.net.URI;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Clients and resources in moto, as the integration tests set them up. */
final class MotoAws {
  static final String TABLE = "txn-dr-dev-transactions";

  private MotoAws() {}

  static AwsSettings settings(URI endpoint) {
    return new AwsSettings(null, endpoint);
  }

  /** The table with the conventions' key schema (docs/conventions.md, "Table layout"): pk, sk. */
  static void createTable(URI endpoint, String region) {
    try (DynamoDbClient dynamoDb = settings(endpoint).configure(DynamoDbClient.builder(), Region.of(region)).build()) {
      dynamoDb.createTable(r -> r.tableName(TABLE)
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(
              AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
              AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
          .keySchema(
              KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
              KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
    }
  }
}
