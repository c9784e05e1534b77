package com.example.txndr.drill.internal;

import com.example.txndr.lambda.RegionFunctions;
import com.example.txndr.lambda.lease.LeaseTiming;
import java.util.Map;

/**
 * The lease settings the CLI shares with the deployed functions: how many fence shards a
 * region's mirror has, and the lease timing (how long a lease holds, the clock error, when a
 * heartbeat is stale, how long a drain may take). They must equal the functions' environment
 * (the template's parameters); the lambda module reads them as the functions do.
 */
public record LeaseSettings(int fenceShards, LeaseTiming timing) {
  /** The templates' defaults. */
  public static LeaseSettings defaults() {
    return of(Map.of());
  }

  /** From the functions' environment variables ({@code FENCE_SHARDS}, {@code LEASE_SECONDS}, ...). */
  public static LeaseSettings of(Map<String, String> environment) {
    RegionFunctions functions = RegionFunctions.fromEnvironment(environment);
    return new LeaseSettings(functions.fenceShards(), functions.leaseTiming());
  }
}
