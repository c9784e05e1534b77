package com.example.txndr.lambda.store;

import com.example.txndr.lambda.internal.Config;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * How many fencing control items there are ({@code CONTROL#0 .. CONTROL#<N-1>}, env
 * {@code CONTROL_SHARDS}) and which one a transaction checks. One partition key serves at most
 * 3,000 read units/s (1,000 write units/s, if a transactional check is counted as a write) and a
 * transactional check costs 2, so one item would cap fenced writes near 1,500/s (500/s); N items
 * with the same content spread the checks over N partitions.
 */
public final class ControlShards {
  private final int count;

  private ControlShards(int count) {
    this.count = count;
  }

  /** {@code count} shards, 1 to {@link Config#MAX_CONTROL_SHARDS}. */
  public static ControlShards of(int count) {
    if (count < 1 || count > Config.MAX_CONTROL_SHARDS) {
      throw new IllegalArgumentException(
          "The number of control shards must be from 1 to " + Config.MAX_CONTROL_SHARDS + ": got " + count);
    }
    return new ControlShards(count);
  }

  /** The shards configured by {@code CONTROL_SHARDS} (default 64). */
  public static ControlShards from(Config config) {
    return of(config.controlShards());
  }

  public int count() {
    return count;
  }

  /**
   * The shard that a transaction with this idempotency key checks: CRC-32 of the key's UTF-8
   * bytes, modulo N. Stable across processes and retries, so a retried request checks the same
   * shard.
   */
  public int shardOf(String idempotencyKey) {
    CRC32 crc = new CRC32();
    crc.update(idempotencyKey.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % count);
  }

  /** Any shard, at random: readers that may use any shard spread their reads over all of them. */
  public int any() {
    return ThreadLocalRandom.current().nextInt(count);
  }

  @Override
  public String toString() {
    return count + " control shards";
  }
}
