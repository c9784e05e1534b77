package com.example.txndr.drill.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * How a drill phase waits and is recorded: a {@link Watch} on the drill's clock and phase
 * timeout, cancelled when a stop is requested, whose milestones each become a phase of the
 * record, timed from the phase's anchor. The first milestone not reached carries why the watch
 * ended (timed out, failed, interrupted), the later ones are {@code NOT_REACHED}.
 */
final class Phases {
  private final Console console;
  private final Ticker ticker;
  private final DrillSettings settings;
  private final DrillRecord record;
  private final BooleanSupplier stopRequested;

  Phases(Console console, Ticker ticker, DrillSettings settings, DrillRecord record, BooleanSupplier stopRequested) {
    this.console = console;
    this.ticker = ticker;
    this.settings = settings;
    this.record = record;
    this.stopRequested = stopRequested;
  }

  /** A watch polling every {@code poll} until the phase timeout or a stop. */
  Watch watch(Duration poll) {
    return new Watch(console, ticker, settings.phaseTimeout(), poll, stopRequested);
  }

  /**
   * Runs {@code watch} and records each milestone as a phase timed from {@code anchor}
   * ({@code timedFrom} says from what); a timeout or failure fails the phase named {@code phase}
   * with the watch's message.
   */
  List<Watch.Milestone> run(String phase, Watch watch, Instant anchor, String timedFrom)
      throws PhaseFailedException, InterruptedException {
    try {
      List<Watch.Milestone> reached = watch.run();
      record(watch, anchor, timedFrom, null, null);
      return reached;
    } catch (Watch.TimeoutException e) {
      record(watch, anchor, timedFrom, DrillRecord.Outcome.TIMED_OUT, e.getMessage());
      throw new PhaseFailedException(phase + ": " + e.getMessage());
    } catch (Watch.FailedException e) {
      record(watch, anchor, timedFrom, DrillRecord.Outcome.FAILED, e.getMessage());
      throw new PhaseFailedException(phase + ": " + e.getMessage());
    } catch (InterruptedException e) {
      record(watch, anchor, timedFrom, DrillRecord.Outcome.INTERRUPTED, e.getMessage());
      throw e;
    }
  }

  private void record(Watch watch, Instant anchor, String timedFrom, DrillRecord.Outcome stop, String why) {
    boolean first = true;
    for (Watch.Milestone milestone : watch.milestones()) {
      String description = "waited for " + milestone.waitingFor() + "; timed " + timedFrom;
      if (milestone.reachedAt() != null) {
        record.phase(milestone.name(), description, anchor, milestone.reachedAt(), DrillRecord.Outcome.OK,
            milestone.observed());
      } else if (first) {
        record.phase(milestone.name(), description, anchor, ticker.now(), stop, why + "; last seen: "
            + milestone.observed());
        first = false;
      } else {
        record.phase(milestone.name(), description, anchor, null, DrillRecord.Outcome.NOT_REACHED,
            "last seen: " + milestone.observed());
      }
    }
  }
}
