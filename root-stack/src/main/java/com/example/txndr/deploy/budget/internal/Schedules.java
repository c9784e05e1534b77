package com.example.txndr.deploy.budget.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The longest time between two runs of a schedule expression, in seconds: {@code rate(N unit)}
 * (EventBridge) and {@code cron(minutes hours day-of-month month day-of-week year)} (EventBridge,
 * AWS Backup) for expressions that fire every day (day-of-month and day-of-week {@code *} or
 * {@code ?}, month and year {@code *}). Anything else is not bounded here: empty.
 */
public final class Schedules {
  private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
  private static final Pattern CRON = Pattern.compile("cron\\(([^)]*)\\)");
  private static final int DAY_MINUTES = 24 * 60;

  private Schedules() {}

  /** The longest interval between runs, in seconds, or empty when the expression is not supported. */
  public static Optional<Long> longestIntervalSeconds(String expression) {
    String e = expression.strip();
    Matcher rate = RATE.matcher(e);
    if (rate.matches()) {
      long n = Long.parseLong(rate.group(1));
      if (n == 0) {
        return Optional.empty();
      }
      String unit = rate.group(2).toLowerCase(Locale.ROOT);
      long seconds = unit.startsWith("minute") ? 60 : unit.startsWith("hour") ? 3600 : 86_400;
      return Optional.of(n * seconds);
    }
    Matcher cron = CRON.matcher(e);
    if (!cron.matches()) {
      return Optional.empty();
    }
    String[] f = cron.group(1).strip().split("\\s+", -1);
    if (f.length != 6 || !wild(f[2]) || !f[3].equals("*") || !wild(f[4]) || !f[5].equals("*")) {
      return Optional.empty();
    }
    Optional<List<Integer>> minutes = values(f[0], 0, 59);
    Optional<List<Integer>> hours = values(f[1], 0, 23);
    if (minutes.isEmpty() || hours.isEmpty()) {
      return Optional.empty();
    }
    TreeSet<Integer> firings = new TreeSet<>();
    for (int h : hours.get()) {
      for (int m : minutes.get()) {
        firings.add(h * 60 + m);
      }
    }
    int longest = 0;
    Integer previous = null;
    for (int t : firings) {
      if (previous != null) {
        longest = Math.max(longest, t - previous);
      }
      previous = t;
    }
    longest = Math.max(longest, firings.first() + DAY_MINUTES - firings.last());
    return Optional.of(longest * 60L);
  }

  private static boolean wild(String field) {
    return field.equals("*") || field.equals("?");
  }

  /** The values of one cron field: {@code *}, {@code n}, {@code a-b}, lists, and {@code /step}. */
  private static Optional<List<Integer>> values(String field, int min, int max) {
    List<Integer> out = new ArrayList<>();
    for (String part : field.split(",", -1)) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        try {
          step = Integer.parseInt(part.substring(slash + 1));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
        if (step <= 0) {
          return Optional.empty();
        }
      }
      int from;
      int to;
      try {
        if (range.equals("*")) {
          from = min;
          to = max;
        } else if (range.contains("-")) {
          String[] ab = range.split("-", 2);
          from = Integer.parseInt(ab[0]);
          to = Integer.parseInt(ab[1]);
        } else {
          from = Integer.parseInt(range);
          to = slash >= 0 ? max : from;
        }
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (from < min || to > max || from > to) {
        return Optional.empty();
      }
      for (int v = from; v <= to; v += step) {
        out.add(v);
      }
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }
}
