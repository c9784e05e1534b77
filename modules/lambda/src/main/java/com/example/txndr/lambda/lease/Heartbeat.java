package com.example.txndr.lambda.lease;

/**
 * What a region's keeper last said about itself, in its own item {@code HEARTBEAT#<region>} of
 * the transactions table (replicated to the peer like any item): the peer reads its age to tell
 * a region that is gone from one that is alive, and the age is also the replication heartbeat.
 *
 * @param region the writer
 * @param atMillis when it was written (the writer's clock)
 * @param epoch the lease epoch the writer last saw
 * @param holder whether the writer held the lease when it wrote
 * @param arbiterFailingSinceMillis since when the writer cannot reach the arbiter (0: it can)
 */
public record Heartbeat(String region, long atMillis, long epoch, boolean holder, long arbiterFailingSinceMillis) {
  /** Age at {@code nowMillis} (the reader's clock), never negative. */
  public long ageMillis(long nowMillis) {
    return Math.max(0, nowMillis - atMillis);
  }
}
