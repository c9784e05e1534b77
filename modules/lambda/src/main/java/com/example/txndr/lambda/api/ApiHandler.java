package com.example.txndr.lambda.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.txndr.lambda.api.internal.HttpApiEvents;
import com.example.txndr.lambda.api.internal.TransactionProcessor;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Config;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.internal.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The transaction processor: API Gateway HTTP API (payload 2.0, Lambda proxy).
 *
 * <pre>
 * POST /transactions          Idempotency-Key header, JSON body  -> 201 transaction
 * GET  /transactions/{id}                                         -> 200 transaction
 * GET  /accounts/{id}                                             -> 200 balances per currency
 * GET  /health                                                    -> 200 or 503, with the failing check
 * </pre>
 *
 * <p>SnapStart: the constructor reads the environment and builds the DynamoDB client (no
 * network I/O); the snapshot holds them, and nothing time- or identity-dependent.
 */
public final class ApiHandler implements RequestStreamHandler {
  /** Largest accepted request body. */
  public static final int MAX_BODY_BYTES = 8 * 1024;

  private final TransactionProcessor processor;

  /** Lambda's constructor: configuration from the environment. */
  public ApiHandler() {
    this(Config.fromEnvironment(System.getenv()));
  }

  public ApiHandler(Config config) {
    this(config, AwsClients.dynamoDb(config.require(Config.TABLE_NAME, Config.AWS_REGION,
        Config.PRIMARY_REGION, Config.SECONDARY_REGION)), Clock.systemUTC());
  }

  public ApiHandler(Config config, DynamoDbClient dynamoDb, Clock clock) {
    config.require(Config.TABLE_NAME, Config.AWS_REGION, Config.PRIMARY_REGION, Config.SECONDARY_REGION);
    this.processor = new TransactionProcessor(config, dynamoDb, clock);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    ApiResponse response;
    try {
      response = handle(HttpApiEvents.parse(event));
    } catch (Json.MalformedJsonException | IllegalArgumentException e) {
      response = ApiResponse.error(400, ErrorCodes.VALIDATION_FAILED, "Unsupported event: " + e.getMessage());
    }
    output.write(HttpApiEvents.format(response).getBytes(StandardCharsets.UTF_8));
  }

  /** Routes one request. Never throws: failures become error responses. */
  public ApiResponse handle(ApiRequest request) {
    try {
      return route(request);
    } catch (SdkException e) {
      Log.error("DynamoDB call failed", e, Map.of("method", request.method(), "path", request.path()));
      return ApiResponse.error(503, ErrorCodes.SERVICE_UNAVAILABLE,
          "The database did not answer in time; nothing is lost: retry with the same Idempotency-Key");
    } catch (RuntimeException e) {
      Log.error("Unexpected failure", e, Map.of("method", request.method(), "path", request.path()));
      return ApiResponse.error(500, ErrorCodes.INTERNAL_ERROR,
          "Unexpected failure; retry with the same Idempotency-Key");
    }
  }

  private ApiResponse route(ApiRequest request) {
    String path = request.path();
    String[] segments = path.split("/", -1);
    if (path.equals("/transactions")) {
      return request.method().equals("POST") ? processor.post(request) : methodNotAllowed(request, "POST");
    }
    if (path.equals("/health")) {
      return request.method().equals("GET") ? processor.health() : methodNotAllowed(request, "GET");
    }
    if (segments.length == 3 && segments[0].isEmpty() && !segments[2].isEmpty()) {
      if (segments[1].equals("transactions")) {
        return request.method().equals("GET") ? processor.getTransaction(segments[2]) : methodNotAllowed(request, "GET");
      }
      if (segments[1].equals("accounts")) {
        return request.method().equals("GET") ? processor.getAccount(segments[2]) : methodNotAllowed(request, "GET");
      }
    }
    return ApiResponse.error(404, ErrorCodes.NOT_FOUND,
        "No route for " + request.method() + " " + path + "; routes are POST /transactions,"
            + " GET /transactions/{id}, GET /accounts/{id} and GET /health");
  }

  private static ApiResponse methodNotAllowed(ApiRequest request, String allowed) {
    return ApiResponse.error(405, ErrorCodes.METHOD_NOT_ALLOWED,
            request.method() + " is not allowed on " + request.path() + "; use " + allowed)
        .withHeader("Allow", allowed);
  }
}
