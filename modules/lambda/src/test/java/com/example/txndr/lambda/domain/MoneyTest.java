package com.example.txndr.lambda.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static com.example.txndr.lambda.domain.TradableCurrency.JPY;
import static com.example.txndr.lambda.domain.TradableCurrency.KWD;
import static com.example.txndr.lambda.domain.TradableCurrency.USD;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {
  @Test
  void amountIsScaledToTheCurrencysFractionDigits() throws Exception {
    assertThat(Money.parseAmount("10.5", USD).toPlainString()).isEqualTo("10.50");
    assertThat(Money.parseAmount("7", KWD).toPlainString()).isEqualTo("7.000");
    assertThat(Money.parseAmount("700", JPY).toPlainString()).isEqualTo("700");
  }

  @Test
  void moreFractionDigitsThanTheCurrencyAllowsAreRejected() {
    assertThatThrownBy(() -> Money.parseAmount("1.001", USD))
        .isInstanceOf(ValidationException.class)
        .hasMessage("amount 1.001 has 3 fraction digits; USD allows at most 2");
  }

  @Test
  void trailingZerosBeyondTheCurrencyDigitsAreRejectedToo() {
    assertThatThrownBy(() -> Money.parseAmount("1.500", USD))
        .hasMessage("amount 1.500 has 3 fraction digits; USD allows at most 2");
  }

  @Test
  void currencyWithoutMinorUnitRejectsAnyFraction() {
    assertThatThrownBy(() -> Money.parseAmount("100.5", JPY))
        .hasMessage("amount 100.5 has 1 fraction digits; JPY allows at most 0");
  }

  @Test
  void zeroIsRejected() {
    assertThatThrownBy(() -> Money.parseAmount("0.00", USD)).hasMessage("amount must be greater than zero: got 0.00");
  }

  @Test
  void signsExponentsAndSpacesAreRejected() {
    for (String text : new String[] {"-1", "+1", "1e3", " 1", "1.", ".5", "01", "1,00", "NaN", ""}) {
      assertThatThrownBy(() -> Money.parseAmount(text, USD))
          .as(text)
          .hasMessage("amount must be a plain decimal string such as \"10.50\" (digits and an optional decimal"
              + " point; no sign, exponent or spaces): got \"" + text + "\"");
    }
  }

  @Test
  void amountAboveTheCurrencysMaximumIsRejected() {
    assertThatThrownBy(() -> Money.parseAmount("1000000000.01", USD))
        .hasMessage("amount must not exceed 10000000 USD: got 1000000000.01");
  }

  @Test
  void theCurrencysMaximumAmountIsAccepted() throws Exception {
    assertThat(Money.parseAmount("10000000.00", USD).amount()).isEqualByComparingTo("10000000");
  }

  @Test
  void theMaximumIsThatOfTheCurrency() throws Exception {
    assertThat(Money.parseAmount("1500000000", JPY).toString()).isEqualTo("1500000000 JPY");
    assertThatThrownBy(() -> Money.parseAmount("3000000.001", KWD))
        .hasMessage("amount must not exceed 3000000 KWD: got 3000000.001");
  }

  @Test
  void storedNumbersWithoutTrailingZerosAreRescaled() {
    assertThat(Money.of(new BigDecimal("10.5"), USD).toPlainString()).isEqualTo("10.50");
    assertThat(Money.of(new BigDecimal("1E+3"), KWD).toPlainString()).isEqualTo("1000.000");
  }

  @Test
  void storedZerosBeyondThePinnedDigitsAreDroppedExactly() {
    assertThat(Money.stored(new BigDecimal("10.5000"), "USD").toPlainString()).isEqualTo("10.50");
  }

  @Test
  void aStoredAmountWithMoreDigitsThanPinnedIsNotRounded() {
    assertThatThrownBy(() -> Money.stored(new BigDecimal("100.5"), "JPY"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("A stored JPY amount has 1 fraction digits; JPY is pinned to 0 (TradableCurrency). It is not"
            + " rounded: the stored item or the currency table is wrong");
  }

  @Test
  void aStoredNegativeBalanceIsReadAndIsNegative() {
    Money overdrawn = Money.stored(new BigDecimal("-60"), "USD");

    assertThat(overdrawn.toPlainString()).isEqualTo("-60.00");
    assertThat(overdrawn.isNegative()).isTrue();
    assertThat(Money.stored(new BigDecimal("0"), "USD").isNegative()).isFalse();
    assertThat(Money.stored(new BigDecimal("0.01"), "USD").isNegative()).isFalse();
  }

  @Test
  void equalAmountsAreEqualWhateverTheirScaleAndOthersAreNot() throws Exception {
    Money stored = Money.of(new BigDecimal("10.5"), USD);
    Money parsed = Money.parseAmount("10.50", USD);

    assertThat(stored).isEqualTo(parsed).hasSameHashCodeAs(parsed);
    assertThat(stored).isNotEqualTo(Money.parseAmount("10.51", USD));
    assertThat(Money.parseAmount("10", JPY)).isNotEqualTo(Money.parseAmount("10", USD));
    assertThat(stored).isNotEqualTo("10.50 USD");
  }

  @Test
  void differentAmountsHashApart() throws Exception {
    assertThat(Money.parseAmount("1", USD).hashCode()).isNotEqualTo(Money.parseAmount("2", USD).hashCode());
  }
}
