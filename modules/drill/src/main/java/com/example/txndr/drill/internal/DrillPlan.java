package com.example.txndr.drill.internal;

import java.nio.file.Path;

/** What a drill will do, in words: printed instead of running it when {@code --yes} is missing. */
final class DrillPlan {
  private DrillPlan() {}

  /** The plan for a drill on {@code targets}, with {@code settings}, writing {@code recordFile}. */
  static String describe(Targets targets, DrillSettings settings, Path recordFile) {
    String primary = targets.primaryRegion();
    String secondary = targets.secondaryRegion();
    return String.join("\n",
        "The drill will, on " + (targets.stackName() == null ? "the given deployment" : "stack " + targets.stackName())
            + " (primary " + primary + ", secondary " + secondary + "):",
        "  1. preflight: both /health 200, both Route 53 checks healthy and not inverted, " + primary
            + " holding the lease (" + targets.controlTableName() + ") and writable on every fence shard, " + secondary
            + " not writable, both keepers' heartbeats fresh in the arbiter, replication (latency, and " + primary
            + "'s heartbeat in " + secondary + "'s replica) under " + Durations.format(settings.maxReplicationLatency())
            + ", the failover record answering " + primary + ", alarm " + targets.primaryUnhealthyAlarmName()
            + " not in ALARM;",
        "  2. RPO probe: commit a canary (POST /canary: the processor deposits " + Canary.AMOUNT + " "
            + Canary.CURRENCY + " into " + Canary.accountOf(primary) + ") in " + primary + " and time until it is"
            + " readable in " + secondary + ";",
        "  3. fault injection: invert the primary's Route 53 health check " + targets.healthCheckId(primary)
            + " (UpdateHealthCheck Inverted=true);",
        "  4. wait for: Route 53 to report it unhealthy, the alarm, the orchestrator's hand-over request (the lease"
            + " draining to " + secondary + "), the drain completed (" + secondary + " holding the next epoch), the"
            + " primary's /health 503 (then the inversion is removed), the failover record answering " + secondary
            + ", and a canary write acknowledged through the failover name " + targets.failoverRecordName() + " by "
            + secondary + " (the RTO: from the fault injection to this acknowledgement);",
        "  5. fail back: a hand-over to " + primary + " (LeaseOperations.handover), wait until " + primary
            + " holds the next epoch, is healthy in its API and Route 53, the failover record answers " + primary
            + ", and a canary write is acknowledged through the failover name by " + primary + ";",
        "  always restore (also on Ctrl-C): health check not inverted; the drill's own change of the lease undone"
            + " (its hand-over aborted, or the lease handed back to " + primary + ");",
        "  write " + recordFile + ". Each phase times out after " + Durations.format(settings.phaseTimeout()) + ".",
        "Run again with --yes to start it.");
  }
}
