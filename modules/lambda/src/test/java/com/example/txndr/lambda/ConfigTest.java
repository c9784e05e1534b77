package com.example.txndr.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  private static Config with(String name, String value) {
    return Config.fromEnvironment(Map.of(name, value));
  }

  @Test
  void fenceShardsDefaultToSixtyFour() {
    assertThat(Config.fromEnvironment(Map.of()).fenceShards()).isEqualTo(64);
  }

  @Test
  void fenceShardsAcceptTheirMaximum() {
    assertThat(with(Config.FENCE_SHARDS, "256").fenceShards()).isEqualTo(256);
  }

  @Test
  void fenceShardsAboveTheMaximumAreRejected() {
    assertThatThrownBy(() -> with(Config.FENCE_SHARDS, "257").fenceShards())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("FENCE_SHARDS must be from 1 to 256: got 257");
  }

  @Test
  void nonNumericFenceShardsAreRejected() {
    assertThatThrownBy(() -> with(Config.FENCE_SHARDS, "sixteen").fenceShards())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("FENCE_SHARDS must be a positive integer: got \"sixteen\"");
  }

  @Test
  void leaseTimingDefaultsToThirtySecondsRenewedEveryFive() {
    Config config = Config.fromEnvironment(Map.of());
    assertThat(config.leaseTiming().lease()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.leaseTiming().renewEvery()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.leaseTiming().maxClockError()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void commitBoundIsTheDynamoDbCallTimeout() {
    assertThat(Config.fromEnvironment(Map.of()).leaseTiming().commitBound()).isEqualTo(Config.dynamoDbCallTimeout())
        .isEqualTo(Duration.ofMillis(2900));
  }

  @Test
  void leaseSettingsThatDoNotFitTogetherAreRejectedNamingTheVariables() {
    assertThatThrownBy(() -> with(Config.LEASE_SECONDS, "10").leaseTiming())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The lease settings (LEASE_SECONDS, LEASE_RENEW_SECONDS, MAX_CLOCK_ERROR_MILLIS,"
            + " HEARTBEAT_STALE_SECONDS) do not fit together: The lease (10000 ms) must be at least 3 renewal"
            + " intervals (5000 ms each), so that one late renewal does not stop writes");
  }

  @Test
  void automaticTakeoverIsOnUnlessSetToFalse() {
    assertThat(Config.fromEnvironment(Map.of()).autoTakeover()).isTrue();
    assertThat(with(Config.AUTO_TAKEOVER, "false").autoTakeover()).isFalse();
  }

  @Test
  void automaticTakeoverRejectsOtherValues() {
    assertThatThrownBy(() -> with(Config.AUTO_TAKEOVER, "no").autoTakeover())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("AUTO_TAKEOVER must be true or false: got \"no\"");
  }

  @Test
  void peerOfThePrimaryIsTheSecondary() {
    Config config = Config.fromEnvironment(Map.of(
        Config.AWS_REGION, "us-east-1", Config.PRIMARY_REGION, "us-east-1", Config.SECONDARY_REGION, "us-west-2"));

    assertThat(config.peerRegion()).isEqualTo("us-west-2");
  }

  @Test
  void metricsServiceIsTheEnvironmentsOrLocal() {
    assertThat(with(Config.METRICS_SERVICE, "txn-dr-prod").metricsService()).isEqualTo("txn-dr-prod");
    assertThat(Config.fromEnvironment(Map.of()).metricsService()).isEqualTo("local");
    assertThat(with(Config.METRICS_SERVICE, " ").metricsService()).isEqualTo("local");
  }
}
