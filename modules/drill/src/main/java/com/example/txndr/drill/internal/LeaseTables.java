package com.example.txndr.drill.internal;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB in each region, as the lambda module's lease classes use it: the region's replica of
 * the transactions table (its heartbeats, its mirror of the lease, the drain markers that reached
 * it) and the region's endpoint of the control table (the arbiter: either region answers with the
 * latest lease, and a region cut off from the others answers with errors, never a stale lease).
 */
public interface LeaseTables {
  /** The client of {@code region}'s replica of the transactions table. */
  DynamoDbClient transactions(String region);

  /** The client of the control table through {@code region}'s endpoint. */
  DynamoDbClient control(String region);
}
