package com.example.txndr.lambda.lease;

/**
 * One shard of a region's copy of its write permission, in that region's replica of the
 * transactions table: "this region may write under {@code epoch} while its writes land before
 * {@code expiresAtMillis}". Every transaction of the region carries a condition on one shard
 * ({@link LeaseMirror#fenceCondition}), so the permission is checked in the same atomic write as
 * the money; the keeper publishes it after each renewal of the lease and revokes it to hand over.
 *
 * @param epoch the epoch of the permission (0: none yet)
 * @param expiresAtMillis the lease expiry it copies; 0 once revoked
 */
public record MirrorShard(long epoch, long expiresAtMillis) {
  /** The state of a shard that was never written. */
  public static final MirrorShard NONE = new MirrorShard(0, 0);

  /** True if a write sent at {@code nowMillis} may carry this permission. */
  public boolean permits(long nowMillis, LeaseTiming timing) {
    return epoch > 0 && timing.permitsWrite(expiresAtMillis, nowMillis);
  }
}
