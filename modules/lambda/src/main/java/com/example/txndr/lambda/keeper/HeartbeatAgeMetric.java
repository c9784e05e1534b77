package com.example.txndr.lambda.keeper;

import com.example.txndr.lambda.internal.EmbeddedMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replication heartbeat as a CloudWatch metric: the age of the peer's keeper heartbeat in
 * this region's replica, one log line in the CloudWatch embedded metric format per keeper tick.
 * The peer writes its heartbeat item every tick in its own region; the age seen here is the
 * replication delay from the peer plus at most one tick. So the age grows without bound when
 * replication from the peer stalls or the peer's keeper stops, even when DynamoDB's
 * {@code ReplicationLatency} publishes nothing (deploy review D10); the monitoring module's
 * {@code ReplicationHeartbeatAlarm} watches it.
 *
 * <p>Namespace {@value #NAMESPACE}, metric {@value #METRIC} in milliseconds, dimensions
 * {@code TableName} (the transactions table: one series per environment) and
 * {@code SendingRegion} (the peer). The monitoring template names the same five strings.
 */
public final class HeartbeatAgeMetric {
  public static final String NAMESPACE = "TransactionDr/Replication";
  public static final String METRIC = "PeerHeartbeatAge";

  private HeartbeatAgeMetric() {}

  /** The embedded-metric-format line for {@code ageMillis}, observed at {@code nowMillis}. */
  public static String line(String tableName, String peer, long ageMillis, long nowMillis) {
    if (ageMillis < 0) {
      throw new IllegalArgumentException("A heartbeat age cannot be negative: got " + ageMillis);
    }
    Map<String, String> dimensions = new LinkedHashMap<>();
    dimensions.put("TableName", tableName);
    dimensions.put("SendingRegion", peer);
    return EmbeddedMetrics.line(NAMESPACE, dimensions,
        List.of(new EmbeddedMetrics.Metric(METRIC, EmbeddedMetrics.MILLISECONDS, ageMillis)), nowMillis);
  }
}
