package com.example.txndr.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.globaltable.MemoryDynamoDb;
import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.failover.FakeAlarmEvidence;
import com.example.txndr.lambda.lease.LeaseArbiter;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.local.ResourceBootstrap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class RegionFunctionsTest {
  private static final Map<String, String> EAST = Map.of("TABLE_NAME", "txns", "CONTROL_TABLE_NAME", "control",
      "AWS_REGION", "us-east-1", "PRIMARY_REGION", "us-east-1", "SECONDARY_REGION", "us-west-2",
      "ALARM_NAME_PREFIX", "txn-dr-test", "HTTP_API_ID", FakeAlarmEvidence.API_ID);


  @Test
  void withoutSettingsTheFunctionsUseTheTemplateDefaults() {
    RegionFunctions functions = RegionFunctions.fromEnvironment(Map.of());

    assertThat(functions.fenceShards()).isEqualTo(RegionFunctions.DEFAULT_FENCE_SHARDS).isEqualTo(64);
    assertThat(functions.leaseTiming()).extracting(LeaseTiming::lease, LeaseTiming::heartbeatStaleAfter,
        LeaseTiming::commitBound).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofMillis(2900));
  }

  @Test
  void theEnvironmentSetsTheLeaseSettingsByTheFunctionsVariableNames() {
    RegionFunctions functions = RegionFunctions.fromEnvironment(Map.of(RegionFunctions.FENCE_SHARDS, "16",
        RegionFunctions.LEASE_SECONDS, "40", RegionFunctions.MAX_CLOCK_ERROR_MILLIS, "500",
        RegionFunctions.HEARTBEAT_STALE_SECONDS, "25", RegionFunctions.DRAIN_TIMEOUT_SECONDS, "120"));

    assertThat(functions.fenceShards()).isEqualTo(16);
    assertThat(functions.leaseTiming()).extracting(LeaseTiming::lease, LeaseTiming::maxClockError,
        LeaseTiming::heartbeatStaleAfter, LeaseTiming::drainTimeout).containsExactly(Duration.ofSeconds(40),
        Duration.ofMillis(500), Duration.ofSeconds(25), Duration.ofSeconds(120));
  }

  @Test
  void aValueTheFunctionsWouldRejectIsRejectedWithTheirMessage() {
    RegionFunctions functions = RegionFunctions.fromEnvironment(Map.of(RegionFunctions.FENCE_SHARDS, "sixteen"));

    assertThatThrownBy(functions::fenceShards).isInstanceOf(IllegalStateException.class)
        .hasMessage("FENCE_SHARDS must be a positive integer: got \"sixteen\"");
  }

  @Test
  void theHandlersRunOnTheClientsGiven() throws Exception {
    MemoryDynamoDb memory = new MemoryDynamoDb();
    DynamoDbClient replica = memory.client("us-east-1");
    DynamoDbClient control = memory.client("us-east-2");
    ResourceBootstrap.createTable(replica, "txns");
    ResourceBootstrap.createControlTable(control, "control");
    Platform platform = Platform.withClock(Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));
    RegionFunctions functions = RegionFunctions.fromEnvironment(EAST);

    functions.keeper(replica, control, platform).tick();

    assertThat(new LeaseArbiter(control, "control").read()).get().hasToString("us-east-1 (epoch 1)");
    assertThat(functions.api(replica, platform).handle(new ApiRequest("GET", "/health", Map.of(), null, 0)).status())
        .isEqualTo(200);
    FakeAlarmEvidence alarms = new FakeAlarmEvidence("txn-dr-test", () -> Instant.ofEpochMilli(platform.nowMillis()));
    assertThat(functions.orchestrator(control, alarms, platform).handle(Map.of("detail-type", "Scheduled Event")))
        .containsEntry("outcome", "IGNORED");
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    functions.reconciler(replica, control, platform).handleRequest(new ByteArrayInputStream(new byte[0]), report, null);
    assertThat(report.toString(StandardCharsets.UTF_8)).contains("RECONCILED");
  }
}
