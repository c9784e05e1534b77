package com.example.txndr.drill.internal;

import static com.example.txndr.drill.internal.FakeWorld.ALARM;
import static com.example.txndr.drill.internal.FakeWorld.PRIMARY;
import static com.example.txndr.drill.internal.FakeWorld.PRIMARY_HC;
import static com.example.txndr.drill.internal.FakeWorld.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.lease.Lease;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore on its own, against the fake world's real keepers and processors: given what a
 * drill changed, it undoes that and nothing else.
 */
class RestoreTest {
  @TempDir
  Path dir;

  private final FakeWorld world = new FakeWorld(false);
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final DrillRecord record = new DrillRecord("drill-test", "txn-dr-prod", PRIMARY, SECONDARY, world.now());

  private LeaseControl lease() {
    Services services = world.services();
    return new LeaseControl(services, world.targets(), FakeWorld.leaseSettings());
  }

  private void restore(Restore.Changes changes, Duration timeout) {
    Services services = world.services();
    Targets targets = world.targets();
    LeaseControl control = lease();
    DrillSettings defaults = DrillSettings.defaults(dir);
    DrillSettings settings = new DrillSettings(defaults.phaseTimeout(), defaults.poll(), defaults.rpoPoll(),
        defaults.maxReplicationLatency(), dir, timeout);
    new Restore(services, targets, control, new Observer(services, targets, control),
        new Console(new PrintStream(output, true, StandardCharsets.UTF_8), services.ticker()), settings, record)
        .run(changes);
  }

  @Test
  void aDrillThatInjectedNothingHasNothingToRestore() {
    restore(new Restore.Changes(false, null, null, false), Duration.ofMinutes(5));

    assertThat(record.restoreActions()).containsExactly("nothing to restore: no fault was injected");
  }

  @Test
  void theInversionIsUndoneAndTheLeaseLeftAloneWhenThePreflightNeverSawIt() {
    world.setInvertedNow(PRIMARY_HC, true);
    Lease before = world.lease();

    restore(new Restore.Changes(true, null, world.now(), false), Duration.ofMinutes(5));

    assertThat(world.inverted(PRIMARY_HC)).isFalse();
    assertThat(record.restoreActions()).containsExactly("health check " + PRIMARY_HC
        + ": inverted back (Inverted=false)");
    assertThat(world.lease()).isEqualTo(before);
  }

  @Test
  void theAlarmsHandOverStartedAfterTheInjectionIsUndone() {
    Lease initial = world.lease();
    Instant injectedAt = world.now();
    world.setInvertedNow(PRIMARY_HC, true);
    world.advance(Duration.ofSeconds(5));
    // The orchestrator's reason: "handover: alarm <composite> is ALARM (corroborated ...)".
    lease().operations(PRIMARY).handover(SECONDARY, "alarm " + ALARM + " is ALARM (corroborated by the drill's test)");

    restore(new Restore.Changes(true, initial, injectedAt, true), Duration.ofMinutes(5));

    assertThat(world.inverted(PRIMARY_HC)).isFalse();
    assertThat(world.lease().activeHolder(PRIMARY)).isTrue();
    assertThat(world.lease().epoch()).isGreaterThan(initial.epoch());
    assertThat(record.restoreActions()).anyMatch(a -> a.startsWith("lease: aborted the drill's hand-over to "
        + SECONDARY) || a.startsWith("lease: hand-over back to " + PRIMARY + " requested"));
    assertThat(record.restoreActions()).last().asString().startsWith("final state: " + PRIMARY + " holds the lease");
  }

  @Test
  void aHandOverThatIsNotTheDrillsIsLeftAloneAndReported() {
    Lease initial = world.lease();
    Instant injectedAt = world.now();
    world.setInvertedNow(PRIMARY_HC, true);
    lease().operations(PRIMARY).handover(SECONDARY, "maintenance");
    world.advance(Duration.ofSeconds(30));
    assertThat(world.lease().activeHolder(SECONDARY)).isTrue();

    restore(new Restore.Changes(true, initial, injectedAt, false), Duration.ofMinutes(1));

    assertThat(world.lease().activeHolder(SECONDARY)).isTrue();
    assertThat(record.restoreActions()).last().asString().startsWith("restore did not settle: timed out after")
        .contains("not handed back: not the drill's change");
  }
}
