package com.example.txndr.simulation.protocol;

import com.example.txndr.lambda.Platform;
import com.example.txndr.simulation.world.History;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a region's code gets from the world: the environment the templates set, clients for its
 * replica and for the arbiter (through the simulated network), its platform (virtual clock,
 * seeded ids), and the history to report changes of the active region to.
 */
public interface NodeContext {
  String primary();

  String secondary();

  /** The functions' environment variables in {@code region}. */
  Map<String, String> environment(String region);

  /** A client of {@code region}'s replica for one of its functions ({@code api}, {@code keeper}, ...). */
  DynamoDbClient replica(String region, String component);

  /** A client of {@code region}'s replica outside the simulated network (set-up and final reads). */
  DynamoDbClient direct(String region);

  /** A client of the arbiter outside the simulated network. */
  DynamoDbClient directArbiter();

  DynamoDbClient arbiter(String region, String component);

  Platform platform(String region);

  /**
   * The aggregate status of {@code region}'s Route 53 health check at {@code atMillis}: what the
   * {@code AWS/Route53 HealthCheckStatus} metric records, which the orchestrator reads to
   * corroborate an alarm (docs/adr/0011).
   */
  boolean healthCheckHealthy(String region, long atMillis);

  History history();

  /**
   * {@code GET /health} of {@code target} as a function in {@code from} reaches it (the
   * baseline's probe): empty when no answer came; a throttled {@code /health} answers 429.
   */
  java.util.Optional<com.example.txndr.lambda.api.ApiResponse> probe(String from, String target);

  /** Virtual now (true time). */
  long now();
}
