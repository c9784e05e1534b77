package com.example.txndr.lambda.domain;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The currencies the API accepts, pinned here rather than taken from {@link java.util.Currency},
 * whose data changes with the JDK the Lambda runtime ships (and which accepts obsolete, fund and
 * unit-of-account codes such as DEM, USN and CLF). Each has its ISO 4217 code, its ISO 4217 minor
 * unit (the fraction digits of every amount, requested and stored) and the largest amount of one
 * transaction.
 *
 * <p>The limits are a product decision, to be reviewed with the business: each is a round figure
 * of about 10 million US dollars at the rates of late 2025 (EUR 1.16, GBP 1.33, CHF 1.25, CAD
 * 0.72, AUD 0.65, KWD 3.26 USD; 150 JPY to the dollar). They are not converted at run time.
 *
 * <p>Stored amounts are read with these minor units: a code leaves this table only once no stored
 * item carries it, and a minor unit never changes (either would make stored amounts unreadable,
 * by design: {@link Money#stored}).
 */
public enum TradableCurrency {
  AUD(2, "15000000"),
  CAD(2, "14000000"),
  CHF(2, "8000000"),
  EUR(2, "9000000"),
  GBP(2, "7500000"),
  JPY(0, "1500000000"),
  KWD(3, "3000000"),
  USD(2, "10000000");

  private static final Pattern CODE = Pattern.compile("[A-Z]{3}");
  private static final String ACCEPTED = accepted();

  private final int minorUnits;
  private final BigDecimal maxTransactionAmount;

  TradableCurrency(int minorUnits, String maxTransactionAmount) {
    this.minorUnits = minorUnits;
    this.maxTransactionAmount = new BigDecimal(maxTransactionAmount);
  }

  /** The ISO 4217 code, e.g. {@code "USD"}. */
  public String code() {
    return name();
  }

  /** The number of fraction digits of every amount: USD 2, JPY 0, KWD 3. */
  public int minorUnits() {
    return minorUnits;
  }

  /** The largest amount of one transaction, in major units. */
  public BigDecimal maxTransactionAmount() {
    return maxTransactionAmount;
  }

  /** The currency a request names; any other code is refused with the list of accepted ones. */
  public static TradableCurrency of(String code) throws ValidationException {
    if (code == null || !CODE.matcher(code).matches()) {
      throw ValidationException.invalid(
          "currency must be an ISO 4217 code of three uppercase letters, such as \"USD\": got " + Money.quote(code));
    }
    TradableCurrency currency = lookUp(code);
    if (currency == null) {
      throw ValidationException.invalid("currency " + code + " is not accepted: the accepted currencies are " + ACCEPTED);
    }
    return currency;
  }

  /**
   * The currency of a stored item (or of a key the code made from one).
   *
   * @throws IllegalStateException if the code is not in this table: stored amounts are never
   *     read under guessed rules
   */
  public static TradableCurrency stored(String code) {
    TradableCurrency currency = code == null ? null : lookUp(code);
    if (currency == null) {
      throw new IllegalStateException("A stored amount is in " + code + ", which is not in the pinned currency table"
          + " (TradableCurrency): put it back in the table or migrate the stored items; stored amounts are never read"
          + " under guessed rules");
    }
    return currency;
  }

  private static TradableCurrency lookUp(String code) {
    for (TradableCurrency currency : values()) {
      if (currency.name().equals(code)) {
        return currency;
      }
    }
    return null;
  }

  /** "AUD, CAD, ... and USD". */
  private static String accepted() {
    String[] codes = Arrays.stream(values()).map(TradableCurrency::name).sorted().toArray(String[]::new);
    return Arrays.stream(codes, 0, codes.length - 1).collect(Collectors.joining(", ")) + " and " + codes[codes.length - 1];
  }
}
