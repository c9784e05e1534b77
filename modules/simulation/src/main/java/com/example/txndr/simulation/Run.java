package com.example.txndr.simulation;

import com.example.txndr.client.Transport;
import com.example.txndr.simulation.check.Checker;
import com.example.txndr.simulation.check.Expectations;
import com.example.txndr.simulation.protocol.FinalState;
import com.example.txndr.simulation.protocol.Protocol;
import com.example.txndr.simulation.protocol.RegionNode;
import com.example.txndr.simulation.protocol.SimulatedAlarms;
import com.example.txndr.simulation.world.History;
import com.example.txndr.simulation.world.KeyPerAttempt;
import com.example.txndr.simulation.world.SimClient;
import com.example.txndr.simulation.world.Workload;
import com.example.txndr.simulation.world.World;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * One seeded run of a scenario under a protocol: the world is built, the clients send their
 * requests while the nemesis applies the scenario, every fault is healed, replication drains,
 * reconciliation runs (twice: the second must change nothing), and the checker judges.
 */
public final class Run {
  static final int CLIENTS = 4;
  static final int ACCOUNTS = 6;
  static final long CLIENTS_FROM = 10_000;
  static final long CLIENTS_UNTIL = 420_000;
  static final long HEAL_AT = 430_000;
  static final long RECONCILE_AT = 500_000;
  /** The keepers stop here, so that the last writes replicate before the final read at {@link #END}. */
  static final long QUIESCE_AT = 545_000;
  static final long END = 560_000;
  static final long ALARM_PERIOD = 60_000;

  /** What one run produced. */
  public record Result(Scenario scenario, String protocol, long seed, Checker.Result check, History history,
      FinalState state, long wallMillis) {}

  private Run() {}

  public static Result execute(Scenario scenario, Protocol protocol, long seed, long rtoBudgetMillis) {
    return execute(scenario, protocol, seed, rtoBudgetMillis, UnaryOperator.identity());
  }

  /**
   * The same with {@code wire} between each client and its transport: {@link KeyPerAttempt} for
   * the baseline client that makes a new idempotency key on each retry.
   */
  public static Result execute(Scenario scenario, Protocol protocol, long seed, long rtoBudgetMillis,
      UnaryOperator<Transport> wire) {
    long started = System.nanoTime();
    World world = new World(seed);
    world.start(protocol);
    var scheduler = world.scheduler();
    // The automation of each region: its keeper (or the baseline's probe) ticks while the region is up.
    for (String region : List.of(World.PRIMARY, World.SECONDARY)) {
      RegionNode node = world.node(region);
      scheduler.spawn("keeper-" + region, 0, () -> {
        while (scheduler.now() < QUIESCE_AT) {
          if (!world.network().down(region) && !world.network().keeperCrashed(region, scheduler.now())) {
            node.tick();
          }
          scheduler.sleep(node.tickEveryMillis());
        }
      });
    }
    world.route53().start(1_000);
    alarm(world);
    // The clients: the first opens the accounts, then all send until CLIENTS_UNTIL.
    Workload workload = new Workload(ACCOUNTS);
    AtomicInteger ops = new AtomicInteger();
    List<SimClient> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(new SimClient("client-" + c, scheduler, world.route53(), world, world.history(),
          world.derived("client-" + c), wire));
    }
    scheduler.spawn("opening", 5_000, () -> {
      for (String account : workload.accounts()) {
        clients.get(0).send(ops.incrementAndGet(), workload.opening(account));
      }
    });
    for (SimClient client : clients) {
      Random think = world.derived("think-" + client.caller().id());
      scheduler.spawn("load-" + client.caller().id(), CLIENTS_FROM + think.nextInt(1_000), () -> {
        while (scheduler.now() < CLIENTS_UNTIL) {
          client.send(ops.incrementAndGet(), workload.next(think));
          scheduler.sleep(200 + think.nextInt(800));
        }
      });
    }
    world.history().event(new History.Event(Scenario.FAULT_AT, "FAULT", "", 0, scenario.description()));
    scenario.schedule().accept(world);
    scheduler.at(HEAL_AT, () -> world.network().heal());
    // Reconciliation in both regions (only the lease holder acts), twice.
    for (long at : new long[] {RECONCILE_AT, RECONCILE_AT + 20_000}) {
      for (String region : List.of(World.PRIMARY, World.SECONDARY)) {
        scheduler.spawn("reconcile-" + region + "-" + at, at, () -> world.node(region).reconcile());
      }
    }
    scheduler.runUntil(END);
    scheduler.stop();
    FinalState state = protocol.finalState(world);
    Expectations expectations = new Expectations(World.TABLE, World.PRIMARY, World.SECONDARY, scenario.outageAt(),
        rtoBudgetMillis, scenario.plannedSwitches(),
        scenario.mustSwitchTo() == null ? null
            : new Expectations.Deadline(scenario.mustSwitchTo(), scenario.mustSwitchBy()));
    Checker.Result check = Checker.check(world.history(), world.writeLog(), state, expectations);
    if (world.replicator().pending() > 0) {
      throw new IllegalStateException(world.replicator().pending() + " replicated versions still in transit at the"
          + " end of " + scenario.name() + " (seed " + seed + "): the run is too short to drain");
    }
    return new Result(scenario, protocol.name(), seed, check, world.history(), state,
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * The primary's composite alarm: its Route 53 health check's alarm, evaluated every minute on the
   * check's minute datapoints (2 of 2 breaching, {@link SimulatedAlarms#inAlarm}, the data the
   * orchestrator corroborates it with); entering ALARM invokes the primary's orchestrator through EventBridge (asynchronously: two retries,
   * one and two minutes later), which needs the primary region to be up.
   */
  private static void alarm(World world) {
    var scheduler = world.scheduler();
    scheduler.spawn("alarm", ALARM_PERIOD, () -> {
      boolean inAlarm = false;
      while (true) {
        boolean unhealthy = SimulatedAlarms.inAlarm(world, World.PRIMARY, scheduler.now());
        if (unhealthy && !inAlarm && !world.network().down(World.PRIMARY)) {
          scheduler.spawn("orchestrator-" + scheduler.now(), scheduler.now(), () -> {
            for (long retryIn : new long[] {60_000, 120_000, -1}) {
              try {
                world.node(World.PRIMARY).alarm();
                return;
              } catch (RuntimeException e) {
                if (retryIn < 0) {
                  return;
                }
                scheduler.sleep(retryIn);
              }
            }
          });
        }
        inAlarm = unhealthy;
        scheduler.sleep(ALARM_PERIOD);
      }
    });
  }
}
