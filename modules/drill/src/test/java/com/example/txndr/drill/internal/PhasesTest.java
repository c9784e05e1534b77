package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A phase's watch and how its milestones land in the record, on a clock that moves only by the watch's sleeps. */
class PhasesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private Instant now = T0;
  private final Ticker ticker = new Ticker() {
    @Override
    public Instant now() {
      return now;
    }

    @Override
    public void sleep(Duration duration) {
      now = now.plus(duration);
    }
  };
  private final DrillRecord record = new DrillRecord("drill-test", "txn-dr-prod", "us-east-1", "us-west-2", T0);
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Phases phases = new Phases(new Console(new PrintStream(new ByteArrayOutputStream(), true,
      StandardCharsets.UTF_8), ticker), ticker, DrillParts.withPhaseTimeout(Path.of("unused"),
      Duration.ofMinutes(1)), record, stop::get);

  /** A watch polling every 5 s: the first milestone is reached at +10 s, the second as {@code second} says, the third right after it. */
  private Watch watch(Watch.Probe second) {
    return phases.watch(Duration.ofSeconds(5))
        .milestone("first", "the first thing", () -> now.isBefore(T0.plusSeconds(10)) ? Watch.Check.notYet("not yet")
            : Watch.Check.done("there"))
        .milestone("second", "the second thing", Set.of("first"), second)
        .milestone("third", "the third thing", Set.of("second"), () -> Watch.Check.done("there"));
  }

  @SuppressWarnings("unchecked")
  private List<String> recorded(String field) {
    List<String> values = new ArrayList<>();
    for (Map<String, Object> phase : (List<Map<String, Object>>) record.toMap().get("phases")) {
      values.add(phase.get("name") + "=" + phase.get(field));
    }
    return values;
  }

  @Test
  void everyMilestoneReachedIsRecordedOkAndTimedFromTheAnchor() throws Exception {
    List<Watch.Milestone> reached = phases.run("phase", watch(() -> Watch.Check.done("there")), T0.minusSeconds(30),
        "since the anchor");

    assertThat(reached).extracting(Watch.Milestone::name).containsExactly("first", "second", "third");
    assertThat(recorded("outcome")).containsExactly("first=OK", "second=OK", "third=OK");
    assertThat(recorded("durationSeconds")).containsExactly("first=40.0", "second=40.0", "third=40.0");
    assertThat(recorded("description")).first().asString().isEqualTo("first=waited for the first thing; timed since"
        + " the anchor");
  }

  @Test
  void aTimeoutFailsThePhaseByNameAndRecordsTheFirstUnreachedAsTimedOutAndTheRestAsNotReached() {
    assertThatThrownBy(() -> phases.run("phase", watch(() -> Watch.Check.notYet("still waiting")), T0, "since T0"))
        .isInstanceOf(PhaseFailedException.class)
        .hasMessage("phase: timed out after 1m00.0s waiting for the second thing (last seen: still waiting)");

    assertThat(recorded("outcome")).containsExactly("first=OK", "second=TIMED_OUT", "third=NOT_REACHED");
    assertThat(recorded("endedAt")).containsExactly("first=2026-03-01T10:00:10Z", "second=2026-03-01T10:01:10Z",
        "third=null");
  }

  @Test
  void aProbeThatSaysNeverFailsThePhaseAndIsRecordedFailed() {
    assertThatThrownBy(() -> phases.run("phase", watch(() -> Watch.Check.failed("aborted")), T0, "since T0"))
        .isInstanceOf(PhaseFailedException.class)
        .hasMessage("phase: second: aborted");

    assertThat(recorded("outcome")).containsExactly("first=OK", "second=FAILED", "third=NOT_REACHED");
    assertThat(recorded("detail")).element(1).asString().isEqualTo("second=second: aborted; last seen: aborted");
  }

  @Test
  void aStopRequestEndsThePhaseAsInterruptedAndRecordsIt() {
    assertThatThrownBy(() -> phases.run("phase", watch(() -> {
      stop.set(true);
      return Watch.Check.notYet("stopping");
    }), T0, "since T0")).isInstanceOf(InterruptedException.class);

    assertThat(recorded("outcome")).containsExactly("first=OK", "second=INTERRUPTED", "third=NOT_REACHED");
  }
}
