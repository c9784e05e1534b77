package com.example.txndr.deploy.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How the report writes numbers and durations: exact, without trailing zeros. */
public final class Numbers {
  private static final BigDecimal SIXTY = BigDecimal.valueOf(60);
  private static final BigDecimal HOUR = BigDecimal.valueOf(3600);

  private Numbers() {}

  /** {@code 331.5} for 331.50, {@code 80000} for 8E+4. */
  public static String plain(BigDecimal value) {
    if (value == null) {
      return "?";
    }
    BigDecimal v = value.stripTrailingZeros();
    return (v.scale() < 0 ? v.setScale(0) : v).toPlainString();
  }

  /** {@code 80,000}: grouped thousands, for the summary. */
  public static String grouped(BigDecimal value) {
    String p = plain(value);
    int dot = p.indexOf('.');
    String whole = dot < 0 ? p : p.substring(0, dot);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % 3 == 0 && whole.charAt(i - 1) != '-') {
        out.append(',');
      }
      out.append(whole.charAt(i));
    }
    return dot < 0 ? out.toString() : out + p.substring(dot);
  }

  /** {@code 331 s (5 min 31 s)}; {@code 30 s}; {@code 7200 s (2 h)}. Seconds are exact. */
  public static String duration(BigDecimal seconds) {
    if (seconds == null) {
      return "?";
    }
    if (seconds.compareTo(SIXTY) < 0) {
      return plain(seconds) + " s";
    }
    return plain(seconds) + " s (" + clock(seconds) + ")";
  }

  /** {@code 5 min 31 s}, {@code 2 h}, {@code 1 h 5 min}; fractions of a second are kept. */
  public static String clock(BigDecimal seconds) {
    BigDecimal hours = seconds.divide(HOUR, 0, RoundingMode.DOWN);
    BigDecimal rest = seconds.subtract(hours.multiply(HOUR));
    BigDecimal minutes = rest.divide(SIXTY, 0, RoundingMode.DOWN);
    BigDecimal secs = rest.subtract(minutes.multiply(SIXTY));
    StringBuilder out = new StringBuilder();
    if (hours.signum() > 0) {
      out.append(plain(hours)).append(" h");
    }
    if (minutes.signum() > 0) {
      out.append(out.length() > 0 ? " " : "").append(plain(minutes)).append(" min");
    }
    if (secs.signum() > 0 || out.length() == 0) {
      out.append(out.length() > 0 ? " " : "").append(plain(secs)).append(" s");
    }
    return out.toString();
  }
}
