package com.example.txndr.lambda.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.failover.FailoverOrchestratorHandler;
import com.example.txndr.lambda.failover.HealthProbe;
import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Config;
import com.example.txndr.lambda.store.ControlRepository;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The orchestrator in the primary (us-east-1), active, receiving its primary-region-unhealthy
 * alarm: it hands over to the secondary.
 */
class HandoverIntegrationTest {
  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private static final Map<String, Object> ALARM = Map.of("id", "a-1",
      "detail-type", "CloudWatch Alarm State Change",
      "detail", Map.of("alarmName", "txn-dr-dev-primary-region-unhealthy", "state", Map.of("value", "ALARM")));

  private DynamoDbClient dynamoDb;
  private SsmClient ssm;
  private SsmClient secondarySsm;
  private SnsClient sns;
  private SqsClient sqs;
  private String queueUrl;
  private Map<String, String> env;
  private ControlRepository control;
  private FailoverOrchestratorHandler orchestrator;

  @BeforeEach
  void deployActivePrimary() {
    dynamoDb = TestEnv.createTable(MOTO.endpoint());
    control = TestEnv.control(dynamoDb);
    control.create(new ActiveRegion(TestEnv.PRIMARY, 1), "initial", Instant.now());
    env = TestEnv.env(MOTO.endpoint(), TestEnv.PRIMARY);
    Config config = Config.fromEnvironment(env);
    ssm = AwsClients.ssm(config, TestEnv.PRIMARY);
    secondarySsm = AwsClients.ssm(config, TestEnv.SECONDARY);
    sns = AwsClients.sns(config);
    sqs = SqsClient.builder().region(Region.US_EAST_1)
        .endpointOverride(MOTO.endpoint())
        .credentialsProvider(() -> AwsBasicCredentials.create("test", "test"))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
    String topicArn = sns.createTopic(r -> r.name("txn-dr-dev-alerts")).topicArn();
    queueUrl = sqs.createQueue(r -> r.queueName("alerts")).queueUrl();
    String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
    for (SsmClient client : List.of(ssm, secondarySsm)) {
      client.putParameter(r -> r.name(TestEnv.PREFIX + "/active-region").value(TestEnv.PRIMARY)
          .type(ParameterType.STRING).overwrite(true));
    }
    env.put(Config.ALERT_TOPIC_ARN, topicArn);
    orchestrator = orchestrator(secondarySsm);
  }

  private FailoverOrchestratorHandler orchestrator(SsmClient peerSsm) {
    return new FailoverOrchestratorHandler(Config.fromEnvironment(env), dynamoDb, ssm, peerSsm, sns,
        url -> new HealthProbe.Result(true, "not probed"), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    dynamoDb.close();
    ssm.close();
    secondarySsm.close();
    sns.close();
    sqs.close();
  }

  private static String activeRegionParameter(SsmClient client) {
    return client.getParameter(r -> r.name(TestEnv.PREFIX + "/active-region")).parameter().value();
  }

  private List<Message> notifications() {
    List<Message> all = new ArrayList<>();
    List<Message> batch;
    do {
      batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
      all.addAll(batch);
    } while (!batch.isEmpty());
    return all;
  }

  @Test
  void alarmInTheActiveRegionHandsOverToThePeer() {
    Map<String, Object> result = orchestrator.handle(ALARM);

    assertThat(result).containsEntry("outcome", "HANDED_OVER").containsEntry("activeRegion", "us-west-2")
        .containsEntry("epoch", 2L)
        .containsEntry("detail", "alarm txn-dr-dev-primary-region-unhealthy is ALARM");
  }

  @Test
  void handOverRewritesEveryControlShardInOneStep() {
    orchestrator.handle(ALARM);

    assertThat(control.readAll().shardsByState()).containsExactly(Map.entry("us-west-2 (epoch 2)", TestEnv.allShards()));
  }

  @Test
  void handOverSetsTheActiveRegionParameterInBothRegions() {
    orchestrator.handle(ALARM);

    assertThat(activeRegionParameter(ssm)).isEqualTo("us-west-2");
    assertThat(activeRegionParameter(secondarySsm)).isEqualTo("us-west-2");
  }

  @Test
  void handOverIsAnnouncedOnce() {
    orchestrator.handle(ALARM);

    List<Message> notifications = notifications();
    assertThat(notifications).hasSize(1);
    assertThat(notifications.get(0).body())
        .contains("Failover: us-west-2 is now the active region (epoch 2)")
        .contains("previousRegion")
        .contains("alarm txn-dr-dev-primary-region-unhealthy is ALARM");
  }

  @Test
  void demotedPrimaryReportsUnhealthyAfterTheHandOver() {
    orchestrator.handle(ALARM);

    assertThat(TestEnv.get(TestEnv.processor(MOTO.endpoint(), TestEnv.PRIMARY, dynamoDb), "/health").status())
        .isEqualTo(503);
  }

  @Test
  void secondAlarmChangesNothing() {
    orchestrator.handle(ALARM);

    Map<String, Object> again = orchestrator.handle(ALARM);

    assertThat(again).containsEntry("outcome", "ALREADY_STANDBY").containsEntry("epoch", 2L);
    assertThat(TestEnv.latest(control)).contains(new ActiveRegion("us-west-2", 2));
    assertThat(notifications()).hasSize(1);
  }

  @Test
  void concurrentHandOversRaiseTheEpochOnceAndAnnounceOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Map<String, Object>>> runs = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        FailoverOrchestratorHandler instance = orchestrator(secondarySsm);
        runs.add(pool.submit((Callable<Map<String, Object>>) () -> instance.handle(ALARM)));
      }
      List<Object> outcomes = new ArrayList<>();
      for (Future<Map<String, Object>> run : runs) {
        outcomes.add(run.get().get("outcome"));
      }

      assertThat(outcomes).containsOnly("HANDED_OVER", "ALREADY_STANDBY").containsOnlyOnce("HANDED_OVER");
      assertThat(control.readAll().shardsByState()).containsExactly(Map.entry("us-west-2 (epoch 2)", TestEnv.allShards()));
      assertThat(notifications()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void manualHandOverDoesTheSame() {
    Map<String, Object> result = orchestrator.handle(Map.of("action", "handover", "reason", "drill"));

    assertThat(result).containsEntry("outcome", "HANDED_OVER").containsEntry("detail", "manual handover: drill");
    assertThat(TestEnv.latest(control)).contains(new ActiveRegion("us-west-2", 2));
  }

  @Test
  void unreachablePeerParameterStoreDoesNotStopTheHandOver() throws IOException {
    Map<String, String> deadEnv = TestEnv.env(
        URI.create("http://localhost:" + MotoServer.freePort()), TestEnv.SECONDARY);
    try (SsmClient unreachable = AwsClients.peerSsm(Config.fromEnvironment(deadEnv))) {
      Map<String, Object> result = orchestrator(unreachable).handle(ALARM);

      assertThat(result).containsEntry("outcome", "HANDED_OVER").containsEntry("notified", true);
      assertThat((String) ((Map<?, ?>) result.get("activeRegionParameters")).get("us-west-2")).startsWith("FAILED: ");
    }
  }

  @Test
  void interruptedHandOverIsCompletedByTheNextAlarm() {
    // The shards were rewritten, then the run died before SSM and SNS.
    control.promote(new ActiveRegion("us-east-1", 1), "us-west-2", "crashed run", Instant.now());

    Map<String, Object> result = orchestrator.handle(ALARM);

    assertThat(result).containsEntry("outcome", "ALREADY_STANDBY");
    assertThat(activeRegionParameter(ssm)).isEqualTo("us-west-2");
    assertThat(activeRegionParameter(secondarySsm)).isEqualTo("us-west-2");
    assertThat(notifications()).hasSize(1);
  }

  @Test
  void statusReportsShardsThatAgree() {
    Map<String, Object> status = orchestrator.handle(Map.of("action", "status"));

    assertThat(status).containsEntry("outcome", "STATUS").containsEntry("shardsAgree", true)
        .containsEntry("controlShards", Config.DEFAULT_CONTROL_SHARDS)
        .containsEntry("detail", "the " + Config.DEFAULT_CONTROL_SHARDS + " control shards agree")
        .containsEntry("activeRegionParameters", Map.of("us-east-1", "us-east-1", "us-west-2", "us-east-1"));
  }

  @Test
  void statusReportsShardsThatDisagree() {
    TestEnv.putShard(dynamoDb, 3, TestEnv.SECONDARY, 2);

    Map<String, Object> status = orchestrator.handle(Map.of("action", "status"));

    assertThat(status).containsEntry("shardsAgree", false).containsEntry("activeRegion", "us-west-2");
    List<Integer> others = new ArrayList<>(TestEnv.allShards());
    others.remove(Integer.valueOf(3));
    assertThat((String) status.get("detail")).isEqualTo("the " + Config.DEFAULT_CONTROL_SHARDS
        + " control shards disagree: us-east-1 (epoch 1) on shards " + others + ";"
        + " us-west-2 (epoch 2) on shards [3] (normal for about a second while a change replicates; if it lasts,"
        + " promote the region that should be active by hand: that rewrites every shard)");
  }

  @Test
  void manualPromotionRepairsShardsThatDisagree() {
    // Both regions promoted at the same moment; last-writer-wins kept a different winner per shard.
    for (int shard : TestEnv.allShards()) {
      TestEnv.putShard(dynamoDb, shard, shard % 2 == 0 ? TestEnv.PRIMARY : TestEnv.SECONDARY, 2);
    }

    Map<String, Object> result = orchestrator.handle(Map.of("action", "promote", "reason", "repair"));

    assertThat(result).containsEntry("outcome", "PROMOTED").containsEntry("epoch", 3L);
    assertThat(control.readAll().shardsByState()).containsExactly(Map.entry("us-east-1 (epoch 3)", TestEnv.allShards()));
  }

  @Test
  void alarmReturningToOkDoesNotHandOver() {
    Map<String, Object> result = orchestrator.handle(Map.of("id", "a-2",
        "detail-type", "CloudWatch Alarm State Change",
        "detail", Map.of("alarmName", "txn-dr-dev-primary-region-unhealthy", "state", Map.of("value", "OK"))));

    assertThat(result).containsEntry("outcome", "IGNORED");
    assertThat(TestEnv.latest(control)).contains(new ActiveRegion("us-east-1", 1));
  }
}
