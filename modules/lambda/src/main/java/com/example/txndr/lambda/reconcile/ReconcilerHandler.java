package com.example.txndr.lambda.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.api.internal.TransferMetrics;
import com.example.txndr.lambda.fencing.WriteFence;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.EmbeddedMetrics;
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
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The scheduled reconciliation of one region (an EventBridge schedule in both regions; only the
 * region that holds the lease acts). The event's content is ignored. A run that examined the
 * epochs prints its metrics in the embedded metric format ({@link #metrics}).
 */
public final class ReconcilerHandler implements RequestStreamHandler {
  /** Namespace of {@code ReconciliationFindings}. */
  public static final String NAMESPACE = "TransactionDr/Reconciliation";
  public static final String FINDINGS = "ReconciliationFindings";
  /** {@code StaleEpochCommits} is the processor's namespace's: the monitoring module alarms on it there. */
  public static final String STALE_EPOCH_COMMITS = "StaleEpochCommits";

  private final Reconciler reconciler;
  private final Platform platform;
  private final String metricsService;
  private final Consumer<String> metrics;

  public ReconcilerHandler() {
    this(Config.fromEnvironment(System.getenv()));
  }

  public ReconcilerHandler(Config config) {
    this(requireConfig(config), AwsClients.dynamoDb(config), AwsClients.controlTable(config), Platform.system());
  }

  public ReconcilerHandler(Config config, DynamoDbClient dynamoDb, DynamoDbClient controlTable, Platform platform) {
    this(create(requireConfig(config), dynamoDb, controlTable, platform), config, platform, System.out::println);
  }

  /** {@code metrics} receives each embedded-metric line (standard output in Lambda: CloudWatch Logs). */
  public ReconcilerHandler(Reconciler reconciler, Config config, Platform platform, Consumer<String> metrics) {
    this.reconciler = reconciler;
    this.platform = platform;
    this.metricsService = config.metricsService();
    this.metrics = metrics;
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

  /**
   * The embedded-metric lines of a run, dimension {@code Service} (env {@code METRICS_SERVICE}):
   * {@code ReconciliationFindings} (Count, namespace {@value #NAMESPACE}: the findings this run
   * recorded first, 0 included; a duplicate an earlier run reversed is found again and not counted) and {@code StaleEpochCommits} (Count, namespace {@code TransactionDr/Api}: {@link
   * Reconciler#staleEpochCommits}, 0 included), for a run that examined the epochs (outcome
   * {@code RECONCILED}). A run in the region that does not hold the lease, or one that found
   * another running, examined nothing and emits nothing; a run that fails emits nothing either
   * (Lambda Errors reports it).
   */
  public List<String> metrics(Reconciler.Report report) {
    if (!"RECONCILED".equals(report.outcome())) {
      return List.of();
    }
    long now = platform.nowMillis();
    Map<String, String> service = Map.of("Service", metricsService);
    return List.of(
        EmbeddedMetrics.line(NAMESPACE, service,
            List.of(new EmbeddedMetrics.Metric(FINDINGS, EmbeddedMetrics.COUNT, report.newFindings())), now),
        EmbeddedMetrics.line(TransferMetrics.NAMESPACE, service,
            List.of(new EmbeddedMetrics.Metric(STALE_EPOCH_COMMITS, EmbeddedMetrics.COUNT, report.staleEpochCommits())),
            now));
  }

  private static Config requireConfig(Config config) {
    return config.require(Config.TABLE_NAME, Config.CONTROL_TABLE_NAME, Config.AWS_REGION, Config.PRIMARY_REGION,
        Config.SECONDARY_REGION);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Log.begin(context);
    try {
      reconcile(input, output);
    } finally {
      Log.end();
    }
  }

  private void reconcile(InputStream input, OutputStream output) throws IOException {
    input.readAllBytes();
    Reconciler.Report report = reconciler.run();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("outcome", report.outcome());
    result.put("epoch", report.epoch());
    result.put("detail", report.detail());
    result.put("findings", report.findings().stream().map(f -> Map.of("epoch", f.epoch(), "kind", f.kind().name(),
        "subject", f.subject(), "compensation", String.valueOf(f.compensation()), "detail", f.detail())).toList());
    result.put("newFindings", report.newFindings());
    result.put("staleEpochCommits", report.staleEpochCommits());
    // The findings' subjects and details name accounts, their amounts and callers' idempotency
    // keys: they stay in the table (RECON# items) and in the output, out of the logs.
    Map<String, Object> logged = new LinkedHashMap<>(result);
    logged.put("findings", report.findings().stream().map(f -> Map.of("epoch", f.epoch(), "kind", f.kind().name(),
        "compensation", String.valueOf(f.compensation()))).toList());
    Log.info("reconciliation", logged);
    metrics(report).forEach(metrics);
    output.write(Json.write(result).getBytes(StandardCharsets.UTF_8));
  }
}
