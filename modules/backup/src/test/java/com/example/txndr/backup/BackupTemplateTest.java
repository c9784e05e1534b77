package com.example.txndr.backup;

import static com.example.txndr.template.JsonMatch.json;
import static com.example.txndr.testkit.TemplateAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.template.Evaluator;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BackupTemplateTest {
  private static final Template TEMPLATE = Template.ofModule("backup");

  // Concrete values for resolving Fn::Sub strings as the primary region's stack would see them.
  private static final Map<String, String> PRIMARY = Map.of(
      "AWS::Partition", "aws",
      "AWS::AccountId", "123456789012",
      "AWS::Region", "us-east-1",
      "ProjectName", "txn-dr",
      "EnvironmentName", "prod",
      "PrimaryRegion", "us-east-1",
      "SecondaryRegion", "us-west-2");
  private static final Map<String, String> SECONDARY = Map.of(
      "AWS::Partition", "aws",
      "AWS::AccountId", "123456789012",
      "AWS::Region", "us-west-2",
      "ProjectName", "txn-dr",
      "EnvironmentName", "prod",
      "PrimaryRegion", "us-east-1",
      "SecondaryRegion", "us-west-2");

  private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  @Test
  void vaultIsEncryptedWithTheKmsKeyParameter() {
    assertThat(TEMPLATE).hasResource("BackupVault", "AWS::Backup::BackupVault")
        .property("EncryptionKeyArn").isRef("KmsKeyArn");
  }

  @Test
  void kmsKeyParameterAcceptsKeyArnsAndRejectsAliases() {
    Pattern pattern = Pattern.compile(
        TEMPLATE.root().path("Parameters").path("KmsKeyArn").path("AllowedPattern").asText());
    assertThat(pattern.matcher(
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab").matches())
        .isTrue();
    assertThat(pattern.matcher(
        "arn:aws:kms:us-west-2:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab").matches())
        .isTrue();
    assertThat(pattern.matcher(
        "arn:aws:kms:us-east-1:123456789012:alias/transaction-encryption").matches()).isFalse();
    assertThat(pattern.matcher("alias/transaction-encryption").matches()).isFalse();
  }

  @Test
  void vaultExistsInEveryRegionWithTheConventionalName() {
    assertThat(TEMPLATE).hasResource("BackupVault").at("Condition").isAbsent();
    assertThat(resolve(TEMPLATE.resource("BackupVault").path("Properties").path("BackupVaultName"),
        SECONDARY)).isEqualTo("txn-dr-prod-vault");
  }

  @Test
  void planAndSelectionExistOnlyInThePrimaryRegion() {
    assertThat(TEMPLATE).hasResourceCount("AWS::Backup::BackupPlan", 1)
        .hasResourceCount("AWS::Backup::BackupSelection", 1);
    assertThat(TEMPLATE).hasResource("BackupPlan", "AWS::Backup::BackupPlan")
        .hasCondition("IsPrimaryRegion");
    assertThat(TEMPLATE).hasResource("BackupSelection", "AWS::Backup::BackupSelection")
        .hasCondition("IsPrimaryRegion");
    assertThat(TEMPLATE).hasCondition("IsPrimaryRegion").isEqualTo(json("""
        {"Fn::Equals": [{"Ref": "AWS::Region"}, {"Ref": "PrimaryRegion"}]}"""));
  }

  @Test
  void dailyRuleCopiesToTheSecondaryVaultNamedByTheConvention() {
    String secondaryVaultName = resolve(
        TEMPLATE.resource("BackupVault").path("Properties").path("BackupVaultName"), SECONDARY);
    assertThat(rules()).hasSize(2);
    JsonNode daily = rule("daily-continuous");
    assertThat(daily.path("CopyActions")).hasSize(1);
    assertThat(resolve(daily.path("CopyActions").path(0).path("DestinationBackupVaultArn"), PRIMARY))
        .isEqualTo("arn:aws:backup:us-west-2:123456789012:backup-vault:" + secondaryVaultName);
  }

  @Test
  void hourlySnapshotsStayInThisRegionBecauseTheGlobalTableCarriesTheTransactionalRpo() {
    assertThat(rule("hourly-snapshots").has("CopyActions")).isFalse();
    assertThat(TEMPLATE.resource("BackupPlan").path("Metadata").path("Comment").asText())
        .contains("They are not copied").contains("the global table (240 s)").contains("one twenty-fourth of the transfer");
  }

  @Test
  void rulesBackUpIntoThisRegionsVault() {
    assertThat(rules()).allSatisfy(rule ->
        assertThat(rule.path("TargetBackupVault")).isEqualTo(json("""
            {"Ref": "BackupVault"}""")));
  }

  @Test
  void selectionCoversTheTableAndThePrimaryDocumentBucketByConventionalArn() {
    JsonNode resources = TEMPLATE.resource("BackupSelection").path("Properties")
        .path("BackupSelection").path("Resources");
    List<String> arns = new ArrayList<>();
    resources.forEach(r -> arns.add(resolve(r, PRIMARY)));
    assertThat(arns).containsExactlyInAnyOrder(
        "arn:aws:dynamodb:us-east-1:123456789012:table/txn-dr-prod-transactions",
        "arn:aws:s3:::txn-dr-prod-documents-123456789012-us-east-1");
  }

  @Test
  void selectionUsesTheBackupRoleFromTheIamModule() {
    assertThat(resolve(TEMPLATE.resource("BackupSelection").path("Properties")
        .path("BackupSelection").path("IamRoleArn"), PRIMARY))
        .isEqualTo("arn:aws:iam::123456789012:role/txn-dr-prod-backup");
  }

  @Test
  void hourlyRuleTakesHourlySnapshotsKeptThreeDays() {
    JsonNode hourly = rule("hourly-snapshots");
    assertThat(hourly.path("ScheduleExpression")).isEqualTo(json("""
        {"Ref": "HourlyBackupSchedule"}"""));
    assertThat(hourly.path("EnableContinuousBackup").asBoolean()).isFalse();
    assertThat(hourly.path("Lifecycle")).isEqualTo(json("""
        {"DeleteAfterDays": {"Ref": "HourlyRetentionDays"}}"""));
    assertThat(TEMPLATE).hasParameter("HourlyBackupSchedule")
        .contains(Map.of("Default", "cron(0 * ? * * *)"));
    assertThat(TEMPLATE).hasParameter("HourlyRetentionDays")
        .contains(Map.of("Default", 3, "MinValue", 1));
  }

  @Test
  void dailyRuleIsContinuousKeptThirtyFiveDaysWithThirtyFiveDayCopies() {
    JsonNode daily = rule("daily-continuous");
    assertThat(daily.path("EnableContinuousBackup").asBoolean()).isTrue();
    assertThat(daily.path("Lifecycle")).isEqualTo(json("""
        {"DeleteAfterDays": {"Ref": "DailyRetentionDays"}}"""));
    assertThat(daily.path("CopyActions").path(0).path("Lifecycle")).isEqualTo(json("""
        {"DeleteAfterDays": {"Ref": "DailyCopyRetentionDays"}}"""));
    assertThat(TEMPLATE).hasParameter("DailyRetentionDays").contains(Map.of("Default", 35));
    assertThat(TEMPLATE).hasParameter("DailyCopyRetentionDays").contains(Map.of("Default", 35));
  }

  @Test
  void continuousRetentionCannotExceedTheThirtyFiveDayCap() {
    assertThat(TEMPLATE).hasParameter("DailyRetentionDays").contains(Map.of("MaxValue", 35));
  }

  @Test
  void rulesStartWithinTheMinimumStartWindow() {
    assertThat(rules()).allSatisfy(rule ->
        assertThat(rule.path("StartWindowMinutes").asInt()).isEqualTo(60));
  }

  @Test
  void vaultNotifiesTheRegionsAlertTopicOfFailures() {
    JsonNode notifications = TEMPLATE.resource("BackupVault").path("Properties").path("Notifications");
    assertThat(resolve(notifications.path("SNSTopicArn"), SECONDARY))
        .isEqualTo("arn:aws:sns:us-west-2:123456789012:txn-dr-prod-alerts");
    List<String> events = new ArrayList<>();
    notifications.path("BackupVaultEvents").forEach(e -> events.add(e.asText()));
    assertThat(events).contains("BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED", "S3_BACKUP_OBJECT_FAILED");
  }

  @Test
  void vaultNotificationsUseNoDeprecatedEvents() {
    List<String> events = new ArrayList<>();
    TEMPLATE.resource("BackupVault").path("Properties").path("Notifications")
        .path("BackupVaultEvents").forEach(e -> events.add(e.asText()));
    assertThat(events).isSubsetOf(
        "BACKUP_JOB_STARTED", "BACKUP_JOB_COMPLETED",
        "COPY_JOB_STARTED", "COPY_JOB_SUCCESSFUL", "COPY_JOB_FAILED",
        "RESTORE_JOB_STARTED", "RESTORE_JOB_COMPLETED", "RECOVERY_POINT_MODIFIED",
        "S3_BACKUP_OBJECT_FAILED", "S3_RESTORE_OBJECT_FAILED");
  }

  private static final String BACKUP_ADMIN = """
      {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${BackupAdministratorRoleName}"}""";

  /** Fails unless the vault denies deleting recovery points to all but the backup administrator. */
  static void assertVaultDeniesDeletionExceptBackupAdministrator(JsonNode template) {
    JsonNode s = template.at("/Resources/BackupVault/Properties/AccessPolicy/Statement/0");
    assertThat(s.path("Sid").asText()).as("first vault access policy statement")
        .isEqualTo("DenyRecoveryPointDeletionExceptBackupAdministrator");
    assertThat(s.path("Effect").asText()).isEqualTo("Deny");
    assertThat(s.path("Principal").asText()).isEqualTo("*");
    assertThat(s.path("Action")).isEqualTo(json("""
        ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:DeleteBackupVault"]"""));
    assertThat(s.path("Condition")).as("the only exception is the backup administrator").isEqualTo(json("""
        {"Fn::If": ["HasBackupAdministrator", {"ArnNotEquals": {"aws:PrincipalArn": %s}},
                    {"Ref": "AWS::NoValue"}]}""".formatted(BACKUP_ADMIN)));
  }

  /** Fails unless the vault denies changing its access policy to all but deployers, execution role, admin. */
  static void assertVaultGuardsItsAccessPolicy(JsonNode template) {
    JsonNode wrapped = template.at("/Resources/BackupVault/Properties/AccessPolicy/Statement/1/Fn::If");
    assertThat(wrapped.path(0).asText()).as("access-policy guard present when HasDeployerPrincipals")
        .isEqualTo("HasDeployerPrincipals");
    JsonNode s = wrapped.path(1);
    assertThat(s.path("Sid").asText()).isEqualTo("DenyAccessPolicyChangeExceptDeployers");
    assertThat(s.path("Effect").asText()).isEqualTo("Deny");
    assertThat(s.path("Action")).as("access-policy guard actions").isEqualTo(json("""
        ["backup:PutBackupVaultAccessPolicy", "backup:DeleteBackupVaultAccessPolicy"]"""));
    JsonNode exceptions = s.path("Condition").path("ArnNotEquals").path("aws:PrincipalArn").path("Fn::If");
    String exec = "role/${ProjectName}-${EnvironmentName}-stackset-execution";
    assertThat(exceptions.path(1).toString()).as("exceptions with a backup administrator")
        .contains("DeployerPrincipalArns", exec, "${BackupAdministratorRoleName}").doesNotContain("dr-operations");
    assertThat(exceptions.path(2).toString()).as("exceptions without a backup administrator")
        .contains("DeployerPrincipalArns", exec).doesNotContain("BackupAdministratorRoleName", "dr-operations");
  }

  @Test
  void accessPolicyDeniesDeletingRecoveryPointsToAllButTheBackupAdministrator() {
    assertVaultDeniesDeletionExceptBackupAdministrator(TEMPLATE.root());
  }

  @Test
  void recoveryPointDenyFailsWithTheDrOperationsRoleAsException() {
    ObjectNode mutated = TEMPLATE.root().deepCopy();
    ((ObjectNode) mutated.at("/Resources/BackupVault/Properties/AccessPolicy/Statement/0")).set("Condition", json("""
        {"ArnNotEquals": {"aws:PrincipalArn": {"Fn::Sub":
          "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${ProjectName}-${EnvironmentName}-dr-operations"}}}"""));
    assertThatThrownBy(() -> assertVaultDeniesDeletionExceptBackupAdministrator(mutated))
        .isInstanceOf(AssertionError.class).hasMessageContaining("the only exception is the backup administrator");
  }

  @Test
  void accessPolicyDeniesChangingItselfToAllButDeployersStackSetExecutionAndBackupAdministrator() {
    assertVaultGuardsItsAccessPolicy(TEMPLATE.root());
  }

  @Test
  void accessPolicyGuardFailsWhenDeleteIsLeftOut() {
    ObjectNode mutated = TEMPLATE.root().deepCopy();
    ((ArrayNode) mutated.at("/Resources/BackupVault/Properties/AccessPolicy/Statement/1/Fn::If/1/Action")).remove(1);
    assertThatThrownBy(() -> assertVaultGuardsItsAccessPolicy(mutated))
        .isInstanceOf(AssertionError.class).hasMessageContaining("access-policy guard actions");
  }

  @Test
  void productionRequiresAVaultLock() {
    String deployer = "arn:aws:iam::123456789012:role/deployer";
    assertThat(Evaluator.of(TEMPLATE, "us-east-1", Map.of("KmsKeyArn", KEY, "EnvironmentName", "prod",
        "DeployerPrincipalArns", deployer)).failedRules()).isEmpty();
    assertThat(Evaluator.of(TEMPLATE, "us-east-1", Map.of("KmsKeyArn", KEY, "EnvironmentName", "prod",
        "DeployerPrincipalArns", deployer, "VaultLockMode", "none")).failedRules())
        .singleElement().asString().startsWith("In prod the backup vaults must be locked");
    assertThat(Evaluator.of(TEMPLATE, "us-east-1", Map.of("KmsKeyArn", KEY, "EnvironmentName", "dev",
        "VaultLockMode", "none")).failedRules()).isEmpty();
  }

  @Test
  void vaultLockModeDescriptionStatesComplianceIsIrreversible() {
    assertThat(TEMPLATE.root().at("/Parameters/VaultLockMode/Description").asText())
        .contains("IRREVERSIBLE after the 3-day cooling-off period")
        .contains("including the root user and AWS");
  }

  @Test
  void accessPolicyGrantsNothing() {
    assertThat(TEMPLATE).hasResource("BackupVault").property("AccessPolicy")
        .hasNoStatement(Map.of("Effect", "Allow"));
  }

  @Test
  void vaultLockIsGovernanceByDefault() {
    assertThat(TEMPLATE).hasParameter("VaultLockMode").contains(Map.of("Default", "governance"));
    assertThat(TEMPLATE).hasResource("BackupVault").property("LockConfiguration.Fn::If[0]")
        .isEqualTo("HasVaultLock");
    assertThat(TEMPLATE).hasResource("BackupVault").property("LockConfiguration.Fn::If[2]")
        .isRef("AWS::NoValue");
    assertThat(TEMPLATE).hasCondition("HasVaultLock").isEqualTo(json("""
        {"Fn::Not": [{"Fn::Equals": [{"Ref": "VaultLockMode"}, "none"]}]}"""));
    assertThat(Evaluator.of(TEMPLATE, "us-east-1", Map.of("KmsKeyArn", KEY)).condition("HasVaultLock")).isTrue();
  }

  @Test
  void onlyComplianceLockBecomesImmutableAfterTheThreeDayGracePeriod() {
    assertThat(TEMPLATE).hasResource("BackupVault")
        .property("LockConfiguration.Fn::If[1].ChangeableForDays").isEqualTo(json("""
            {"Fn::If": ["IsComplianceVaultLock", 3, {"Ref": "AWS::NoValue"}]}"""));
    assertThat(TEMPLATE).hasCondition("IsComplianceVaultLock").isEqualTo(json("""
        {"Fn::Equals": [{"Ref": "VaultLockMode"}, "compliance"]}"""));
  }

  @Test
  void primaryAndSecondaryRegionsMustDiffer() {
    assertThat(TEMPLATE).hasRule("RegionsDiffer").at("Assertions[0].Assert")
        .isEqualTo(json("""
            {"Fn::Not": [{"Fn::Equals": [{"Ref": "PrimaryRegion"}, {"Ref": "SecondaryRegion"}]}]}"""));
  }

  @Test
  void outputsVaultEverywhereAndPlanOnlyInThePrimary() {
    assertThat(TEMPLATE).hasOutput("BackupVaultName").at("Value").isRef("BackupVault");
    assertThat(TEMPLATE).hasOutput("BackupVaultArn").at("Value")
        .isGetAtt("BackupVault", "BackupVaultArn");
    assertThat(TEMPLATE).hasOutput("BackupPlanId").contains(Map.of("Condition", "IsPrimaryRegion"))
        .at("Value").isGetAtt("BackupPlan", "BackupPlanId");
    assertThat(TEMPLATE).hasOutput("BackupPlanArn").contains(Map.of("Condition", "IsPrimaryRegion"))
        .at("Value").isGetAtt("BackupPlan", "BackupPlanArn");
  }

  @Test
  void oneTimeAdvancedDynamoDbBackupStepIsDocumented() {
    assertThat(TEMPLATE).hasResource("BackupPlan").at("Metadata.Comment")
        .textContains("--resource-type-management-preference DynamoDB=true");
  }

  private static List<JsonNode> rules() {
    List<JsonNode> out = new ArrayList<>();
    TEMPLATE.resource("BackupPlan").path("Properties").path("BackupPlan").path("BackupPlanRule")
        .forEach(out::add);
    return out;
  }

  private static JsonNode rule(String name) {
    return rules().stream().filter(r -> r.path("RuleName").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no backup rule named " + name));
  }

  /** Resolves a plain string or an Fn::Sub string (no variable map) with the given values. */
  private static String resolve(JsonNode node, Map<String, String> values) {
    String text = node.isTextual() ? node.asText() : node.path("Fn::Sub").asText(null);
    assertThat(text).as("a string or Fn::Sub string: %s", node).isNotNull();
    Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      assertThat(value).as("value for ${%s}", m.group(1)).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }
}
