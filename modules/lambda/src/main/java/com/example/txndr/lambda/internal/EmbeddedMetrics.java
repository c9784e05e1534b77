package com.example.txndr.lambda.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One log line in the CloudWatch embedded metric format (EMF): CloudWatch Logs extracts the
 * metrics from it, so a function publishes metrics by printing, with no {@code PutMetricData}
 * call on the request path. The line is a JSON object whose {@code _aws} member holds the
 * {@code Timestamp} (milliseconds since the epoch) and one {@code CloudWatchMetrics} directive
 * (the namespace, one dimension set naming every dimension, and each metric's name and unit);
 * the dimensions' values and the metrics' values are the object's top-level members.
 *
 * <p>Written directly (a few lines of JSON through {@link Json}) rather than with Powertools for
 * AWS Lambda's metrics module, which adds about 275 ms to a cold start (jackson-databind and the
 * EMF library) and its own default dimensions (docs/measurements/README.md, "Metrics: Powertools
 * or direct EMF").
 */
public final class EmbeddedMetrics {
  /** Units this code publishes (the EMF names of CloudWatch's {@code StandardUnit}). */
  public static final String COUNT = "Count";
  public static final String MILLISECONDS = "Milliseconds";

  /** One metric value of a line. */
  public record Metric(String name, String unit, long value) {}

  private EmbeddedMetrics() {}

  /**
   * The EMF line for {@code metrics} in {@code namespace}, with {@code dimensions} (in their
   * order) as one dimension set, observed at {@code timestampMillis}.
   */
  public static String line(String namespace, Map<String, String> dimensions, List<Metric> metrics,
      long timestampMillis) {
    if (metrics.isEmpty()) {
      throw new IllegalArgumentException("An embedded-metric line needs at least one metric");
    }
    List<Map<String, Object>> definitions = new ArrayList<>();
    for (Metric metric : metrics) {
      if (dimensions.containsKey(metric.name())) {
        throw new IllegalArgumentException("Metric " + metric.name() + " has the name of a dimension");
      }
      Map<String, Object> definition = new LinkedHashMap<>();
      definition.put("Name", metric.name());
      definition.put("Unit", metric.unit());
      definitions.add(definition);
    }
    Map<String, Object> directive = new LinkedHashMap<>();
    directive.put("Namespace", namespace);
    directive.put("Dimensions", List.of(List.copyOf(dimensions.keySet())));
    directive.put("Metrics", definitions);
    Map<String, Object> aws = new LinkedHashMap<>();
    aws.put("Timestamp", timestampMillis);
    aws.put("CloudWatchMetrics", List.of(directive));
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("_aws", aws);
    line.putAll(dimensions);
    for (Metric metric : metrics) {
      line.put(metric.name(), metric.value());
    }
    return Json.write(line);
  }
}
