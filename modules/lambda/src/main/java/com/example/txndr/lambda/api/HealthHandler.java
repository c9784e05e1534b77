package com.example.txndr.lambda.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.api.internal.TransactionProcessor;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Log;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code GET /health} on a function of its own (docs/adr/0015): API Gateway HTTP API, payload
 * 2.0. It answers exactly what the processor's {@code GET /health} answers (200, or 503 with the
 * failing check), from the same code ({@link TransactionProcessor#health()}) and the same
 * environment variables, so that a flood of {@code /health} cannot take the processor's execution
 * environments and an overloaded processor cannot starve the Route 53 health check into a false
 * failover. The event is not parsed: the route {@code GET /health} is the only one integrated
 * with this function, and the health answer does not depend on the request.
 *
 * <p>SnapStart: the constructor reads the environment and builds the DynamoDB client (no
 * network I/O); the snapshot holds them, and nothing time- or identity-dependent.
 */
public final class HealthHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private final TransactionProcessor processor;

  /** Lambda's constructor: configuration from the environment. */
  public HealthHandler() {
    this(Config.fromEnvironment(System.getenv()));
  }

  public HealthHandler(Config config) {
    this(config, AwsClients.dynamoDb(config.require(Config.TABLE_NAME, Config.AWS_REGION,
        Config.PRIMARY_REGION, Config.SECONDARY_REGION)), Platform.system());
  }

  public HealthHandler(Config config, DynamoDbClient dynamoDb, Platform platform) {
    config.require(Config.TABLE_NAME, Config.AWS_REGION, Config.PRIMARY_REGION, Config.SECONDARY_REGION);
    this.processor = new TransactionProcessor(config, dynamoDb, platform);
  }

  /** The payload 2.0 response of {@link #health()}. */
  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    Log.begin(context);
    try {
      return HttpApiEvents.payload(health());
    } finally {
      Log.end();
    }
  }

  /**
   * 200 or 503 with the failing check; never throws: failures answer as the processor's {@code
   * /health} answers them (503 for DynamoDB, 500 for anything else).
   */
  public ApiResponse health() {
    try {
      return processor.health();
    } catch (SdkException e) {
      Log.error("DynamoDB call failed", e, Map.of("route", "GET /health"));
      return ApiResponse.error(503, ErrorCodes.SERVICE_UNAVAILABLE, "The database did not answer in time")
          .withHeader("Retry-After", "1");
    } catch (RuntimeException e) {
      Log.error("Unexpected failure", e, Map.of("route", "GET /health"));
      return ApiResponse.error(500, ErrorCodes.INTERNAL_ERROR, "Unexpected failure");
    }
  }
}
