package com.example.txndr.lambda.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlViewTest {
  private static final ActiveRegion EAST_1 = new ActiveRegion("us-east-1", 1);
  private static final ActiveRegion WEST_2 = new ActiveRegion("us-west-2", 2);

  @Test
  void identicalShardsAgree() {
    assertThat(ControlView.of(List.of(EAST_1, EAST_1, EAST_1)).agree()).isTrue();
  }

  @Test
  void shardsWithDifferentStatesDisagree() {
    assertThat(ControlView.of(List.of(EAST_1, WEST_2, EAST_1)).agree()).isFalse();
  }

  @Test
  void missingShardMeansDisagreement() {
    assertThat(ControlView.of(Arrays.asList(EAST_1, null)).agree()).isFalse();
  }

  @Test
  void latestIsTheStateWithTheHighestEpoch() {
    assertThat(ControlView.of(Arrays.asList(EAST_1, null, WEST_2, EAST_1)).latest()).contains(WEST_2);
  }

  @Test
  void tieBetweenRegionsIsBrokenByTheLowestShard() {
    ActiveRegion east2 = new ActiveRegion("us-east-1", 2);

    assertThat(ControlView.of(List.of(WEST_2, east2)).latest()).contains(WEST_2);
  }

  @Test
  void viewWithoutShardsHasNoLatestState() {
    assertThat(ControlView.of(Arrays.asList(null, null)).latest()).isEmpty();
  }

  @Test
  void missingShardsAreListed() {
    assertThat(ControlView.of(Arrays.asList(null, EAST_1, null)).missing()).containsExactly(0, 2);
  }

  @Test
  void shardsAreGroupedByState() {
    assertThat(ControlView.of(List.of(EAST_1, WEST_2, EAST_1)).shardsByState())
        .containsExactly(Map.entry("us-east-1 (epoch 1)", List.of(0, 2)), Map.entry("us-west-2 (epoch 2)", List.of(1)));
  }

  @Test
  void agreementHasNoDisagreementText() {
    assertThat(ControlView.of(List.of(EAST_1, EAST_1)).disagreement()).isNull();
  }

  @Test
  void disagreementNamesEveryStateAndTheMissingShards() {
    assertThat(ControlView.of(Arrays.asList(EAST_1, WEST_2, null)).disagreement()).isEqualTo(
        "the 3 control shards disagree: us-east-1 (epoch 1) on shards [0]; us-west-2 (epoch 2) on shards [1];"
            + " missing shards [2]");
  }

  @Test
  void viewNeedsAtLeastOneShard() {
    assertThatThrownBy(() -> ControlView.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A control view needs at least one shard");
  }
}
