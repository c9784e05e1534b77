package com.example.txndr.globaltable.internal;

import java.math.BigDecimal;

/**
 * DynamoDB numbers: exact decimals of at most 38 significant digits, magnitude between 1E-130 and
 * 9.9999999999999999999999999999999999999E+125, normalised (DynamoDB trims leading and trailing
 * zeros, so {@code "10.00"} is stored and returned as {@code "10"}).
 */
public final class Numbers {
  private static final BigDecimal MAX = new BigDecimal("9.9999999999999999999999999999999999999E+125");
  private static final BigDecimal MIN = new BigDecimal("1E-130");

  private Numbers() {
  }

  /** Parses a wire number, enforcing DynamoDB's limits. */
  public static BigDecimal parse(String text) {
    BigDecimal n;
    try {
      n = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw DynamoException.validation("A value provided cannot be converted into a number");
    }
    return checked(n);
  }

  /** The number itself if it is within DynamoDB's limits (used for arithmetic results too). */
  public static BigDecimal checked(BigDecimal n) {
    BigDecimal normal = normalise(n);
    if (normal.signum() == 0) {
      return normal;
    }
    if (normal.precision() > 38) {
      throw DynamoException.validation("Attempting to store more than 38 significant digits in a Number");
    }
    BigDecimal abs = normal.abs();
    if (abs.compareTo(MAX) > 0) {
      throw DynamoException.validation("Number overflow. Attempting to store a number with magnitude larger than supported range");
    }
    if (abs.compareTo(MIN) < 0) {
      throw DynamoException.validation("Number underflow. Attempting to store a number with magnitude smaller than supported range");
    }
    return normal;
  }

  static BigDecimal normalise(BigDecimal n) {
    return n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
  }

  /** The canonical wire form: plain notation, no trailing zeros ({@code "10"}, {@code "0.3"}, {@code "-70"}). */
  public static String format(BigDecimal n) {
    return n.toPlainString();
  }

  /** DynamoDB's documented size of a number: one byte per two significant digits, plus one. */
  static int size(BigDecimal n) {
    int digits = n.signum() == 0 ? 1 : n.precision();
    return (digits + 1) / 2 + 1;
  }
}
