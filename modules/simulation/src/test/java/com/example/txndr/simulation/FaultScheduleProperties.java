package com.example.txndr.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.simulation.check.Invariant;
import com.example.txndr.simulation.check.Violation;
import com.example.txndr.simulation.protocol.LeaseProtocol;
import com.example.txndr.simulation.world.Network;
import com.example.txndr.simulation.world.World;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * Random fault schedules (several faults of the menu below, overlapping, at random times and for
 * random durations) against the shipped protocol: the safety invariants hold and every request
 * gets a definitive answer. A failure prints the seed and the shrunk, smallest schedule that still
 * breaks an invariant. {@code -Dsim.tries} sets how many schedules (4 in {@code verify}, 100 with
 * {@code -Psim}).
 */
class FaultScheduleProperties {
  /** One fault: what, from when, for how long (virtual ms). */
  record Fault(Kind kind, long at, long lasting) {
    void apply(World world) {
      Scenario.fault(world, at, n -> kind.set.accept(n, true));
      Scenario.fault(world, at + lasting, n -> kind.set.accept(n, false));
    }
  }

  enum Kind {
    PRIMARY_DOWN((n, on) -> n.setDown(World.PRIMARY, on)),
    SECONDARY_DOWN((n, on) -> n.setDown(World.SECONDARY, on)),
    PARTITION(Network::setPartitioned),
    PRIMARY_ARBITER_CUT((n, on) -> n.setArbiterCut(World.PRIMARY, on)),
    SECONDARY_ARBITER_CUT((n, on) -> n.setArbiterCut(World.SECONDARY, on)),
    LAG((n, on) -> n.setLagFactor(on ? 60 : 1)),
    PRIMARY_HEALTH_THROTTLED((n, on) -> n.setHealthThrottled(World.PRIMARY, on)),
    CLOCKS_AT_THE_BOUND((n, on) -> {
      n.setClockError(World.PRIMARY, on ? -1_000 : 0);
      n.setClockError(World.SECONDARY, on ? 1_000 : 0);
    }),
    PRIMARY_ANSWERS_LOST((n, on) -> n.setAnswersLost(World.PRIMARY, on)),
    LOAD_CONFLICTS((n, on) -> n.setConflictRate(World.PRIMARY, on ? 0.5 : 0));

    final BiConsumer<Network, Boolean> set;

    Kind(BiConsumer<Network, Boolean> set) {
      this.set = set;
    }
  }

  @Provide
  Arbitrary<List<Fault>> schedules() {
    Arbitrary<Fault> fault = Combinators.combine(
        Arbitraries.of(Kind.class),
        Arbitraries.longs().between(30_000, 300_000).map(t -> t / 1_000 * 1_000),
        Arbitraries.longs().between(5_000, 150_000).map(t -> t / 1_000 * 1_000)).as(Fault::new);
    return fault.list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(shrinking = ShrinkingMode.BOUNDED, seed = "20261202")
  void safetyHoldsUnderAnyScheduleOfFaults(@ForAll("schedules") List<Fault> faults,
      @ForAll("seeds") long seed) {
    Scenario scenario = new Scenario("random", "random faults " + faults, -1, List.of(), null, 0,
        world -> faults.forEach(f -> f.apply(world)));
    Map<Invariant, List<Violation>> violations = Run.execute(scenario, new LeaseProtocol(), seed,
        Long.MAX_VALUE).check().violations();
    for (Invariant invariant : List.of(Invariant.ONE_WRITER, Invariant.NOTHING_LOST, Invariant.NOTHING_DOUBLED,
        Invariant.CONSERVATION, Invariant.LIVENESS)) {
      assertThat(violations.get(invariant)).as("%s with seed %d under %s", invariant, seed, faults).isEmpty();
    }
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs().between(1, 1_000_000);
  }
}
