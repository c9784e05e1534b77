package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.fencing.ControlView;
import com.example.txndr.lambda.store.ControlShards;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The control shards through the lambda module's code, in moto's DynamoDB: one table per
 * region (moto does not replicate, so each region's replica is seen on its own).
 */
class SdkFencingIntegrationTest {
  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private SdkFencing fencing;

  @BeforeEach
  void tables() {
    MotoAws.createTable(MOTO.endpoint(), "us-east-1");
    MotoAws.createTable(MOTO.endpoint(), "us-west-2");
    fencing = new SdkFencing(MotoAws.settings(MOTO.endpoint()), () -> MotoAws.TABLE, ControlShards.of(16),
        Clock.systemUTC());
  }

  private Operations operations() {
    FakeWorld world = new FakeWorld();
    Services fake = world.services();
    Services services = new Services(fake.stacks(), fake.healthChecks(), fencing,
        new SdkParameters(MotoAws.settings(MOTO.endpoint())), fake.http(), fake.metrics(), fake.backups(),
        Ticker.system());
    Targets targets = Targets.resolve(null, new TargetOptions(null, null, null, null, "txn-dr", "dev", MotoAws.TABLE,
        null, null, null, null, null, null, null));
    return new Operations(services, targets, new Console(new PrintStream(OutputStream.nullOutputStream()),
        Ticker.system()));
  }

  @Test
  void noControlItemsReadAsSixteenMissingShards() {
    ControlView view = fencing.read("us-east-1");

    assertThat(view.missing()).hasSize(16);
    assertThat(view.latest()).isEmpty();
  }

  @Test
  void aPromotionFromTheAssumedStateWritesEveryShardAtEpochOne() {
    boolean promoted = fencing.promote("us-east-1", ActiveRegion.assumed("us-east-1"), "us-east-1", "initial");

    assertThat(promoted).isTrue();
    assertThat(Operations.describe(fencing.read("us-east-1"))).isEqualTo("us-east-1 (epoch 1) on all 16 shards");
  }

  @Test
  void aPromotionIsWrittenOnlyInTheRegionItIsWrittenIn() {
    fencing.promote("us-west-2", ActiveRegion.assumed("us-east-1"), "us-west-2", "test");

    assertThat(fencing.read("us-east-1").latest()).isEmpty();
    assertThat(fencing.read("us-west-2").latest()).contains(new ActiveRegion("us-west-2", 1));
  }

  @Test
  void aPromotionFromAnEpochAlreadyPassedLoses() {
    fencing.promote("us-east-1", ActiveRegion.assumed("us-east-1"), "us-east-1", "first");
    fencing.promote("us-east-1", new ActiveRegion("us-east-1", 1), "us-west-2", "second");

    boolean promoted = fencing.promote("us-east-1", new ActiveRegion("us-east-1", 1), "us-east-1", "stale");

    assertThat(promoted).isFalse();
    assertThat(fencing.read("us-east-1").latest()).contains(new ActiveRegion("us-west-2", 2));
  }

  @Test
  void controlItemsUseTheShardedKeysOfTheConventions() {
    fencing.promote("us-east-1", ActiveRegion.assumed("us-east-1"), "us-east-1", "initial");

    try (DynamoDbClient dynamoDb = MotoAws.settings(MOTO.endpoint())
        .configure(DynamoDbClient.builder(), Region.US_EAST_1).build()) {
      Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(MotoAws.TABLE).key(Map.of(
          "pk", AttributeValue.fromS("CONTROL#15"), "sk", AttributeValue.fromS("ACTIVE_REGION")))).item();
      assertThat(item.get("region").s() + " " + item.get("epoch").n()).isEqualTo("us-east-1 1");
    }
  }

  @Test
  void demoteHandsOverInTheDemotedRegionAndSetsTheParameterInBothRegions() {
    fencing.promote("us-east-1", ActiveRegion.assumed("us-east-1"), "us-east-1", "initial");

    operations().makeActive("us-east-1", "us-west-2", "drill");

    SdkParameters parameters = new SdkParameters(MotoAws.settings(MOTO.endpoint()));
    assertThat(fencing.read("us-east-1").latest()).contains(new ActiveRegion("us-west-2", 2));
    assertThat(parameters.get("us-east-1", "/txn-dr/dev/active-region")).contains("us-west-2");
    assertThat(parameters.get("us-west-2", "/txn-dr/dev/active-region")).contains("us-west-2");
  }

  @Test
  void promoteByHandInTheSurvivingRegionRaisesItsReplicasEpoch() {
    fencing.promote("us-west-2", ActiveRegion.assumed("us-east-1"), "us-east-1", "replicated initial state");

    Operations.Outcome outcome = operations().makeActive("us-west-2", "us-west-2", "outage");

    assertThat(outcome.after()).isEqualTo(new ActiveRegion("us-west-2", 2));
  }
}
