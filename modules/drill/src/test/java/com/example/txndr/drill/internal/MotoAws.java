package com.example.txndr.drill.internal;

import com.example.txndr.lambda.local.ResourceBootstrap;
import java.net.URI;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Clients and resources in moto, as the integration tests set them up. */
final class MotoAws {
  static final String TABLE = "txn-dr-dev-transactions";
  static final String CONTROL = "txn-dr-dev-control";

  private MotoAws() {}

  static AwsSettings settings(URI endpoint) {
    return new AwsSettings(null, endpoint);
  }

  static DynamoDbClient dynamoDb(URI endpoint, String region) {
    return settings(endpoint).configure(DynamoDbClient.builder(), Region.of(region)).build();
  }

  /**
   * The transactions table and the control table in {@code region}, as the lambda module's local
   * mode creates them (docs/conventions.md, "Table layout"). moto keeps each region's tables
   * apart and has no multi-Region strong consistency: each region's control table is its own.
   */
  static void createTables(URI endpoint, String region) {
    try (DynamoDbClient dynamoDb = dynamoDb(endpoint, region)) {
      ResourceBootstrap.createTable(dynamoDb, TABLE);
      ResourceBootstrap.createControlTable(dynamoDb, CONTROL);
    }
  }
}
