package com.example.txndr.lambda.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.api.internal.TransactionProcessor;
import com.example.txndr.lambda.api.internal.TransferMetrics;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.internal.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The transaction processor: API Gateway HTTP API (payload 2.0, Lambda proxy).
 *
 * <pre>
 * POST /transactions          Idempotency-Key header, JSON body  -> 201 transaction
 * POST /canary                Idempotency-Key header, no body    -> 201 the region's canary deposit
 * GET  /transactions/{id}                                         -> 200 transaction (the caller's own)
 * GET  /canary/{id}                                               -> 200 this region's canary deposit
 * GET  /accounts/{id}                                             -> 200 balances per currency
 * GET  /health                                                    -> 200 or 503, with the failing check
 * </pre>
 *
 * <p>Every {@code POST /transactions} also prints one line of embedded metrics (namespace
 * {@code TransactionDr/Api}, dimension {@code Service}: {@link TransferMetrics}).
 *
 * <p>SnapStart: the constructor reads the environment and builds the DynamoDB client (no
 * network I/O); the snapshot holds them, and nothing time- or identity-dependent.
 */
public final class ApiHandler implements RequestStreamHandler {
  /**
   * How long a request may take when the invocation's own remaining time is unknown (local mode,
   * tests): under the function's 5 s timeout.
   */
  public static final long DEFAULT_BUDGET_MILLIS = 4_000;
  /** Kept back from the invocation's remaining time to answer in. */
  static final long ANSWER_MARGIN_MILLIS = 500;

  private final TransactionProcessor processor;
  private final Platform platform;
  private final String metricsService;
  private final Consumer<String> metrics;

  /** Lambda's constructor: configuration from the environment. */
  public ApiHandler() {
    this(Config.fromEnvironment(System.getenv()));
  }

  public ApiHandler(Config config) {
    this(config, AwsClients.dynamoDb(config.require(Config.TABLE_NAME, Config.AWS_REGION,
        Config.PRIMARY_REGION, Config.SECONDARY_REGION)), Platform.system());
  }

  public ApiHandler(Config config, DynamoDbClient dynamoDb, Platform platform) {
    this(config, dynamoDb, platform, System.out::println);
  }

  /** {@code metrics} receives each embedded-metric line (standard output in Lambda: CloudWatch Logs). */
  public ApiHandler(Config config, DynamoDbClient dynamoDb, Platform platform, Consumer<String> metrics) {
    config.require(Config.TABLE_NAME, Config.AWS_REGION, Config.PRIMARY_REGION, Config.SECONDARY_REGION);
    this.processor = new TransactionProcessor(config, dynamoDb, platform);
    this.platform = platform;
    this.metricsService = config.metricsService();
    this.metrics = metrics;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Log.begin(context);
    try {
      answer(input, output, context);
    } finally {
      Log.end();
    }
  }

  private void answer(InputStream input, OutputStream output, Context context) throws IOException {
    String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    ApiResponse response;
    try {
      long budget = context == null ? DEFAULT_BUDGET_MILLIS : context.getRemainingTimeInMillis() - ANSWER_MARGIN_MILLIS;
      response = handle(HttpApiEvents.parse(event), platform.nowMillis() + budget);
    } catch (Json.MalformedJsonException | IllegalArgumentException e) {
      response = ApiResponse.error(400, ErrorCodes.VALIDATION_FAILED, "Unsupported event: " + e.getMessage());
    } catch (HttpApiEvents.UnauthenticatedException e) {
      response = ApiResponse.error(401, ErrorCodes.UNAUTHENTICATED, e.getMessage());
    }
    output.write(HttpApiEvents.format(response).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * How to retry a request that failed on the server's side: a write with the key it was sent
   * with (so that it applies once), a read as it was.
   */
  static String retryHint(ApiRequest request) {
    return request.method().equals("POST") ? "retry with the same Idempotency-Key" : "retry the request";
  }

  /** Routes one request with the default time budget. Never throws: failures become error responses. */
  public ApiResponse handle(ApiRequest request) {
    return handle(request, platform.nowMillis() + DEFAULT_BUDGET_MILLIS);
  }

  /** Routes one request, answering before {@code deadlineMillis}. Never throws: failures become error responses. */
  public ApiResponse handle(ApiRequest request, long deadlineMillis) {
    long startedMillis = platform.nowMillis();
    ApiResponse response;
    TransferMetrics.Outcome outcome = null;
    try {
      response = route(request, deadlineMillis);
    } catch (SdkException e) {
      Log.error("DynamoDB call failed", e, logFields(request));
      response = ApiResponse.error(503, ErrorCodes.SERVICE_UNAVAILABLE,
          "The database did not answer in time; nothing is lost: " + retryHint(request))
          .withHeader("Retry-After", "1");
      outcome = TransferMetrics.outcomeOf(e);
    } catch (RuntimeException e) {
      Log.error("Unexpected failure", e, logFields(request));
      response = ApiResponse.error(500, ErrorCodes.INTERNAL_ERROR,
          "Unexpected failure; " + retryHint(request));
      outcome = TransferMetrics.Outcome.SERVER_ERROR;
    }
    if (request.method().equals("POST") && request.path().equals("/transactions")) {
      long now = platform.nowMillis();
      metrics.accept(TransferMetrics.line(metricsService,
          outcome == null ? TransferMetrics.outcomeOf(response) : outcome, now - startedMillis, now));
    }
    return response;
  }

  private ApiResponse route(ApiRequest request, long deadlineMillis) {
    String path = request.path();
    String[] segments = path.split("/", -1);
    if (path.equals("/transactions")) {
      return request.method().equals("POST") ? processor.post(request, deadlineMillis) : methodNotAllowed(request, "POST");
    }
    if (path.equals("/canary")) {
      return request.method().equals("POST") ? processor.canary(request, deadlineMillis) : methodNotAllowed(request, "POST");
    }
    if (path.equals("/health")) {
      return request.method().equals("GET") ? processor.health() : methodNotAllowed(request, "GET");
    }
    if (segments.length == 3 && segments[0].isEmpty() && !segments[2].isEmpty()) {
      if (segments[1].equals("transactions")) {
        return request.method().equals("GET") ? processor.getTransaction(segments[2], request.caller())
            : methodNotAllowed(request, "GET");
      }
      if (segments[1].equals("canary")) {
        return request.method().equals("GET") ? processor.getCanary(segments[2]) : methodNotAllowed(request, "GET");
      }
      if (segments[1].equals("accounts")) {
        return request.method().equals("GET") ? processor.getAccount(segments[2]) : methodNotAllowed(request, "GET");
      }
    }
    return ApiResponse.error(404, ErrorCodes.NOT_FOUND,
        "No route for " + request.method() + " " + path + "; routes are POST /transactions,"
            + " POST /canary, GET /transactions/{id}, GET /canary/{id}, GET /accounts/{id} and GET /health");
  }

  /**
   * What an error log says of a request: the method, the route (ids replaced by their
   * placeholder: an account id is never logged) and the caller.
   */
  static Map<String, Object> logFields(ApiRequest request) {
    String[] segments = request.path().split("/", -1);
    String route = request.path();
    if (segments.length == 3 && segments[0].isEmpty() && !segments[2].isEmpty()
        && List.of("transactions", "canary", "accounts").contains(segments[1])) {
      route = "/" + segments[1] + "/{id}";
    } else if (!List.of("/transactions", "/canary", "/health").contains(route)) {
      route = "(other)";
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("method", request.method());
    fields.put("route", route);
    fields.put("caller", request.caller().id());
    return fields;
  }

  private static ApiResponse methodNotAllowed(ApiRequest request, String allowed) {
    return ApiResponse.error(405, ErrorCodes.METHOD_NOT_ALLOWED,
            request.method() + " is not allowed on " + request.path() + "; use " + allowed)
        .withHeader("Allow", allowed);
  }
}
