package com.example.txndr.lambda.fencing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The fencing state as read from every control shard of one replica. A promotion writes all
 * shards in one transaction, so in the region that made it they always agree; in the other
 * replica they change one by one as the items replicate (a global table replicates items, not
 * transactions), so a disagreement is normal for about a second after a promotion. A lasting one
 * (two regions promoted at the same moment) is repaired by a manual promotion, which rewrites
 * every shard under a higher epoch.
 */
public final class ControlView {
  private final List<ActiveRegion> shards;

  private ControlView(List<ActiveRegion> shards) {
    this.shards = Collections.unmodifiableList(new ArrayList<>(shards));
  }

  /** The state of each shard in order; a null element is a shard that does not exist. */
  public static ControlView of(List<ActiveRegion> shards) {
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("A control view needs at least one shard");
    }
    return new ControlView(shards);
  }

  public int shardCount() {
    return shards.size();
  }

  /** The state of shard {@code shard}, if it exists. */
  public Optional<ActiveRegion> shard(int shard) {
    return Optional.ofNullable(shards.get(shard));
  }

  /**
   * The most recent decision: the state with the highest epoch (on a tie between regions, the
   * lowest shard's); empty when no shard exists.
   */
  public Optional<ActiveRegion> latest() {
    ActiveRegion latest = null;
    for (ActiveRegion state : shards) {
      if (state != null && (latest == null || state.epoch() > latest.epoch())) {
        latest = state;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** Shards that do not exist. */
  public List<Integer> missing() {
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < shards.size(); i++) {
      if (shards.get(i) == null) {
        missing.add(i);
      }
    }
    return missing;
  }

  /** True when every shard exists and all hold the same region and epoch. */
  public boolean agree() {
    ActiveRegion first = shards.get(0);
    return first != null && shards.stream().allMatch(first::equals);
  }

  /** The shards holding each state, in order of first appearance: {@code "us-east-1 (epoch 2)" -> [0, 1, ...]}. */
  public Map<String, List<Integer>> shardsByState() {
    Map<String, List<Integer>> byState = new LinkedHashMap<>();
    for (int i = 0; i < shards.size(); i++) {
      if (shards.get(i) != null) {
        byState.computeIfAbsent(shards.get(i).toString(), k -> new ArrayList<>()).add(i);
      }
    }
    return byState;
  }

  /** Null when the shards agree; otherwise what differs, naming every state and the missing shards. */
  public String disagreement() {
    if (agree()) {
      return null;
    }
    List<String> parts = shardsByState().entrySet().stream()
        .map(e -> e.getKey() + " on shards " + e.getValue())
        .collect(Collectors.toList());
    if (!missing().isEmpty()) {
      parts.add("missing shards " + missing());
    }
    return "the " + shards.size() + " control shards disagree: " + String.join("; ", parts);
  }
}
