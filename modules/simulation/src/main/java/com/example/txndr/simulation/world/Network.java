package com.example.txndr.simulation.world;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The faults in effect, as the nemesis sets them: what each region can reach, how its clock errs,
 * how slowly replication runs. Read by the network layer ({@link SimHttpClient}), the replicator,
 * Route 53 and the clients.
 */
public final class Network {
  private final Set<String> down = new HashSet<>();
  private final Set<String> arbiterCut = new HashSet<>();
  private final Set<String> healthThrottled = new HashSet<>();
  private final Set<String> egressCut = new HashSet<>();
  private final Set<String> answersLost = new HashSet<>();
  private final Map<String, Long> clockError = new HashMap<>();
  private final Map<String, Double> conflictRate = new HashMap<>();
  private final Set<String> crashKeeperOnArbiterWrite = new HashSet<>();
  private final Map<String, Long> keeperCrashedUntil = new HashMap<>();
  private final java.util.List<Runnable> listeners = new java.util.ArrayList<>();
  private boolean partitioned;
  private double lagFactor = 1;
  private long slowWriteMillis;

  /** Runs {@code listener} after every change of the faults. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  private void changed() {
    listeners.forEach(Runnable::run);
  }

  /** The whole region is down: its functions, its replica, its endpoints. */
  public boolean down(String region) {
    return down.contains(region);
  }

  public void setDown(String region, boolean value) {
    toggle(down, region, value);
    changed();
  }

  /** The regions cannot reach each other (replication stops both ways); both still reach the arbiter's witness. */
  public boolean partitioned() {
    return partitioned;
  }

  public void setPartitioned(boolean value) {
    partitioned = value;
    changed();
  }

  /** The region reaches neither the other replica nor the witness of the control table. */
  public boolean arbiterCut(String region) {
    return arbiterCut.contains(region);
  }

  public void setArbiterCut(String region, boolean value) {
    toggle(arbiterCut, region, value);
    changed();
  }

  /** The region's {@code /health} answers 429 (throttled or flooded). */
  public boolean healthThrottled(String region) {
    return healthThrottled.contains(region);
  }

  public void setHealthThrottled(String region, boolean value) {
    toggle(healthThrottled, region, value);
    changed();
  }

  /** The region's functions cannot reach the other region's API (a fault local to that region). */
  public boolean egressCut(String region) {
    return egressCut.contains(region);
  }

  public void setEgressCut(String region, boolean value) {
    toggle(egressCut, region, value);
    changed();
  }

  /** The region's API does its work but its answers never reach the clients (it fails mid-flight). */
  public boolean answersLost(String region) {
    return answersLost.contains(region);
  }

  public void setAnswersLost(String region, boolean value) {
    toggle(answersLost, region, value);
    changed();
  }

  /** How far the region's clock is from true time, in ms. */
  public long clockError(String region) {
    return clockError.getOrDefault(region, 0L);
  }

  public void setClockError(String region, long millis) {
    clockError.put(region, millis);
    changed();
  }

  /** The chance that a write in the region meets a transaction in progress on its item (load). */
  public double conflictRate(String region) {
    return conflictRate.getOrDefault(region, 0.0);
  }

  public void setConflictRate(String region, double rate) {
    conflictRate.put(region, rate);
    changed();
  }

  /** Replication lag multiplier (1: normal). */
  public double lagFactor() {
    return lagFactor;
  }

  public void setLagFactor(double factor) {
    lagFactor = factor;
    changed();
  }

  /** Some writes take this long to land (0: none): the commit bound's test. */
  public long slowWriteMillis() {
    return slowWriteMillis;
  }

  public void setSlowWriteMillis(long millis) {
    slowWriteMillis = millis;
    changed();
  }

  /**
   * Arms a crash of {@code region}'s keeper right after its next successful write to the arbiter
   * (mid-promotion: the lease changed, its fence not yet published); the keeper is down for
   * {@code forMillis}.
   */
  public void crashKeeperAfterNextArbiterWrite(String region, long forMillis) {
    crashKeeperOnArbiterWrite.add(region);
    keeperCrashedUntil.put(region, -forMillis);
  }

  /** Called after each successful arbiter write of a region's keeper. */
  void arbiterWritten(String region, long now) {
    if (crashKeeperOnArbiterWrite.remove(region)) {
      keeperCrashedUntil.put(region, now - keeperCrashedUntil.get(region));
    }
  }

  /** Whether {@code region}'s keeper is crashed at {@code now}. */
  public boolean keeperCrashed(String region, long now) {
    Long until = keeperCrashedUntil.get(region);
    return until != null && until > 0 && now < until;
  }

  /** Every fault cleared (the end of a scenario). */
  public void heal() {
    down.clear();
    arbiterCut.clear();
    healthThrottled.clear();
    egressCut.clear();
    answersLost.clear();
    clockError.clear();
    conflictRate.clear();
    crashKeeperOnArbiterWrite.clear();
    keeperCrashedUntil.clear();
    partitioned = false;
    lagFactor = 1;
    slowWriteMillis = 0;
    changed();
  }

  private static void toggle(Set<String> set, String region, boolean value) {
    if (value) {
      set.add(region);
    } else {
      set.remove(region);
    }
  }
}
