package com.example.txndr.kms;

import static com.example.txndr.template.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.template.Evaluator;
import com.example.txndr.testkit.NodeAssert;
import com.example.txndr.template.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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

  private static final String KEY_ADMIN = """
      {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${KeyAdministratorRoleName}"}""";

  private static final List<String> DESTRUCTIVE = List.of("kms:ScheduleKeyDeletion", "kms:DisableKey",
      "kms:DisableKeyRotation", "kms:DeleteAlias", "kms:UpdateAlias");

  /** The statements of a key's policy, Fn::If-wrapped ones taken from their true branch. */
  private static List<JsonNode> statementsOf(JsonNode template, String key) {
    List<JsonNode> out = new ArrayList<>();
    template.path("Resources").path(key).path("Properties").path("KeyPolicy").path("Statement").forEach(s ->
        out.add(s.has("Fn::If") ? s.path("Fn::If").path(1) : s));
    return out;
  }

  private static JsonNode statementOf(JsonNode template, String key, String sid) {
    return statementsOf(template, key).stream().filter(s -> sid.equals(s.path("Sid").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("kms.template.json: " + key + " has no statement " + sid
            + "; add it (docs/adr/0009-keys-and-backup-vaults.md)"));
  }

  private static List<String> actions(JsonNode statement) {
    List<String> out = new ArrayList<>();
    if (statement.path("Action").isTextual()) {
      out.add(statement.path("Action").asText());
    }
    statement.path("Action").forEach(a -> out.add(a.asText()));
    return out;
  }

  /** Fails unless the key denies destruction to all but the key administrator, with a 30-day floor. */
  static void assertKeyDeniesDestruction(JsonNode template, String key) {
    JsonNode destruction = statementOf(template, key, "DenyKeyDestructionExceptKeyAdministrator");
    assertThat(destruction.path("Effect").asText()).as("%s destruction statement effect", key).isEqualTo("Deny");
    assertThat(destruction.path("Principal")).as("%s destruction statement principal", key)
        .isEqualTo(json("{\"AWS\": \"*\"}"));
    assertThat(actions(destruction)).as("%s destruction statement actions", key).containsAll(DESTRUCTIVE);
    assertThat(destruction.path("Condition")).as("%s: the only exception is the key administrator", key)
        .isEqualTo(json("""
            {"Fn::If": ["HasKeyAdministrator", {"ArnNotEquals": {"aws:PrincipalArn": %s}},
                        {"Ref": "AWS::NoValue"}]}""".formatted(KEY_ADMIN)));
    JsonNode window = statementOf(template, key, "DenyDeletionWindowUnderThirtyDays");
    assertThat(window.path("Effect").asText()).isEqualTo("Deny");
    assertThat(window.path("Principal")).isEqualTo(json("{\"AWS\": \"*\"}"));
    assertThat(actions(window)).containsExactly("kms:ScheduleKeyDeletion");
    assertThat(window.path("Condition")).as("%s: deletion window floor", key).isEqualTo(json("""
        {"NumericLessThan": {"kms:ScheduleKeyDeletionPendingWindowInDays": "30"}}"""));
  }

  /** Fails unless PutKeyPolicy is denied to all but the deployers, the StackSet execution role and the admin. */
  static void assertKeyDeniesPolicyChangeExceptDeployers(JsonNode template, String key) {
    JsonNode wrapped = null;
    for (JsonNode s : template.path("Resources").path(key).path("Properties").path("KeyPolicy").path("Statement")) {
      if (s.has("Fn::If") && s.path("Fn::If").path(1).path("Sid").asText().equals("DenyKeyPolicyChangeExceptDeployers")) {
        wrapped = s;
      }
    }
    assertThat(wrapped).as("%s: DenyKeyPolicyChangeExceptDeployers, present when HasDeployerPrincipals", key)
        .isNotNull();
    assertThat(wrapped.path("Fn::If").path(0).asText()).isEqualTo("HasDeployerPrincipals");
    JsonNode s = wrapped.path("Fn::If").path(1);
    assertThat(s.path("Effect").asText()).isEqualTo("Deny");
    assertThat(s.path("Principal")).isEqualTo(json("{\"AWS\": \"*\"}"));
    assertThat(actions(s)).containsExactly("kms:PutKeyPolicy");
    JsonNode exceptions = s.path("Condition").path("ArnNotEquals").path("aws:PrincipalArn").path("Fn::If");
    String exec = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${ProjectName}-${EnvironmentName}-stackset-execution";
    assertThat(exceptions.path(1).toString()).as("%s: exceptions with a key administrator", key)
        .contains("DeployerPrincipalArns", exec, "${KeyAdministratorRoleName}");
    assertThat(exceptions.path(2).toString()).as("%s: exceptions without a key administrator", key)
        .contains("DeployerPrincipalArns", exec).doesNotContain("KeyAdministratorRoleName");
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
  void noAllowStatementHasAWildcardPrincipal() {
    for (JsonNode s : statementsOf(TEMPLATE.root(), "DataKey")) {
      if (s.path("Effect").asText().equals("Deny")) {
        continue;
      }
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
    for (JsonNode s : statementsOf(TEMPLATE.root(), "DataKey")) {
      if (s.path("Sid").asText().equals("EnableIamPoliciesAndKeyAdministration")
          || s.path("Effect").asText().equals("Deny")) {
        continue;
      }
      s.path("Action").forEach(a -> assertThat(allowed).as("action of %s", s.path("Sid")).contains(a.asText()));
    }
  }

  @Test
  void cloudWatchLogsMayUseTheKeyOnlyForThisProjectsLogGroups() {
    keyPolicy().hasStatement(json("""
        {"Sid": "CloudWatchLogsEncryptLogGroups", "Effect": "Allow",
         "Principal": {"Service": {"Fn::Sub": "logs.${AWS::Region}.amazonaws.com"}},
         "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]}"""));
    assertThat(statement("CloudWatchLogsEncryptLogGroups").path("Condition")).isEqualTo(json("""
        {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": [
          {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${ProjectName}-${EnvironmentName}-*"},
          {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/vendedlogs/${ProjectName}-${EnvironmentName}-*"}]}}"""));
  }

  @Test
  void everyProjectLogGroupNameFallsUnderTheLogsStatement() {
    // The log groups the templates create, by name (grep AWS::Logs::LogGroup); each must match a pattern.
    List<String> patterns = List.of("/aws/lambda/${ProjectName}-${EnvironmentName}-",
        "/aws/vendedlogs/${ProjectName}-${EnvironmentName}-");
    String conditions = statement("CloudWatchLogsEncryptLogGroups").path("Condition").toString();
    patterns.forEach(p -> assertThat(conditions).contains("log-group:" + p + "*"));
    List<String> names = new ArrayList<>();
    for (String module : List.of("lambda", "network")) {
      Template t = Template.ofModule(module);
      t.resourceIdsOfType("AWS::Logs::LogGroup").forEach(id ->
          names.add(t.resource(id).path("Properties").path("LogGroupName").path("Fn::Sub").asText()));
    }
    assertThat(names).isNotEmpty().allSatisfy(name ->
        assertThat(patterns.stream().anyMatch(name::startsWith)).as("log group %s is covered", name).isTrue());
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
    statementsOf(TEMPLATE.root(), "DataKey").forEach(s -> sids.add(s.path("Sid").asText()));
    assertThat(sids).containsExactlyInAnyOrder(
        "EnableIamPoliciesAndKeyAdministration", "DynamoDbViaService", "S3ViaService", "LambdaViaService",
        "BackupViaService", "KinesisViaService", "SqsViaService", "SnsViaService", "DynamoDbDescribeKey",
        "CloudWatchLogsEncryptLogGroups", "CloudWatchAlarmsPublishToEncryptedTopics",
        "EventBridgePublishToEncryptedTopics", "EventBridgeSendToEncryptedDeadLetterQueues",
        "LambdaEncryptDeploymentPackages", "BackupPublishToEncryptedTopics",
        "DenyKeyDestructionExceptKeyAdministrator", "DenyDeletionWindowUnderThirtyDays",
        "DenyKeyPolicyChangeExceptDeployers");
    assertThat(template().hasResource("DataKey").at("Metadata.Comment").text())
        .contains(sids.toArray(String[]::new));
  }

  @Test
  void templateCreatesTheDataKeyItsAliasAndTheBackupKey() {
    assertThat(TEMPLATE.resources().keySet()).containsExactlyInAnyOrder("DataKey", "DataKeyAlias", "BackupKey");
  }

  @Test
  void dataKeyDeniesDestructionToAllButTheKeyAdministrator() {
    assertKeyDeniesDestruction(TEMPLATE.root(), "DataKey");
  }

  @Test
  void backupKeyDeniesDestructionToAllButTheKeyAdministrator() {
    assertKeyDeniesDestruction(TEMPLATE.root(), "BackupKey");
  }

  @Test
  void bothKeysDenyPolicyChangesToAllButDeployersStackSetExecutionAndKeyAdministrator() {
    assertKeyDeniesPolicyChangeExceptDeployers(TEMPLATE.root(), "DataKey");
    assertKeyDeniesPolicyChangeExceptDeployers(TEMPLATE.root(), "BackupKey");
    for (String key : List.of("DataKey", "BackupKey")) {
      assertThat(TEMPLATE.resource(key).path("Properties").has("BypassPolicyLockoutSafetyCheck"))
          .as("%s keeps KMS's lockout safety check", key).isFalse();
    }
  }

  @Test
  void destructionDenyFailsWhenRemovedOrWithAWiderException() {
    ObjectNode removed = TEMPLATE.root().deepCopy();
    ArrayNode statements = (ArrayNode) removed.at("/Resources/DataKey/Properties/KeyPolicy/Statement");
    for (int i = statements.size() - 1; i >= 0; i--) {
      if (statements.get(i).path("Sid").asText().equals("DenyKeyDestructionExceptKeyAdministrator")) {
        statements.remove(i);
      }
    }
    assertThatThrownBy(() -> assertKeyDeniesDestruction(removed, "DataKey"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("has no statement DenyKeyDestructionExceptKeyAdministrator");
    ObjectNode widened = TEMPLATE.root().deepCopy();
    for (JsonNode s : widened.at("/Resources/BackupKey/Properties/KeyPolicy/Statement")) {
      if (s.path("Sid").asText().equals("DenyKeyDestructionExceptKeyAdministrator")) {
        ((ObjectNode) s).set("Condition", json("""
            {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}}"""));
      }
    }
    assertThatThrownBy(() -> assertKeyDeniesDestruction(widened, "BackupKey"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("the only exception is the key administrator");
    ObjectNode noAlias = TEMPLATE.root().deepCopy();
    for (JsonNode s : noAlias.at("/Resources/DataKey/Properties/KeyPolicy/Statement")) {
      if (s.path("Sid").asText().equals("DenyKeyDestructionExceptKeyAdministrator")) {
        ((ArrayNode) s.path("Action")).remove(4);
      }
    }
    assertThatThrownBy(() -> assertKeyDeniesDestruction(noAlias, "DataKey"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("destruction statement actions");
  }

  @Test
  void deletionWindowFloorFailsWhenShortened() {
    ObjectNode shortened = TEMPLATE.root().deepCopy();
    for (JsonNode s : shortened.at("/Resources/DataKey/Properties/KeyPolicy/Statement")) {
      if (s.path("Sid").asText().equals("DenyDeletionWindowUnderThirtyDays")) {
        ((ObjectNode) s.path("Condition").path("NumericLessThan")).put("kms:ScheduleKeyDeletionPendingWindowInDays", "7");
      }
    }
    assertThatThrownBy(() -> assertKeyDeniesDestruction(shortened, "DataKey"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("deletion window floor");
  }

  @Test
  void policyChangeDenyFailsWithoutTheStackSetExecutionRole() {
    ObjectNode mutated = TEMPLATE.root().deepCopy();
    String text = mutated.at("/Resources/BackupKey/Properties/KeyPolicy").toString()
        .replace("${ProjectName}-${EnvironmentName}-stackset-execution", "someone-else");
    mutated.with("Resources").with("BackupKey").with("Properties").set("KeyPolicy", json(text));
    assertThatThrownBy(() -> assertKeyDeniesPolicyChangeExceptDeployers(mutated, "BackupKey"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("exceptions with a key administrator");
  }

  @Test
  void deployerAndAdministratorParametersAcceptRoleArnsAndNamesWithPaths() {
    Pattern deployers = Pattern.compile(TEMPLATE.root().at("/Parameters/DeployerPrincipalArns/AllowedPattern").asText());
    assertThat(deployers.matcher("none").matches()).isTrue();
    assertThat(deployers.matcher("").matches()).as("never empty: a StackSet rejects empty values").isFalse();
    assertThat(deployers.matcher("arn:aws:iam::123456789012:role/deployer,"
        + "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123").matches()).isTrue();
    assertThat(deployers.matcher("arn:aws:iam::*:role/*").matches()).isFalse();
    assertThat(deployers.matcher("arn:aws:sts::123456789012:assumed-role/deployer/session").matches()).isFalse();
    Pattern admin = Pattern.compile(TEMPLATE.root().at("/Parameters/KeyAdministratorRoleName/AllowedPattern").asText());
    assertThat(admin.matcher("key-administrator").matches()).isTrue();
    assertThat(admin.matcher("arn:aws:iam::123456789012:role/x").matches()).isFalse();
    assertThat(admin.matcher("*").matches()).isFalse();
  }

  @Test
  void backupKeyIsRotatedWithAThirtyDayWindowLikeTheDataKey() {
    template().hasResource("BackupKey", "AWS::KMS::Key")
        .hasPropertyEqualTo("KeySpec", "SYMMETRIC_DEFAULT")
        .hasPropertyEqualTo("MultiRegion", false)
        .hasPropertyEqualTo("EnableKeyRotation", true)
        .hasPropertyEqualTo("PendingWindowInDays", 30);
    assertThat(TEMPLATE.resource("BackupKey").path("DeletionPolicy").asText()).isEqualTo("Retain");
  }

  /** Fails unless only the backup role, through AWS Backup in this region, may use the key for cryptography. */
  static void assertOnlyBackupUsesBackupKey(JsonNode template) {
    List<String> crypto = List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
        "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant", "kms:*");
    for (JsonNode s : statementsOf(template, "BackupKey")) {
      if (s.path("Effect").asText().equals("Deny") || actions(s).stream().noneMatch(crypto::contains)) {
        continue;
      }
      String sid = s.path("Sid").asText();
      assertThat(s.path("Condition").path("StringEquals").path("kms:ViaService"))
          .as("BackupKey %s: only through AWS Backup in this region", sid)
          .isEqualTo(json("{\"Fn::Sub\": \"backup.${AWS::Region}.amazonaws.com\"}"));
      assertThat(s.path("Condition").path("StringEquals").path("kms:CallerAccount"))
          .as("BackupKey %s: only this account", sid).isEqualTo(json("{\"Ref\": \"AWS::AccountId\"}"));
      if (sid.equals("BackupRoleThroughBackup") || sid.equals("BackupRoleGrantsForBackup")) {
        assertThat(s.path("Condition").path("ArnEquals").path("aws:PrincipalArn"))
            .as("BackupKey %s: only the backup role", sid).isEqualTo(json("""
                {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${ProjectName}-${EnvironmentName}-backup"}"""));
      } else {
        assertThat(sid).as("BackupKey: the only other statement using the key").isEqualTo("VaultCreationThroughBackup");
        assertThat(actions(s)).as("BackupKey %s: what creating a vault needs", sid).containsExactlyInAnyOrder(
            "kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey");
      }
    }
  }

  @Test
  void onlyTheBackupRoleThroughAwsBackupMayUseTheBackupKey() {
    assertOnlyBackupUsesBackupKey(TEMPLATE.root());
    assertThat(statementOf(TEMPLATE.root(), "BackupKey", "BackupRoleThroughBackup").path("Action").toString())
        .contains("kms:Decrypt", "kms:GenerateDataKey").doesNotContain("kms:CreateGrant");
    JsonNode grants = statementOf(TEMPLATE.root(), "BackupKey", "BackupRoleGrantsForBackup");
    assertThat(grants.path("Action").toString()).isEqualTo("[\"kms:CreateGrant\"]");
    assertThat(grants.path("Condition").path("Bool").path("kms:GrantIsForAWSResource").asText())
        .as("grants only for AWS Backup's own use of the key (SecurityContract: no runtime role makes grants)")
        .isEqualTo("true");
  }

  @Test
  void backupKeyUseFailsWhenAnotherStatementGrantsCryptography() {
    ObjectNode mutated = TEMPLATE.root().deepCopy();
    for (JsonNode s : mutated.at("/Resources/BackupKey/Properties/KeyPolicy/Statement")) {
      if (s.path("Sid").asText().equals("EnableIamPoliciesForKeyAdministration")) {
        ((ObjectNode) s).set("Action", json("[\"kms:*\"]"));
      }
    }
    assertThatThrownBy(() -> assertOnlyBackupUsesBackupKey(mutated))
        .isInstanceOf(AssertionError.class).hasMessageContaining("only through AWS Backup in this region");
  }

  @Test
  void outputsGiveTheBackupKeyArnAndId() {
    template().hasOutput("BackupKeyArn").at("Value").isGetAtt("BackupKey", "Arn");
    template().hasOutput("BackupKeyId").at("Value").isRef("BackupKey");
  }
}
