package com.example.txndr.lambda.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ControlShardsTest {
  private final ControlShards sixteen = ControlShards.of(16);

  @Test
  void shardIsTheCrc32OfTheIdempotencyKeyModuloTheShardCount() {
    // zlib.crc32(b"first-1") % 16 == 7, % 100 == 31: the same in every process and language.
    assertThat(sixteen.shardOf("first-1")).isEqualTo(7);
    assertThat(ControlShards.of(100).shardOf("first-1")).isEqualTo(31);
  }

  @Test
  void sameKeyAlwaysChecksTheSameShard() {
    assertThat(sixteen.shardOf("order-42")).isEqualTo(sixteen.shardOf("order-42")).isEqualTo(14);
  }

  @Test
  void sequentialKeysSpreadEvenlyOverEveryShard() {
    int[] counts = new int[16];
    IntStream.range(0, 16_000).forEach(i -> counts[sixteen.shardOf("key-" + i)]++);

    // 1,000 expected per shard: every shard within 10%.
    assertThat(IntStream.of(counts)).allSatisfy(count -> assertThat(count).isBetween(900, 1100));
  }

  @Test
  void oneShardTakesEveryKey() {
    assertThat(ControlShards.of(1).shardOf("anything")).isZero();
  }

  @Test
  void randomShardIsAlwaysInRange() {
    assertThat(IntStream.range(0, 1000).map(i -> sixteen.any())).allSatisfy(s -> assertThat(s).isBetween(0, 15));
  }

  @Test
  void moreThanOneHundredShardsAreRejected() {
    assertThatThrownBy(() -> ControlShards.of(101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The number of control shards must be from 1 to 100: got 101");
  }

  @Test
  void zeroShardsAreRejected() {
    assertThatThrownBy(() -> ControlShards.of(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The number of control shards must be from 1 to 100: got 0");
  }
}
