package com.example.txndr.drill.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drill's result, written as {@code drill-result-<timestamp>.json}: every phase with its
 * times and outcome, the measured RTO (fault injection until a canary write is acknowledged
 * through the failover name by the secondary) and RPO (a commit in the primary until it is
 * readable in the secondary), each PASS or FAIL against the targets, the lease epochs (initial,
 * after the failover, after the failback, and the final lease), what the restore did, and the
 * overall result.
 */
public final class DrillRecord {
  /** Outcome of a phase. */
  public enum Outcome { OK, FAILED, TIMED_OUT, INTERRUPTED, NOT_REACHED }

  private final String drillId;
  private final String stack;
  private final String primaryRegion;
  private final String secondaryRegion;
  private final Instant startedAt;
  private final List<Map<String, Object>> phases = new ArrayList<>();
  private final List<String> restore = new ArrayList<>();
  private Instant finishedAt;
  private String initialActive;
  private Long initialEpoch;
  private Long failoverEpoch;
  private Long failbackEpoch;
  private String finalLease;
  private Duration rto;
  private Duration rpo;
  private Duration rpoResolution;
  private String failure;
  private boolean interrupted;

  public DrillRecord(String drillId, String stack, String primaryRegion, String secondaryRegion, Instant startedAt) {
    this.drillId = drillId;
    this.stack = stack;
    this.primaryRegion = primaryRegion;
    this.secondaryRegion = secondaryRegion;
    this.startedAt = startedAt;
  }

  public synchronized void phase(String name, String description, Instant started, Instant ended, Outcome outcome,
      String detail) {
    Map<String, Object> phase = new LinkedHashMap<>();
    phase.put("name", name);
    phase.put("description", description);
    phase.put("startedAt", started.toString());
    phase.put("endedAt", ended == null ? null : ended.toString());
    phase.put("durationSeconds", ended == null ? null : Durations.seconds(Duration.between(started, ended)));
    phase.put("outcome", outcome.name());
    phase.put("detail", detail);
    phases.add(phase);
  }

  public synchronized void initialActive(String state) {
    this.initialActive = state;
  }

  /** The lease epochs the drill saw: at the start, after the failover, after the failback (null: not reached). */
  public synchronized void epochs(Long initial, Long failover, Long failback) {
    this.initialEpoch = initial;
    this.failoverEpoch = failover;
    this.failbackEpoch = failback;
  }

  /** The lease when the drill finished, restore included. */
  public synchronized void finalLease(String lease) {
    this.finalLease = lease;
  }

  public synchronized void rto(Duration measured) {
    this.rto = measured;
  }

  public synchronized void rpo(Duration measured, Duration resolution) {
    this.rpo = measured;
    this.rpoResolution = resolution;
  }

  /** The first failure wins: later ones are consequences. */
  public synchronized void fail(String message) {
    if (failure == null) {
      failure = message;
    }
  }

  public synchronized void interrupted(String message) {
    interrupted = true;
    fail(message);
  }

  public synchronized void restored(String action) {
    restore.add(action);
  }

  public synchronized void finish(Instant at) {
    finishedAt = at;
  }

  public synchronized boolean interrupted() {
    return interrupted;
  }

  public synchronized Duration rto() {
    return rto;
  }

  public synchronized Duration rpo() {
    return rpo;
  }

  /** What the restore did, in order. */
  public synchronized List<String> restoreActions() {
    return List.copyOf(restore);
  }

  public synchronized String failure() {
    return failure;
  }

  /** PASS: no phase failed, and RTO and RPO were measured and within their targets. */
  public synchronized boolean passed() {
    return failure == null && within(rto, DrillSettings.RTO_TARGET) && within(rpo, DrillSettings.RPO_TARGET);
  }

  private static boolean within(Duration measured, Duration target) {
    return measured != null && measured.compareTo(target) < 0;
  }

  public String drillId() {
    return drillId;
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** The record as a JSON-ready map, fields in a fixed order. */
  public synchronized Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("drillId", drillId);
    map.put("stack", stack);
    map.put("primaryRegion", primaryRegion);
    map.put("secondaryRegion", secondaryRegion);
    map.put("startedAt", startedAt.toString());
    map.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
    map.put("result", passed() ? "PASS" : "FAIL");
    map.put("interrupted", interrupted);
    map.put("failure", failure);
    map.put("initialActive", initialActive);
    Map<String, Object> epochs = new LinkedHashMap<>();
    epochs.put("initial", initialEpoch);
    epochs.put("failover", failoverEpoch);
    epochs.put("failback", failbackEpoch);
    epochs.put("finalLease", finalLease);
    map.put("leaseEpochs", epochs);
    map.put("rto", target(rto, DrillSettings.RTO_TARGET, "fault injection (primary health check inverted) until a"
        + " canary write was acknowledged through the failover name by the secondary", null));
    map.put("rpo", target(rpo, DrillSettings.RPO_TARGET, "a canary committed in the primary until it was readable"
        + " in the secondary", rpoResolution));
    map.put("phases", new ArrayList<>(phases));
    map.put("restore", new ArrayList<>(restore));
    return map;
  }

  private static Map<String, Object> target(Duration measured, Duration target, String definition, Duration resolution) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("measuredSeconds", measured == null ? null : Durations.seconds(measured));
    map.put("targetSeconds", Durations.seconds(target));
    map.put("result", measured == null ? "NOT_MEASURED" : within(measured, target) ? "PASS" : "FAIL");
    map.put("definition", definition);
    if (resolution != null) {
      map.put("resolutionSeconds", Durations.seconds(resolution));
    }
    return map;
  }
}
