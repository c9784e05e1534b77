package com.example.txndr.simulation.protocol;

import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;

/** One region running a protocol's code: what the world invokes in it. */
public interface RegionNode {
  String region();

  /** One invocation of the transaction API. */
  ApiResponse api(ApiRequest request);

  /** The periodic automation of the region (the lease keeper; the baseline's probe). */
  void tick();

  /** How often {@link #tick} runs, in virtual ms. */
  long tickEveryMillis();

  /** The primary-region-unhealthy alarm entered ALARM: its EventBridge rule invokes the orchestrator. */
  void alarm();

  /** An operator's planned switch of the active region to {@code target}, run from this region. */
  void operatorHandover(String target);

  /** An operator's manual promotion of this region. */
  void operatorPromote(boolean acceptDataLoss);

  /** A reconciliation run in this region. */
  void reconcile();
}
