package com.example.txndr.simulation;

import com.example.txndr.simulation.world.Network;
import com.example.txndr.simulation.world.World;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One fault scenario (the nemesis's schedule for a run): what goes wrong when, what operators
 * do, and what the checker may therefore expect. Times are virtual ms from the run's start; the
 * clients run from {@link Run#CLIENTS_FROM} to {@link Run#CLIENTS_UNTIL}, and every fault is
 * healed by {@link Run#HEAL_AT}.
 *
 * @param name the scenario's name in reports
 * @param description one sentence
 * @param outageAt when the primary region fails, or -1 (then an RTO is measured)
 * @param plannedSwitches windows in which a planned switch happens with both regions up
 * @param mustSwitchTo the region a planned switch must make active, or null
 * @param mustSwitchBy by when
 * @param schedule what the nemesis and the operators do
 */
public record Scenario(String name, String description, long outageAt, List<long[]> plannedSwitches,
    String mustSwitchTo, long mustSwitchBy, Consumer<World> schedule) {

  static final long FAULT_AT = 60_000;
  static final String E = World.PRIMARY;
  static final String W = World.SECONDARY;

  /** The scenarios of the failover issue (its twelve faults, and lost answers at an outage). */
  public static List<Scenario> all() {
    List<Scenario> all = new ArrayList<>();
    all.add(new Scenario("primary-outage", "us-east-1 fails entirely for 150 s, then returns; writes move to"
        + " us-west-2 through the failover name", FAULT_AT, List.of(), null, 0, w -> {
          fault(w, FAULT_AT, n -> n.setDown(E, true));
          fault(w, FAULT_AT + 150_000, n -> n.setDown(E, false));
        }));
    all.add(new Scenario("primary-outage-lost-answers", "us-east-1's answers stop reaching clients 0.8 s before it"
        + " fails for 150 s: requests it committed but had not replicated are retried, with their keys, in us-west-2",
        FAULT_AT, List.of(), null, 0, w -> {
          fault(w, FAULT_AT - 800, n -> n.setAnswersLost(E, true));
          fault(w, FAULT_AT, n -> n.setDown(E, true));
          fault(w, FAULT_AT + 150_000, n -> {
            n.setDown(E, false);
            n.setAnswersLost(E, false);
          });
        }));
    all.add(new Scenario("partition", "the regions cannot reach each other for 180 s (both alive, both reach the"
        + " arbiter's witness; replication stops both ways)", -1, List.of(), null, 0, w -> {
          fault(w, FAULT_AT, n -> n.setPartitioned(true));
          fault(w, FAULT_AT + 180_000, n -> n.setPartitioned(false));
        }));
    all.add(new Scenario("lag-spike-handover", "replication lags 36-120 s for four minutes; an operator hands over to"
        + " us-west-2 during it", -1, List.<long[]>of(new long[] {90_000, 400_000}), W, 400_000, w -> {
          fault(w, FAULT_AT, n -> n.setLagFactor(120));
          fault(w, FAULT_AT + 240_000, n -> n.setLagFactor(1));
          w.scheduler().spawn("operator-handover", 90_000, () -> w.node(E).operatorHandover(W));
        }));
    all.add(new Scenario("standby-egress-fault", "us-west-2's functions cannot reach us-east-1's API for 240 s (a"
        + " fault local to the standby)", -1, List.of(), null, 0, w -> {
          fault(w, FAULT_AT, n -> n.setEgressCut(W, true));
          fault(w, FAULT_AT + 240_000, n -> n.setEgressCut(W, false));
        }));
    all.add(new Scenario("health-throttled", "us-east-1's /health answers 429 for 120 s (throttled or flooded):"
        + " Route 53 fails it, its alarm hands over", -1, List.<long[]>of(new long[] {FAULT_AT, 300_000}), W,
        300_000, w -> {
          fault(w, FAULT_AT, n -> n.setHealthThrottled(E, true));
          fault(w, FAULT_AT + 120_000, n -> n.setHealthThrottled(E, false));
        }));
    all.add(new Scenario("handover-under-load", "an operator hands over while half of us-east-1's writes meet a"
        + " transaction in progress on their items", -1, List.<long[]>of(new long[] {FAULT_AT, 240_000}), W, 240_000,
        w -> {
          fault(w, FAULT_AT - 5_000, n -> n.setConflictRate(E, 0.5));
          fault(w, FAULT_AT + 120_000, n -> n.setConflictRate(E, 0));
          w.scheduler().spawn("operator-handover", FAULT_AT, () -> w.node(E).operatorHandover(W));
        }));
    all.add(new Scenario("operator-promote-race", "us-east-1 fails; an operator promotes us-west-2 by hand every 2 s"
        + " around the moment its keeper takes over", FAULT_AT, List.of(), null, 0, w -> {
          fault(w, FAULT_AT, n -> n.setDown(E, true));
          for (long at = FAULT_AT + 26_000; at <= FAULT_AT + 46_000; at += 2_000) {
            w.scheduler().spawn("operator-promote-" + at, at, () -> w.node(W).operatorPromote(false));
          }
          fault(w, FAULT_AT + 150_000, n -> n.setDown(E, false));
        }));
    all.add(new Scenario("keeper-crash-mid-promotion", "us-east-1 fails; us-west-2's keeper crashes for 20 s right"
        + " after it took the lease, before publishing its fence", FAULT_AT, List.of(), null, 0, w -> {
          fault(w, FAULT_AT, n -> {
            n.setDown(E, true);
            n.crashKeeperAfterNextArbiterWrite(W, 20_000);
          });
          fault(w, FAULT_AT + 150_000, n -> n.setDown(E, false));
        }));
    all.add(new Scenario("failback-with-backlog", "us-east-1 fails for 180 s and returns to a replication backlog"
        + " (lag 18-60 s); an operator fails back to it while the backlog drains", FAULT_AT,
        List.<long[]>of(new long[] {290_000, 480_000}), E, 480_000, w -> {
          fault(w, FAULT_AT, n -> n.setDown(E, true));
          fault(w, 240_000, n -> {
            n.setDown(E, false);
            n.setLagFactor(60);
          });
          fault(w, 400_000, n -> n.setLagFactor(1));
          w.scheduler().spawn("operator-failback", 290_000, () -> w.node(W).operatorHandover(E));
        }));
    all.add(new Scenario("clock-error-at-bound", "us-east-1's clock runs 1 s slow and us-west-2's 1 s fast, some"
        + " writes take 2.5 s to land, and us-east-1 loses the arbiter: its lease lapses while it still writes", -1,
        List.of(), null, 0, w -> {
          fault(w, FAULT_AT - 10_000, n -> {
            n.setClockError(E, -1_000);
            n.setClockError(W, 1_000);
            n.setSlowWriteMillis(2_500);
          });
          fault(w, FAULT_AT, n -> n.setArbiterCut(E, true));
          fault(w, FAULT_AT + 150_000, n -> n.setArbiterCut(E, false));
        }));
    all.add(new Scenario("arbiter-cut-one-region", "us-east-1 reaches neither the other replica nor the witness of the"
        + " control table for 150 s; then us-west-2 for 60 s", -1, List.of(), null, 0, w -> {
          fault(w, FAULT_AT, n -> n.setArbiterCut(E, true));
          fault(w, FAULT_AT + 150_000, n -> n.setArbiterCut(E, false));
          fault(w, FAULT_AT + 180_000, n -> n.setArbiterCut(W, true));
          fault(w, FAULT_AT + 240_000, n -> n.setArbiterCut(W, false));
        }));
    all.add(new Scenario("arbiter-cut-both-briefly", "neither region reaches the arbiter for 20 s, later for 45 s",
        -1, List.of(), null, 0, w -> {
          fault(w, FAULT_AT, n -> {
            n.setArbiterCut(E, true);
            n.setArbiterCut(W, true);
          });
          fault(w, FAULT_AT + 20_000, n -> {
            n.setArbiterCut(E, false);
            n.setArbiterCut(W, false);
          });
          fault(w, FAULT_AT + 100_000, n -> {
            n.setArbiterCut(E, true);
            n.setArbiterCut(W, true);
          });
          fault(w, FAULT_AT + 145_000, n -> {
            n.setArbiterCut(E, false);
            n.setArbiterCut(W, false);
          });
        }));
    return all;
  }

  /** Applies {@code change} to the network at {@code at}, and records it. */
  static void fault(World world, long at, Consumer<Network> change) {
    world.scheduler().at(at, () -> change.accept(world.network()));
  }

  public static Scenario named(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("No scenario " + name + "; scenarios: "
            + all().stream().map(Scenario::name).toList()));
  }
}
