package com.example.txndr.lambda.keeper;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.internal.Log;
import com.example.txndr.lambda.lease.LeaseArbiter;
import com.example.txndr.lambda.lease.LeaseMirror;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.lease.RegionSignals;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The lease keeper function of one region, invoked every minute by an EventBridge schedule in
 * both regions. One invocation ticks every {@code LEASE_RENEW_SECONDS} for {@link #RUN_FOR} (a
 * little over the schedule's minute, so that a late invocation leaves no gap; two overlapping
 * invocations are safe: every change is a compare-and-set). The event's content is ignored:
 * no invoker can ask this function for a promotion.
 */
public final class LeaseKeeperHandler implements RequestStreamHandler {
  /** How long one invocation keeps ticking (the function's timeout is longer). */
  public static final Duration RUN_FOR = Duration.ofSeconds(70);

  private final LeaseKeeper keeper;
  private final LeaseTiming timing;
  private final Platform platform;
  private final String tableName;
  private final String peer;

  public LeaseKeeperHandler() {
    this(Config.fromEnvironment(System.getenv()));
  }

  public LeaseKeeperHandler(Config config) {
    this(requireConfig(config), AwsClients.dynamoDb(config), AwsClients.controlTable(config), AwsClients.sns(config),
        Platform.system());
  }

  public LeaseKeeperHandler(Config config, DynamoDbClient dynamoDb, DynamoDbClient controlTable, SnsClient sns,
      Platform platform) {
    requireConfig(config);
    this.timing = config.leaseTiming();
    this.platform = platform;
    this.tableName = config.tableName();
    this.peer = config.peerRegion();
    this.keeper = new LeaseKeeper(config.region(), config.peerRegion(), config.primaryRegion(), timing,
        new LeaseArbiter(controlTable, config.controlTableName()),
        new LeaseMirror(dynamoDb, config.tableName(), config.region(), config.fenceShards(), platform),
        new RegionSignals(dynamoDb, config.tableName()), Announcer.sns(sns, config.alertTopicArn()), platform,
        config.autoTakeover());
  }

  private static Config requireConfig(Config config) {
    return config.require(Config.TABLE_NAME, Config.CONTROL_TABLE_NAME, Config.AWS_REGION, Config.PRIMARY_REGION,
        Config.SECONDARY_REGION);
  }

  public LeaseKeeper keeper() {
    return keeper;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Log.begin(context);
    try {
      keep(input, output, context);
    } finally {
      Log.end();
    }
  }

  private void keep(InputStream input, OutputStream output, Context context) throws IOException {
    input.readAllBytes();
    long started = platform.nowMillis();
    long stopAt = started + RUN_FOR.toMillis();
    if (context != null) {
      stopAt = Math.min(stopAt, started + context.getRemainingTimeInMillis() - timing.renewEvery().toMillis());
    }
    List<Map<String, Object>> changes = new ArrayList<>();
    LeaseKeeper.Step last = null;
    int ticks = 0;
    String previousWhy = null;
    while (true) {
      last = keeper.tick();
      ticks++;
      emitHeartbeatAge(last);
      if (!last.action().equals("RENEW") && !last.why().equals(previousWhy)) {
        Map<String, Object> change = describe(last);
        changes.add(change);
        Log.info("lease keeper", change);
      }
      previousWhy = last.why();
      if (platform.nowMillis() + timing.renewEvery().toMillis() >= stopAt) {
        break;
      }
      platform.pause(timing.renewEvery());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ticks", ticks);
    result.put("last", describe(last));
    result.put("changes", changes);
    output.write(Json.write(result).getBytes(StandardCharsets.UTF_8));
  }

  /** One metric line per tick: the replication heartbeat (an absent peer heartbeat emits nothing). */
  private void emitHeartbeatAge(LeaseKeeper.Step step) {
    if (step.peerHeartbeatAgeMillis().isPresent()) {
      System.out.println(HeartbeatAgeMetric.line(tableName, peer, step.peerHeartbeatAgeMillis().getAsLong(),
          platform.nowMillis()));
    }
  }

  private static Map<String, Object> describe(LeaseKeeper.Step step) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("action", step.action());
    out.put("outcome", step.outcome());
    if (step.lease() != null) {
      out.put("lease", step.lease().toString());
    }
    out.put("why", step.why());
    return out;
  }
}
