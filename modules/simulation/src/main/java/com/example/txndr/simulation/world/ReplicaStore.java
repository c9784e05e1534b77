package com.example.txndr.simulation.world;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Unconditional access to each region's replica, for the replicator (no latency, no faults). */
public interface ReplicaStore {
  Optional<Map<String, AttributeValue>> get(String region, String table, Map<String, AttributeValue> key);

  void put(String region, String table, Map<String, AttributeValue> item);

  void delete(String region, String table, Map<String, AttributeValue> key);
}
