package com.example.txndr.lambda.bench;

import com.example.txndr.lambda.internal.EmbeddedMetrics;
import java.util.List;
import java.util.Map;

/**
 * One-off harness for the cold-start cost of metrics: in a fresh JVM, prints one embedded-metric
 * line and exits. {@code direct}: the functions' own writer ({@code internal.EmbeddedMetrics}, a
 * line through jackson-core); {@code powertools}: Powertools for AWS Lambda (Java) 2.9.0's metrics
 * ({@code MetricsFactory.getMetricsInstance()}, namespace, dimension, one count, {@code flush()});
 * {@code none}: the JVM start and this class alone (the floor). Timed from outside, whole process
 * (docs/measurements/README.md, "Metrics: Powertools or direct EMF"). Powertools is reached by
 * reflection so that the default build compiles this class without it; the bench profile puts it
 * on the class path. Reflection's own cost (a few lookups) is far below the class loading measured.
 */
public final class MetricsColdStart {
  private MetricsColdStart() {}

  public static void main(String[] args) throws Exception {
    switch (args.length == 0 ? "" : args[0]) {
      case "none" -> System.out.println("{}");
      case "direct" -> System.out.println(EmbeddedMetrics.line("TransactionDr/Api", Map.of("Service", "bench"),
          List.of(new EmbeddedMetrics.Metric("TransfersCommitted", EmbeddedMetrics.COUNT, 1)),
          System.currentTimeMillis()));
      case "powertools" -> powertools();
      default -> throw new IllegalArgumentException("usage: MetricsColdStart none|direct|powertools");
    }
  }

  private static void powertools() throws Exception {
    Class<?> factory = Class.forName("software.amazon.lambda.powertools.metrics.MetricsFactory");
    Class<?> metricsType = Class.forName("software.amazon.lambda.powertools.metrics.Metrics");
    Class<?> unitType = Class.forName("software.amazon.lambda.powertools.metrics.model.MetricUnit");
    Object metrics = factory.getMethod("getMetricsInstance").invoke(null);
    metricsType.getMethod("setNamespace", String.class).invoke(metrics, "TransactionDr/Api");
    metricsType.getMethod("addDimension", String.class, String.class).invoke(metrics, "Service", "bench");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object count = Enum.valueOf((Class) unitType, "COUNT");
    metricsType.getMethod("addMetric", String.class, double.class, unitType).invoke(metrics, "TransfersCommitted",
        1.0, count);
    metricsType.getMethod("flush").invoke(metrics);
  }
}
