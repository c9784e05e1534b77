package com.example.txndr.deploy.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void durationsShowExactSecondsAndTheClockFromAMinuteOn() {
    assertThat(Numbers.duration(new BigDecimal("1.450"))).isEqualTo("1.45 s");
    assertThat(Numbers.duration(new BigDecimal("331.45"))).isEqualTo("331.45 s (5 min 31.45 s)");
    assertThat(Numbers.duration(BigDecimal.valueOf(900))).isEqualTo("900 s (15 min)");
    assertThat(Numbers.duration(BigDecimal.valueOf(90_000))).isEqualTo("90000 s (25 h)");
    assertThat(Numbers.duration(BigDecimal.valueOf(3_900))).isEqualTo("3900 s (1 h 5 min)");
  }

  @Test
  void plainNumbersHaveNoExponentAndNoTrailingZeros() {
    assertThat(Numbers.plain(new BigDecimal("8E+4"))).isEqualTo("80000");
    assertThat(Numbers.plain(new BigDecimal("14.80"))).isEqualTo("14.8");
    assertThat(Numbers.grouped(BigDecimal.valueOf(10_000))).isEqualTo("10,000");
    assertThat(Numbers.grouped(new BigDecimal("1234567.5"))).isEqualTo("1,234,567.5");
  }
}
