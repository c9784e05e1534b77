package com.example.txndr.lambda.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount in one ISO 4217 currency, exact: a {@link BigDecimal} at the currency's number of
 * fraction digits ({@link Currency#getDefaultFractionDigits()}: USD 2, JPY 0, KWD 3). Never a
 * binary floating-point number.
 */
public final class Money implements Comparable<Money> {
  /** Largest amount of one transaction, in major units of any currency. */
  public static final BigDecimal MAX_TRANSACTION_AMOUNT = new BigDecimal("1000000000");

  private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,29})(\\.[0-9]{1,30})?");
  private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

  private final BigDecimal amount;
  private final Currency currency;

  private Money(BigDecimal amount, Currency currency) {
    this.amount = amount;
    this.currency = currency;
  }

  /** The currency of an ISO 4217 code that has a minor unit (so not XAU, XXX, ...). */
  public static Currency currency(String code) throws ValidationException {
    if (code == null || !CURRENCY_CODE.matcher(code).matches()) {
      throw ValidationException.invalid(
          "currency must be an ISO 4217 code of three uppercase letters, such as \"USD\": got "
              + quote(code));
    }
    Currency currency;
    try {
      currency = Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw ValidationException.invalid("currency " + code + " is not an ISO 4217 currency");
    }
    if (currency.getDefaultFractionDigits() < 0) {
      throw ValidationException.invalid(
          "currency " + code + " has no minor unit (a metal or testing code) and cannot be transferred");
    }
    return currency;
  }

  /**
   * A positive transaction amount: a plain decimal string (digits, an optional point and
   * fraction; no sign, exponent or spaces), with at most the currency's fraction digits, not
   * above {@link #MAX_TRANSACTION_AMOUNT}.
   */
  public static Money parseAmount(String text, Currency currency) throws ValidationException {
    if (text == null || !DECIMAL.matcher(text).matches()) {
      throw ValidationException.invalid(
          "amount must be a plain decimal string such as \"10.50\" (digits and an optional"
              + " decimal point; no sign, exponent or spaces): got " + quote(text));
    }
    BigDecimal value = new BigDecimal(text);
    int digits = currency.getDefaultFractionDigits();
    if (value.scale() > digits) {
      throw ValidationException.invalid(
          "amount " + text + " has " + value.scale() + " fraction digits; "
              + currency.getCurrencyCode() + " allows at most " + digits);
    }
    if (value.signum() <= 0) {
      throw ValidationException.invalid("amount must be greater than zero: got " + text);
    }
    if (value.compareTo(MAX_TRANSACTION_AMOUNT) > 0) {
      throw ValidationException.invalid(
          "amount must not exceed " + MAX_TRANSACTION_AMOUNT.toPlainString() + " "
              + currency.getCurrencyCode() + ": got " + text);
    }
    return new Money(value.setScale(digits), currency);
  }

  /**
   * A stored amount (a balance may be zero or, in tests, negative), at the currency's scale.
   * DynamoDB returns numbers without trailing zeros ("10.5"); rescaling them is exact.
   *
   * @throws ArithmeticException if the amount has more fraction digits than the currency
   */
  public static Money of(BigDecimal amount, Currency currency) {
    return new Money(amount.setScale(currency.getDefaultFractionDigits()), currency);
  }

  public static Money zero(Currency currency) {
    return new Money(BigDecimal.ZERO.setScale(currency.getDefaultFractionDigits()), currency);
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.add(other.amount), currency);
  }

  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(amount.subtract(other.amount), currency);
  }

  public boolean isNegative() {
    return amount.signum() < 0;
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "Cannot combine " + currency.getCurrencyCode() + " and " + other.currency.getCurrencyCode());
    }
  }

  public BigDecimal amount() {
    return amount;
  }

  public Currency currency() {
    return currency;
  }

  public String currencyCode() {
    return currency.getCurrencyCode();
  }

  /** The amount as a plain decimal string at the currency's scale, e.g. {@code "10.50"}. */
  public String toPlainString() {
    return amount.toPlainString();
  }

  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return amount.compareTo(other.amount);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Money
        && ((Money) o).currency.equals(currency)
        && ((Money) o).amount.compareTo(amount) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(amount.stripTrailingZeros(), currency);
  }

  @Override
  public String toString() {
    return toPlainString() + " " + currencyCode();
  }

  static String quote(String text) {
    return text == null ? "nothing" : "\"" + text + "\"";
  }
}
