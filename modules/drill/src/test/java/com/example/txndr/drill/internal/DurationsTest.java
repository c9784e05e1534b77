package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void operatorFormsAreParsed() {
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("0.5s")).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void isoFormIsParsed() {
    assertThat(Durations.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void anythingElseIsRefusedWithTheFormsThatWork() {
    assertThatThrownBy(() -> Durations.parse("10 minutes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid duration \"10 minutes\": use for example 90s, 10m, 1h, 1m30s or PT10M");
  }

  @Test
  void durationsPrintInTenthsOfASecond() {
    assertThat(Durations.format(Duration.ofMillis(12_345))).isEqualTo("12.3s");
    assertThat(Durations.format(Duration.ofSeconds(125))).isEqualTo("2m05.0s");
    assertThat(Durations.format(Duration.ofMinutes(61))).isEqualTo("1h01m00.0s");
  }
}
