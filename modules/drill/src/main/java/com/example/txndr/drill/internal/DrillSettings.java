package com.example.txndr.drill.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a drill runs: the timeout of each phase, polling intervals, the preflight's replication
 * threshold, the canary account, where the record goes, and how long a restore may wait for
 * the alarm to settle.
 */
public record DrillSettings(
    Duration phaseTimeout,
    Duration poll,
    Duration rpoPoll,
    Duration maxReplicationLatency,
    String canaryAccount,
    Path outputDir,
    Duration restoreTimeout) {
  public static final Duration RTO_TARGET = Duration.ofMinutes(15);
  public static final Duration RPO_TARGET = Duration.ofMinutes(5);
  public static final String DEFAULT_CANARY_ACCOUNT = "drill-canary";

  public static DrillSettings defaults(Path outputDir) {
    return new DrillSettings(Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofMillis(500),
        Duration.ofSeconds(60), DEFAULT_CANARY_ACCOUNT, outputDir, Duration.ofMinutes(5));
  }
}
