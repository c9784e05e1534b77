package com.example.txndr.lambda.keeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.lambda.internal.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded metric format, as CloudWatch documents it: one directive naming the metric and its dimensions. */
class HeartbeatAgeMetricTest {
  @Test
  @SuppressWarnings("unchecked")
  void lineIsOneEmbeddedMetricWithTheTableAndThePeerAsDimensions() throws Exception {
    Map<String, Object> line = Json.parseObject(
        HeartbeatAgeMetric.line("txn-dr-prod-transactions", "us-east-1", 7_250, 1_700_000_000_000L));

    Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
    assertThat(aws.get("Timestamp")).isEqualTo(new BigDecimal(1_700_000_000_000L));
    Map<String, Object> directive = ((List<Map<String, Object>>) aws.get("CloudWatchMetrics")).get(0);
    assertThat(directive).containsEntry("Namespace", "TransactionDr/Replication")
        .containsEntry("Dimensions", List.of(List.of("TableName", "SendingRegion")))
        .containsEntry("Metrics", List.of(Map.of("Name", "PeerHeartbeatAge", "Unit", "Milliseconds")));
    assertThat(line).containsEntry("TableName", "txn-dr-prod-transactions")
        .containsEntry("SendingRegion", "us-east-1")
        .containsEntry("PeerHeartbeatAge", new BigDecimal(7_250));
  }

  @Test
  void aNegativeAgeIsABug() {
    assertThatThrownBy(() -> HeartbeatAgeMetric.line("t", "us-east-1", -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
