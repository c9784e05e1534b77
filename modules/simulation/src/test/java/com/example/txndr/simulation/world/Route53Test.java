package com.example.txndr.simulation.world;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.api.ApiResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Route53Test {
  private static final String E = "us-east-1";
  private static final String W = "us-west-2";

  private final Scheduler scheduler = new Scheduler();
  private final Network network = new Network();
  private final Map<String, Integer> status = new HashMap<>(Map.of(E, 200, W, 200));
  private final Route53 route53 = new Route53(scheduler, (region, request) -> {
    scheduler.sleep(20);
    return status.get(region) < 0 ? Optional.empty() : Optional.of(ApiResponse.json(status.get(region), "{}"));
  }, network, new Route53.Settings(10_000, 3, 3, 60_000, 2_000), E, W);

  @Test
  void failoverRecordAnswersThePrimaryWhileItIsHealthy() {
    route53.start(0);
    scheduler.runUntil(60_000);
    scheduler.stop();
    assertThat(route53.answer()).isEqualTo(E);
  }

  @Test
  void primaryIsUnhealthyOnceEveryCheckerSawThreeFailuresAndThenDnsAnswersTheSecondary() {
    route53.start(0);
    scheduler.at(30_000, () -> status.put(E, 503));
    scheduler.runUntil(50_000);
    assertThat(route53.healthy(E)).isTrue();
    scheduler.runUntil(61_000);
    assertThat(route53.healthy(E)).isFalse();
    scheduler.runUntil(64_000);
    scheduler.stop();
    assertThat(route53.answer()).isEqualTo(W);
  }

  @Test
  void throttledHealthCheckCountsAsAFailure() {
    route53.start(0);
    scheduler.at(30_000, () -> network.setHealthThrottled(E, true));
    scheduler.runUntil(70_000);
    scheduler.stop();
    assertThat(route53.healthy(E)).isFalse();
  }

  @Test
  void resolverKeepsItsAnswerForTheTtl() {
    route53.start(0);
    scheduler.runUntil(1_000);
    assertThat(route53.resolve("client")).isEqualTo(E);
    scheduler.at(2_000, () -> status.put(E, -1));
    scheduler.runUntil(60_000);
    assertThat(route53.answer()).isEqualTo(W);
    assertThat(route53.resolve("client")).isEqualTo(E);
    scheduler.runUntil(61_001);
    scheduler.stop();
    assertThat(route53.resolve("client")).isEqualTo(W);
  }
}
