package com.example.txndr.drill.internal;

import static com.example.txndr.drill.internal.FakeWorld.PRIMARY;
import static com.example.txndr.drill.internal.FakeWorld.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.lease.Lease;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperationsTest {
  private final FakeWorld world = new FakeWorld();
  private final Services services = world.services();
  private final LeaseControl lease = new LeaseControl(services, world.targets(), FakeWorld.leaseSettings());
  private final Operations operations = new Operations(services, world.targets(), lease,
      new Console(new PrintStream(OutputStream.nullOutputStream()), services.ticker()), Duration.ofSeconds(2));

  private static Lease lease(String holder, long epoch, Lease.Drain drain, String reason) {
    return new Lease(holder, epoch, 0, drain, 1, 0, reason);
  }

  @Test
  void planOfAHandOverNamesTheNextEpochTheDrainAndTheRefusals() {
    assertThat(operations.handoverPlan(SECONDARY)).isEqualTo(String.join("\n",
        "Lease (txn-dr-prod-control, read in us-east-1): us-east-1 holds epoch 1 until 2026-03-01T10:00:30Z (30.0s"
            + " left)",
        "Keeper of us-west-2 in the arbiter: 3.0s old (epoch 1)",
        "Would request a planned hand-over from us-east-1 to us-west-2 (LeaseOperations.handover: one compare-and-set"
            + " on the lease, version 13): from then on no region writes; us-east-1 revokes its write permission and"
            + " writes 8 drain markers; us-west-2 waits until every marker arrived in its replica, then half their lag"
            + " (at least 5.0s), then holds epoch 2 (RPO 0).",
        "Refused while the keeper of us-west-2 has no heartbeat in the arbiter fresher than 20.0s; a drain that does"
            + " not finish in 5m00.0s is aborted and us-east-1 resumes under epoch 2.",
        ""));
  }

  @Test
  void planOfAPromotionNamesWhatRefusesIt() {
    assertThat(operations.promotePlan(SECONDARY, false)).endsWith("Would promote us-west-2 to epoch 2"
        + " (LeaseOperations.promote: one compare-and-set on the lease, version 13); refused while the lease of us-east-1"
        + " is valid (until 2026-03-01T10:00:30Z plus the clock error of 1.0s) and while us-east-1 still writes"
        + " heartbeats into us-west-2's replica (fresher than 20.0s). us-west-2 writes once its keeper publishes the"
        + " permission (its next tick).\n");
  }

  @Test
  void plansChangeNothing() {
    operations.handoverPlan(SECONDARY);
    operations.promotePlan(SECONDARY, true);
    operations.abortPlan();

    assertThat(world.lease()).hasToString("us-east-1 (epoch 1)");
    assertThat(world.lease().version()).isEqualTo(13);
  }

  @Test
  void aHandOverDrainsUntilTheTargetHoldsTheNextEpoch() {
    assertThat(Operations.progress(lease(PRIMARY, 4, new Lease.Drain(SECONDARY, 1, 0, 0, 0), "handover: x"), PRIMARY,
        SECONDARY, 4)).isEqualTo(Operations.Progress.DRAINING);
    assertThat(Operations.progress(lease(SECONDARY, 5, null, "handover: x"), PRIMARY, SECONDARY, 4))
        .isEqualTo(Operations.Progress.COMPLETED);
  }

  @Test
  void aHandOverThatResumedTheHolderWasAborted() {
    assertThat(Operations.progress(lease(PRIMARY, 5, null, "handover aborted: too slow"), PRIMARY, SECONDARY, 4))
        .isEqualTo(Operations.Progress.ABORTED);
  }

  @Test
  void aLeaseChangedAnotherWayIsNeither() {
    assertThat(Operations.progress(lease(PRIMARY, 4, null, "renewed"), PRIMARY, SECONDARY, 4))
        .isEqualTo(Operations.Progress.OTHER);
  }

  @Test
  void aRequestedHandOverIsWatchedUntilItCompletes() throws Exception {
    Operations.Result result = operations.handover("handover to us-west-2", SECONDARY, "test", Duration.ofMinutes(11));

    assertThat(result).isEqualTo(new Operations.Result(0, null));
    assertThat(world.lease()).hasToString("us-west-2 (epoch 2)");
  }

  @Test
  void aHandOverThatDoesNotCompleteInTimeSaysHowToAbandonIt() throws Exception {
    world.pauseReplication();

    Operations.Result result = operations.handover("handover to us-west-2", SECONDARY, "test", Duration.ofSeconds(30));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.message()).startsWith("handover to us-west-2: the drain did not complete within 30.0s (last seen:"
        + " revoked at 2026-03-01T10:00:05Z; waiting for the drain markers in us-west-2's replica (0 of 8 arrived));"
        + " the keepers abort it after 5m00.0s; check status, and abandon it with abort-handover --yes if it is stuck");
  }
}
