package com.example.txndr.lambda.regions;

import static com.example.txndr.lambda.regions.Regions.EAST;
import static com.example.txndr.lambda.regions.Regions.WEST;
import static com.example.txndr.lambda.regions.Regions.deposit;
import static com.example.txndr.lambda.regions.Regions.errorCode;
import static com.example.txndr.lambda.regions.Regions.withdrawal;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.reconcile.ReconcilerHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded metrics of the processor and the reconciler as the monitoring module's alarms
 * read them: one line per {@code POST /transactions} with exactly one outcome count and the
 * latency, and one pair of lines per reconciliation run.
 */
class TransferMetricsTest {
  private static final Set<String> OUTCOMES = Set.of("TransfersCommitted", "TransfersReplayed", "TransfersDeclined",
      "TransfersFenced", "TransfersConflicted", "TransfersThrottled", "ServerErrors");

  private Regions regions;

  @BeforeEach
  void start() {
    regions = Regions.inMemory();
    regions.start();
  }

  /** The only metric line the request printed, parsed. */
  private Map<String, Object> onlyLine(String region, Runnable request) {
    int before = regions.metrics(region).size();
    request.run();
    List<String> lines = regions.metrics(region).subList(before, regions.metrics(region).size());
    assertThat(lines).as("one embedded-metric line per POST /transactions").hasSize(1);
    return parse(lines.get(0));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String line) {
    try {
      return Json.parseObject(line);
    } catch (Json.MalformedJsonException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  /** The directive's metric names and units; asserts the namespace, the dimension and its value. */
  @SuppressWarnings("unchecked")
  static Map<String, String> metrics(Map<String, Object> line, String namespace) {
    Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
    assertThat(aws.get("Timestamp")).isInstanceOf(BigDecimal.class);
    List<Map<String, Object>> directives = (List<Map<String, Object>>) aws.get("CloudWatchMetrics");
    assertThat(directives).hasSize(1);
    Map<String, Object> directive = directives.get(0);
    assertThat(directive).containsEntry("Namespace", namespace)
        .containsEntry("Dimensions", List.of(List.of("Service")));
    assertThat(line).containsEntry("Service", Regions.METRICS_SERVICE);
    Map<String, String> units = ((List<Map<String, Object>>) directive.get("Metrics")).stream()
        .collect(Collectors.toMap(m -> (String) m.get("Name"), m -> (String) m.get("Unit")));
    units.keySet().forEach(name -> assertThat(line).as("value of " + name).containsKey(name));
    return units;
  }

  /** Asserts the line counts exactly {@code outcome} once (or no outcome when null) and has the latency. */
  private static void assertOutcome(Map<String, Object> line, String outcome) {
    Map<String, String> units = metrics(line, "TransactionDr/Api");
    Map<String, String> expected = new java.util.HashMap<>(Map.of("TransferLatency", "Milliseconds"));
    if (outcome != null) {
      expected.put(outcome, "Count");
      assertThat(line).containsEntry(outcome, BigDecimal.ONE);
    }
    assertThat(units).isEqualTo(expected);
    assertThat(line.keySet()).as("no other outcome count").doesNotContainAnyElementsOf(
        OUTCOMES.stream().filter(o -> !o.equals(outcome)).toList());
    assertThat((BigDecimal) line.get("TransferLatency")).isGreaterThanOrEqualTo(BigDecimal.ZERO);
  }

  @Test
  void aCommittedTransferCountsTransfersCommitted() {
    Map<String, Object> line = onlyLine(EAST, () -> assertThat(regions.post(EAST, "k1", deposit("alice", "10.00"))
        .status()).isEqualTo(201));

    assertOutcome(line, "TransfersCommitted");
  }

  @Test
  void aReplayOfARecordedAnswerCountsTransfersReplayedNotCommitted() {
    regions.post(EAST, "k1", deposit("alice", "10.00"));

    Map<String, Object> line = onlyLine(EAST, () -> assertThat(regions.post(EAST, "k1", deposit("alice", "10.00"))
        .header("Idempotent-Replayed")).isEqualTo("true"));

    assertOutcome(line, "TransfersReplayed");
  }

  @Test
  void aRecordedDeclineCountsTransfersDeclined() {
    regions.post(EAST, "k1", deposit("alice", "10.00"));

    Map<String, Object> line = onlyLine(EAST, () -> assertThat(errorCode(regions.post(EAST, "k2",
        withdrawal("alice", "50.00")))).isEqualTo("INSUFFICIENT_FUNDS"));

    assertOutcome(line, "TransfersDeclined");
  }

  @Test
  void aReplayedDeclineCountsTransfersReplayedOnly() {
    regions.post(EAST, "k2", withdrawal("alice", "50.00"));

    Map<String, Object> line = onlyLine(EAST, () -> regions.post(EAST, "k2", withdrawal("alice", "50.00")));

    assertOutcome(line, "TransfersReplayed");
  }

  @Test
  void theStandbyRefusingAWriteCountsTransfersFenced() {
    Map<String, Object> line = onlyLine(WEST, () -> assertThat(errorCode(regions.post(WEST, "k1",
        deposit("alice", "10.00")))).isEqualTo("NOT_ACTIVE_REGION"));

    assertOutcome(line, "TransfersFenced");
  }

  @Test
  void throttledWritesAnsweredWith503CountTransfersThrottledNotServerErrors() {
    regions.throttledWrites.set(Integer.MAX_VALUE);

    Map<String, Object> line = onlyLine(EAST, () -> {
      ApiResponse response = regions.post(EAST, "k1", deposit("alice", "10.00"));
      assertThat(response.status()).isEqualTo(503);
      assertThat(errorCode(response)).isEqualTo("SERVICE_UNAVAILABLE");
    });

    assertOutcome(line, "TransfersThrottled");
  }

  @Test
  void aValidationErrorHasTheLatencyAndNoOutcomeCount() {
    Map<String, Object> line = onlyLine(EAST, () -> assertThat(regions.post(EAST, null, deposit("alice", "1.00"))
        .status()).isEqualTo(400));

    assertOutcome(line, null);
  }

  @Test
  void otherRoutesEmitNothing() {
    regions.get(EAST, "/accounts/alice");
    regions.canary(EAST, "c1", null, com.example.txndr.lambda.domain.Caller.ANONYMOUS);

    assertThat(regions.metrics(EAST)).isEmpty();
  }

  @Test
  void aReconciliationRunEmitsItsFindingsAndItsStaleEpochCommitsZeroIncluded() throws Exception {
    regions.post(EAST, "k1", deposit("alice", "100.00"));
    regions.replicateAll();
    regions.post(EAST, "k2", withdrawal("alice", "80.00"));
    LeaseTiming timing = regions.config(EAST).leaseTiming();
    for (int i = 0; i < 10 && !regions.lease().activeHolder(WEST); i++) {
      regions.wait(timing.renewEvery());
      regions.keeper(WEST).tick();
    }
    regions.post(WEST, "k3", withdrawal("alice", "80.00"));
    regions.replicateAll();
    List<String> lines = new ArrayList<>();
    ReconcilerHandler handler = new ReconcilerHandler(regions.reconciler(WEST), regions.config(WEST),
        regions.platform(WEST), lines::add);

    handler.handleRequest(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), null);

    assertThat(lines).hasSize(2);
    Map<String, Object> findings = parse(lines.get(0));
    assertThat(metrics(findings, "TransactionDr/Reconciliation")).isEqualTo(Map.of("ReconciliationFindings", "Count"));
    assertThat(findings).containsEntry("ReconciliationFindings", BigDecimal.ONE);
    Map<String, Object> stale = parse(lines.get(1));
    assertThat(metrics(stale, "TransactionDr/Api")).isEqualTo(Map.of("StaleEpochCommits", "Count"));
    assertThat(stale).containsEntry("StaleEpochCommits", BigDecimal.ZERO);
  }

  @Test
  void aDuplicateAlreadyReversedIsNotCountedAgainByTheNextRun() throws Exception {
    regions.post(EAST, "k0", deposit("bob", "50.00"));
    regions.replicateAll();
    regions.post(EAST, "k1", withdrawal("bob", "20.00"));
    LeaseTiming timing = regions.config(EAST).leaseTiming();
    for (int i = 0; i < 10 && !regions.lease().activeHolder(WEST); i++) {
      regions.wait(timing.renewEvery());
      regions.keeper(WEST).tick();
    }
    regions.post(WEST, "k1", withdrawal("bob", "20.00"));
    regions.replicateAll();
    List<String> lines = new ArrayList<>();
    ReconcilerHandler handler = new ReconcilerHandler(regions.reconciler(WEST), regions.config(WEST),
        regions.platform(WEST), lines::add);

    handler.handleRequest(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), null);
    handler.handleRequest(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), null);

    assertThat(lines).hasSize(4);
    assertThat(parse(lines.get(0))).as("the first run reverses it").containsEntry("ReconciliationFindings",
        BigDecimal.ONE);
    assertThat(parse(lines.get(2))).as("the second finds it again, already reversed")
        .containsEntry("ReconciliationFindings", BigDecimal.ZERO);
  }

  @Test
  void aReconciliationInTheRegionWithoutTheLeaseEmitsNothing() throws Exception {
    List<String> lines = new ArrayList<>();
    ReconcilerHandler handler = new ReconcilerHandler(regions.reconciler(WEST), regions.config(WEST),
        regions.platform(WEST), lines::add);

    handler.handleRequest(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), null);

    assertThat(lines).isEmpty();
  }

  @Test
  void aRunWithNothingFoundStillPublishesZeroFindings() throws Exception {
    List<String> lines = new ArrayList<>();
    ReconcilerHandler handler = new ReconcilerHandler(regions.reconciler(EAST), regions.config(EAST),
        regions.platform(EAST), lines::add);

    handler.handleRequest(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), null);

    assertThat(lines).hasSize(2);
    assertThat(parse(lines.get(0))).containsEntry("ReconciliationFindings", BigDecimal.ZERO);
    assertThat(parse(lines.get(1))).containsEntry("StaleEpochCommits", BigDecimal.ZERO);
  }
}
