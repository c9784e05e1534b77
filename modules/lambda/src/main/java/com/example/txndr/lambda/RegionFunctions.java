package com.example.txndr.lambda;

import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.failover.AlarmEvidence;
import com.example.txndr.lambda.failover.FailoverOrchestratorHandler;
import com.example.txndr.lambda.keeper.LeaseKeeper;
import com.example.txndr.lambda.keeper.LeaseKeeperHandler;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.reconcile.ReconcilerHandler;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One region's functions as their environment configures them (the Lambda contract,
 * docs/conventions.md), for code outside this module: the drill CLI takes the lease settings it
 * must share with the deployed functions (fence shards, timing), and a harness (the drill's
 * tests) builds the real handlers of a region on its own clients and platform. The environment
 * is read exactly as the functions read theirs; nothing is checked until a value is asked for.
 */
public final class RegionFunctions {
  /** The number of fence shards of every function of a region ({@code LEASE#<region>#0..N-1}). */
  public static final String FENCE_SHARDS = Config.FENCE_SHARDS;
  /** The template's default of {@link #FENCE_SHARDS}. */
  public static final int DEFAULT_FENCE_SHARDS = Config.DEFAULT_FENCE_SHARDS;
  public static final String LEASE_SECONDS = Config.LEASE_SECONDS;
  public static final String LEASE_RENEW_SECONDS = Config.LEASE_RENEW_SECONDS;
  public static final String MAX_CLOCK_ERROR_MILLIS = Config.MAX_CLOCK_ERROR_MILLIS;
  public static final String HEARTBEAT_STALE_SECONDS = Config.HEARTBEAT_STALE_SECONDS;
  public static final String DRAIN_TIMEOUT_SECONDS = Config.DRAIN_TIMEOUT_SECONDS;

  private final Config config;

  private RegionFunctions(Config config) {
    this.config = config;
  }

  /** The functions configured by {@code environment} (the variables Lambda would give them). */
  public static RegionFunctions fromEnvironment(Map<String, String> environment) {
    return new RegionFunctions(Config.fromEnvironment(environment));
  }

  /** {@link #FENCE_SHARDS}, default {@value #DEFAULT_FENCE_SHARDS}; fails naming the variable when invalid. */
  public int fenceShards() {
    return config.fenceShards();
  }

  /** The lease timing, with the functions' own commit bound (their DynamoDB call timeout). */
  public LeaseTiming leaseTiming() {
    return config.leaseTiming();
  }

  /** The transaction processor of the region, on {@code replica} (its replica of the transactions table). */
  public ApiHandler api(DynamoDbClient replica, Platform platform) {
    return new ApiHandler(config, replica, platform);
  }

  /**
   * The alarm hand-over of the region, on {@code controlTable} (the arbiter), corroborating the
   * alarm through {@code evidence} (CloudWatch's alarms and metrics, or a harness's).
   */
  public FailoverOrchestratorHandler orchestrator(DynamoDbClient controlTable, AlarmEvidence evidence,
      Platform platform) {
    return new FailoverOrchestratorHandler(config, controlTable, evidence, platform);
  }

  /** The region's lease keeper (without an alert topic: announcements are logged). */
  public LeaseKeeper keeper(DynamoDbClient replica, DynamoDbClient controlTable, Platform platform) {
    return new LeaseKeeperHandler(config, replica, controlTable, null, platform).keeper();
  }

  /** The region's reconciliation function. */
  public ReconcilerHandler reconciler(DynamoDbClient replica, DynamoDbClient controlTable, Platform platform) {
    return new ReconcilerHandler(config, replica, controlTable, platform);
  }
}
