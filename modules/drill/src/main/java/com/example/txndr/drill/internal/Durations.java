package com.example.txndr.drill.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators type and read them: {@code 90s}, {@code 10m}, {@code 1h}, {@code 1m30s}. */
public final class Durations {
  private static final Pattern TEXT = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+(?:\\.\\d+)?)s)?");

  private Durations() {}

  /** Parses {@code 1h}, {@code 10m}, {@code 90s}, {@code 1m30s}, {@code 0.5s} or ISO-8601 ({@code PT10M}). */
  public static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.startsWith("pt")) {
      return Duration.parse(value.toUpperCase(Locale.ROOT));
    }
    Matcher matcher = TEXT.matcher(value);
    if (value.isEmpty() || !matcher.matches()) {
      throw new IllegalArgumentException(
          "Invalid duration \"" + text + "\": use for example 90s, 10m, 1h, 1m30s or PT10M");
    }
    Duration duration = Duration.ZERO;
    if (matcher.group(1) != null) {
      duration = duration.plusHours(Long.parseLong(matcher.group(1)));
    }
    if (matcher.group(2) != null) {
      duration = duration.plusMinutes(Long.parseLong(matcher.group(2)));
    }
    if (matcher.group(3) != null) {
      duration = duration.plusNanos(Math.round(Double.parseDouble(matcher.group(3)) * 1_000_000_000L));
    }
    return duration;
  }

  /** {@code 1m05.2s}, {@code 12.3s}, {@code 2h00m00.0s}: tenths of a second, for progress lines. */
  public static String format(Duration duration) {
    long tenths = Math.max(0, duration.toMillis()) / 100;
    long hours = tenths / 36_000;
    long minutes = tenths / 600 % 60;
    long seconds = tenths / 10 % 60;
    long tenth = tenths % 10;
    if (hours > 0) {
      return String.format(Locale.ROOT, "%dh%02dm%02d.%ds", hours, minutes, seconds, tenth);
    }
    if (minutes > 0) {
      return String.format(Locale.ROOT, "%dm%02d.%ds", minutes, seconds, tenth);
    }
    return String.format(Locale.ROOT, "%d.%ds", seconds, tenth);
  }

  /** Seconds with millisecond precision, for the JSON record. */
  public static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
