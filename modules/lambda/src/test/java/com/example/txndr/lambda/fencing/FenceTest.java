package com.example.txndr.lambda.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FenceTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicInteger loads = new AtomicInteger();
  private final AtomicReference<ActiveRegion> stored = new AtomicReference<>(new ActiveRegion("us-east-1", 1));
  private final Fence fence = new Fence("us-east-1", () -> {
    loads.incrementAndGet();
    return stored.get();
  }, nanos::get, Duration.ofSeconds(1));

  @Test
  void nothingIsLoadedBeforeFirstUse() {
    assertThat(loads).hasValue(0);
  }

  @Test
  void freshValueIsServedFromTheCache() {
    fence.current();
    nanos.addAndGet(Duration.ofMillis(999).toNanos());

    fence.current();

    assertThat(loads).hasValue(1);
  }

  @Test
  void staleValueIsReloaded() {
    fence.current();
    stored.set(new ActiveRegion("us-west-2", 2));
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());

    assertThat(fence.current()).isEqualTo(new ActiveRegion("us-west-2", 2));
  }

  @Test
  void clockThatMovedBackwardsMakesTheCacheStale() {
    fence.current();
    nanos.addAndGet(-5);

    fence.current();

    assertThat(loads).hasValue(2);
  }

  @Test
  void activeRegionMayWrite() throws Exception {
    assertThat(fence.requireWritable()).isEqualTo(new ActiveRegion("us-east-1", 1));
  }

  @Test
  void otherRegionMayNotWrite() {
    stored.set(new ActiveRegion("us-west-2", 2));

    assertThatThrownBy(fence::requireWritable)
        .isInstanceOf(NotActiveRegionException.class)
        .hasMessage("This region (us-east-1) does not accept writes: us-west-2 is the active region (epoch 2)."
            + " Send writes to the active region; reads are served here.");
  }

  @Test
  void refreshBypassesTheCache() {
    fence.current();
    stored.set(new ActiveRegion("us-west-2", 2));

    assertThat(fence.refresh()).isEqualTo(new ActiveRegion("us-west-2", 2));
    assertThat(fence.current()).isEqualTo(new ActiveRegion("us-west-2", 2));
  }

  @Test
  void refreshFromAGivenShardIsCached() {
    fence.refresh(() -> new ActiveRegion("us-west-2", 3));

    assertThat(fence.current()).isEqualTo(new ActiveRegion("us-west-2", 3));
    assertThat(loads).hasValue(0);
  }
}
