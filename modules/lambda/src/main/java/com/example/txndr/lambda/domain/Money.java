package com.example.txndr.lambda.domain;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount in one {@link TradableCurrency}, exact: a {@link BigDecimal} at the currency's pinned
 * minor units (USD 2, JPY 0, KWD 3). Never a binary floating-point number, never rounded.
 */
public final class Money {
  private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,29})(\\.[0-9]{1,30})?");

  private final BigDecimal amount;
  private final TradableCurrency currency;

  private Money(BigDecimal amount, TradableCurrency currency) {
    this.amount = amount;
    this.currency = currency;
  }

  /**
   * A positive transaction amount: a plain decimal string (digits, an optional point and
   * fraction; no sign, exponent or spaces), with at most the currency's minor units, not above
   * its {@link TradableCurrency#maxTransactionAmount()}.
   */
  public static Money parseAmount(String text, TradableCurrency currency) throws ValidationException {
    if (text == null || !DECIMAL.matcher(text).matches()) {
      throw ValidationException.invalid(
          "amount must be a plain decimal string such as \"10.50\" (digits and an optional"
              + " decimal point; no sign, exponent or spaces): got " + quote(text));
    }
    BigDecimal value = new BigDecimal(text);
    int digits = currency.minorUnits();
    if (value.scale() > digits) {
      throw ValidationException.invalid(
          "amount " + text + " has " + value.scale() + " fraction digits; "
              + currency.code() + " allows at most " + digits);
    }
    if (value.signum() <= 0) {
      throw ValidationException.invalid("amount must be greater than zero: got " + text);
    }
    if (value.compareTo(currency.maxTransactionAmount()) > 0) {
      throw ValidationException.invalid(
          "amount must not exceed " + currency.maxTransactionAmount().toPlainString() + " "
              + currency.code() + ": got " + text);
    }
    return new Money(value.setScale(digits), currency);
  }

  /**
   * A stored amount (a balance may be zero or, in tests, negative) in the currency of the stored
   * code, at its pinned minor units. DynamoDB returns numbers without trailing zeros ("10.5"),
   * which are padded exactly; an amount with more fraction digits than pinned is never rounded.
   *
   * @throws IllegalStateException if the code is not a {@link TradableCurrency}, or the amount has
   *     more (nonzero) fraction digits than the currency's minor units
   */
  public static Money stored(BigDecimal amount, String currencyCode) {
    return of(amount, TradableCurrency.stored(currencyCode));
  }

  /**
   * An amount at the currency's minor units, exactly: a stored one, or one the code derives from
   * others (a negated balance, the canary's deposit).
   *
   * @throws IllegalStateException if the amount has more (nonzero) fraction digits than the
   *     currency's minor units: it is not rounded
   */
  public static Money of(BigDecimal amount, TradableCurrency currency) {
    int digits = currency.minorUnits();
    int scale = amount.stripTrailingZeros().scale();
    if (scale > digits) {
      // Neither the account nor the amount: this message reaches the error logs.
      throw new IllegalStateException("A stored " + currency.code() + " amount has " + scale + " fraction digits; "
          + currency.code() + " is pinned to " + digits + " (TradableCurrency). It is not rounded: the stored item or"
          + " the currency table is wrong");
    }
    return new Money(amount.setScale(digits), currency);
  }

  public boolean isNegative() {
    return amount.signum() < 0;
  }

  public BigDecimal amount() {
    return amount;
  }

  public TradableCurrency currency() {
    return currency;
  }

  public String currencyCode() {
    return currency.code();
  }

  /** The amount as a plain decimal string at the currency's scale, e.g. {@code "10.50"}. */
  public String toPlainString() {
    return amount.toPlainString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Money
        && ((Money) o).currency == currency
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
