package com.example.txndr.lambda.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.testkit.net.ClosedPort;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routing and request checks that answer before any database call (the endpoint is unreachable). */
class ApiHandlerTest {
  private final ApiHandler handler = new ApiHandler(Config.fromEnvironment(Map.of(
      "TABLE_NAME", "t", "AWS_REGION", "us-east-1", "PRIMARY_REGION", "us-east-1", "SECONDARY_REGION", "us-west-2",
      "AWS_ENDPOINT_URL", ClosedPort.url(), "TXNDR_LOCAL", "true")));

  private ApiResponse post(Map<String, String> headers, String body) {
    return handler.handle(new ApiRequest("POST", "/transactions", headers, body,
        body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> error(ApiResponse response) throws Exception {
    return (Map<String, Object>) ((Map<String, Object>) Json.parse(response.body())).get("error");
  }

  @Test
  void unknownPathIsNotFound() throws Exception {
    ApiResponse response = handler.handle(new ApiRequest("GET", "/balances", Map.of(), null, 0));

    assertThat(response.status()).isEqualTo(404);
    assertThat(error(response)).containsEntry("code", "NOT_FOUND").containsEntry("message", "No route for GET"
        + " /balances; routes are POST /transactions, POST /canary, GET /transactions/{id}, GET /canary/{id}, GET /accounts/{id}"
        + " and GET /health");
  }

  @Test
  void canaryRefusesABodyThatTriesToChooseTheTypeAmountOrAccount() throws Exception {
    ApiResponse response = handler.handle(new ApiRequest("POST", "/canary", Map.of("Idempotency-Key", "k"),
        "{\"amount\":\"1000000.00\",\"destinationAccount\":\"mallory\"}", 50));

    assertThat(response.status()).isEqualTo(400);
    assertThat(error(response)).containsEntry("code", "VALIDATION_FAILED").containsEntry("message",
        "POST /canary takes no body fields (got amount, destinationAccount): it deposits 0.01 USD into"
            + " canary-us-east-1, always; send no body or {}");
  }

  @Test
  void canaryRefusesABodyThatIsNotAnObject() throws Exception {
    ApiResponse response = handler.handle(new ApiRequest("POST", "/canary", Map.of("Idempotency-Key", "k"),
        "[\"TRANSFER\"]", 12));

    assertThat(response.status()).isEqualTo(400);
    assertThat(error(response)).containsEntry("code", "VALIDATION_FAILED");
  }

  @Test
  void canaryNeedsAnIdempotencyKey() throws Exception {
    ApiResponse response = handler.handle(new ApiRequest("POST", "/canary", Map.of(), null, 0));

    assertThat(response.status()).isEqualTo(400);
    assertThat(error(response)).containsEntry("code", "IDEMPOTENCY_KEY_REQUIRED");
  }

  @Test
  void canaryTakesOnlyPost() {
    assertThat(handler.handle(new ApiRequest("GET", "/canary", Map.of(), null, 0)).header("Allow")).isEqualTo("POST");
  }

  @Test
  void aDepositIntoACanaryAccountThroughTransactionsIsForbidden() throws Exception {
    ApiResponse response = post(Map.of("Idempotency-Key", "k"), "{\"type\":\"DEPOSIT\","
        + "\"destinationAccount\":\"canary-us-east-1\",\"amount\":\"0.01\",\"currency\":\"USD\"}");

    assertThat(response.status()).isEqualTo(403);
    assertThat(error(response)).containsEntry("code", "RESERVED_ACCOUNT").containsEntry("message",
        "Accounts whose id starts with \"canary-\" are reserved for the canary: money enters them only through POST"
            + " /canary and never leaves them");
  }

  @Test
  void aTransferOutOfACanaryAccountInAnyCaseIsForbidden() {
    ApiResponse response = post(Map.of("Idempotency-Key", "k"), "{\"type\":\"TRANSFER\",\"sourceAccount\":"
        + "\"Canary-US-WEST-2\",\"destinationAccount\":\"mallory\",\"amount\":\"0.01\",\"currency\":\"USD\"}");

    assertThat(response.status()).isEqualTo(403);
  }

  @Test
  void errorLogsNameTheRouteAndTheCallerNeverTheAccount() {
    Map<String, Object> fields = ApiHandler.logFields(new ApiRequest("GET", "/accounts/alice-123", Map.of(), null, 0,
        new com.example.txndr.lambda.domain.Caller("iam:arn:aws:sts::111122223333:assumed-role/client/s")));

    assertThat(fields).containsExactly(Map.entry("method", "GET"), Map.entry("route", "/accounts/{id}"),
        Map.entry("caller", "iam:arn:aws:sts::111122223333:assumed-role/client/s"));
    assertThat(fields.toString()).doesNotContain("alice");
  }

  @Test
  void wrongMethodIsNotAllowed() throws Exception {
    ApiResponse response = handler.handle(new ApiRequest("DELETE", "/transactions/abc", Map.of(), null, 0));

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.header("Allow")).isEqualTo("GET");
    assertThat(error(response)).containsEntry("code", "METHOD_NOT_ALLOWED")
        .containsEntry("message", "DELETE is not allowed on /transactions/abc; use GET");
  }

  @Test
  void getOnTheCollectionIsNotAllowed() {
    assertThat(handler.handle(new ApiRequest("GET", "/transactions", Map.of(), null, 0)).header("Allow"))
        .isEqualTo("POST");
  }

  @Test
  void invalidTransactionIdIsRejected() throws Exception {
    ApiResponse response = handler.handle(new ApiRequest("GET", "/transactions/a%20b", Map.of(), null, 0));

    assertThat(response.status()).isEqualTo(400);
    assertThat(error(response)).containsEntry("message",
        "transaction id must be 1-64 letters, digits, '.', '_' or '-': got \"a%20b\"");
  }

  @Test
  void nonJsonContentTypeIsUnsupported() throws Exception {
    ApiResponse response = post(Map.of("Content-Type", "application/x-www-form-urlencoded"), "a=b");

    assertThat(response.status()).isEqualTo(415);
    assertThat(error(response)).containsEntry("code", "UNSUPPORTED_MEDIA_TYPE")
        .containsEntry("message", "Content-Type must be application/json: got application/x-www-form-urlencoded");
  }

  @Test
  void jsonContentTypeWithCharsetIsAccepted() {
    assertThat(post(Map.of("Content-Type", "application/json; charset=utf-8"), "{").status()).isEqualTo(400);
  }

  @Test
  void oversizedBodyIsRejected() throws Exception {
    ApiResponse response = post(Map.of("Idempotency-Key", "k"), "x".repeat(ApiRequest.MAX_BODY_BYTES + 1));

    assertThat(response.status()).isEqualTo(413);
    assertThat(error(response)).containsEntry("code", "PAYLOAD_TOO_LARGE")
        .containsEntry("message", "The body must be at most 8192 bytes: got 8193");
  }

  @Test
  void missingIdempotencyKeyIsRejectedBeforeTheBodyIsRead() throws Exception {
    ApiResponse response = post(Map.of(), "not json");

    assertThat(response.status()).isEqualTo(400);
    assertThat(error(response)).containsEntry("code", "IDEMPOTENCY_KEY_REQUIRED");
  }

  @Test
  void malformedJsonIsRejected() throws Exception {
    ApiResponse response = post(Map.of("Idempotency-Key", "k"), "{\"type\": DEPOSIT}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(error(response)).containsEntry("code", "MALFORMED_JSON");
    assertThat((String) error(response).get("message")).startsWith("The body is not valid JSON: Unrecognized token");
  }

  @Test
  void emptyBodyIsRejected() throws Exception {
    ApiResponse response = post(Map.of("Idempotency-Key", "k"), "");

    assertThat(error(response)).containsEntry("code", "VALIDATION_FAILED").containsEntry("message",
        "The body is empty: send a JSON object with type, sourceAccount, destinationAccount, amount and currency");
  }

  @Test
  void databaseFailureIsServiceUnavailable() throws Exception {
    ApiResponse response = handler.handle(new ApiRequest("GET", "/accounts/alice", Map.of(), null, 0));

    assertThat(response.status()).isEqualTo(503);
    assertThat(error(response)).containsEntry("code", "SERVICE_UNAVAILABLE")
        .containsEntry("message", "The database did not answer in time; nothing is lost: retry the request");
  }

  @Test
  void aFailedWriteIsToBeRetriedWithItsKeyAndAFailedReadAsItWas() {
    // A read carries no Idempotency-Key: telling its caller to reuse one would be wrong.
    assertThat(ApiHandler.retryHint(new ApiRequest("POST", "/transactions", Map.of(), "{}", 2)))
        .isEqualTo("retry with the same Idempotency-Key");
    assertThat(ApiHandler.retryHint(new ApiRequest("GET", "/transactions/t-1", Map.of(), null, 0)))
        .isEqualTo("retry the request");
  }

  @Test
  void lambdaEventIsAnsweredInPayloadTwoFormat() throws Exception {
    String event = "{\"version\":\"2.0\",\"rawPath\":\"/nope\",\"headers\":{},"
        + "\"requestContext\":{\"stage\":\"$default\",\"http\":{\"method\":\"GET\"}}}";
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);

    @SuppressWarnings("unchecked")
    Map<String, Object> response = (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8));
    assertThat(response).containsEntry("statusCode", new java.math.BigDecimal(404)).containsKey("body");
  }

  @Test
  void missingEnvironmentIsReportedByName() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ApiHandler(Config.fromEnvironment(env)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Missing environment variable(s): TABLE_NAME, PRIMARY_REGION, SECONDARY_REGION"
            + " (see docs/conventions.md, \"Lambda contract\")");
  }
}
