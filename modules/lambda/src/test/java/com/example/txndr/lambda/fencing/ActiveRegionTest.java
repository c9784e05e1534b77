package com.example.txndr.lambda.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActiveRegionTest {
  @Test
  void onlyTheActiveRegionMayWrite() {
    ActiveRegion active = new ActiveRegion("us-east-1", 4);

    assertThat(active.isWritableBy("us-east-1")).isTrue();
    assertThat(active.isWritableBy("us-west-2")).isFalse();
  }

  @Test
  void promotionRaisesTheEpoch() {
    assertThat(new ActiveRegion("us-east-1", 4).promote("us-west-2")).isEqualTo(new ActiveRegion("us-west-2", 5));
  }

  @Test
  void promotingBackStillRaisesTheEpoch() {
    ActiveRegion roundTrip = new ActiveRegion("us-east-1", 1).promote("us-west-2").promote("us-east-1");

    assertThat(roundTrip).isEqualTo(new ActiveRegion("us-east-1", 3)).isNotEqualTo(new ActiveRegion("us-east-1", 1));
  }

  @Test
  void withoutAControlItemThePrimaryIsAssumedActiveAtEpochZero() {
    assertThat(ActiveRegion.assumed("us-east-1")).isEqualTo(new ActiveRegion("us-east-1", 0));
  }

  @Test
  void activeRegionIsHealthy() {
    assertThat(new ActiveRegion("us-east-1", 1).healthProblem("us-east-1", "us-east-1")).isNull();
  }

  @Test
  void standbySecondaryIsHealthy() {
    assertThat(new ActiveRegion("us-east-1", 1).healthProblem("us-west-2", "us-east-1")).isNull();
  }

  @Test
  void demotedPrimaryIsUnhealthy() {
    assertThat(new ActiveRegion("us-west-2", 2).healthProblem("us-east-1", "us-east-1")).isEqualTo(
        "this primary region was demoted: us-west-2 is active (epoch 2); it stays unhealthy, out of DNS, until it"
            + " is promoted back");
  }
}
