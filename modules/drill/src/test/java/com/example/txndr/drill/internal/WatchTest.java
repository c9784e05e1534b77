package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WatchTest {
  private final FakeWorld world = new FakeWorld();
  private final Ticker ticker = world.services().ticker();
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final Console console = new Console(new PrintStream(output, true, StandardCharsets.UTF_8), ticker);
  private final Instant start = world.now();

  private Watch watch(Duration timeout) {
    return new Watch(console, ticker, timeout, Duration.ofSeconds(5));
  }

  private Watch.Probe after(Duration delay, String what) {
    return () -> world.now().isBefore(start.plus(delay)) ? Watch.Check.notYet("not " + what + " yet")
        : Watch.Check.done(what);
  }

  private String printed() {
    return output.toString(StandardCharsets.UTF_8);
  }

  @Test
  void milestonesReachedOutOfOrderAreEachTimedWhenTheyHappen() throws Exception {
    List<Watch.Milestone> reached = watch(Duration.ofMinutes(1))
        .milestone("first", "the first", after(Duration.ofSeconds(20), "first"))
        .milestone("second", "the second", after(Duration.ofSeconds(10), "second"))
        .run();

    assertThat(reached).extracting(m -> Duration.between(start, m.reachedAt()))
        .containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(10));
  }

  @Test
  void aMilestoneNotReachedInTimeFailsWithWhatItWaitedForAndLastSaw() {
    Watch watch = watch(Duration.ofSeconds(30))
        .milestone("never", "Route 53 to report the primary unhealthy", () -> Watch.Check.notYet("3/3 healthy"));

    assertThatThrownBy(watch::run)
        .isInstanceOf(Watch.TimeoutException.class)
        .hasMessage("timed out after 30.0s waiting for Route 53 to report the primary unhealthy (last seen: 3/3 healthy)");
  }

  @Test
  void aMilestoneThatCannotBeReachedAnyMoreEndsTheWatchAtOnce() {
    Watch watch = watch(Duration.ofMinutes(10))
        .milestone("drain-completed", "the drain to complete", () -> Watch.Check.failed("the hand-over was aborted"));

    assertThatThrownBy(watch::run)
        .isInstanceOf(Watch.FailedException.class)
        .hasMessage("drain-completed: the hand-over was aborted");
    assertThat(world.now()).isEqualTo(start);
  }

  @Test
  void eachMilestoneHasTheTimeoutAfterThePreviousOneWasReached() throws Exception {
    List<Watch.Milestone> reached = watch(Duration.ofSeconds(30))
        .milestone("first", "the first", after(Duration.ofSeconds(25), "first"))
        .milestone("second", "the second", after(Duration.ofSeconds(50), "second"))
        .run();

    assertThat(Duration.between(start, reached.get(1).reachedAt())).isEqualTo(Duration.ofSeconds(50));
  }

  @Test
  void aProbeThatThrowsCountsAsNotYetWithTheErrorAsWhatItSaw() {
    Watch watch = watch(Duration.ofSeconds(10)).milestone("api", "the API", () -> {
      throw new IllegalStateException("connect timed out");
    });

    assertThatThrownBy(watch::run).hasMessage("timed out after 10.0s waiting for the API (last seen: error: connect"
        + " timed out)");
  }

  @Test
  void aMilestoneIsNotProbedBeforeTheMilestonesItRequires() {
    Watch watch = watch(Duration.ofSeconds(10))
        .milestone("promotion", "the promotion", () -> Watch.Check.notYet("us-east-1 active"))
        .milestone("canary", "a canary", Set.of("promotion"), () -> {
          throw new AssertionError("probed too early");
        });

    assertThatThrownBy(watch::run).isInstanceOf(Watch.TimeoutException.class);
  }

  @Test
  void progressSaysWhatIsAwaitedAndWhatWasSeenWhenItChanges() throws Exception {
    watch(Duration.ofMinutes(1))
        .milestone("unhealthy", "Route 53 to report the primary unhealthy",
            () -> world.now().isBefore(start.plusSeconds(10)) ? Watch.Check.notYet("checker regions: 3/3 healthy")
                : Watch.Check.done("checker regions: 0/3 healthy"))
        .run();

    assertThat(printed().lines()).containsExactly(
        "[     0.0s] waiting for Route 53 to report the primary unhealthy (checker regions: 3/3 healthy)",
        "[    10.0s] reached unhealthy after 10.0s: checker regions: 0/3 healthy");
  }

  @Test
  void progressRepeatsWhatIsAwaitedEveryThirtySecondsWhileNothingChanges() throws Exception {
    watch(Duration.ofMinutes(2)).milestone("dns", "the failover record to answer us-west-2",
        after(Duration.ofSeconds(65), "us-west-2")).run();

    assertThat(printed().lines().filter(l -> l.contains("waiting for"))).hasSize(3);
  }

  @Test
  void anInterruptedThreadStopsTheWatch() {
    Watch watch = watch(Duration.ofMinutes(1)).milestone("dns", "the failover record", () -> {
      Thread.currentThread().interrupt();
      return Watch.Check.notYet("us-east-1");
    });

    try {
      assertThatThrownBy(watch::run)
          .isInstanceOf(InterruptedException.class)
          .hasMessage("interrupted while waiting for the failover record");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aCancelledWatchStopsLikeAnInterruptedOne() {
    Watch watch = new Watch(console, ticker, Duration.ofMinutes(1), Duration.ofSeconds(5), () -> true)
        .milestone("dns", "the failover record", () -> Watch.Check.notYet("us-east-1"));

    assertThatThrownBy(watch::run).isInstanceOf(InterruptedException.class);
  }

  @Test
  void aMilestoneRequiringALaterOneIsRefused() {
    assertThatThrownBy(() -> watch(Duration.ofMinutes(1)).milestone("canary", "a canary", Set.of("promotion"),
        () -> Watch.Check.done("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Milestone canary requires promotion, which comes later or does not exist");
  }
}
