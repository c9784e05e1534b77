package com.example.txndr.kms;

import static com.example.txndr.testkit.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.testkit.NodeAssert;
import com.example.txndr.testkit.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KmsTemplateTest {
  private static final Template TEMPLATE = Template.ofModule("kms");

  private static final String ACCOUNT_ROOT = """
      {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}""";

  private static final String PROJECT_TOPICS = """
      {"Fn::Sub": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${ProjectName}-${EnvironmentName}-*"}""";

  private static TemplateAssert template() {
    return TemplateAssert.assertThat(TEMPLATE);
  }

  private static NodeAssert keyPolicy() {
    return template().hasResource("DataKey").property("KeyPolicy");
  }

  private static JsonNode statement(String sid) {
    for (JsonNode s : keyPolicy().statements()) {
      if (sid.equals(s.path("Sid").asText())) {
        return s;
      }
    }
    throw new AssertionError("kms.template.json: no key policy statement with Sid " + sid);
  }

  private static void assertViaService(String sid, String servicePrefix) {
    keyPolicy().hasStatement(json("""
        {"Sid": "%s", "Effect": "Allow", "Principal": %s,
         "Condition": {"StringEquals": {
           "kms:ViaService": {"Fn::Sub": "%s.${AWS::Region}.amazonaws.com"},
           "kms:CallerAccount": {"Ref": "AWS::AccountId"}}}}"""
        .formatted(sid, ACCOUNT_ROOT, servicePrefix)));
    assertThat(statement(sid).path("Condition").size())
        .as("%s is conditioned on StringEquals only", sid).isEqualTo(1);
  }

  private static List<String> actionsOf(String sid) {
    List<String> actions = new ArrayList<>();
    statement(sid).path("Action").forEach(a -> actions.add(a.asText()));
    return actions;
  }

  @Test
  void keyIsSymmetricSingleRegionEncryptDecrypt() {
    template().hasResource("DataKey", "AWS::KMS::Key")
        .hasPropertyEqualTo("KeySpec", "SYMMETRIC_DEFAULT")
        .hasPropertyEqualTo("KeyUsage", "ENCRYPT_DECRYPT")
        .hasPropertyEqualTo("MultiRegion", false);
  }

  @Test
  void keyRotatesAutomaticallyEveryYear() {
    template().hasResource("DataKey")
        .hasPropertyEqualTo("EnableKeyRotation", true)
        .hasPropertyEqualTo("RotationPeriodInDays", 365);
  }

  @Test
  void keyDeletionWaitsThirtyDays() {
    template().hasResource("DataKey").hasPropertyEqualTo("PendingWindowInDays", 30);
  }

  @Test
  void keyDescriptionNamesProjectEnvironmentAndRegion() {
    template().hasResource("DataKey").property("Description")
        .textContains("${ProjectName}-${EnvironmentName}")
        .textContains("${AWS::Region}");
  }

  @Test
  void aliasNameDefaultsToTransactionEncryption() {
    template().hasParameter("KeyAliasName").at("Default").isEqualTo("alias/transaction-encryption");
  }

  @Test
  void aliasTakesItsNameFromKeyAliasNameAndPointsAtTheKey() {
    template().hasResource("DataKeyAlias", "AWS::KMS::Alias");
    template().hasResource("DataKeyAlias").property("AliasName").isRef("KeyAliasName");
    template().hasResource("DataKeyAlias").property("TargetKeyId").isRef("DataKey");
  }

  @Test
  void outputsGiveKeyArnIdAliasNameAndAliasArn() {
    template().hasOutput("DataKeyArn").at("Value").isGetAtt("DataKey", "Arn");
    template().hasOutput("DataKeyId").at("Value").isRef("DataKey");
    template().hasOutput("DataKeyAliasName").at("Value").isRef("DataKeyAlias");
    template().hasOutput("DataKeyAliasArn").at("Value").isEqualTo(json("""
        {"Fn::Sub": "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:${KeyAliasName}"}"""));
  }

  @Test
  void accountRootAdministersTheKeyAndEnablesIamPolicies() {
    keyPolicy().hasStatement(json("""
        {"Sid": "EnableIamPoliciesAndKeyAdministration", "Effect": "Allow",
         "Principal": %s, "Action": ["kms:*"], "Resource": ["*"]}""".formatted(ACCOUNT_ROOT)));
  }

  @Test
  void onlyTheAccountRootIsGrantedAllKmsActions() {
    for (JsonNode s : keyPolicy().statements()) {
      boolean all = false;
      for (JsonNode action : s.path("Action")) {
        all |= action.asText().equals("kms:*") || action.asText().equals("*");
      }
      if (all) {
        assertThat(s.path("Principal")).as("principal of %s", s.path("Sid"))
            .isEqualTo(json(ACCOUNT_ROOT));
        assertThat(s.has("Condition")).isFalse();
      }
    }
  }

  @Test
  void noStatementHasAWildcardPrincipal() {
    for (JsonNode s : keyPolicy().statements()) {
      JsonNode principal = s.path("Principal");
      assertThat(principal.isTextual()).as("principal of %s is not a bare string", s.path("Sid")).isFalse();
      for (JsonNode value : principal) {
        assertThat(value.isTextual() && value.asText().equals("*"))
            .as("wildcard principal in %s", s.path("Sid")).isFalse();
      }
    }
  }

  @Test
  void dynamoDbUsesTheKeyOnlyThroughDynamoDbInThisRegionForThisAccount() {
    assertViaService("DynamoDbViaService", "dynamodb");
    assertThat(actionsOf("DynamoDbViaService")).contains("kms:Decrypt", "kms:GenerateDataKey", "kms:CreateGrant");
  }

  @Test
  void s3AndItsReplicationUseTheKeyOnlyThroughS3InThisRegionForThisAccount() {
    assertViaService("S3ViaService", "s3");
    assertThat(actionsOf("S3ViaService"))
        .contains("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey")
        .doesNotContain("kms:CreateGrant");
  }

  @Test
  void lambdaEnvironmentVariablesUseTheKeyOnlyThroughLambda() {
    assertViaService("LambdaViaService", "lambda");
    assertThat(actionsOf("LambdaViaService")).contains("kms:Encrypt", "kms:Decrypt", "kms:CreateGrant");
  }

  @Test
  void awsBackupUsesTheKeyOnlyThroughBackup() {
    assertViaService("BackupViaService", "backup");
    assertThat(actionsOf("BackupViaService")).contains("kms:Decrypt", "kms:GenerateDataKey", "kms:CreateGrant");
  }

  @Test
  void kinesisLogStreamUsesTheKeyOnlyThroughKinesis() {
    assertViaService("KinesisViaService", "kinesis");
    assertThat(actionsOf("KinesisViaService")).contains("kms:GenerateDataKey", "kms:Decrypt");
  }

  @Test
  void deadLetterQueuesUseTheKeyOnlyThroughSqs() {
    assertViaService("SqsViaService", "sqs");
    assertThat(actionsOf("SqsViaService")).contains("kms:GenerateDataKey", "kms:Decrypt");
  }

  @Test
  void alertPublishersUseTheKeyOnlyThroughSns() {
    assertViaService("SnsViaService", "sns");
    assertThat(actionsOf("SnsViaService")).contains("kms:GenerateDataKey", "kms:Decrypt");
  }

  @Test
  void serviceStatementsGrantOnlyNamedCryptographicActions() {
    List<String> allowed = List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
        "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey", "kms:CreateGrant");
    for (JsonNode s : keyPolicy().statements()) {
      if (s.path("Sid").asText().equals("EnableIamPoliciesAndKeyAdministration")) {
        continue;
      }
      s.path("Action").forEach(a -> assertThat(allowed).as("action of %s", s.path("Sid")).contains(a.asText()));
    }
  }

  @Test
  void cloudWatchLogsMayUseTheKeyOnlyForThisAccountsLogGroupsInThisRegion() {
    keyPolicy().hasStatement(json("""
        {"Sid": "CloudWatchLogsEncryptLogGroups", "Effect": "Allow",
         "Principal": {"Service": {"Fn::Sub": "logs.${AWS::Region}.amazonaws.com"}},
         "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
         "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn":
           {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"}}}}"""));
  }

  @Test
  void cloudWatchAlarmsMayPublishOnlyToThisProjectsTopicsFromThisAccountsAlarms() {
    keyPolicy().hasStatement(json("""
        {"Sid": "CloudWatchAlarmsPublishToEncryptedTopics", "Effect": "Allow",
         "Principal": {"Service": "cloudwatch.amazonaws.com"},
         "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
         "Condition": {
           "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
           "ArnLike": {"aws:SourceArn":
             {"Fn::Sub": "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*"}},
           "StringLike": {"kms:EncryptionContext:aws:sns:topicArn": %s}}}""".formatted(PROJECT_TOPICS)));
    assertThat(actionsOf("CloudWatchAlarmsPublishToEncryptedTopics"))
        .containsExactlyInAnyOrder("kms:Decrypt", "kms:GenerateDataKey");
  }

  @Test
  void eventBridgeMayPublishOnlyToThisProjectsTopicsWithoutUnsupportedSourceConditions() {
    keyPolicy().hasStatement(json("""
        {"Sid": "EventBridgePublishToEncryptedTopics", "Effect": "Allow",
         "Principal": {"Service": "events.amazonaws.com"},
         "Condition": {"StringLike": {"kms:EncryptionContext:aws:sns:topicArn": %s}}}"""
        .formatted(PROJECT_TOPICS)));
    JsonNode s = statement("EventBridgePublishToEncryptedTopics");
    assertThat(actionsOf("EventBridgePublishToEncryptedTopics"))
        .containsExactlyInAnyOrder("kms:Decrypt", "kms:GenerateDataKey");
    assertThat(s.path("Condition").toString()).doesNotContain("aws:SourceAccount", "aws:SourceArn");
  }

  @Test
  void eventBridgeMayWriteOnlyToThisProjectsEncryptedDeadLetterQueues() {
    keyPolicy().hasStatement(json("""
        {"Sid": "EventBridgeSendToEncryptedDeadLetterQueues", "Effect": "Allow",
         "Principal": {"Service": "events.amazonaws.com"},
         "Condition": {"StringLike": {"kms:EncryptionContext:aws:sqs:arn":
           {"Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${ProjectName}-${EnvironmentName}-*"}}}}"""));
    assertThat(actionsOf("EventBridgeSendToEncryptedDeadLetterQueues"))
        .containsExactlyInAnyOrder("kms:Decrypt", "kms:GenerateDataKey");
  }

  @Test
  void lambdaMayEncryptOnlyThisProjectsDeploymentPackages() {
    keyPolicy().hasStatement(json("""
        {"Sid": "LambdaEncryptDeploymentPackages", "Effect": "Allow",
         "Principal": {"Service": "lambda.amazonaws.com"},
         "Condition": {"StringLike": {"kms:EncryptionContext:aws:lambda:FunctionArn":
           {"Fn::Sub": "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${ProjectName}-${EnvironmentName}-*"}}}}"""));
    assertThat(actionsOf("LambdaEncryptDeploymentPackages"))
        .containsExactlyInAnyOrder("kms:Decrypt", "kms:GenerateDataKey");
  }

  @Test
  void awsBackupMayPublishVaultNotificationsOnlyToThisProjectsTopics() {
    keyPolicy().hasStatement(json("""
        {"Sid": "BackupPublishToEncryptedTopics", "Effect": "Allow",
         "Principal": {"Service": "backup.amazonaws.com"},
         "Condition": {"StringLike": {"kms:EncryptionContext:aws:sns:topicArn": %s}}}""".formatted(PROJECT_TOPICS)));
    assertThat(actionsOf("BackupPublishToEncryptedTopics"))
        .containsExactlyInAnyOrder("kms:Decrypt", "kms:GenerateDataKey");
  }

  @Test
  void dynamoDbServiceMayOnlyDescribeTheKey() {
    keyPolicy().hasStatement(json("""
        {"Sid": "DynamoDbDescribeKey", "Principal": {"Service": "dynamodb.amazonaws.com"}}"""));
    assertThat(actionsOf("DynamoDbDescribeKey")).containsExactly("kms:DescribeKey");
  }

  @Test
  void everyServicePrincipalStatementIsConditionedExceptDescribeKey() {
    for (JsonNode s : keyPolicy().statements()) {
      if (s.path("Principal").has("Service") && !s.path("Sid").asText().equals("DynamoDbDescribeKey")) {
        assertThat(s.path("Condition").isObject()).as("condition of %s", s.path("Sid")).isTrue();
      }
    }
  }

  @Test
  void keyPolicyHasExactlyTheDocumentedStatements() {
    List<String> sids = new ArrayList<>();
    keyPolicy().statements().forEach(s -> sids.add(s.path("Sid").asText()));
    assertThat(sids).containsExactlyInAnyOrder(
        "EnableIamPoliciesAndKeyAdministration", "DynamoDbViaService", "S3ViaService", "LambdaViaService",
        "BackupViaService", "KinesisViaService", "SqsViaService", "SnsViaService", "DynamoDbDescribeKey",
        "CloudWatchLogsEncryptLogGroups", "CloudWatchAlarmsPublishToEncryptedTopics",
        "EventBridgePublishToEncryptedTopics", "EventBridgeSendToEncryptedDeadLetterQueues",
        "LambdaEncryptDeploymentPackages", "BackupPublishToEncryptedTopics");
    assertThat(template().hasResource("DataKey").at("Metadata.Comment").text())
        .contains(sids.toArray(String[]::new));
  }

  @Test
  void templateCreatesOnlyTheKeyAndItsAlias() {
    assertThat(TEMPLATE.resources().keySet()).containsExactlyInAnyOrder("DataKey", "DataKeyAlias");
  }
}
