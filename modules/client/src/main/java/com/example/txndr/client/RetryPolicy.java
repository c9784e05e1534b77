package com.example.txndr.client;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.random.RandomGenerator;

/**
 * How long the client keeps trying a request and how long it waits between attempts: at most
 * {@code maxAttempts} attempts within {@code deadline} of the first, each waiting at most
 * {@code attemptTimeout} for its answer; between two, full-jitter exponential back-off (uniform in
 * {@code [0, min(maxDelay, baseDelay * 2^(n-1))]}), never shorter than the answer's
 * {@code Retry-After}.
 *
 * @param maxAttempts attempts in all, at least 1
 * @param baseDelay the ceiling of the first back-off
 * @param maxDelay the largest ceiling (a Retry-After may still ask for longer)
 * @param deadline from the first attempt to giving up with {@link Unknown}
 * @param attemptTimeout how long one attempt waits for its answer
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration deadline,
    Duration attemptTimeout) {
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: got " + maxAttempts);
    }
    positive("baseDelay", baseDelay);
    positive("maxDelay", maxDelay);
    positive("deadline", deadline);
    positive("attemptTimeout", attemptTimeout);
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("maxDelay (" + maxDelay + ") must not be shorter than baseDelay ("
          + baseDelay + ")");
    }
  }

  /**
   * For a system that must outlive a failover: 200 ms doubling to 5 s, for up to 5 minutes, 10 s
   * per attempt. The recovery budget's RTO (printed by {@code ./mvnw package}) is well inside it; a
   * caller that must answer sooner sets a shorter deadline and resumes an {@link Unknown} later with
   * its key.
   */
  public static RetryPolicy standard() {
    return new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(5),
        Duration.ofSeconds(10));
  }

  /**
   * One attempt, no retry: for a caller that runs its own loop with the same key (the drill, which
   * observes each attempt as a milestone).
   */
  public static RetryPolicy singleAttempt(Duration attemptTimeout) {
    return new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), attemptTimeout, attemptTimeout);
  }

  /** The same policy with another deadline. */
  public RetryPolicy withDeadline(Duration newDeadline) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, newDeadline, attemptTimeout);
  }

  /**
   * The wait before attempt {@code attempt + 1}, after attempt {@code attempt} (from 1) answered
   * with {@code retryAfter} (the header's value, or null) at {@code nowMillis}.
   */
  public long delayMillis(int attempt, String retryAfter, long nowMillis, RandomGenerator random) {
    int doublings = Math.min(Math.max(attempt - 1, 0), 30);
    long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(doublings, 20));
    long jittered = random.nextLong(ceiling + 1);
    return Math.max(jittered, retryAfterMillis(retryAfter, nowMillis));
  }

  /**
   * A {@code Retry-After} value in milliseconds: delay-seconds or an HTTP-date (RFC 9110 10.2.3);
   * 0 when absent, in the past, or malformed (the back-off alone then decides).
   */
  static long retryAfterMillis(String value, long nowMillis) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    String trimmed = value.trim();
    if (trimmed.chars().allMatch(Character::isDigit)) {
      try {
        return Math.multiplyExact(Long.parseLong(trimmed), 1000L);
      } catch (ArithmeticException | NumberFormatException e) {
        return 0;
      }
    }
    try {
      long at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
      return Math.max(0, at - nowMillis);
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  private static void positive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: got " + value);
    }
  }
}
