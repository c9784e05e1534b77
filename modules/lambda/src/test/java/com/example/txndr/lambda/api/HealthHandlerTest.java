package com.example.txndr.lambda.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.globaltable.MemoryDynamoDb;
import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.RegionFunctions;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.local.ResourceBootstrap;
import com.example.txndr.testkit.net.ClosedPort;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The health function answers GET /health exactly as the processor does: 200, or 503 with the failing check. */
class HealthHandlerTest {
  private static final Map<String, String> EAST = Map.of("TABLE_NAME", "txns", "CONTROL_TABLE_NAME", "control",
      "AWS_REGION", "us-east-1", "PRIMARY_REGION", "us-east-1", "SECONDARY_REGION", "us-west-2",
      "ALARM_NAME_PREFIX", "txn-dr-test", "HTTP_API_ID", "api");
  private static final ApiRequest GET_HEALTH = new ApiRequest("GET", "/health", Map.of(), null, 0);

  private final MemoryDynamoDb memory = new MemoryDynamoDb();
  private final DynamoDbClient replica = memory.client("us-east-1");
  private final DynamoDbClient control = memory.client("us-east-2");
  private final Platform platform =
      Platform.withClock(Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));
  private final RegionFunctions functions = RegionFunctions.fromEnvironment(EAST);


  private HealthHandler health() {
    return new HealthHandler(Config.fromEnvironment(EAST), replica, platform);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(Object json) throws Exception {
    return (Map<String, Object>) Json.parse((String) json);
  }

  @Test
  void aPrimaryHoldingTheLeaseAnswers200AsTheProcessorDoes() throws Exception {
    ResourceBootstrap.createTable(replica, "txns");
    ResourceBootstrap.createControlTable(control, "control");
    functions.keeper(replica, control, platform).tick();

    Map<String, Object> response = health().handleRequest(Map.of("rawPath", "/health"), null);
    ApiResponse processor = functions.api(replica, platform).handle(GET_HEALTH);

    assertThat(processor.status()).isEqualTo(200);
    assertThat(response).containsEntry("statusCode", 200).containsEntry("isBase64Encoded", false)
        .containsEntry("headers", Map.of("Content-Type", "application/json"))
        .containsEntry("body", processor.body());
    assertThat(body(response.get("body"))).containsEntry("status", "UP").containsEntry("role", "PRIMARY");
  }

  @Test
  void aPrimaryWithoutTheLeaseAnswers503WithTheFailingCheckAsTheProcessorDoes() throws Exception {
    ResourceBootstrap.createTable(replica, "txns");

    Map<String, Object> response = health().handleRequest(Map.of(), null);
    ApiResponse processor = functions.api(replica, platform).handle(GET_HEALTH);

    assertThat(processor.status()).isEqualTo(503);
    assertThat(response).containsEntry("statusCode", 503).containsEntry("body", processor.body());
    assertThat(body(response.get("body"))).containsEntry("status", "DOWN");
    assertThat((String) response.get("body")).contains("does not hold the write lease");
  }

  @Test
  void anUnreachableTableAnswers503WithTheTableCheckDown() throws Exception {
    HealthHandler handler = new HealthHandler(Config.fromEnvironment(Map.of("TABLE_NAME", "t", "AWS_REGION",
        "us-east-1", "PRIMARY_REGION", "us-east-1", "SECONDARY_REGION", "us-west-2",
        "AWS_ENDPOINT_URL", ClosedPort.url(), "TXNDR_LOCAL", "true")));

    Map<String, Object> response = handler.handleRequest(Map.of(), null);

    assertThat(response).containsEntry("statusCode", 503);
    assertThat((String) response.get("body")).contains("\"table\":{\"status\":\"DOWN\"");
  }
}
