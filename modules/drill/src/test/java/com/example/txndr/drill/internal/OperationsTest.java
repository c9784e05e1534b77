package com.example.txndr.drill.internal;

import static com.example.txndr.drill.internal.FakeWorld.PRIMARY;
import static com.example.txndr.drill.internal.FakeWorld.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.lambda.fencing.ActiveRegion;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperationsTest {
  private final FakeWorld world = new FakeWorld();
  private final Services services = world.services();
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final Operations operations = new Operations(services, world.targets(),
      new Console(new PrintStream(output, true, StandardCharsets.UTF_8), services.ticker()));

  @Test
  void promotionIsWrittenInTheGivenRegionsReplicaAtTheNextEpoch() {
    operations.makeActive(SECONDARY, SECONDARY, "test");

    assertThat(world.active(SECONDARY)).isEqualTo(new ActiveRegion(SECONDARY, 5));
    assertThat(world.active(PRIMARY)).isEqualTo(new ActiveRegion(PRIMARY, 4));
  }

  @Test
  void promotionReplicatesToThePeerReplica() {
    operations.makeActive(SECONDARY, SECONDARY, "test");
    world.advance(Duration.ofSeconds(1));

    assertThat(world.active(PRIMARY)).isEqualTo(new ActiveRegion(SECONDARY, 5));
  }

  @Test
  void promotionSetsTheActiveRegionParameterInBothRegions() {
    operations.makeActive(SECONDARY, SECONDARY, "test");

    assertThat(world.ssm(PRIMARY, "/txn-dr/prod/active-region") + " " + world.ssm(SECONDARY,
        "/txn-dr/prod/active-region")).isEqualTo("us-west-2 us-west-2");
  }

  @Test
  void promotionWorksWhileThePeerRegionDoesNotAnswer() {
    world.unreachable(PRIMARY);

    Operations.Outcome outcome = operations.makeActive(SECONDARY, SECONDARY, "outage");

    assertThat(outcome.after()).isEqualTo(new ActiveRegion(SECONDARY, 5));
    assertThat(outcome.actions()).contains("could not set SSM /txn-dr/prod/active-region in us-east-1"
        + " (informational; set it again later): Unable to execute HTTP request: connect timed out (us-east-1)");
  }

  @Test
  void handOverIsWrittenInTheRegionGivingUp() {
    operations.makeActive(PRIMARY, SECONDARY, "hand over");

    assertThat(world.active(PRIMARY)).isEqualTo(new ActiveRegion(SECONDARY, 5));
  }

  @Test
  void promotingTheActiveRegionChangesNoControlItem() {
    Operations.Outcome outcome = operations.makeActive(PRIMARY, PRIMARY, "again");

    assertThat(outcome.promoted()).isFalse();
    assertThat(world.active(PRIMARY)).isEqualTo(new ActiveRegion(PRIMARY, 4));
  }

  @Test
  void shardsThatDisagreeAreRepairedByAPromotionUnderAHigherEpoch() {
    world.setShard(SECONDARY, 2, new ActiveRegion(SECONDARY, 5));

    operations.makeActive(SECONDARY, PRIMARY, "repair");

    assertThat(world.active(SECONDARY)).isEqualTo(new ActiveRegion(PRIMARY, 6));
  }

  @Test
  void aPromotionThatLosesToAnotherRegionFails() {
    Services racing = new Services(services.stacks(), services.healthChecks(), new Fencing() {
      @Override
      public com.example.txndr.lambda.fencing.ControlView read(String region) {
        return services.fencing().read(region);
      }

      @Override
      public boolean promote(String writeRegion, ActiveRegion seen, String candidate, String reason) {
        world.setControl(writeRegion, new ActiveRegion(PRIMARY, seen.epoch() + 1));
        return false;
      }
    }, services.parameters(), services.http(), services.metrics(), services.backups(), services.ticker());
    Operations losing = new Operations(racing, world.targets(),
        new Console(new PrintStream(OutputStream.nullOutputStream()), services.ticker()));

    assertThatThrownBy(() -> losing.makeActive(SECONDARY, SECONDARY, "late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Another promotion changed the control items first: us-east-1 (epoch 5) is active; nothing was"
            + " changed. Check with status, then run the command again.");
  }

  @Test
  void planNamesTheNextEpochAndWhereItIsWritten() {
    assertThat(operations.plan(PRIMARY, SECONDARY)).isEqualTo(String.join("\n",
        "Control items in us-east-1: us-east-1 (epoch 4) on all 4 shards",
        "Would make us-west-2 active at epoch 5: every control shard in one transaction, written in us-east-1's"
            + " replica, conditional on epoch 4;",
        "then set /txn-dr/prod/active-region to us-west-2 in us-east-1 and us-west-2.",
        "us-east-1 stops accepting writes at once; us-west-2 starts when the change has replicated (about a"
            + " second).",
        ""));
  }

  @Test
  void planChangesNothing() {
    operations.plan(PRIMARY, SECONDARY);

    assertThat(world.active(PRIMARY)).isEqualTo(new ActiveRegion(PRIMARY, 4));
  }
}
