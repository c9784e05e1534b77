package com.example.txndr.drill.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Watches for a list of milestones until every one is reached, polling all unreached ones each
 * round, so each is timed when it really happens even when they come out of order (DNS may
 * change before the promotion is visible). A milestone's probe may also act (invert back a
 * health check, post a canary): it is retried each round until it reports done.
 *
 * <p>Timeouts are per milestone: each must be reached within the timeout after the one before
 * it in the list (the first: after the watch started). Progress is printed: every milestone
 * reached, and what the first unreached one waits for, whenever what it sees changes and every
 * {@link #REMINDER} while nothing does. A probe that throws (a region that does not answer is
 * normal in an outage) counts as not yet, with the error as what it saw.
 */
public final class Watch {
  /** Interval of the "still waiting" line while nothing changes. */
  public static final Duration REMINDER = Duration.ofSeconds(30);

  private final Console console;
  private final Ticker ticker;
  private final Duration timeout;
  private final Duration poll;
  private final BooleanSupplier cancelled;
  private final List<Milestone> milestones = new ArrayList<>();

  /**
   * A watch that stops with {@link InterruptedException} when its thread is interrupted or
   * {@code cancelled} says so (an SDK call may swallow the thread's interrupt flag).
   */
  public Watch(Console console, Ticker ticker, Duration timeout, Duration poll, BooleanSupplier cancelled) {
    this.console = console;
    this.ticker = ticker;
    this.timeout = timeout;
    this.poll = poll;
    this.cancelled = cancelled;
  }

  public Watch(Console console, Ticker ticker, Duration timeout, Duration poll) {
    this(console, ticker, timeout, poll, () -> false);
  }

  /** One look: done, not yet, or never (the watch ends failed); and what was seen, in words. */
  public static final class Check {
    private final boolean done;
    private final boolean failed;
    private final String observed;

    private Check(boolean done, boolean failed, String observed) {
      this.done = done;
      this.failed = failed;
      this.observed = observed;
    }

    public static Check done(String observed) {
      return new Check(true, false, observed);
    }

    public static Check notYet(String observed) {
      return new Check(false, false, observed);
    }

    /** The milestone cannot be reached any more (a hand-over that was aborted): the watch ends with {@link FailedException}. */
    public static Check failed(String observed) {
      return new Check(false, true, observed);
    }

    public boolean isDone() {
      return done;
    }

    public String observed() {
      return observed;
    }
  }

  /** A look at a milestone; may act, and may throw (which counts as not yet). */
  @FunctionalInterface
  public interface Probe {
    Check check() throws Exception;
  }

  /** A milestone as watched: reached when, and what was seen last. */
  public static final class Milestone {
    private final String name;
    private final String waitingFor;
    private final Set<String> requires;
    private final Probe probe;
    private Instant reachedAt;
    private String observed = "not looked at yet";

    Milestone(String name, String waitingFor, Set<String> requires, Probe probe) {
      this.name = name;
      this.waitingFor = waitingFor;
      this.requires = requires;
      this.probe = probe;
    }

    public String name() {
      return name;
    }

    public String waitingFor() {
      return waitingFor;
    }

    /** When it was first seen reached, or null. */
    public Instant reachedAt() {
      return reachedAt;
    }

    /** What its probe saw last (when reached: what showed it). */
    public String observed() {
      return observed;
    }
  }

  /**
   * Adds a milestone. {@code requires} names milestones that must be reached before this one
   * is probed at all (a canary is posted only once the promotion is seen).
   */
  public Watch milestone(String name, String waitingFor, Set<String> requires, Probe probe) {
    for (String required : requires) {
      if (milestones.stream().noneMatch(m -> m.name.equals(required))) {
        throw new IllegalArgumentException("Milestone " + name + " requires " + required + ", which comes later or does not exist");
      }
    }
    milestones.add(new Milestone(name, waitingFor, Set.copyOf(requires), probe));
    return this;
  }

  /** Adds a milestone that needs no other. */
  public Watch milestone(String name, String waitingFor, Probe probe) {
    return milestone(name, waitingFor, Set.of(), probe);
  }

  /** The milestones in order, as far as they were reached (also after a timeout or interruption). */
  public List<Milestone> milestones() {
    return List.copyOf(milestones);
  }

  /**
   * Polls until every milestone is reached. Throws {@link TimeoutException} when one is not
   * reached in time, {@link FailedException} when a probe says one never will be, {@link
   * InterruptedException} when the thread is interrupted.
   */
  public List<Milestone> run() throws TimeoutException, FailedException, InterruptedException {
    Instant start = ticker.now();
    Milestone announced = null;
    String announcedObserved = null;
    Instant lastPrinted = start;
    while (true) {
      for (Milestone milestone : milestones) {
        if (milestone.reachedAt != null || !requirementsReached(milestone)) {
          continue;
        }
        stopIfCancelled(milestone);
        Check check = look(milestone);
        stopIfCancelled(milestone);
        milestone.observed = check.observed;
        if (check.failed) {
          console.line("failed " + milestone.name + ": " + check.observed);
          throw new FailedException(milestone.name + ": " + check.observed);
        }
        if (check.done) {
          milestone.reachedAt = ticker.now();
          console.line("reached " + milestone.name + " after " + Durations.format(Duration.between(start, milestone.reachedAt))
              + ": " + check.observed);
        }
      }
      Milestone next = firstUnreached();
      if (next == null) {
        return milestones();
      }
      Instant now = ticker.now();
      if (next != announced) {
        console.line("waiting for " + next.waitingFor + " (" + shown(next) + ")");
        announced = next;
        announcedObserved = next.observed;
        lastPrinted = now;
      } else if (!Objects.equals(next.observed, announcedObserved) || Duration.between(lastPrinted, now).compareTo(REMINDER) >= 0) {
        console.line("waiting for " + next.waitingFor + " (" + shown(next) + ")");
        announcedObserved = next.observed;
        lastPrinted = now;
      }
      Instant deadline = deadline(next, start);
      if (!now.isBefore(deadline)) {
        throw new TimeoutException("timed out after " + Durations.format(timeout) + " waiting for " + next.waitingFor
            + " (last seen: " + shown(next) + ")");
      }
      Duration remaining = Duration.between(now, deadline);
      ticker.sleep(remaining.compareTo(poll) < 0 ? remaining : poll);
    }
  }

  private void stopIfCancelled(Milestone waiting) throws InterruptedException {
    if (Thread.currentThread().isInterrupted() || cancelled.getAsBoolean()) {
      throw new InterruptedException("interrupted while waiting for " + waiting.waitingFor);
    }
  }

  private String shown(Milestone milestone) {
    if (!requirementsReached(milestone)) {
      return "needs " + String.join(", ", milestone.requires.stream()
          .filter(r -> find(r).reachedAt == null).sorted().toList()) + " first";
    }
    return milestone.observed;
  }

  private Check look(Milestone milestone) throws InterruptedException {
    try {
      Check check = milestone.probe.check();
      return Objects.requireNonNull(check, "probe of " + milestone.name + " returned null");
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      return Check.notYet("error: " + describe(e));
    }
  }

  /** The latest time {@code milestone} may be reached: the timeout after the previous one (or the start). */
  private Instant deadline(Milestone milestone, Instant start) {
    int index = milestones.indexOf(milestone);
    Instant from = start;
    for (int i = index - 1; i >= 0; i--) {
      if (milestones.get(i).reachedAt != null) {
        from = milestones.get(i).reachedAt;
        break;
      }
    }
    return from.plus(timeout);
  }

  private boolean requirementsReached(Milestone milestone) {
    return milestone.requires.stream().allMatch(r -> find(r).reachedAt != null);
  }

  private Milestone find(String name) {
    return milestones.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
  }

  private Milestone firstUnreached() {
    return milestones.stream().filter(m -> m.reachedAt == null).findFirst().orElse(null);
  }

  /** An exception as one line: its message, or its class when it has none. */
  public static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** A milestone that cannot be reached any more. */
  public static final class FailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public FailedException(String message) {
      super(message);
    }
  }

  /** A milestone that was not reached in time. */
  public static final class TimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    public TimeoutException(String message) {
      super(message);
    }
  }
}
