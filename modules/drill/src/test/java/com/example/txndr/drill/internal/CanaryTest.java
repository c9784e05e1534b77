package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The drill's canaries through the API's Java client (single attempt, SigV4 per region) against
 * the fake world's real processors: what a refused, unanswered or not yet replicated canary reports.
 */
class CanaryTest {
  private static final String PRIMARY = "us-east-1";
  private static final String SECONDARY = "us-west-2";

  private final FakeWorld world = new FakeWorld();

  private Canary canary() {
    Services services = world.services();
    return new Canary(services, world.targets(), new Observer(services, world.targets(),
        new LeaseControl(services, world.targets(), FakeWorld.leaseSettings())));
  }

  @Test
  void aCanaryCommitsInTheActiveRegionAndIsReadBackThere() {
    Canary.Attempt commit = canary().commit(PRIMARY, "k-1");

    assertThat(commit.committed()).as(commit.observed()).isTrue();
    assertThat(commit.commit().region()).isEqualTo(PRIMARY);
    assertThat(commit.observed()).startsWith("transaction " + commit.commit().transactionId() + " committed in "
        + PRIMARY + " at epoch 1");
    assertThat(canary().read(PRIMARY, commit.commit()).committed()).isTrue();
  }

  @Test
  void theStandbyRefusesACanaryWithItsAnswerInTheObservation() {
    Canary.Attempt attempt = canary().commit(SECONDARY, "k-2");

    assertThat(attempt.committed()).isFalse();
    assertThat(attempt.observed()).isEqualTo("POST /canary in " + SECONDARY + " answered 503 NOT_ACTIVE_REGION");
  }

  @Test
  void aCanaryNotYetReplicatedIsNotFoundInTheOtherRegion() {
    world.pauseReplication();
    Canary.Attempt commit = canary().commit(PRIMARY, "k-3");

    Canary.Attempt read = canary().read(SECONDARY, commit.commit());

    assertThat(read.committed()).isFalse();
    assertThat(read.observed()).isEqualTo("GET /canary/" + commit.commit().transactionId() + " in " + SECONDARY
        + " answered 404 NOT_FOUND");
  }
}
