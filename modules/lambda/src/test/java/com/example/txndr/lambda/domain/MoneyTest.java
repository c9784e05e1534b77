package com.example.txndr.lambda.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {
  private static final Currency USD = Currency.getInstance("USD");
  private static final Currency JPY = Currency.getInstance("JPY");
  private static final Currency KWD = Currency.getInstance("KWD");

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
  void amountAboveTheMaximumIsRejected() {
    assertThatThrownBy(() -> Money.parseAmount("1000000000.01", USD))
        .hasMessage("amount must not exceed 1000000000 USD: got 1000000000.01");
  }

  @Test
  void maximumAmountIsAccepted() throws Exception {
    assertThat(Money.parseAmount("1000000000.00", USD).amount()).isEqualByComparingTo("1000000000");
  }

  @Test
  void lowercaseCurrencyIsRejected() {
    assertThatThrownBy(() -> Money.currency("usd")).hasMessage(
        "currency must be an ISO 4217 code of three uppercase letters, such as \"USD\": got \"usd\"");
  }

  @Test
  void unknownCurrencyIsRejected() {
    assertThatThrownBy(() -> Money.currency("ABC")).hasMessage("currency ABC is not an ISO 4217 currency");
  }

  @Test
  void currencyWithoutAMinorUnitDefinitionIsRejected() {
    assertThatThrownBy(() -> Money.currency("XAU")).hasMessage(
        "currency XAU has no minor unit (a metal or testing code) and cannot be transferred");
  }

  @Test
  void additionAndSubtractionAreExact() throws Exception {
    Money tenth = Money.parseAmount("0.10", USD);
    Money sum = Money.zero(USD);
    for (int i = 0; i < 10; i++) {
      sum = sum.plus(tenth);
    }

    assertThat(sum).isEqualTo(Money.parseAmount("1.00", USD));
    assertThat(sum.minus(Money.parseAmount("0.30", USD)).toPlainString()).isEqualTo("0.70");
  }

  @Test
  void subtractingMoreThanTheBalanceGoesNegative() throws Exception {
    Money balance = Money.parseAmount("5.00", USD);

    assertThat(balance.minus(Money.parseAmount("5.01", USD)).isNegative()).isTrue();
    assertThat(balance.minus(Money.parseAmount("5.00", USD)).isNegative()).isFalse();
  }

  @Test
  void mixingCurrenciesIsAnError() throws Exception {
    Money dollars = Money.parseAmount("1", USD);
    Money yen = Money.parseAmount("1", JPY);

    assertThatThrownBy(() -> dollars.plus(yen))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot combine USD and JPY");
  }

  @Test
  void storedNumbersWithoutTrailingZerosAreRescaled() {
    assertThat(Money.of(new BigDecimal("10.5"), USD).toPlainString()).isEqualTo("10.50");
  }
}
