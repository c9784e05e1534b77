package com.example.txndr.lambda.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.internal.Json;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/** The outcome counts of failures that escape the processor and the handler answers itself. */
class ApiHandlerMetricsTest {
  private static final String BODY = "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"alice\",\"amount\":\"1.00\","
      + "\"currency\":\"USD\"}";

  private final List<String> lines = new ArrayList<>();

  /** A handler whose every DynamoDB call throws {@code failure}. */
  private ApiHandler failingWith(RuntimeException failure) {
    DynamoDbClient client = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
        new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
          if (method.getName().equals("close") || method.getName().equals("serviceName")) {
            return null;
          }
          throw failure;
        });
    return new ApiHandler(Config.fromEnvironment(Map.of("TABLE_NAME", "t", "AWS_REGION", "us-east-1",
        "PRIMARY_REGION", "us-east-1", "SECONDARY_REGION", "us-west-2", "METRICS_SERVICE", "txn-dr-prod")),
        client, Platform.system(), lines::add);
  }

  private Map<String, Object> post(ApiHandler handler, int expectedStatus) throws Exception {
    ApiResponse response = handler.handle(new ApiRequest("POST", "/transactions",
        Map.of("Idempotency-Key", "k1"), BODY, BODY.getBytes(StandardCharsets.UTF_8).length));
    assertThat(response.status()).isEqualTo(expectedStatus);
    assertThat(lines).hasSize(1);
    Map<String, Object> line = Json.parseObject(lines.get(0));
    assertThat(line).containsEntry("Service", "txn-dr-prod").containsKey("TransferLatency");
    return line;
  }

  @Test
  void anUnexpectedExceptionCountsServerErrors() throws Exception {
    Map<String, Object> line = post(failingWith(new IllegalStateException("bug")), 500);

    assertThat(line).containsEntry("ServerErrors", BigDecimal.ONE).doesNotContainKey("TransfersThrottled");
  }

  @Test
  void anUnexpectedFailureOfAReadSaysToRetryTheReadWithoutAKey() {
    ApiResponse response = failingWith(new IllegalStateException("bug"))
        .handle(new ApiRequest("GET", "/accounts/alice", Map.of(), null, 0));

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.body()).contains("\"message\":\"Unexpected failure; retry the request\"")
        .doesNotContain("Idempotency-Key");
    assertThat(lines).isEmpty();
  }

  @Test
  void aThrottledReadCountsTransfersThrottled() throws Exception {
    Map<String, Object> line = post(failingWith(ProvisionedThroughputExceededException.builder().message("slow down")
        .statusCode(400).build()), 503);

    assertThat(line).containsEntry("TransfersThrottled", BigDecimal.ONE).doesNotContainKey("ServerErrors");
  }

  @Test
  void anSdkFailureThatIsNotThrottlingCountsServerErrorsThoughAnswered503() throws Exception {
    Map<String, Object> line = post(failingWith(DynamoDbException.builder().message("denied").statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).build()), 503);

    assertThat(line).containsEntry("ServerErrors", BigDecimal.ONE).doesNotContainKey("TransfersThrottled");
  }
}
