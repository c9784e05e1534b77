package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan names what the drill will touch and wait for, from the targets and settings given. */
class DrillPlanTest {
  @TempDir
  Path dir;

  private final FakeWorld world = new FakeWorld();

  private String plan(DrillSettings settings) {
    return DrillPlan.describe(world.targets(), settings, dir.resolve("drill-result-x.json"));
  }

  @Test
  void itNamesTheStackRegionsHealthCheckAlarmAndFailoverName() {
    String plan = plan(DrillSettings.defaults(dir));

    assertThat(plan).startsWith("The drill will, on stack txn-dr-prod (primary us-east-1, secondary us-west-2):")
        .contains("holding the lease (txn-dr-prod-control)",
            "alarm txn-dr-prod-primary-region-unhealthy not in ALARM",
            "invert the primary's Route 53 health check hc-primary (UpdateHealthCheck Inverted=true)",
            "a canary write acknowledged through the failover name api.dr.example.com by us-west-2",
            "deposits 0.01 USD into canary-us-east-1")
        .endsWith("Run again with --yes to start it.");
  }

  @Test
  void itStatesTheThresholdTimeoutAndRecordFileInForce() {
    DrillSettings defaults = DrillSettings.defaults(dir);
    DrillSettings settings = new DrillSettings(Duration.ofMinutes(7), defaults.poll(), defaults.rpoPoll(),
        Duration.ofSeconds(45), dir, defaults.restoreTimeout());

    assertThat(plan(settings)).contains("under 45.0s", "Each phase times out after 7m00.0s.",
        "write " + dir.resolve("drill-result-x.json") + ".");
  }

  @Test
  void describingThePlanTouchesNothing() {
    world.log.clear();

    plan(DrillSettings.defaults(dir));

    assertThat(world.log).isEmpty();
  }
}
