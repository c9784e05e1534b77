package com.example.txndr.monitoring;

import static com.example.txndr.template.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MonitoringTemplateTest {
  private static final Template TEMPLATE = Template.ofModule("monitoring");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int RPO_SECONDS = 300;
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");
  private static final String PEER_REGION = """
      {"Fn::If": ["IsPrimaryRegion", {"Ref": "SecondaryRegion"}, {"Ref": "PrimaryRegion"}]}""";
  private static final List<String> ALL_ALARMS = new ArrayList<>();
  /** The dimension the processor and the reconciler publish their embedded metrics with. */
  private static final String SERVICE = """
      [{"Name": "Service", "Value": {"Fn::Sub": "${ProjectName}-${EnvironmentName}"}}]""";
  private static final List<String> RUN_TIME_METRIC_ALARMS = List.of("ProcessorErrorsAlarm", "StaleEpochCommitAlarm",
      "ReconciliationFindingsAlarm", "TransferThrottleRateAlarm", "TransferConflictRateAlarm", "TransferLatencyAlarm");

  static {
    ALL_ALARMS.addAll(TEMPLATE.resourceIdsOfType("AWS::CloudWatch::Alarm"));
    ALL_ALARMS.addAll(TEMPLATE.resourceIdsOfType("AWS::CloudWatch::CompositeAlarm"));
  }

  private static TemplateAssert template() {
    return TemplateAssert.assertThat(TEMPLATE);
  }

  @Test
  void everyAlarmNotifiesTheAlertTopicOnAlarmAndOnOk() {
    assertThat(ALL_ALARMS).hasSize(23);
    for (String alarm : ALL_ALARMS) {
      template().hasResource(alarm)
          .hasPropertyEqualTo("AlarmActions", json("[{\"Ref\": \"AlertTopic\"}]"))
          .hasPropertyEqualTo("OKActions", json("[{\"Ref\": \"AlertTopic\"}]"));
    }
  }

  @Test
  void everyAlarmIsNamedByProjectAndEnvironmentAndSaysWhatItMeansForRtoOrRpo() {
    for (String alarm : ALL_ALARMS) {
      template().hasResource(alarm).property("AlarmName")
          .textContains("${ProjectName}-${EnvironmentName}-");
      assertThat(template().hasResource(alarm).at("Metadata.Comment").text())
          .as(alarm + " Metadata.Comment").containsPattern("RTO|RPO");
    }
  }

  @Test
  void everyMetricAlarmChoosesAndJustifiesItsMissingDataTreatment() {
    for (String alarm : TEMPLATE.resourceIdsOfType("AWS::CloudWatch::Alarm")) {
      String treatment = template().hasResource(alarm).property("TreatMissingData").text();
      assertThat(template().hasResource(alarm).at("Metadata.Comment").text())
          .as(alarm + " Metadata.Comment").contains("TreatMissingData " + treatment);
    }
  }

  @Test
  void alertTopicIsNamedByContractAndEncryptedWithTheCustomerManagedKey() {
    template().hasResource("AlertTopic", "AWS::SNS::Topic")
        .hasPropertyEqualTo("TopicName", json("{\"Fn::Sub\": \"${ProjectName}-${EnvironmentName}-alerts\"}"))
        .property("KmsMasterKeyId").isRef("KmsKeyArn");
  }

  @Test
  void alertTopicPolicyLetsOnlyThisAccountsAlarmsItsEventRulesAndBackupPublish() {
    var policy = template().hasResource("AlertTopicPolicy", "AWS::SNS::TopicPolicy").property("PolicyDocument");
    policy.hasStatement(json("""
        {"Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"}, "Action": ["sns:Publish"],
         "Resource": [{"Ref": "AlertTopic"}],
         "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
           "ArnLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*"}}}}"""));
    policy.hasStatement(json("""
        {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": ["sns:Publish"],
         "Resource": [{"Ref": "AlertTopic"}],
         "Condition": {"ArnEquals": {"aws:SourceArn": {"Fn::GetAtt": ["FailoverEventsToSnsRule", "Arn"]}}}}"""));
    // The security-event rules have their own statement (SecurityEventRulesTest).
    assertThat(policy.statements()).hasSize(5);
  }

  @Test
  void alertTopicPolicyLetsTheBackupVaultNotificationsPublish() {
    template().hasResource("AlertTopicPolicy").property("PolicyDocument").hasStatement(json("""
        {"Sid": "AllowBackupVaultNotifications", "Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"},
         "Action": ["sns:Publish"], "Resource": [{"Ref": "AlertTopic"}]}"""));
  }

  @Test
  void alertTopicHasExactlyOneTopicPolicyBecauseASecondWouldReplaceIt() {
    assertThat(TEMPLATE.resourceIdsOfType("AWS::SNS::TopicPolicy")).containsExactly("AlertTopicPolicy");
  }

  @Test
  void alertTopicPolicyDeniesPublishWithoutTls() {
    template().hasResource("AlertTopicPolicy").property("PolicyDocument").hasStatement(json("""
        {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": ["sns:Publish"], "Resource": [{"Ref": "AlertTopic"}],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}"""));
  }

  @Test
  void emailSubscriptionExistsOnlyWhenAnAddressIsGiven() {
    template().hasResource("AlertEmailSubscription", "AWS::SNS::Subscription")
        .hasCondition("HasAlertEmail")
        .hasProperty("Protocol", "email")
        .property("Endpoint").isRef("AlertEmail");
    template().at("Conditions.HasAlertEmail")
        .isEqualTo(json("{\"Fn::Not\": [{\"Fn::Equals\": [{\"Ref\": \"AlertEmail\"}, \"\"]}]}"));
  }

  @Test
  void throttleAlarmsWatchThisRegionsReplicaOfTheTransactionsTable() {
    for (String alarm : List.of("DynamoDbWriteThrottleAlarm", "DynamoDbReadThrottleAlarm")) {
      template().hasResource(alarm)
          .hasProperty("Namespace", "AWS/DynamoDB")
          .hasPropertyEqualTo("Dimensions", json("""
              [{"Name": "TableName", "Value": {"Fn::Sub": "${ProjectName}-${EnvironmentName}-transactions"}}]"""))
          .hasProperty("Statistic", "Sum")
          .hasProperty("TreatMissingData", "notBreaching");
    }
    template().hasResource("DynamoDbWriteThrottleAlarm").hasProperty("MetricName", "WriteThrottleEvents");
    template().hasResource("DynamoDbReadThrottleAlarm").hasProperty("MetricName", "ReadThrottleEvents");
  }

  @Test
  void dynamoDbReplicationLatencyAlarmWatchesWritesOnTheirWayToThePeerRegion() {
    template().hasResource("DynamoDbReplicationLatencyAlarm")
        .hasProperty("Namespace", "AWS/DynamoDB")
        .hasProperty("MetricName", "ReplicationLatency")
        .hasProperty("Statistic", "Average")
        .hasPropertyEqualTo("Dimensions", json("""
            [{"Name": "TableName", "Value": {"Fn::Sub": "${ProjectName}-${EnvironmentName}-transactions"}},
             {"Name": "ReceivingRegion", "Value": %s}]""".formatted(PEER_REGION)))
        .hasProperty("ComparisonOperator", "GreaterThanThreshold")
        .property("Threshold").isRef("DynamoDbReplicationLatencyThresholdMs");
  }

  /**
   * A fully stalled replica publishes no ReplicationLatency; the peer's heartbeat age in this
   * region's replica (the keeper's embedded metric) keeps growing, and this alarm pages on it.
   */
  @Test
  void replicationHeartbeatAlarmPagesOnTheAgeOfThePeersHeartbeatInThisReplica() {
    template().hasResource("ReplicationHeartbeatAlarm")
        .hasProperty("Namespace", "TransactionDr/Replication")
        .hasProperty("MetricName", "PeerHeartbeatAge")
        .hasProperty("Statistic", "Maximum")
        .hasPropertyEqualTo("Dimensions", json("""
            [{"Name": "TableName", "Value": {"Fn::Sub": "${ProjectName}-${EnvironmentName}-transactions"}},
             {"Name": "SendingRegion", "Value": %s}]""".formatted(PEER_REGION)))
        .hasProperty("ComparisonOperator", "GreaterThanThreshold")
        .hasProperty("TreatMissingData", "ignore");
    template().hasResource("ReplicationHeartbeatAlarm")
        .property("Threshold").isRef("DynamoDbReplicationLatencyThresholdMs");
  }

  @Test
  void dynamoDbReplicationLatencyThresholdCannotReachTheRpo() {
    JsonNode threshold = TEMPLATE.root().path("Parameters").path("DynamoDbReplicationLatencyThresholdMs");
    assertThat(threshold.path("Default").asDouble()).isLessThan(RPO_SECONDS * 1000.0);
    assertThat(threshold.path("MaxValue").asDouble()).isLessThan(RPO_SECONDS * 1000.0);
  }

  @Test
  void documentReplicationLatencyThresholdCannotExceedTheRpo() {
    JsonNode threshold = TEMPLATE.root().path("Parameters").path("DocumentReplicationLatencyThresholdSeconds");
    assertThat(threshold.path("Default").asDouble()).isEqualTo(RPO_SECONDS);
    assertThat(threshold.path("MaxValue").asDouble()).isLessThanOrEqualTo(RPO_SECONDS);
    template().hasResource("DocumentReplicationLatencyAlarm")
        .property("Threshold").isRef("DocumentReplicationLatencyThresholdSeconds");
  }

  @Test
  void documentReplicationAlarmsWatchReplicationIntoThisRegionsBucketWhereS3PublishesIt() {
    var dimensions = json("""
        [{"Name": "SourceBucket", "Value": {"Fn::Sub": [
           "${ProjectName}-${EnvironmentName}-documents-${AWS::AccountId}-${PeerRegion}", {"PeerRegion": %s}]}},
         {"Name": "DestinationBucket", "Value": {"Fn::Sub": "${ProjectName}-${EnvironmentName}-documents-${AWS::AccountId}-${AWS::Region}"}},
         {"Name": "RuleId", "Value": {"Ref": "DocumentReplicationRuleId"}}]""".formatted(PEER_REGION));
    template().hasResource("DocumentReplicationLatencyAlarm")
        .hasProperty("Namespace", "AWS/S3").hasProperty("MetricName", "ReplicationLatency")
        .hasProperty("Statistic", "Maximum").hasPropertyEqualTo("Dimensions", dimensions);
    template().hasResource("DocumentReplicationBacklogAlarm")
        .hasProperty("Namespace", "AWS/S3").hasProperty("MetricName", "OperationsPendingReplication")
        .hasProperty("Statistic", "Maximum").hasPropertyEqualTo("Dimensions", dimensions);
  }

  @Test
  void documentReplicationFailedAlarmWatchesReplicationOutOfThisRegionsBucketWhereS3PublishesIt() {
    template().hasResource("DocumentReplicationFailedAlarm", "AWS::CloudWatch::Alarm")
        .hasProperty("Namespace", "AWS/S3").hasProperty("MetricName", "OperationsFailedReplication")
        .hasProperty("Statistic", "Sum").hasProperty("ComparisonOperator", "GreaterThanThreshold")
        .hasPropertyEqualTo("Threshold", json("0"))
        .hasPropertyEqualTo("Dimensions", json("""
            [{"Name": "SourceBucket", "Value": {"Fn::Sub": "${ProjectName}-${EnvironmentName}-documents-${AWS::AccountId}-${AWS::Region}"}},
             {"Name": "DestinationBucket", "Value": {"Fn::Sub": [
               "${ProjectName}-${EnvironmentName}-documents-${AWS::AccountId}-${PeerRegion}", {"PeerRegion": %s}]}},
             {"Name": "RuleId", "Value": {"Ref": "DocumentReplicationRuleId"}}]""".formatted(PEER_REGION)));
    template().hasResource("DocumentReplicationFailedAlarm").at("Condition").isAbsent();
  }

  @Test
  void lambdaAlarmsWatchTheProcessorThrottlesAndTheOrchestratorErrors() {
    var processor = json("""
        [{"Name": "FunctionName", "Value": {"Fn::Sub": "${ProjectName}-${EnvironmentName}-transaction-processor"}}]""");
    template().hasResource("ProcessorThrottlesAlarm").hasProperty("Namespace", "AWS/Lambda")
        .hasProperty("MetricName", "Throttles").hasPropertyEqualTo("Dimensions", processor);
    template().hasResource("OrchestratorErrorsAlarm").hasProperty("Namespace", "AWS/Lambda")
        .hasProperty("MetricName", "Errors").hasProperty("Threshold", 0)
        .hasPropertyEqualTo("Dimensions", json("""
            [{"Name": "FunctionName", "Value": {"Fn::Sub": "${ProjectName}-${EnvironmentName}-failover-orchestrator"}}]"""));
  }

  @Test
  void processorErrorsAlarmAddsTheHandlersServerErrorsToLambdaErrorsAndPagesOnTheFirstSustainedOne() {
    var alarm = template().hasResource("ProcessorErrorsAlarm").doesNotHaveProperty("MetricName");
    alarm.property("Metrics").isEqualTo(json("""
        [{"Id": "handled", "ReturnData": false, "MetricStat": {"Period": 60, "Stat": "Sum", "Metric": {
           "Namespace": "TransactionDr/Api", "MetricName": "ServerErrors", "Dimensions": %s}}},
         {"Id": "unhandled", "ReturnData": false, "MetricStat": {"Period": 60, "Stat": "Sum", "Metric": {
           "Namespace": "AWS/Lambda", "MetricName": "Errors", "Dimensions": [{"Name": "FunctionName",
           "Value": {"Fn::Sub": "${ProjectName}-${EnvironmentName}-transaction-processor"}}]}}},
         {"Id": "errors", "Expression": "FILL(handled, 0) + FILL(unhandled, 0)",
          "Label": "processor server errors per minute", "ReturnData": true}]""".formatted(SERVICE)));
    alarm.hasProperty("EvaluationPeriods", 5).hasProperty("DatapointsToAlarm", 3)
        .hasProperty("ComparisonOperator", "GreaterThanThreshold").property("Threshold").isRef("ServerErrorsThreshold");
    template().at("Parameters.ServerErrorsThreshold.Default").isEqualTo(0);
    // Both have Retain policies: a new name would leave the old alarm behind, still paging.
    alarm.hasPropertyEqualTo("AlarmName",
        json("{\"Fn::Sub\": \"${ProjectName}-${EnvironmentName}-processor-errors\"}"));
  }

  @Test
  void staleEpochCommitAlarmPagesOnTheFirstCommitAtAStaleEpochAndHoldsBetweenReconcilerRuns() {
    template().hasResource("StaleEpochCommitAlarm", "AWS::CloudWatch::Alarm")
        .hasProperty("Namespace", "TransactionDr/Api").hasProperty("MetricName", "StaleEpochCommits")
        .hasPropertyEqualTo("Dimensions", json(SERVICE))
        .hasProperty("Statistic", "Sum").hasProperty("Period", 600)
        .hasProperty("EvaluationPeriods", 2).hasProperty("DatapointsToAlarm", 1)
        .hasProperty("ComparisonOperator", "GreaterThanThreshold").hasProperty("Threshold", 0)
        .hasProperty("TreatMissingData", "notBreaching");
  }

  @Test
  void reconciliationFindingsAlarmPagesOnAnyFindingAndHoldsUntilTwoRunsOfTheReconcilerFindNothing() {
    template().hasResource("ReconcilerScheduleRule").hasProperty("ScheduleExpression", "rate(10 minutes)");
    template().hasResource("ReconciliationFindingsAlarm", "AWS::CloudWatch::Alarm")
        .hasProperty("Namespace", "TransactionDr/Reconciliation").hasProperty("MetricName", "ReconciliationFindings")
        .hasPropertyEqualTo("Dimensions", json(SERVICE))
        .hasProperty("Statistic", "Sum").hasProperty("Period", 600)
        .hasProperty("EvaluationPeriods", 2).hasProperty("DatapointsToAlarm", 1)
        .hasProperty("ComparisonOperator", "GreaterThanThreshold").hasProperty("Threshold", 0)
        .hasProperty("TreatMissingData", "notBreaching");
  }

  @Test
  void throttleAndConflictAlarmsDivideTheirCountBySampleCountOfTransferLatency() {
    for (var rate : List.of(List.of("TransferThrottleRateAlarm", "throttled", "TransfersThrottled",
        "TransferThrottlePercentThreshold"), List.of("TransferConflictRateAlarm", "conflicted", "TransfersConflicted",
            "TransferConflictPercentThreshold"))) {
      var alarm = template().hasResource(rate.get(0), "AWS::CloudWatch::Alarm");
      alarm.property("Metrics").contains(json("""
          [{"Id": "%s", "ReturnData": false, "MetricStat": {"Period": 60, "Stat": "Sum", "Metric": {
             "Namespace": "TransactionDr/Api", "MetricName": "%s", "Dimensions": %s}}},
           {"Id": "requests", "ReturnData": false, "MetricStat": {"Period": 60, "Stat": "SampleCount", "Metric": {
             "Namespace": "TransactionDr/Api", "MetricName": "TransferLatency", "Dimensions": %s}}},
           {"Id": "share", "ReturnData": true}]""".formatted(rate.get(1), rate.get(2), SERVICE, SERVICE)));
      assertThat(alarm.property("Metrics[2].Expression").text())
          .isEqualTo("100 * FILL(" + rate.get(1) + ", 0) / requests");
      alarm.hasProperty("EvaluationPeriods", 5).hasProperty("DatapointsToAlarm", 3)
          .property("Threshold").isRef(rate.get(3));
      template().at("Parameters." + rate.get(3) + ".Default").isEqualTo(1);
    }
  }

  @Test
  void transferLatencyAlarmComparesTheProcessorsP99WithTheSubSecondTarget() {
    template().hasResource("TransferLatencyAlarm", "AWS::CloudWatch::Alarm")
        .hasProperty("Namespace", "TransactionDr/Api").hasProperty("MetricName", "TransferLatency")
        .hasPropertyEqualTo("Dimensions", json(SERVICE))
        .hasProperty("ExtendedStatistic", "p99").hasProperty("Period", 60)
        .hasProperty("EvaluationPeriods", 5).hasProperty("DatapointsToAlarm", 3)
        .property("Threshold").isRef("TransferLatencyP99ThresholdMs");
    template().at("Parameters.TransferLatencyP99ThresholdMs.Default").isEqualTo(1000);
  }

  @Test
  void runTimeMetricAlarmsStayOutOfTheCompositeAlarmThatTriggersFailover() {
    String rule = template().hasResource("PrimaryRegionUnhealthyAlarm").property("AlarmRule").node().toString();
    for (String alarm : RUN_TIME_METRIC_ALARMS) {
      template().hasResource(alarm);
      assertThat(rule).as("the composite alarm's rule").doesNotContain(alarm);
    }
  }

  @Test
  void everyRunTimeMetricAlarmSaysWhatToDo() {
    for (String alarm : RUN_TIME_METRIC_ALARMS) {
      assertThat(template().hasResource(alarm).property("AlarmDescription").text())
          .as(alarm + " AlarmDescription").hasSizeGreaterThan(150);
    }
  }

  @Test
  void apiErrorRateAlarmDividesTheHttpApis5xxByItsRequestCount() {
    var alarm = template().hasResource("ApiServerErrorRateAlarm");
    alarm.property("Metrics").contains(json("""
        [{"Id": "errors", "ReturnData": false, "MetricStat": {"Stat": "Sum", "Metric": {"Namespace": "AWS/ApiGateway",
           "MetricName": "5xx", "Dimensions": [{"Name": "ApiId", "Value": {"Ref": "HttpApiId"}}]}}},
         {"Id": "requests", "ReturnData": false, "MetricStat": {"Stat": "Sum", "Metric": {"Namespace": "AWS/ApiGateway",
           "MetricName": "Count", "Dimensions": [{"Name": "ApiId", "Value": {"Ref": "HttpApiId"}}]}}},
         {"Id": "errorRate", "ReturnData": true}]"""));
    assertThat(alarm.property("Metrics[2].Expression").text()).isEqualTo("100 * errors / requests");
    alarm.property("Threshold").isRef("ApiServerErrorRatePercentThreshold");
  }

  @Test
  void apiLatencyAlarmComparesTheP99WithTheSubSecondTarget() {
    template().hasResource("ApiLatencyAlarm")
        .hasProperty("Namespace", "AWS/ApiGateway").hasProperty("MetricName", "Latency")
        .hasProperty("ExtendedStatistic", "p99")
        .hasPropertyEqualTo("Dimensions", json("[{\"Name\": \"ApiId\", \"Value\": {\"Ref\": \"HttpApiId\"}}]"))
        .property("Threshold").isRef("ApiLatencyP99ThresholdMs");
    template().at("Parameters.ApiLatencyP99ThresholdMs.Default").isEqualTo(1000);
  }

  @Test
  void healthCheckAlarmsExistOnlyInUsEast1AndOnlyForGivenHealthChecks() {
    template().at("Conditions.IsUsEast1")
        .isEqualTo(json("{\"Fn::Equals\": [{\"Ref\": \"AWS::Region\"}, \"us-east-1\"]}"));
    for (String which : List.of("Primary", "Secondary")) {
      template().at("Conditions.Monitors" + which + "HealthCheck").isEqualTo(json("""
          {"Fn::And": [{"Condition": "IsUsEast1"}, {"Condition": "Has%sHealthCheckId"}]}""".formatted(which)));
      template().hasResource(which + "HealthCheckAlarm")
          .hasCondition("Monitors" + which + "HealthCheck")
          .hasProperty("Namespace", "AWS/Route53").hasProperty("MetricName", "HealthCheckStatus")
          .hasProperty("Statistic", "Minimum").hasProperty("ComparisonOperator", "LessThanThreshold")
          .hasProperty("Threshold", 1)
          .hasPropertyEqualTo("Dimensions", json("""
              [{"Name": "HealthCheckId", "Value": {"Ref": "%sHealthCheckId"}}]""".formatted(which)));
    }
  }

  @Test
  void compositeAlarmCombinesThePrimaryFailureSignalsOnlyInThePrimaryRegion() {
    var composite = template().hasResource("PrimaryRegionUnhealthyAlarm", "AWS::CloudWatch::CompositeAlarm")
        .hasCondition("IsPrimaryRegion")
        .hasPropertyEqualTo("AlarmName",
            json("{\"Fn::Sub\": \"${ProjectName}-${EnvironmentName}-primary-region-unhealthy\"}"));
    composite.property("AlarmRule").isEqualTo(json("""
        {"Fn::If": ["MonitorsPrimaryHealthCheck",
          {"Fn::Sub": "ALARM(\\"${PrimaryHealthCheckAlarm}\\") OR ALARM(\\"${ApiServerErrorRateAlarm}\\")"},
          {"Fn::Sub": "ALARM(\\"${ApiServerErrorRateAlarm}\\")"}]}"""));
  }

  @Test
  void logArchiveBucketIsNamedByRegionEncryptedWithTheCmkVersionedAndPrivate() {
    template().hasResource("LogArchiveBucket", "AWS::S3::Bucket")
        .hasPropertyEqualTo("BucketName", json("""
            {"Fn::Sub": "${ProjectName}-${EnvironmentName}-logs-${AWS::AccountId}-${AWS::Region}"}"""))
        .hasPropertyEqualTo("BucketEncryption.ServerSideEncryptionConfiguration[0]", json("""
            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": {"Ref": "KmsKeyArn"}},
             "BucketKeyEnabled": true}"""))
        .hasPropertyEqualTo("VersioningConfiguration.Status", "Enabled")
        .hasPropertyEqualTo("OwnershipControls.Rules[0].ObjectOwnership", "BucketOwnerEnforced")
        .hasPropertyEqualTo("PublicAccessBlockConfiguration", json("""
            {"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true}"""))
        .at("Condition").isAbsent();
    template().hasResource("LogArchiveBucketPolicy").property("PolicyDocument").hasStatement(json("""
        {"Effect": "Deny", "Action": ["s3:*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}"""));
  }

  @Test
  void logArchiveReplicatesThisRegionsPrefixToThePeerRegionsBucketWithThePeerKey() {
    template().hasResource("LogArchiveBucket").hasPropertyEqualTo("ReplicationConfiguration.Fn::If[1]", json("""
        {"Role": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${ProjectName}-${EnvironmentName}-log-replication"},
         "Rules": [{"Id": "replicate-this-regions-logs-to-peer-region", "Priority": 1, "Status": "Enabled",
           "Filter": {"Prefix": {"Fn::Sub": "${AWS::Region}/"}},
           "DeleteMarkerReplication": {"Status": "Disabled"},
           "SourceSelectionCriteria": {"SseKmsEncryptedObjects": {"Status": "Enabled"}},
           "Destination": {
             "Bucket": {"Fn::Sub": ["arn:${AWS::Partition}:s3:::${ProjectName}-${EnvironmentName}-logs-${AWS::AccountId}-${PeerRegion}", {"PeerRegion": %s}]},
             "EncryptionConfiguration": {"ReplicaKmsKeyID": {"Fn::Sub": ["arn:${AWS::Partition}:kms:${PeerRegion}:${AWS::AccountId}:${KeyAliasName}", {"PeerRegion": %s}]}}}}]}"""
        .formatted(PEER_REGION, PEER_REGION)));
    template().hasResource("LogArchiveBucket").hasPropertyEqualTo("AccelerateConfiguration.AccelerationStatus", "Enabled");
  }

  @Test
  void secondaryReplicatesItsLogsToThePrimaryOnlyOnceThePeerRegionIsDeployed() {
    template().at("Conditions.ShipToPeer").isEqualTo(json("""
        {"Fn::Or": [{"Condition": "IsPrimaryRegion"}, {"Fn::Equals": [{"Ref": "PeerRegionDeployed"}, "true"]}]}"""));
    template().hasResource("LogArchiveBucket").property("ReplicationConfiguration.Fn::If[0]").isEqualTo("ShipToPeer");
    template().hasResource("LogArchiveBucket").property("ReplicationConfiguration.Fn::If[2]").isRef("AWS::NoValue");
  }

  @Test
  void logArchiveStreamWritesToThisRegionsBucketEncryptedWithTheCmk() {
    template().hasResource("LogArchiveDeliveryStream", "AWS::KinesisFirehose::DeliveryStream")
        .hasPropertyEqualTo("DeliveryStreamName", json("{\"Fn::Sub\": \"${ProjectName}-${EnvironmentName}-log-archive\"}"))
        .hasPropertyEqualTo("DeliveryStreamType", "DirectPut")
        .hasPropertyEqualTo("DeliveryStreamEncryptionConfigurationInput", json("""
            {"KeyType": "CUSTOMER_MANAGED_CMK", "KeyARN": {"Ref": "KmsKeyArn"}}"""))
        .hasPropertyEqualTo("ExtendedS3DestinationConfiguration.BucketARN", json("""
            {"Fn::GetAtt": ["LogArchiveBucket", "Arn"]}"""))
        .hasPropertyEqualTo("ExtendedS3DestinationConfiguration.RoleARN", json("""
            {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${ProjectName}-${EnvironmentName}-log-archive-delivery"}"""))
        .hasPropertyEqualTo("ExtendedS3DestinationConfiguration.Prefix", json("{\"Fn::Sub\": \"${AWS::Region}/logs/\"}"))
        .hasPropertyEqualTo("ExtendedS3DestinationConfiguration.EncryptionConfiguration", json("""
            {"KMSEncryptionConfig": {"AWSKMSKeyARN": {"Ref": "KmsKeyArn"}}}"""))
        .at("Condition").isAbsent();
  }

  @Test
  void everyLogGroupOfThisRegionIsSubscribedToTheRegionsFirehoseStreamWithTheLogDeliveryRole() {
    List<String> filters = TEMPLATE.resourceIdsOfType("AWS::Logs::SubscriptionFilter");
    Set<String> groups = new HashSet<>();
    for (String filter : filters) {
      var resource = template().hasResource(filter)
          .hasProperty("FilterPattern", "")
          .hasPropertyEqualTo("RoleArn", json("""
              {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${ProjectName}-${EnvironmentName}-log-delivery"}"""));
      resource.property("DestinationArn").isGetAtt("LogArchiveDeliveryStream", "Arn");
      resource.at("Condition").isAbsent();
      groups.add(resource.property("LogGroupName.Fn::Sub").text());
    }
    assertThat(groups).containsExactlyInAnyOrder(
        "/aws/lambda/${ProjectName}-${EnvironmentName}-transaction-processor",
        "/aws/lambda/${ProjectName}-${EnvironmentName}-failover-orchestrator",
        "/aws/lambda/${ProjectName}-${EnvironmentName}-lease-keeper",
        "/aws/lambda/${ProjectName}-${EnvironmentName}-reconciler",
        "/aws/vendedlogs/${ProjectName}-${EnvironmentName}-api-access");
  }

  @Test
  void noLogsDestinationPointsAtAnotherRegion() {
    template().hasNoResourceOfType("AWS::Logs::Destination");
    template().hasNoResourceOfType("AWS::Kinesis::Stream");
  }

  @Test
  void dashboardExistsOnlyInThePrimaryRegion() {
    template().hasResource("DrDashboard", "AWS::CloudWatch::Dashboard")
        .hasCondition("IsPrimaryRegion")
        .hasPropertyEqualTo("DashboardName", json("{\"Fn::Sub\": \"${ProjectName}-${EnvironmentName}-dr\"}"));
    template().hasOutput("DrDashboardName").at("Condition").isEqualTo("IsPrimaryRegion");
  }

  @Test
  void dashboardBodyIsValidJsonForEveryCombinationOfOptionalIds() throws Exception {
    JsonNode body = template().hasResource("DrDashboard").property("DashboardBody").node();
    List<String> optional = List.of("HasPeerHttpApiId", "HasPrimaryHealthCheckId", "HasSecondaryHealthCheckId");
    for (int mask = 0; mask < 1 << optional.size(); mask++) {
      Set<String> holding = new HashSet<>();
      for (int i = 0; i < optional.size(); i++) {
        if ((mask & 1 << i) != 0) {
          holding.add(optional.get(i));
        }
      }
      JsonNode dashboard = MAPPER.readTree(substitute(body, sampleValues("us-east-1"), holding));
      assertThat(dashboard.path("widgets").size()).as("widgets with " + holding).isGreaterThan(10);
      for (JsonNode widget : dashboard.path("widgets")) {
        if (widget.path("type").asText().equals("metric")) {
          assertThat(widget.path("properties").path("metrics").size()).as("metrics with " + holding).isPositive();
        }
      }
    }
  }

  @Test
  void dashboardChartsBothRegionsWithEachWidgetNamingItsRegion() throws Exception {
    JsonNode body = template().hasResource("DrDashboard").property("DashboardBody").node();
    JsonNode dashboard = MAPPER.readTree(substitute(body, sampleValues("us-east-1"),
        Set.of("HasPeerHttpApiId", "HasPrimaryHealthCheckId", "HasSecondaryHealthCheckId")));
    Map<String, Integer> widgetsByRegion = new HashMap<>();
    for (JsonNode widget : dashboard.path("widgets")) {
      if (widget.path("type").asText().equals("metric")) {
        String region = widget.path("properties").path("region").asText();
        assertThat(region).as(widget.path("properties").path("title").asText()).isNotEmpty();
        widgetsByRegion.merge(region, 1, Integer::sum);
      }
    }
    assertThat(widgetsByRegion.get("us-west-2")).isGreaterThanOrEqualTo(6);
    assertThat(widgetsByRegion.get("us-east-1")).isGreaterThanOrEqualTo(7);
    String text = dashboard.toString();
    assertThat(text).contains("\"ReceivingRegion\",\"us-west-2\"", "\"ReceivingRegion\",\"us-east-1\"",
        "txn-dr-prod-documents-123456789012-us-west-2", "\"HealthCheckId\",\"" + PRIMARY_HEALTH_CHECK + "\"");
  }

  @Test
  void dashboardChartsTheProcessorsAndTheReconcilersOwnMetricsInBothRegions() throws Exception {
    JsonNode body = template().hasResource("DrDashboard").property("DashboardBody").node();
    JsonNode dashboard = MAPPER.readTree(substitute(body, sampleValues("us-east-1"), Set.of()));
    Map<String, Set<String>> metricsByRegion = new HashMap<>();
    for (JsonNode widget : dashboard.path("widgets")) {
      for (JsonNode metric : widget.path("properties").path("metrics")) {
        if (metric.path(0).asText().startsWith("TransactionDr/")) {
          assertThat(metric.path(2).asText() + "=" + metric.path(3).asText()).isEqualTo("Service=txn-dr-prod");
          metricsByRegion.computeIfAbsent(widget.path("properties").path("region").asText(), r -> new HashSet<>())
              .add(metric.path(1).asText());
        }
      }
    }
    Set<String> expected = Set.of("TransfersCommitted", "TransfersReplayed", "TransfersDeclined", "TransfersFenced",
        "TransfersConflicted", "TransfersThrottled", "ServerErrors", "StaleEpochCommits", "TransferLatency",
        "ReconciliationFindings");
    assertThat(metricsByRegion).containsOnlyKeys("us-east-1", "us-west-2");
    assertThat(metricsByRegion.get("us-east-1")).isEqualTo(expected);
    assertThat(metricsByRegion.get("us-west-2")).isEqualTo(expected);
  }

  @Test
  void alarmStateChangeRuleSendsThePrimaryFailureAlarmToTheOrchestrator() {
    var rule = template().hasResource("AlarmStateChangeRule", "AWS::Events::Rule").hasCondition("IsPrimaryRegion");
    rule.property("EventPattern").isEqualTo(json("""
        {"source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"],
         "resources": [{"Fn::GetAtt": ["PrimaryRegionUnhealthyAlarm", "Arn"]}],
         "detail": {"state": {"value": ["ALARM"]}}}"""));
    assertOrchestratorTarget(rule.property("Targets").node());
  }

  @Test
  void theProbeScheduleIsGone() {
    assertThat(TEMPLATE.resources()).doesNotContainKeys("PrimaryProbeScheduleRule", "PrimaryProbeInvokePermission");
    template().at("Outputs.PrimaryProbeScheduleRuleArn").isAbsent();
    template().at("Conditions.IsSecondaryRegion").isAbsent();
  }

  @Test
  void keeperRunsEveryMinuteAndTheReconcilerEveryTenMinutesInBothRegions() {
    Map<String, List<String>> schedules = Map.of(
        "LeaseKeeperScheduleRule", List.of("rate(1 minute)", "LeaseKeeperArn"),
        "ReconcilerScheduleRule", List.of("rate(10 minutes)", "ReconcilerArn"));
    schedules.forEach((rule, expected) -> {
      var resource = template().hasResource(rule, "AWS::Events::Rule")
          .hasProperty("ScheduleExpression", expected.get(0)).hasProperty("State", "ENABLED");
      resource.at("Condition").isAbsent();
      JsonNode targets = resource.property("Targets").node();
      assertThat(targets).hasSize(1);
      assertThat(targets.get(0).path("Arn")).isEqualTo(json("{\"Ref\": \"" + expected.get(1) + "\"}"));
      assertThat(targets.get(0).path("DeadLetterConfig").path("Arn"))
          .isEqualTo(json("{\"Fn::GetAtt\": [\"FailoverTriggerDlq\", \"Arn\"]}"));
    });
    // An event older than its interval is superseded by the next one.
    template().hasResource("LeaseKeeperScheduleRule").property("Targets[0].RetryPolicy.MaximumEventAgeInSeconds")
        .isEqualTo(60);
    template().hasResource("ReconcilerScheduleRule").property("Targets[0].RetryPolicy.MaximumEventAgeInSeconds")
        .isEqualTo(600);
  }

  @Test
  void eachFunctionMayBeInvokedOnlyByItsOwnRule() {
    Map<String, List<String>> permissions = Map.of(
        "AlarmStateChangeInvokePermission", List.of("AlarmStateChangeRule", "FailoverOrchestratorArn"),
        "LeaseKeeperInvokePermission", List.of("LeaseKeeperScheduleRule", "LeaseKeeperArn"),
        "ReconcilerInvokePermission", List.of("ReconcilerScheduleRule", "ReconcilerArn"));
    assertThat(TEMPLATE.resourceIdsOfType("AWS::Lambda::Permission"))
        .containsExactlyInAnyOrderElementsOf(permissions.keySet());
    permissions.forEach((permission, ruleAndFunction) -> {
      String rule = ruleAndFunction.get(0);
      var resource = template().hasResource(permission)
          .hasProperty("Action", "lambda:InvokeFunction")
          .hasProperty("Principal", "events.amazonaws.com");
      assertThat(TEMPLATE.resource(permission).path("Condition")).isEqualTo(TEMPLATE.resource(rule).path("Condition"));
      resource.property("FunctionName").isRef(ruleAndFunction.get(1));
      resource.property("SourceArn").isGetAtt(rule, "Arn");
      resource.property("SourceAccount").isRef("AWS::AccountId");
    });
  }

  @Test
  void keeperAndReconcilerErrorsPageInBothRegions() {
    Map<String, String> alarms = Map.of("LeaseKeeperErrorsAlarm", "lease-keeper", "ReconcilerErrorsAlarm", "reconciler");
    alarms.forEach((alarm, function) -> {
      var resource = template().hasResource(alarm, "AWS::CloudWatch::Alarm")
          .hasProperty("Namespace", "AWS/Lambda").hasProperty("MetricName", "Errors").hasProperty("Threshold", 0)
          .hasProperty("TreatMissingData", "notBreaching")
          .hasPropertyEqualTo("Dimensions", json("""
              [{"Name": "FunctionName", "Value": {"Fn::Sub": "${ProjectName}-${EnvironmentName}-%s"}}]"""
              .formatted(function)))
          .hasPropertyEqualTo("AlarmActions", List.of(Map.of("Ref", "AlertTopic")))
          .hasPropertyEqualTo("OKActions", List.of(Map.of("Ref", "AlertTopic")));
      resource.at("Condition").isAbsent();
    });
    template().hasResource("FailoverEventsToSnsRule").property("EventPattern.detail.alarmName")
        .contains(json("""
            [{"Ref": "LeaseKeeperErrorsAlarm"}, {"Ref": "ReconcilerErrorsAlarm"}]"""));
  }

  @Test
  void scheduleRulesAreOutputs() {
    template().hasOutput("LeaseKeeperScheduleRuleArn").at("Value").isGetAtt("LeaseKeeperScheduleRule", "Arn");
    template().hasOutput("ReconcilerScheduleRuleArn").at("Value").isGetAtt("ReconcilerScheduleRule", "Arn");
  }

  @Test
  void failoverAlarmChangesReachTheTopicAsReadableText() {
    var rule = template().hasResource("FailoverEventsToSnsRule", "AWS::Events::Rule");
    rule.property("EventPattern").contains(json("""
        {"source": ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"],
         "detail": {"state": {"value": ["ALARM", "OK"]},
           "alarmName": [{"Fn::If": ["IsPrimaryRegion", {"Ref": "PrimaryRegionUnhealthyAlarm"}, {"Ref": "AWS::NoValue"}]},
                         {"Ref": "DynamoDbReplicationLatencyAlarm"}, {"Ref": "FailoverTriggerDlqAlarm"}]}}"""));
    var target = rule.property("Targets[0]");
    target.at("Arn").isRef("AlertTopic");
    target.at("DeadLetterConfig.Arn").isGetAtt("FailoverTriggerDlq", "Arn");
    assertThat(target.at("InputTransformer.InputTemplate").text())
        .startsWith("FAILOVER SIGNAL <alarm> in <region> is now <state>");
  }

  @Test
  void deadLetterQueueIsEncryptedAndAcceptsOnlyTheFailoverRules() {
    template().hasResource("FailoverTriggerDlq", "AWS::SQS::Queue").property("KmsMasterKeyId").isRef("KmsKeyArn");
    var policy = template().hasResource("FailoverTriggerDlqPolicy").property("PolicyDocument");
    policy.hasStatement(json("""
        {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": ["sqs:SendMessage"],
         "Resource": [{"Fn::GetAtt": ["FailoverTriggerDlq", "Arn"]}],
         "Condition": {"ArnEquals": {"aws:SourceArn": [
           {"Fn::If": ["IsPrimaryRegion", {"Fn::GetAtt": ["AlarmStateChangeRule", "Arn"]}, {"Ref": "AWS::NoValue"}]},
           {"Fn::GetAtt": ["LeaseKeeperScheduleRule", "Arn"]},
           {"Fn::GetAtt": ["ReconcilerScheduleRule", "Arn"]},
           {"Fn::GetAtt": ["FailoverEventsToSnsRule", "Arn"]}]}}}"""));
    policy.hasStatement(json("""
        {"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}"""));
    template().hasResource("FailoverTriggerDlqAlarm")
        .hasProperty("Namespace", "AWS/SQS").hasProperty("MetricName", "ApproximateNumberOfMessagesVisible");
  }

  @Test
  void outputsExposeTheTopicTheLogShippingAndTheAlarmsTheOrchestratorUses() {
    for (String output : List.of("AlertTopicArn", "AlertTopicName", "LogArchiveBucketName", "LogArchiveDeliveryStreamArn",
        "DrDashboardName", "PrimaryRegionUnhealthyAlarmName", "ApiServerErrorRateAlarmName",
        "DynamoDbReplicationLatencyAlarmName", "FailoverTriggerDlqArn")) {
      template().hasOutput(output).at("Export").isAbsent();
    }
    template().hasOutput("PrimaryRegionUnhealthyAlarmName").at("Condition").isEqualTo("IsPrimaryRegion");
  }

  private static void assertOrchestratorTarget(JsonNode targets) {
    assertThat(targets).hasSize(1);
    JsonNode target = targets.get(0);
    assertThat(target.path("Arn")).isEqualTo(json("{\"Ref\": \"FailoverOrchestratorArn\"}"));
    assertThat(target.path("DeadLetterConfig").path("Arn"))
        .isEqualTo(json("{\"Fn::GetAtt\": [\"FailoverTriggerDlq\", \"Arn\"]}"));
    assertThat(target.path("RetryPolicy").path("MaximumRetryAttempts").asInt()).isPositive();
    assertThat(target.path("RetryPolicy").path("MaximumEventAgeInSeconds").asInt()).isBetween(60, 900);
  }

  private static final String PRIMARY_HEALTH_CHECK = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

  /** Parameter and pseudo-parameter values of a deployment; every one is safe inside a JSON string. */
  private static Map<String, String> sampleValues(String region) {
    Map<String, String> values = new HashMap<>();
    values.put("AWS::Region", region);
    values.put("AWS::AccountId", "123456789012");
    values.put("AWS::Partition", "aws");
    values.put("ProjectName", "txn-dr");
    values.put("EnvironmentName", "prod");
    values.put("PrimaryRegion", "us-east-1");
    values.put("SecondaryRegion", "us-west-2");
    values.put("HttpApiId", "abcde12345");
    values.put("PeerHttpApiId", "fghij67890");
    values.put("PrimaryHealthCheckId", PRIMARY_HEALTH_CHECK);
    values.put("SecondaryHealthCheckId", "1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809");
    values.put("DocumentReplicationRuleId", "replicate-all-documents-to-peer-region");
    return values;
  }

  /**
   * Resolves an {@code Fn::Sub} (string or [string, variables]) whose variables are strings,
   * {@code Ref}s, nested {@code Fn::Sub}s or {@code Fn::If}s, with the given values and the
   * conditions that hold.
   */
  private static String substitute(JsonNode node, Map<String, String> values, Set<String> holding) {
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.has("Ref")) {
      return lookup(values, node.path("Ref").asText());
    }
    if (node.has("Fn::If")) {
      JsonNode branches = node.path("Fn::If");
      return substitute(branches.path(holding.contains(branches.path(0).asText()) ? 1 : 2), values, holding);
    }
    JsonNode sub = node.path("Fn::Sub");
    if (sub.isMissingNode()) {
      throw new AssertionError("cannot resolve " + node);
    }
    Map<String, String> local = new HashMap<>(values);
    if (sub.isArray()) {
      sub.path(1).fields().forEachRemaining(e -> local.put(e.getKey(), substitute(e.getValue(), values, holding)));
    }
    String text = sub.isArray() ? sub.path(0).asText() : sub.asText();
    Matcher m = SUB_VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(lookup(local, m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String lookup(Map<String, String> values, String name) {
    String value = values.get(name);
    if (value == null) {
      throw new AssertionError("no sample value for ${" + name + "}");
    }
    return value;
  }
}
