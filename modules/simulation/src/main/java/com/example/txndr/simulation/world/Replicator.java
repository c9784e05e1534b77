package com.example.txndr.simulation.world;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB global-table replication between the regions' replicas, with its documented
 * semantics: each item replicates on its own (a transaction's items arrive separately, in any
 * order), asynchronously after a lag, and a replica keeps the version with the latest write
 * timestamp (last writer wins, per item; ties by region name). Two writes of an item in one
 * region keep the order in which that replica applied them, even within one millisecond: the
 * replica's stream, which global tables replicate from, holds an item's changes "in the same
 * sequence as the actual modifications to the item" (DynamoDB Streams), so an older version that
 * arrives late never replaces a newer one. A partition or a region outage holds the versions back
 * until it ends; nothing is lost in transit.
 *
 * <p>Writes are captured where they are applied ({@link SimHttpClient}): the item's image is read
 * back from the writer's replica at that same virtual instant, so the version is exactly what
 * DynamoDB would stream.
 */
public final class Replicator implements SimHttpClient.WriteCapture {
  private record Version(String source, String table, Map<String, AttributeValue> key, String keyText,
      Map<String, AttributeValue> image, long writtenAt, long sequence) {}

  /** A version's place: write time, then region, then the writer replica's order of application. */
  private record Stamp(long at, String region, long sequence) {
    boolean newerThan(Stamp other) {
      if (other == null || at != other.at) {
        return other == null || at > other.at;
      }
      int byRegion = region.compareTo(other.region);
      return byRegion != 0 ? byRegion > 0 : sequence > other.sequence;
    }
  }

  /** Base lag of one item and its spread, in virtual ms (DynamoDB: "typically within a second"). */
  public static final long BASE_LAG_MILLIS = 300;
  public static final int LAG_SPREAD_MILLIS = 700;

  private final ReplicaStore store;
  private final Scheduler scheduler;
  private final Network network;
  private final Random random;
  private final WriteLog log;
  private final List<String> regions;
  private final Set<String> tables;
  private final Map<String, Stamp> stamps = new HashMap<>();
  private final java.util.List<Runnable> held = new java.util.ArrayList<>();
  private int pending;
  /** The order in which the replicas applied writes (one counter for all: only its order within an item matters). */
  private long applied;

  public Replicator(ReplicaStore store, Scheduler scheduler, Network network, Random random, WriteLog log,
      List<String> regions, Set<String> tables) {
    this.store = store;
    this.scheduler = scheduler;
    this.network = network;
    this.random = random;
    this.log = log;
    this.regions = regions;
    this.tables = tables;
    network.onChange(this::release);
  }

  /** After a change of the faults: the versions held back go on their way again, each after a fresh lag. */
  private void release() {
    java.util.List<Runnable> waiting = new java.util.ArrayList<>(held);
    held.clear();
    waiting.forEach(Runnable::run);
  }

  private long lag() {
    return (long) ((BASE_LAG_MILLIS + random.nextInt(LAG_SPREAD_MILLIS)) * network.lagFactor());
  }

  @Override
  public void written(String region, String table, List<JsonNode> keys, long appliedAt) {
    if (!tables.contains(table)) {
      return;
    }
    for (JsonNode wire : keys) {
      Map<String, AttributeValue> key = new LinkedHashMap<>();
      key.put("pk", AttributeValue.fromS(wire.path("pk").path("S").asText()));
      key.put("sk", AttributeValue.fromS(wire.path("sk").path("S").asText()));
      String keyText = keyText(key);
      Map<String, AttributeValue> image = store.get(region, table, key).orElse(null);
      log.write(new WriteLog.Write(region, table, keyText, appliedAt));
      long sequence = ++applied;
      stamps.put(region + "|" + table + "|" + keyText, new Stamp(appliedAt, region, sequence));
      Version version = new Version(region, table, key, keyText, image, appliedAt, sequence);
      for (String peer : regions) {
        if (!peer.equals(region)) {
          pending++;
          scheduler.at(appliedAt + lag(), () -> deliver(version, peer));
        }
      }
    }
  }

  /** The canonical text of a key: {@code pk|sk}. */
  public static String keyText(Map<String, AttributeValue> key) {
    return key.get("pk").s() + "|" + key.get("sk").s();
  }

  private void deliver(Version version, String peer) {
    if (network.partitioned() || network.down(version.source()) || network.down(peer)) {
      held.add(() -> scheduler.at(scheduler.now() + lag(), () -> deliver(version, peer)));
      return;
    }
    pending--;
    String stampKey = peer + "|" + version.table() + "|" + version.keyText();
    Stamp incoming = new Stamp(version.writtenAt(), version.source(), version.sequence());
    if (!incoming.newerThan(stamps.get(stampKey))) {
      return;
    }
    if (version.image() == null) {
      store.delete(peer, version.table(), version.key());
    } else {
      store.put(peer, version.table(), version.image());
    }
    stamps.put(stampKey, incoming);
    log.arrival(new WriteLog.Arrival(peer, version.table(), version.keyText(), version.source(),
        version.writtenAt(), scheduler.now()));
  }

  /** Versions still on their way. */
  public int pending() {
    return pending;
  }

  /** The image {@code region}'s replica holds for {@code key}. */
  public Optional<Map<String, AttributeValue>> image(String region, String table, Map<String, AttributeValue> key) {
    return store.get(region, table, key);
  }
}
