package com.example.txndr.lambda.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.failover.FailoverOrchestratorHandler;
import com.example.txndr.lambda.failover.HealthProbe;
import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Config;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.store.ControlRepository;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The orchestrator in the standby (us-west-2), probing the active primary. */
class FailoverOrchestratorIntegrationTest {
  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private DynamoDbClient dynamoDb;
  private SsmClient ssm;
  private SsmClient primarySsm;
  private SnsClient sns;
  private SqsClient sqs;
  private String queueUrl;
  private StubHttpServer peer;
  private ControlRepository control;
  private FailoverOrchestratorHandler orchestrator;

  @BeforeEach
  void deployStandby() throws IOException {
    dynamoDb = TestEnv.createTable(MOTO.endpoint());
    control = TestEnv.control(dynamoDb);
    control.create(new ActiveRegion(TestEnv.PRIMARY, 1), "initial", Instant.now());
    Map<String, String> env = TestEnv.env(MOTO.endpoint(), TestEnv.SECONDARY);
    Config config = Config.fromEnvironment(env);
    ssm = AwsClients.ssm(config, TestEnv.SECONDARY);
    primarySsm = AwsClients.ssm(config, TestEnv.PRIMARY);
    sns = AwsClients.sns(config);
    sqs = SqsClient.builder().region(software.amazon.awssdk.regions.Region.US_WEST_2)
        .endpointOverride(MOTO.endpoint())
        .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test"))
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .build();
    String topicArn = sns.createTopic(r -> r.name("txn-dr-dev-alerts")).topicArn();
    queueUrl = sqs.createQueue(r -> r.queueName("alerts")).queueUrl();
    String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
    peer = new StubHttpServer();
    putParameter("/peer/api-endpoint", peer.url("/").toString());
    putParameter("/active-region", TestEnv.PRIMARY);
    env.put(Config.ALERT_TOPIC_ARN, topicArn);
    orchestrator = new FailoverOrchestratorHandler(Config.fromEnvironment(env), dynamoDb, ssm, primarySsm, sns,
        HealthProbe.http(Duration.ofSeconds(1)), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    peer.close();
    dynamoDb.close();
    ssm.close();
    primarySsm.close();
    sns.close();
    sqs.close();
  }

  private void putParameter(String name, String value) {
    ssm.putParameter(r -> r.name(TestEnv.PREFIX + name).value(value).type(ParameterType.STRING).overwrite(true));
  }

  private String parameter(String name) {
    return ssm.getParameter(r -> r.name(TestEnv.PREFIX + name)).parameter().value();
  }

  private static Map<String, Object> scheduled(String id) {
    return Map.of("id", id, "detail-type", "Scheduled Event", "source", "aws.events", "detail", Map.of());
  }

  private List<Message> notifications() {
    return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
  }

  @Test
  void healthyPeerIsLeftActive() {
    Map<String, Object> result = orchestrator.handle(scheduled("e-1"));

    assertThat(result).containsEntry("outcome", "PEER_HEALTHY").containsEntry("activeRegion", "us-east-1");
    assertThat(TestEnv.latest(control)).contains(new ActiveRegion("us-east-1", 1));
  }

  @Test
  void failuresBelowTheThresholdAreCounted() {
    peer.healthStatus.set(503);

    orchestrator.handle(scheduled("e-1"));
    Map<String, Object> result = orchestrator.handle(scheduled("e-2"));

    assertThat(result).containsEntry("outcome", "PEER_UNHEALTHY").containsEntry("consecutiveFailures", 2);
    assertThat(TestEnv.latest(control)).contains(new ActiveRegion("us-east-1", 1));
  }

  @Test
  void healthyProbeResetsTheCount() {
    peer.healthStatus.set(503);
    orchestrator.handle(scheduled("e-1"));
    orchestrator.handle(scheduled("e-2"));
    peer.healthStatus.set(200);

    orchestrator.handle(scheduled("e-3"));

    assertThat(control.probeFailures("us-west-2")).isZero();
  }

  @Test
  void standbyIsPromotedAfterThreeFailedProbes() throws Exception {
    peer.healthStatus.set(503);
    orchestrator.handle(scheduled("e-1"));
    orchestrator.handle(scheduled("e-2"));

    Map<String, Object> result = invokeThroughLambdaInterface(scheduled("e-3"));

    assertThat(result).containsEntry("outcome", "PROMOTED").containsEntry("activeRegion", "us-west-2")
        .containsEntry("epoch", new BigDecimal(2));
    assertThat(TestEnv.latest(control)).contains(new ActiveRegion("us-west-2", 2));
    assertThat(parameter("/active-region")).isEqualTo("us-west-2");
    List<Message> notifications = notifications();
    assertThat(notifications).hasSize(1);
    assertThat(notifications.get(0).body())
        .contains("Failover: us-west-2 is now the active region (epoch 2)")
        .contains("REGION_PROMOTED");
  }

  @Test
  void unreachablePeerCountsAsAFailure() throws IOException {
    putParameter("/peer/api-endpoint", "http://localhost:" + MotoServer.freePort());

    Map<String, Object> result = orchestrator.handle(scheduled("e-1"));

    assertThat(result).containsEntry("outcome", "PEER_UNHEALTHY").containsEntry("consecutiveFailures", 1);
    assertThat((String) result.get("detail")).contains("failed: ConnectException");
  }

  @Test
  void sameEventDeliveredTwiceIsCountedOnce() {
    peer.healthStatus.set(503);
    orchestrator.handle(scheduled("e-1"));

    Map<String, Object> result = orchestrator.handle(scheduled("e-1"));

    assertThat(result).containsEntry("outcome", "DUPLICATE_EVENT");
    assertThat(control.probeFailures("us-west-2")).isEqualTo(1);
  }

  @Test
  void runningAgainAfterAPromotionChangesNothing() {
    peer.healthStatus.set(503);
    for (int i = 1; i <= 3; i++) {
      orchestrator.handle(scheduled("e-" + i));
    }

    Map<String, Object> again = orchestrator.handle(scheduled("e-4"));
    Map<String, Object> byHand = orchestrator.handle(Map.of("action", "promote", "reason", "drill"));

    assertThat(again).containsEntry("outcome", "ALREADY_ACTIVE");
    assertThat(byHand).containsEntry("outcome", "ALREADY_ACTIVE");
    assertThat(TestEnv.latest(control)).contains(new ActiveRegion("us-west-2", 2));
    assertThat(notifications()).hasSize(1);
  }

  @Test
  void interruptedPromotionIsCompletedByTheNextRun() {
    // The control item was updated, then the run died before SSM and SNS.
    control.promote(new ActiveRegion("us-east-1", 1), "us-west-2", "crashed run", Instant.now());

    Map<String, Object> result = orchestrator.handle(scheduled("e-1"));

    assertThat(result).containsEntry("outcome", "ALREADY_ACTIVE");
    assertThat(parameter("/active-region")).isEqualTo("us-west-2");
    assertThat(notifications()).hasSize(1);
  }

  @Test
  void manualPromotionDoesNotWaitForProbes() {
    Map<String, Object> result = orchestrator.handle(Map.of("action", "promote", "reason", "drill"));

    assertThat(result).containsEntry("outcome", "PROMOTED").containsEntry("detail", "manual promotion: drill");
    assertThat(TestEnv.latest(control)).contains(new ActiveRegion("us-west-2", 2));
  }

  @Test
  void alarmInTheStandbyChangesNothing() {
    peer.healthStatus.set(503);

    Map<String, Object> result = orchestrator.handle(Map.of("id", "a-1",
        "detail-type", "CloudWatch Alarm State Change",
        "detail", Map.of("alarmName", "txn-dr-dev-primary-region-unhealthy", "state", Map.of("value", "ALARM"))));

    assertThat(result).containsEntry("outcome", "ALREADY_STANDBY").containsEntry("detail",
        "this region is not active; nothing to hand over (alarm txn-dr-dev-primary-region-unhealthy is ALARM)");
    assertThat(TestEnv.latest(control)).contains(new ActiveRegion("us-east-1", 1));
    assertThat(control.probeFailures("us-west-2")).isZero();
  }

  @Test
  void promotionSetsTheActiveRegionParameterOfThePrimaryToo() {
    orchestrator.handle(Map.of("action", "promote", "reason", "drill"));

    assertThat(primarySsm.getParameter(r -> r.name(TestEnv.PREFIX + "/active-region")).parameter().value())
        .isEqualTo("us-west-2");
  }

  @Test
  void promotionRewritesEveryControlShard() {
    orchestrator.handle(Map.of("action", "promote", "reason", "drill"));

    assertThat(control.readAll().shardsByState()).containsExactly(
        Map.entry("us-west-2 (epoch 2)", TestEnv.allShards()));
  }

  @Test
  void alarmBackToOkIsIgnored() {
    Map<String, Object> result = orchestrator.handle(Map.of("id", "a-1",
        "detail-type", "CloudWatch Alarm State Change",
        "detail", Map.of("alarmName", "txn-dr-dev-processor-errors", "state", Map.of("value", "OK"))));

    assertThat(result).containsEntry("outcome", "IGNORED")
        .containsEntry("detail", "alarm txn-dr-dev-processor-errors is OK");
  }

  @Test
  void missingPeerEndpointSkipsWithoutCounting() {
    ssm.deleteParameter(r -> r.name(TestEnv.PREFIX + "/peer/api-endpoint"));
    peer.healthStatus.set(503);

    Map<String, Object> result = orchestrator.handle(scheduled("e-1"));

    assertThat(result).containsEntry("outcome", "SKIPPED").containsEntry("detail",
        "SSM parameter /txn-dr/dev/peer/api-endpoint is not set; the peer's endpoint is unknown, so nothing is counted");
    assertThat(control.probeFailures("us-west-2")).isZero();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> invokeThroughLambdaInterface(Map<String, Object> event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    orchestrator.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
    return (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8));
  }
}
