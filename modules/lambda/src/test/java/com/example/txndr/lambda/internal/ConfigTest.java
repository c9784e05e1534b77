package com.example.txndr.lambda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  private static Config withShards(String value) {
    return Config.fromEnvironment(Map.of(Config.CONTROL_SHARDS, value));
  }

  @Test
  void controlShardsDefaultToSixtyFour() {
    assertThat(Config.fromEnvironment(Map.of()).controlShards()).isEqualTo(64);
  }

  @Test
  void controlShardsAcceptOneHundred() {
    assertThat(withShards("100").controlShards()).isEqualTo(100);
  }

  @Test
  void controlShardsAcceptOne() {
    assertThat(withShards("1").controlShards()).isEqualTo(1);
  }

  @Test
  void controlShardsAboveOneHundredAreRejected() {
    assertThatThrownBy(() -> withShards("101").controlShards())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("CONTROL_SHARDS must be an integer from 1 to 100 (a promotion updates every shard in one"
            + " TransactWriteItems, at most 100 items): got \"101\"");
  }

  @Test
  void zeroControlShardsAreRejected() {
    assertThatThrownBy(() -> withShards("0").controlShards())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("CONTROL_SHARDS must be an integer from 1 to 100 (a promotion updates every shard in one"
            + " TransactWriteItems, at most 100 items): got \"0\"");
  }

  @Test
  void nonNumericControlShardsAreRejected() {
    assertThatThrownBy(() -> withShards("sixteen").controlShards())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("CONTROL_SHARDS must be an integer from 1 to 100 (a promotion updates every shard in one"
            + " TransactWriteItems, at most 100 items): got \"sixteen\"");
  }

  @Test
  void peerOfThePrimaryIsTheSecondary() {
    Config config = Config.fromEnvironment(Map.of(
        Config.AWS_REGION, "us-east-1", Config.PRIMARY_REGION, "us-east-1", Config.SECONDARY_REGION, "us-west-2"));

    assertThat(config.peerRegion()).isEqualTo("us-west-2");
  }
}
