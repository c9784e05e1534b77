package com.example.txndr.drill.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a drill runs: the timeout of each phase, polling intervals, the preflight's replication
 * threshold, where the record goes, and how long a restore may wait for
 * the alarm to settle.
 */
public record DrillSettings(
    Duration phaseTimeout,
    Duration poll,
    Duration rpoPoll,
    Duration maxReplicationLatency,
    Path outputDir,
    Duration restoreTimeout) {
  public static final Duration RTO_TARGET = Duration.ofMinutes(15);
  public static final Duration RPO_TARGET = Duration.ofMinutes(5);

  public static DrillSettings defaults(Path outputDir) {
    return new DrillSettings(Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofMillis(500),
        Duration.ofSeconds(60), outputDir, Duration.ofMinutes(5));
  }
}
