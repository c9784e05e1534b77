package com.example.txndr.lambda.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.fencing.WriteFence;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Config;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.internal.Log;
import com.example.txndr.lambda.lease.LeaseArbiter;
import com.example.txndr.lambda.lease.LeaseMirror;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.store.Ledger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The scheduled reconciliation of one region (an EventBridge schedule in both regions; only the
 * region that holds the lease acts). The event's content is ignored.
 */
public final class ReconcilerHandler implements RequestStreamHandler {
  private final Reconciler reconciler;

  public ReconcilerHandler() {
    this(Config.fromEnvironment(System.getenv()));
  }

  public ReconcilerHandler(Config config) {
    this(requireConfig(config), AwsClients.dynamoDb(config), AwsClients.controlTable(config), Platform.system());
  }

  public ReconcilerHandler(Config config, DynamoDbClient dynamoDb, DynamoDbClient controlTable, Platform platform) {
    this.reconciler = create(requireConfig(config), dynamoDb, controlTable, platform);
  }

  /** The reconciler of {@code config}'s region (also used by the drill CLI). */
  public static Reconciler create(Config config, DynamoDbClient dynamoDb, DynamoDbClient controlTable,
      Platform platform) {
    LeaseTiming timing = config.leaseTiming();
    LeaseMirror mirror = new LeaseMirror(dynamoDb, config.tableName(), config.region(), config.fenceShards(), platform);
    return new Reconciler(config.region(), new Ledger(dynamoDb, config.tableName(), config.region(), mirror, timing,
        platform),
        new LeaseArbiter(controlTable, config.controlTableName()),
        new WriteFence(mirror, timing, platform, WriteFence.DEFAULT_TTL),
        new FindingStore(dynamoDb, config.tableName(), config.region()), platform, Reconciler.DEFAULT_WINDOW,
        config.value(Config.SUSPENSE_ACCOUNT) == null ? Reconciler.DEFAULT_SUSPENSE_ACCOUNT
            : config.value(Config.SUSPENSE_ACCOUNT));
  }

  private static Config requireConfig(Config config) {
    return config.require(Config.TABLE_NAME, Config.CONTROL_TABLE_NAME, Config.AWS_REGION, Config.PRIMARY_REGION,
        Config.SECONDARY_REGION);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    input.readAllBytes();
    Reconciler.Report report = reconciler.run();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("outcome", report.outcome());
    result.put("epoch", report.epoch());
    result.put("detail", report.detail());
    result.put("findings", report.findings().stream().map(f -> Map.of("epoch", f.epoch(), "kind", f.kind().name(),
        "subject", f.subject(), "compensation", String.valueOf(f.compensation()), "detail", f.detail())).toList());
    Log.info("reconciliation", result);
    output.write(Json.write(result).getBytes(StandardCharsets.UTF_8));
  }
}
