package com.example.txndr.simulation.world;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.api.ApiResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
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
  }, network, SETTINGS, E, W, NO_PHASE);

  private static final Route53.Settings SETTINGS = new Route53.Settings(10_000, 3, 3, 60_000, 2_000);

  /** Phases of 0: checkers start on time, a first answer has the whole TTL. */
  private static final Random NO_PHASE = new Random() {
    private static final long serialVersionUID = 1L;

    @Override
    public long nextLong(long bound) {
      return 0;
    }
  };

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

  /** Seeded phases: the TTL left on each client's first answer spreads over the whole TTL. */
  @Test
  void firstAnswersOfSeededResolversHaveAnyPartOfTheTtlLeft() {
    Route53 seeded = new Route53(scheduler, (region, request) -> Optional.of(ApiResponse.json(status.get(region), "{}")),
        network, SETTINGS, E, W, new Random(7));
    seeded.start(0);
    scheduler.runUntil(1_000);
    for (int c = 0; c < 100; c++) {
      assertThat(seeded.resolve("client-" + c)).isEqualTo(E);
    }
    scheduler.at(2_000, () -> status.put(E, -1));
    scheduler.runUntil(40_000);
    assertThat(seeded.answer()).isEqualTo(W);
    long moved = java.util.stream.IntStream.range(0, 100).filter(c -> seeded.resolve("client-" + c).equals(W)).count();
    scheduler.runUntil(62_000);
    scheduler.stop();
    long movedByTtl = java.util.stream.IntStream.range(0, 100)
        .filter(c -> seeded.resolve("client-" + c).equals(W)).count();

    assertThat(moved).as("clients answered the secondary 39 s after their first answer (expected: 65 of 100)")
        .isBetween(45L, 85L);
    assertThat(movedByTtl).as("clients answered the secondary a TTL after their first answer").isEqualTo(100L);
  }
}
