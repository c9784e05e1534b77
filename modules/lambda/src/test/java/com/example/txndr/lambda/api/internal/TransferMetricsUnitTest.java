package com.example.txndr.lambda.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.api.ErrorCodes;
import com.example.txndr.lambda.internal.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/** How an answer or a caught exception maps to one outcome count, and the line's format. */
class TransferMetricsUnitTest {
  private static ApiResponse error(int status, String code) {
    return ApiResponse.error(status, code, "m");
  }

  @Test
  void answersMapToTheirOutcome() {
    assertThat(TransferMetrics.outcomeOf(ApiResponse.json(201, "{}"))).isEqualTo(TransferMetrics.Outcome.COMMITTED);
    assertThat(TransferMetrics.outcomeOf(ApiResponse.json(201, "{}").withHeader("Idempotent-Replayed", "true")))
        .isEqualTo(TransferMetrics.Outcome.REPLAYED);
    assertThat(TransferMetrics.outcomeOf(error(422, ErrorCodes.INSUFFICIENT_FUNDS)))
        .isEqualTo(TransferMetrics.Outcome.DECLINED);
    assertThat(TransferMetrics.outcomeOf(error(503, ErrorCodes.NOT_ACTIVE_REGION)))
        .isEqualTo(TransferMetrics.Outcome.FENCED);
    assertThat(TransferMetrics.outcomeOf(error(409, ErrorCodes.TRANSACTION_CONFLICT)))
        .isEqualTo(TransferMetrics.Outcome.CONFLICTED);
    assertThat(TransferMetrics.outcomeOf(error(503, ErrorCodes.SERVICE_UNAVAILABLE)))
        .isEqualTo(TransferMetrics.Outcome.THROTTLED);
    assertThat(TransferMetrics.outcomeOf(error(500, ErrorCodes.INTERNAL_ERROR)))
        .isEqualTo(TransferMetrics.Outcome.SERVER_ERROR);
    assertThat(TransferMetrics.outcomeOf(ApiResponse.json(502, "not json")))
        .isEqualTo(TransferMetrics.Outcome.SERVER_ERROR);
  }

  @Test
  void otherClientErrorsHaveNoOutcome() {
    for (ApiResponse response : List.of(error(400, ErrorCodes.VALIDATION_FAILED),
        error(422, ErrorCodes.IDEMPOTENCY_KEY_REUSED), error(409, ErrorCodes.REQUEST_IN_PROGRESS),
        error(403, ErrorCodes.RESERVED_ACCOUNT), error(413, ErrorCodes.PAYLOAD_TOO_LARGE),
        error(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE))) {
      assertThat(TransferMetrics.outcomeOf(response)).as(response.toString()).isEqualTo(TransferMetrics.Outcome.NONE);
    }
  }

  @Test
  void sdkFailuresAreThrottledOnlyWhenThrottlingOrOutOfTime() {
    assertThat(TransferMetrics.outcomeOf(ProvisionedThroughputExceededException.builder().message("m")
        .statusCode(400).build())).isEqualTo(TransferMetrics.Outcome.THROTTLED);
    assertThat(TransferMetrics.outcomeOf(DynamoDbException.builder().message("m").statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build()))
        .isEqualTo(TransferMetrics.Outcome.THROTTLED);
    assertThat(TransferMetrics.outcomeOf(ApiCallTimeoutException.create(1000)))
        .isEqualTo(TransferMetrics.Outcome.THROTTLED);
    assertThat(TransferMetrics.outcomeOf(DynamoDbException.builder().message("m").statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").build()).build())).isEqualTo(TransferMetrics.Outcome.SERVER_ERROR);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theLineIsOneDirectiveWithTheCountAndTheLatency() throws Exception {
    Map<String, Object> line = Json.parseObject(TransferMetrics.line("txn-dr-prod",
        TransferMetrics.Outcome.CONFLICTED, 42, 1_700_000_000_000L));

    Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
    assertThat(aws).containsEntry("Timestamp", new BigDecimal(1_700_000_000_000L));
    assertThat((List<Object>) aws.get("CloudWatchMetrics")).containsExactly(Map.of(
        "Namespace", "TransactionDr/Api",
        "Dimensions", List.of(List.of("Service")),
        "Metrics", List.of(Map.of("Name", "TransfersConflicted", "Unit", "Count"),
            Map.of("Name", "TransferLatency", "Unit", "Milliseconds"))));
    assertThat(line).containsEntry("Service", "txn-dr-prod").containsEntry("TransfersConflicted", BigDecimal.ONE)
        .containsEntry("TransferLatency", new BigDecimal(42)).hasSize(4);
  }

  @Test
  void noOutcomeIsTheLatencyAlone() throws Exception {
    Map<String, Object> line = Json.parseObject(TransferMetrics.line("s", TransferMetrics.Outcome.NONE, 3, 0));

    assertThat(line.keySet()).containsExactly("_aws", "Service", "TransferLatency");
  }
}
