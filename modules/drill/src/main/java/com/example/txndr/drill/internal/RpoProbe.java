package com.example.txndr.drill.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The RPO as the drill measures it: a canary committed in the primary, timed from the moment
 * its request was sent until it is readable in the secondary. An upper bound of the replication
 * lag at that moment, to the resolution of the secondary's polling.
 */
final class RpoProbe {
  private final Canary canary;
  private final Phases phases;
  private final DrillSettings settings;
  private final DrillRecord record;
  private final Console console;
  private final Ticker ticker;
  private final String primary;
  private final String secondary;

  RpoProbe(Targets targets, Canary canary, Phases phases, DrillSettings settings, DrillRecord record, Console console,
      Ticker ticker) {
    this.canary = canary;
    this.phases = phases;
    this.settings = settings;
    this.record = record;
    this.console = console;
    this.ticker = ticker;
    this.primary = targets.primaryRegion();
    this.secondary = targets.secondaryRegion();
  }

  /** Measures and records the RPO; a canary that does not commit or replicate in time fails the phase. */
  Duration measure() throws PhaseFailedException, InterruptedException {
    console.line("== RPO probe: a canary committed in " + primary + ", timed until readable in " + secondary);
    Instant start = ticker.now();
    AtomicReference<Canary.Commit> commit = new AtomicReference<>();
    AtomicReference<Instant> sentAt = new AtomicReference<>();
    Watch watch = phases.watch(settings.rpoPoll())
        .milestone("rpo-canary-commit", "a canary transaction to commit in " + primary, () -> {
          Instant sent = ticker.now();
          Canary.Attempt attempt = canary.commit(primary, record.drillId() + "-rpo");
          if (attempt.committed()) {
            commit.set(attempt.commit());
            sentAt.set(sent);
            return Watch.Check.done(attempt.observed());
          }
          return Watch.Check.notYet(attempt.observed());
        })
        .milestone("rpo-canary-replicated", "the canary to be readable in " + secondary, Set.of("rpo-canary-commit"),
            () -> {
              Canary.Attempt attempt = canary.read(secondary, commit.get());
              return attempt.committed() ? Watch.Check.done(attempt.observed()) : Watch.Check.notYet(attempt.observed());
            });
    List<Watch.Milestone> reached = phases.run("rpo-probe", watch, start, "since the RPO probe started");
    Duration rpo = Duration.between(sentAt.get(), reached.get(1).reachedAt());
    record.rpo(rpo, settings.rpoPoll());
    console.line("measured RPO: " + Durations.format(rpo) + " (target < " + Durations.format(DrillSettings.RPO_TARGET)
        + "): " + (rpo.compareTo(DrillSettings.RPO_TARGET) < 0 ? "PASS" : "FAIL"));
    return rpo;
  }
}
