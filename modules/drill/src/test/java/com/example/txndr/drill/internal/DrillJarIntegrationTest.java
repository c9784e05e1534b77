package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.lease.Heartbeat;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseArbiter;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.testkit.moto.Moto;
import com.example.txndr.testkit.net.ClosedPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The shaded jar itself ({@code target/dr-drill.jar}), run as an operator runs it, against moto:
 * the lease read and changed through the lambda module's classes over the real wire protocol.
 * moto has no multi-Region strong consistency, so the lease is seeded in the control table of
 * the region each command reads it through, and no keeper runs.
 */
class DrillJarIntegrationTest {
  @RegisterExtension
  static final Moto MOTO = Moto.builder().build();

  private static final LeaseTiming TIMING = LeaseSettings.defaults().timing();

  private record Run(int exitCode, String output) {}

  private LeaseArbiter arbiter(String region) {
    DynamoDbClient client = MotoAws.dynamoDb(MOTO.endpoint(), region);
    return new LeaseArbiter(client, MotoAws.CONTROL);
  }

  @BeforeEach
  void tables() {
    MotoAws.createTables(MOTO.endpoint(), "us-east-1");
    MotoAws.createTables(MOTO.endpoint(), "us-west-2");
    arbiter("us-east-1").create(Lease.initial("us-east-1", System.currentTimeMillis(), TIMING));
  }

  private Run jar(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("drill.jar", "target/dr-drill.jar")));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", MOTO.endpoint().toString(), "--project", "txn-dr", "--environment", "dev",
        "--table", MotoAws.TABLE));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }

  @Test
  void statusPrintsWhatItCanReadAndTheErrorsOfTheRest() throws Exception {
    String closed = ClosedPort.url();
    Run run = jar("status", "--primary-api", closed, "--secondary-api", closed);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains(
        "Lease (txn-dr-dev-control, read in us-east-1): us-east-1 holds epoch 1 until ",
        "Epochs: 1 us-east-1 from ",
        "Write permission (mirror)  | none on all 64 shards",
        "Active region: us-east-1 (epoch 1): it holds the lease",
        "Route 53 health check      | error: No primary health check ID: give the stack output PrimaryHealthCheckId"
            + " (--stack) or --primary-health-check");
  }

  @Test
  void handoverWithoutYesPrintsThePlanExitsTwoAndChangesNothing() throws Exception {
    Run run = jar("handover", "--to", "us-west-2");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("Would request a planned hand-over from us-east-1 to us-west-2");
    assertThat(arbiter("us-east-1").read().orElseThrow().draining()).isFalse();
  }

  @Test
  void handoverToATargetWithoutAFreshKeeperIsRefused() throws Exception {
    Run run = jar("handover", "--to", "us-west-2", "--yes");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("handover to us-west-2: refused: the keeper of us-west-2 has no fresh heartbeat in"
        + " the arbiter");
  }

  @Test
  void handoverRequestsTheDrainInTheControlTable() throws Exception {
    arbiter("us-east-1").writeKeeperHeartbeat(new Heartbeat("us-west-2", System.currentTimeMillis(), 1, false, 0));

    Run run = jar("handover", "--to", "us-west-2", "--yes", "--timeout", "2s", "--poll", "1s");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output()).contains("handover to us-west-2: requested: draining us-east-1 to us-west-2",
        "handover to us-west-2: the drain did not complete within 2.0s");
    assertThat(arbiter("us-east-1").read().orElseThrow()).hasToString("us-east-1 (epoch 1, draining to us-west-2)");
  }

  @Test
  void abortHandoverResumesTheHolderUnderTheNextEpoch() throws Exception {
    arbiter("us-east-1").writeKeeperHeartbeat(new Heartbeat("us-west-2", System.currentTimeMillis(), 1, false, 0));
    jar("handover", "--to", "us-west-2", "--yes", "--timeout", "1s", "--poll", "1s");

    Run run = jar("abort-handover", "--yes");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(arbiter("us-east-1").read().orElseThrow()).hasToString("us-east-1 (epoch 2)");
  }

  @Test
  void promoteIsRefusedWhileTheLeaseIsValidWithItsReason() throws Exception {
    arbiter("us-west-2").create(Lease.initial("us-east-1", System.currentTimeMillis(), TIMING));

    Run run = jar("promote", "--region", "us-west-2", "--yes");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("promote us-west-2: refused: us-east-1 holds the lease until ",
        "a promotion before then would give two writers; for a planned switch use handover");
  }

  @Test
  void promoteTakesALeaseThatExpiredWithItsHolderGone() throws Exception {
    long expired = System.currentTimeMillis() - Duration.ofMinutes(5).toMillis();
    arbiter("us-west-2").create(Lease.initial("us-east-1", expired, TIMING));

    Run run = jar("promote", "--region", "us-west-2", "--yes");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(arbiter("us-west-2").read().orElseThrow()).hasToString("us-west-2 (epoch 2)");
    assertThat(arbiter("us-west-2").epochs()).extracting(LeaseArbiter.EpochRecord::holder)
        .containsExactly("us-east-1", "us-west-2");
  }

  @Test
  void helpListsTheCommands() throws Exception {
    Process process = new ProcessBuilder("java", "-jar", System.getProperty("drill.jar", "target/dr-drill.jar"),
        "--help").redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);

    assertThat(output).contains("status", "handover", "demote", "promote", "abort-handover", "reconcile", "drill",
        "preflight");
  }
}
