package com.example.txndr.drill.internal;

import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.fencing.ControlView;

/**
 * The fencing control items of the global table, in one region's replica. The implementation
 * is the lambda module's control-item code (the orchestrator's), never a second one.
 */
public interface Fencing {
  /** Every control shard as {@code region}'s replica holds it (strongly consistent reads). */
  ControlView read(String region);

  /**
   * Makes {@code candidate} active under the next epoch, written in {@code writeRegion}'s
   * replica, if the control items still are {@code seen}. True if this call changed them; false
   * if another promotion got there first.
   */
  boolean promote(String writeRegion, ActiveRegion seen, String candidate, String reason);
}
