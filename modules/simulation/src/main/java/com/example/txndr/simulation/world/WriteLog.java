package com.example.txndr.simulation.world;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every write applied to a replica by a region's own code, and every version that replication
 * brought to the other replica: the system's side of the history, for the checker (one writer per
 * item; what the new region lacked when it took over).
 */
public final class WriteLog {
  /** A write by {@code region}'s code to its own replica. */
  public record Write(String region, String table, String key, long at) {}

  /** A version written by {@code source} at {@code writtenAt} that replication applied to {@code region}. */
  public record Arrival(String region, String table, String key, String source, long writtenAt, long arrivedAt) {}

  private final List<Write> writes = new ArrayList<>();
  private final List<Arrival> arrivals = new ArrayList<>();
  private final Map<String, Long> firstArrival = new HashMap<>();

  void write(Write write) {
    writes.add(write);
  }

  void arrival(Arrival arrival) {
    arrivals.add(arrival);
    firstArrival.putIfAbsent(arrival.region() + "|" + arrival.table() + "|" + arrival.key(), arrival.arrivedAt());
  }

  public List<Write> writes() {
    return Collections.unmodifiableList(writes);
  }

  public List<Arrival> arrivals() {
    return Collections.unmodifiableList(arrivals);
  }

  /** When a version of {@code key} first arrived in {@code region}'s replica by replication, or -1. */
  public long firstArrival(String region, String table, String key) {
    return firstArrival.getOrDefault(region + "|" + table + "|" + key, -1L);
  }
}
