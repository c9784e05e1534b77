package com.example.txndr.iam;

import static com.example.txndr.testkit.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.testkit.NodeAssert;
import com.example.txndr.testkit.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IamTemplateTest {
  private static final Template TEMPLATE = Template.ofModule("iam");

  /** Role logical IDs and the purpose part of their names (docs/conventions.md). */
  private static final Map<String, String> ROLES = new LinkedHashMap<>();

  static {
    ROLES.put("ProcessorExecutionRole", "processor-execution");
    ROLES.put("OrchestratorExecutionRole", "orchestrator-execution");
    ROLES.put("PeerValuesExecutionRole", "peer-values-execution");
    ROLES.put("S3ReplicationRole", "s3-replication");
    ROLES.put("BackupRole", "backup");
    ROLES.put("LogDeliveryRole", "log-delivery");
    ROLES.put("DrOperationsRole", "dr-operations");
    ROLES.put("StackSetAdministrationRole", "stackset-administration");
    ROLES.put("StackSetExecutionRole", "stackset-execution");
  }

  private static final String ACCOUNT = "123456789012";

  /** Parameter and pseudo-parameter values for resolving Fn::Sub (the defaults). */
  private static final Map<String, String> DEFAULTS = Map.of(
      "ProjectName", "txn-dr", "EnvironmentName", "prod",
      "PrimaryRegion", "us-east-1", "SecondaryRegion", "us-west-2",
      "KeyAliasName", "alias/transaction-encryption", "ArtifactBucketPrefix", "txn-dr-prod-artifacts",
      "AWS::AccountId", ACCOUNT, "AWS::Partition", "aws", "AWS::URLSuffix", "amazonaws.com");

  private static final String BOTH_REGIONS = """
      {"aws:RequestedRegion": [{"Ref": "PrimaryRegion"}, {"Ref": "SecondaryRegion"}]}""";

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

  private static TemplateAssert template() {
    return TemplateAssert.assertThat(TEMPLATE);
  }

  private static NodeAssert trust(String role) {
    return template().hasResource(role, "AWS::IAM::Role").property("AssumeRolePolicyDocument");
  }

  /** Every statement of a role: its inline policies and the template's managed policies it attaches. */
  private static List<JsonNode> statements(String role) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode properties = TEMPLATE.resource(role).path("Properties");
    for (JsonNode policy : properties.path("Policies")) {
      out.addAll(template().hasResource(role).property("Policies[" + indexOf(properties.path("Policies"), policy)
          + "].PolicyDocument").statements());
    }
    for (JsonNode managed : properties.path("ManagedPolicyArns")) {
      if (managed.has("Ref")) {
        out.addAll(template().hasResource(managed.get("Ref").asText(), "AWS::IAM::ManagedPolicy")
            .property("PolicyDocument").statements());
      }
    }
    return out;
  }

  private static int indexOf(JsonNode array, JsonNode element) {
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i) == element) {
        return i;
      }
    }
    throw new IllegalStateException("not an element");
  }

  private static JsonNode statement(String role, String sid) {
    for (JsonNode s : statements(role)) {
      if (sid.equals(s.path("Sid").asText())) {
        return s;
      }
    }
    throw new AssertionError("iam.template.json: " + role + " has no statement with Sid " + sid);
  }

  private static List<JsonNode> allStatements() {
    List<JsonNode> out = new ArrayList<>();
    ROLES.keySet().forEach(role -> out.addAll(statements(role)));
    return out;
  }

  /** Resolves Fn::Sub and Ref with {@code values}, the way CloudFormation would. */
  private static String resolve(JsonNode node, Map<String, String> values) {
    String text = node.isTextual() ? node.asText()
        : node.has("Ref") ? "${" + node.get("Ref").asText() + "}" : node.path("Fn::Sub").asText(null);
    if (text == null) {
      throw new AssertionError("cannot resolve " + node);
    }
    Matcher m = SUB_VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new AssertionError("no value for ${" + m.group(1) + "} in " + node);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  private static Set<String> resolvedAll(JsonNode listOrValue) {
    Set<String> out = new TreeSet<>();
    if (listOrValue.isArray()) {
      listOrValue.forEach(v -> out.add(resolve(v, DEFAULTS)));
    } else {
      out.add(resolve(listOrValue, DEFAULTS));
    }
    return out;
  }

  private static Set<String> resources(String role, String sid) {
    return resolvedAll(statement(role, sid).path("Resource"));
  }

  private static Set<String> actions(String role, String sid) {
    return texts(statement(role, sid).path("Action"));
  }

  private static Set<String> texts(JsonNode listOrValue) {
    Set<String> out = new TreeSet<>();
    if (listOrValue.isArray()) {
      listOrValue.forEach(v -> out.add(v.asText()));
    } else if (!listOrValue.isMissingNode()) {
      out.add(listOrValue.asText());
    }
    return out;
  }

  private static Set<String> inBothRegions(String arnWithRegion) {
    return Set.of(arnWithRegion.replace("{R}", "us-east-1"), arnWithRegion.replace("{R}", "us-west-2"));
  }

  @Test
  void rolesAreNamedProjectEnvironmentPurposeAtTheRootPath() {
    ROLES.forEach((role, purpose) -> template().hasResource(role, "AWS::IAM::Role")
        .hasPropertyEqualTo("RoleName", json("""
            {"Fn::Sub": "${ProjectName}-${EnvironmentName}-%s"}""".formatted(purpose)))
        .hasPropertyEqualTo("Path", "/"));
  }

  @Test
  void roleNamesFitSixtyFourCharactersWithTheLongestProjectAndEnvironment() {
    Map<String, String> longest = new LinkedHashMap<>(DEFAULTS);
    longest.put("ProjectName", "p".repeat(12));
    longest.put("EnvironmentName", "staging");
    ROLES.keySet().forEach(role -> assertThat(resolve(TEMPLATE.resource(role).path("Properties").path("RoleName"),
        longest)).as("%s name", role).hasSizeLessThanOrEqualTo(64));
  }

  @Test
  void processorRoleTrustsOnlyLambdaOfThisAccount() {
    trust("ProcessorExecutionRole").isEqualTo(json("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole",
          "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}}]}"""));
  }

  @Test
  void orchestratorRoleTrustsOnlyLambdaOfThisAccount() {
    trust("OrchestratorExecutionRole").isEqualTo(json("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole",
          "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}}]}"""));
  }

  @Test
  void peerValuesRoleTrustsOnlyLambdaOfThisAccount() {
    trust("PeerValuesExecutionRole").isEqualTo(json("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole",
          "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}}]}"""));
  }

  @Test
  void peerValuesRoleReadsTheSecondarysConfigurationAndWritesOnlyItsPeerValues() {
    assertThat(actions("PeerValuesExecutionRole", "ReadPeerConfiguration"))
        .containsExactly("ssm:GetParameter", "ssm:GetParameters");
    assertThat(resources("PeerValuesExecutionRole", "ReadPeerConfiguration"))
        .containsExactly("arn:aws:ssm:us-west-2:" + ACCOUNT + ":parameter/txn-dr/prod/*");
    assertThat(actions("PeerValuesExecutionRole", "WritePeerValues")).containsExactly("ssm:PutParameter");
    assertThat(resources("PeerValuesExecutionRole", "WritePeerValues"))
        .containsExactly("arn:aws:ssm:us-west-2:" + ACCOUNT + ":parameter/txn-dr/prod/peer/*");
    assertThat(resources("PeerValuesExecutionRole", "WriteOwnLogs"))
        .containsExactly("arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:/aws/lambda/txn-dr-prod-peer-values:*");
  }

  @Test
  void replicationRoleTrustsOnlyS3LiveReplication() {
    trust("S3ReplicationRole").isEqualTo(json("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"""));
  }

  @Test
  void backupRoleTrustsOnlyAwsBackup() {
    trust("BackupRole").isEqualTo(json("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "backup.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"""));
  }

  @Test
  void logDeliveryRoleTrustsCloudWatchLogsResourcesOfThisAccountInBothRegions() {
    trust("LogDeliveryRole").isEqualTo(json("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "logs.amazonaws.com"}, "Action": "sts:AssumeRole",
          "Condition": {"StringLike": {"aws:SourceArn": [
            {"Fn::Sub": "arn:${AWS::Partition}:logs:${PrimaryRegion}:${AWS::AccountId}:*"},
            {"Fn::Sub": "arn:${AWS::Partition}:logs:${SecondaryRegion}:${AWS::AccountId}:*"}]}}}]}"""));
  }

  @Test
  void administrationRoleTrustsOnlyStackSetsOfThisAccount() {
    trust("StackSetAdministrationRole").isEqualTo(json("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "cloudformation.amazonaws.com"}, "Action": "sts:AssumeRole",
          "Condition": {
            "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
            "StringLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:cloudformation:*:${AWS::AccountId}:stackset/*"}}}}]}"""));
  }

  @Test
  void executionRoleTrustsOnlyTheAdministrationRole() {
    trust("StackSetExecutionRole").isEqualTo(json("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"AWS": {"Fn::GetAtt": ["StackSetAdministrationRole", "Arn"]}}, "Action": "sts:AssumeRole"}]}"""));
  }

  @Test
  void drOperationsRoleTrustsTheNamedOperatorsOfThisAccount() {
    trust("DrOperationsRole").at("Statement[0].Fn::If[1]").isEqualTo(json("""
        {"Effect": "Allow", "Principal": {"AWS": {"Ref": "OperatorPrincipalArns"}}, "Action": "sts:AssumeRole",
         "Condition": {"StringEquals": {"aws:PrincipalAccount": {"Ref": "AWS::AccountId"}}}}"""));
    trust("DrOperationsRole").at("Statement[0].Fn::If[0]").isEqualTo("HasOperatorPrincipals");
  }

  @Test
  void drOperationsRoleTrustsPrincipalsOfThisAccountOnlyWithMfaWhenNoOperatorIsNamed() {
    trust("DrOperationsRole").at("Statement[0].Fn::If[2]").isEqualTo(json("""
        {"Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
         "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"""));
    template().hasParameter("OperatorPrincipalArns").at("Default").isEqualTo("");
    template().at("Conditions.HasOperatorPrincipals").isEqualTo(json("""
        {"Fn::Not": [{"Fn::Equals": [{"Fn::Join": ["", {"Ref": "OperatorPrincipalArns"}]}, ""]}]}"""));
  }

  @Test
  void drOperationsSessionsLastAtMostOneHour() {
    template().hasResource("DrOperationsRole").hasPropertyEqualTo("MaxSessionDuration", 3600);
  }

  @Test
  void processorHasTheItemActionsOfItsTransactionsOnTheTableOfBothRegions() {
    assertThat(actions("ProcessorExecutionRole", "ReadWriteTransactionItems")).containsExactly(
        "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem",
        "dynamodb:Query", "dynamodb:UpdateItem");
    assertThat(resources("ProcessorExecutionRole", "ReadWriteTransactionItems"))
        .isEqualTo(inBothRegions("arn:aws:dynamodb:{R}:" + ACCOUNT + ":table/txn-dr-prod-transactions"));
  }

  @Test
  void processorNeverDeletesItems() {
    statements("ProcessorExecutionRole").forEach(s ->
        assertThat(texts(s.path("Action"))).as("%s", s).doesNotContain("dynamodb:DeleteItem", "dynamodb:*"));
  }

  @Test
  void processorReadsAndWritesTheDocumentsOfBothRegionalBuckets() {
    assertThat(actions("ProcessorExecutionRole", "ReadWriteDocuments")).containsExactly("s3:GetObject", "s3:PutObject");
    assertThat(resources("ProcessorExecutionRole", "ReadWriteDocuments"))
        .isEqualTo(inBothRegions("arn:aws:s3:::txn-dr-prod-documents-" + ACCOUNT + "-{R}/*"));
  }

  @Test
  void processorReadsConfigurationUnderTheProjectPathOfBothRegions() {
    assertThat(actions("ProcessorExecutionRole", "ReadConfiguration"))
        .containsExactly("ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath");
    Set<String> expected = new TreeSet<>(inBothRegions("arn:aws:ssm:{R}:" + ACCOUNT + ":parameter/txn-dr/prod"));
    expected.addAll(inBothRegions("arn:aws:ssm:{R}:" + ACCOUNT + ":parameter/txn-dr/prod/*"));
    assertThat(resources("ProcessorExecutionRole", "ReadConfiguration")).isEqualTo(expected);
  }

  @Test
  void processorUsesTheDataKeysOnlyByAliasThroughDynamoDbS3AndSsm() {
    JsonNode kms = statement("ProcessorExecutionRole", "UseDataKeyThroughServices");
    assertThat(texts(kms.path("Action"))).containsExactly("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey");
    assertThat(resolvedAll(kms.path("Resource"))).isEqualTo(inBothRegions("arn:aws:kms:{R}:" + ACCOUNT + ":key/*"));
    assertThat(kms.path("Condition").path("ForAnyValue:StringEquals").path("kms:ResourceAliases"))
        .isEqualTo(json("{\"Ref\": \"KeyAliasName\"}"));
    assertThat(resolvedAll(kms.path("Condition").path("StringEquals").path("kms:ViaService"))).containsExactlyInAnyOrder(
        "dynamodb.us-east-1.amazonaws.com", "dynamodb.us-west-2.amazonaws.com", "s3.us-east-1.amazonaws.com",
        "s3.us-west-2.amazonaws.com", "ssm.us-east-1.amazonaws.com", "ssm.us-west-2.amazonaws.com");
  }

  @Test
  void lambdaRolesWriteOnlyTheirOwnLogGroupsInBothRegions() {
    assertThat(resources("ProcessorExecutionRole", "WriteOwnLogs")).isEqualTo(inBothRegions(
        "arn:aws:logs:{R}:" + ACCOUNT + ":log-group:/aws/lambda/txn-dr-prod-transaction-processor:*"));
    assertThat(resources("OrchestratorExecutionRole", "WriteOwnLogs")).isEqualTo(inBothRegions(
        "arn:aws:logs:{R}:" + ACCOUNT + ":log-group:/aws/lambda/txn-dr-prod-failover-orchestrator:*"));
    assertThat(actions("ProcessorExecutionRole", "WriteOwnLogs"))
        .containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
  }

  @Test
  void orchestratorReadsAndUpdatesOnlyTheControlItemsOfBothTables() {
    JsonNode control = statement("OrchestratorExecutionRole", "ReadUpdateControlItem");
    assertThat(texts(control.path("Action")))
        .containsExactly("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
    assertThat(resolvedAll(control.path("Resource")))
        .isEqualTo(inBothRegions("arn:aws:dynamodb:{R}:" + ACCOUNT + ":table/txn-dr-prod-transactions"));
    assertThat(control.path("Condition")).isEqualTo(json("""
        {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["CONTROL#*"]}}"""));
  }

  @Test
  void controlItemGrantsMatchTheShardsAndProbeCountersButNoTransactionItem() {
    for (String role : List.of("OrchestratorExecutionRole", "DrOperationsRole")) {
      Set<String> patterns = texts(statement(role, "ReadUpdateControlItem").path("Condition")
          .path("ForAllValues:StringLike").path("dynamodb:LeadingKeys"));
      assertThat(patterns).as("LeadingKeys of %s", role).hasSize(1);
      Pattern leadingKey = iamLike(patterns.iterator().next());
      assertThat(List.of("CONTROL#0", "CONTROL#15", "CONTROL#99", "CONTROL#PROBE#us-west-2"))
          .as("control items %s may use", role).allMatch(key -> leadingKey.matcher(key).matches());
      assertThat(List.of("CONTROL", "ACCT#alice", "TXN#1", "IDEM#k", "XCONTROL#0"))
          .as("items %s may not use", role).noneMatch(key -> leadingKey.matcher(key).matches());
    }
  }

  @Test
  void orchestratorCanSetTheActiveRegionParameterInThePeerRegionToo() {
    assertThat(resources("OrchestratorExecutionRole", "SwitchActiveRegion")).containsExactlyInAnyOrder(
        "arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/txn-dr/prod/active-region",
        "arn:aws:ssm:us-west-2:" + ACCOUNT + ":parameter/txn-dr/prod/active-region");
    assertThat(statement("OrchestratorExecutionRole", "SwitchActiveRegion").has("Condition")).isFalse();
  }

  /** An IAM StringLike pattern ({@code *} any run of characters, {@code ?} one) as a regex. */
  private static Pattern iamLike(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString());
  }

  @Test
  void orchestratorWritesOnlyTheActiveRegionParameter() {
    assertThat(actions("OrchestratorExecutionRole", "SwitchActiveRegion")).containsExactly("ssm:PutParameter");
    assertThat(resources("OrchestratorExecutionRole", "SwitchActiveRegion"))
        .isEqualTo(inBothRegions("arn:aws:ssm:{R}:" + ACCOUNT + ":parameter/txn-dr/prod/active-region"));
  }

  @Test
  void orchestratorAlertsThroughBothTopicsAndDeadLetterQueues() {
    assertThat(resources("OrchestratorExecutionRole", "PublishAlerts"))
        .isEqualTo(inBothRegions("arn:aws:sns:{R}:" + ACCOUNT + ":txn-dr-prod-alerts"));
    assertThat(resources("OrchestratorExecutionRole", "SendToDeadLetterQueue"))
        .isEqualTo(inBothRegions("arn:aws:sqs:{R}:" + ACCOUNT + ":txn-dr-prod-orchestrator-dlq"));
  }

  @Test
  void orchestratorReadsOnlyTheProjectsAlarms() {
    assertThat(actions("OrchestratorExecutionRole", "ReadProjectAlarms")).containsExactly("cloudwatch:DescribeAlarms");
    assertThat(resources("OrchestratorExecutionRole", "ReadProjectAlarms"))
        .isEqualTo(inBothRegions("arn:aws:cloudwatch:{R}:" + ACCOUNT + ":alarm:txn-dr-prod-*"));
  }

  @Test
  void orchestratorUsesTheDataKeysOnlyThroughItsServices() {
    assertThat(resolvedAll(statement("OrchestratorExecutionRole", "UseDataKeyThroughServices")
        .path("Condition").path("StringEquals").path("kms:ViaService"))).containsExactlyInAnyOrder(
        "dynamodb.us-east-1.amazonaws.com", "dynamodb.us-west-2.amazonaws.com", "sns.us-east-1.amazonaws.com",
        "sns.us-west-2.amazonaws.com", "sqs.us-east-1.amazonaws.com", "sqs.us-west-2.amazonaws.com",
        "ssm.us-east-1.amazonaws.com", "ssm.us-west-2.amazonaws.com");
  }

  @Test
  void replicationRoleReplicatesBetweenTheBucketsInBothDirections() {
    Set<String> buckets = inBothRegions("arn:aws:s3:::txn-dr-prod-documents-" + ACCOUNT + "-{R}");
    Set<String> objects = inBothRegions("arn:aws:s3:::txn-dr-prod-documents-" + ACCOUNT + "-{R}/*");
    assertThat(actions("S3ReplicationRole", "ReadSourceReplicationConfiguration"))
        .containsExactly("s3:GetReplicationConfiguration", "s3:ListBucket");
    assertThat(resources("S3ReplicationRole", "ReadSourceReplicationConfiguration")).isEqualTo(buckets);
    assertThat(actions("S3ReplicationRole", "ReadSourceObjectVersions")).containsExactly(
        "s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication", "s3:GetObjectVersionTagging");
    assertThat(resources("S3ReplicationRole", "ReadSourceObjectVersions")).isEqualTo(objects);
    assertThat(actions("S3ReplicationRole", "WriteReplicas"))
        .containsExactly("s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags");
    assertThat(resources("S3ReplicationRole", "WriteReplicas")).isEqualTo(objects);
  }

  @Test
  void replicationUsesEachRegionsKeyOnlyThroughThatRegionsS3ForThatRegionsBucket() {
    for (String[] region : new String[][] {{"Primary", "us-east-1"}, {"Secondary", "us-west-2"}}) {
      String bucket = "arn:aws:s3:::txn-dr-prod-documents-" + ACCOUNT + "-" + region[1];
      for (String sid : List.of("DecryptSourceObjectsIn" + region[0] + "Region", "EncryptReplicasIn" + region[0] + "Region")) {
        JsonNode s = statement("S3ReplicationRole", sid);
        assertThat(resolvedAll(s.path("Resource"))).as(sid).containsExactly("arn:aws:kms:" + region[1] + ":" + ACCOUNT + ":key/*");
        assertThat(resolvedAll(s.path("Condition").path("StringEquals").path("kms:ViaService"))).as(sid)
            .containsExactly("s3." + region[1] + ".amazonaws.com");
        assertThat(resolvedAll(s.path("Condition").path("StringLike").path("kms:EncryptionContext:aws:s3:arn"))).as(sid)
            .containsExactlyInAnyOrder(bucket, bucket + "/*");
        assertThat(s.path("Condition").path("ForAnyValue:StringEquals").path("kms:ResourceAliases")).as(sid)
            .isEqualTo(json("{\"Ref\": \"KeyAliasName\"}"));
      }
      assertThat(actions("S3ReplicationRole", "DecryptSourceObjectsIn" + region[0] + "Region")).containsExactly("kms:Decrypt");
      assertThat(actions("S3ReplicationRole", "EncryptReplicasIn" + region[0] + "Region"))
          .containsExactly("kms:Encrypt", "kms:GenerateDataKey");
    }
  }

  @Test
  void backupRoleUsesTheAwsManagedBackupRestoreAndS3Policies() {
    template().hasResource("BackupRole").hasPropertyEqualTo("ManagedPolicyArns", json("""
        [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"},
         {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"},
         {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup"},
         {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore"}]"""));
  }

  @Test
  void backupRoleUsesTheDataKeysOnlyThroughBackupDynamoDbAndS3() {
    for (String sid : List.of("UseDataKeyThroughServices", "GrantDataKeyToAwsServices")) {
      assertThat(resolvedAll(statement("BackupRole", sid).path("Condition").path("StringEquals").path("kms:ViaService")))
          .as(sid).containsExactlyInAnyOrder("backup.us-east-1.amazonaws.com", "backup.us-west-2.amazonaws.com",
              "dynamodb.us-east-1.amazonaws.com", "dynamodb.us-west-2.amazonaws.com", "s3.us-east-1.amazonaws.com",
              "s3.us-west-2.amazonaws.com");
    }
    assertThat(statement("BackupRole", "GrantDataKeyToAwsServices").path("Condition").path("Bool"))
        .isEqualTo(json("{\"kms:GrantIsForAWSResource\": \"true\"}"));
  }

  @Test
  void logDeliveryWritesOnlyToThePeerLogStreamsOfBothRegions() {
    assertThat(actions("LogDeliveryRole", "PutPeerLogRecords")).containsExactly("kinesis:PutRecord", "kinesis:PutRecords");
    assertThat(resources("LogDeliveryRole", "PutPeerLogRecords"))
        .isEqualTo(inBothRegions("arn:aws:kinesis:{R}:" + ACCOUNT + ":stream/txn-dr-prod-peer-logs"));
    JsonNode kms = statement("LogDeliveryRole", "EncryptRecordsThroughKinesis");
    assertThat(texts(kms.path("Action"))).containsExactly("kms:GenerateDataKey");
    assertThat(resolvedAll(kms.path("Condition").path("StringEquals").path("kms:ViaService")))
        .containsExactlyInAnyOrder("kinesis.us-east-1.amazonaws.com", "kinesis.us-west-2.amazonaws.com");
  }

  @Test
  void drOperationsPermissionsAreLimitedToTheTwoRegions() {
    List<JsonNode> grants = statements("DrOperationsRole");
    assertThat(grants).isNotEmpty();
    grants.forEach(s -> assertThat(s.path("Condition").path("StringEquals").path("aws:RequestedRegion"))
        .as("%s aws:RequestedRegion", s.path("Sid"))
        .isEqualTo(json(BOTH_REGIONS).path("aws:RequestedRegion")));
  }

  @Test
  void drOperationsCanPromoteARegionByHandInBothRegions() {
    assertThat(actions("DrOperationsRole", "SwitchActiveRegion")).containsExactly("ssm:PutParameter");
    assertThat(resources("DrOperationsRole", "SwitchActiveRegion"))
        .isEqualTo(inBothRegions("arn:aws:ssm:{R}:" + ACCOUNT + ":parameter/txn-dr/prod/active-region"));
    assertThat(actions("DrOperationsRole", "ReadUpdateControlItem")).containsExactly("dynamodb:GetItem", "dynamodb:UpdateItem");
    assertThat(statement("DrOperationsRole", "ReadUpdateControlItem").path("Condition").path("ForAllValues:StringLike"))
        .isEqualTo(json("{\"dynamodb:LeadingKeys\": [\"CONTROL#*\"]}"));
    assertThat(actions("DrOperationsRole", "InvokeOrchestrator")).containsExactly("lambda:InvokeFunction");
    Set<String> orchestrator = new TreeSet<>(inBothRegions("arn:aws:lambda:{R}:" + ACCOUNT + ":function:txn-dr-prod-failover-orchestrator"));
    orchestrator.addAll(inBothRegions("arn:aws:lambda:{R}:" + ACCOUNT + ":function:txn-dr-prod-failover-orchestrator:*"));
    assertThat(resources("DrOperationsRole", "InvokeOrchestrator")).isEqualTo(orchestrator);
  }

  @Test
  void drOperationsCanDrillRoute53HealthChecks() {
    assertThat(actions("DrOperationsRole", "DrillHealthChecks")).containsExactly(
        "route53:GetHealthCheck", "route53:GetHealthCheckStatus", "route53:UpdateHealthCheck");
    assertThat(resources("DrOperationsRole", "DrillHealthChecks")).containsExactly("arn:aws:route53:::healthcheck/*");
  }

  @Test
  void drOperationsCanRunTheFailoverDrill() {
    assertThat(actions("DrOperationsRole", "TestFailoverRecord")).containsExactly("route53:TestDNSAnswer");
    assertThat(actions("DrOperationsRole", "ReadRootStackOutputs")).containsExactly("cloudformation:DescribeStacks");
    assertThat(resources("DrOperationsRole", "ReadRootStackOutputs"))
        .containsExactly("arn:aws:cloudformation:us-east-1:" + ACCOUNT + ":stack/*/*");
    assertThat(actions("DrOperationsRole", "InvokeCanaryRoutes")).containsExactly("execute-api:Invoke");
    Set<String> canaryRoutes = new TreeSet<>(inBothRegions("arn:aws:execute-api:{R}:" + ACCOUNT + ":*/$default/POST/transactions"));
    canaryRoutes.addAll(inBothRegions("arn:aws:execute-api:{R}:" + ACCOUNT + ":*/$default/GET/transactions/*"));
    assertThat(resources("DrOperationsRole", "InvokeCanaryRoutes")).isEqualTo(canaryRoutes);
  }

  @Test
  void administrationRoleCanOnlyAssumeTheExecutionRole() {
    assertThat(statements("StackSetAdministrationRole")).hasSize(1);
    assertThat(actions("StackSetAdministrationRole", "AssumeExecutionRole")).containsExactly("sts:AssumeRole");
    assertThat(resources("StackSetAdministrationRole", "AssumeExecutionRole"))
        .containsExactly("arn:aws:iam::" + ACCOUNT + ":role/txn-dr-prod-stackset-execution");
  }

  @Test
  void executionRoleDeniesEveryRequestOutsideTheTwoRegions() {
    template().hasResource("StackSetExecutionRole").property("Policies[0].PolicyDocument").hasStatement(json("""
        {"Sid": "DenyOutsideTheTwoRegions", "Effect": "Deny", "Action": ["*"], "Resource": ["*"],
         "Condition": {"StringNotEquals": %s}}""".formatted(BOTH_REGIONS)));
  }

  @Test
  void executionRoleUsesServiceWideActionsOnlyOnProjectNamedResources() {
    for (JsonNode s : statements("StackSetExecutionRole")) {
      boolean serviceWide = texts(s.path("Action")).stream().anyMatch(a -> a.endsWith(":*"));
      if (serviceWide && "Allow".equals(s.path("Effect").asText())) {
        assertThat(resolvedAll(s.path("Resource"))).as("%s", s.path("Sid")).allSatisfy(arn ->
            assertThat(arn).matches(".*(txn-dr-prod-|/txn-dr/prod|:stack/StackSet-|backup-plan:).*"));
      }
    }
  }

  @Test
  void executionRoleUsesKeysOnlyThroughTheServicesTheStackConfigures() {
    for (String sid : List.of("UseKeysThroughServices", "GrantKeysToAwsServices", "DecryptArtifacts")) {
      assertThat(resolvedAll(statement("StackSetExecutionRole", sid).path("Condition").path("StringEquals")
          .path("kms:ViaService"))).as(sid).isNotEmpty()
          .allSatisfy(service -> assertThat(service).matches("[a-z0-9]+\\.us-(east-1|west-2)\\.amazonaws\\.com"));
    }
  }

  @Test
  void passRoleIsLimitedToTheProjectRolesEachPassedToItsOwnService() {
    Map<String, String> passedTo = new LinkedHashMap<>();
    for (JsonNode s : allStatements()) {
      if (texts(s.path("Action")).stream().anyMatch(a -> a.startsWith("iam:PassRole") || a.equals("iam:*"))) {
        String service = s.path("Condition").path("StringEquals").path("iam:PassedToService").asText();
        resolvedAll(s.path("Resource")).forEach(role -> passedTo.put(role, service));
      }
    }
    String roles = "arn:aws:iam::" + ACCOUNT + ":role/txn-dr-prod-";
    assertThat(passedTo).containsExactlyInAnyOrderEntriesOf(Map.of(
        roles + "processor-execution", "lambda.amazonaws.com",
        roles + "orchestrator-execution", "lambda.amazonaws.com",
        roles + "s3-replication", "s3.amazonaws.com",
        roles + "log-delivery", "logs.amazonaws.com",
        roles + "backup", "backup.amazonaws.com"));
  }

  @Test
  void noAllowStatementGrantsEveryAction() {
    allStatements().stream().filter(s -> "Allow".equals(s.path("Effect").asText())).forEach(s ->
        assertThat(texts(s.path("Action"))).as("%s", s.path("Sid")).doesNotContain("*"));
  }

  @Test
  void serviceWideActionsAppearOnlyInTheExecutionRole() {
    ROLES.keySet().stream().filter(role -> !role.equals("StackSetExecutionRole")).forEach(role ->
        statements(role).forEach(s -> assertThat(texts(s.path("Action"))).as("%s %s", role, s.path("Sid"))
            .noneMatch(a -> a.endsWith(":*") || a.equals("*"))));
  }

  @Test
  void resourceStarIsGrantedOnlyForActionsWithoutResourceLevelPermissions() {
    Set<String> starActions = new TreeSet<>();
    allStatements().stream()
        .filter(s -> "Allow".equals(s.path("Effect").asText()) && texts(s.path("Resource")).contains("*"))
        .forEach(s -> starActions.addAll(texts(s.path("Action"))));
    assertThat(starActions).containsExactlyInAnyOrder(
        "xray:PutTelemetryRecords", "xray:PutTraceSegments",
        "backup:ListBackupJobs", "backup:ListCopyJobs", "backup:ListRestoreJobs", "cloudwatch:GetMetricData",
        "route53:TestDNSAnswer",
        "kms:CreateKey", "kms:ListAliases", "kms:ListKeys", "acm:ListCertificates", "acm:RequestCertificate",
        "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies",
        "logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:UpdateLogDelivery",
        "backup-storage:MountCapsule", "route53:CreateHealthCheck",
        "backup:ListBackupPlans", "backup:ListBackupVaults", "cloudformation:ListStacks",
        "cloudformation:ValidateTemplate", "dynamodb:ListTables", "events:ListRules", "kinesis:DescribeLimits",
        "kinesis:ListStreams", "lambda:GetAccountSettings", "lambda:ListFunctions", "logs:DescribeDestinations",
        "route53:ListHealthChecks", "route53:ListHostedZones", "route53:ListHostedZonesByName",
        "s3:ListAllMyBuckets", "sns:ListTopics", "sqs:ListQueues", "ssm:DescribeParameters");
  }

  @Test
  void templateIsDeployedOnlyInThePrimaryRegion() {
    template().hasRule("DeployedInPrimaryRegion").at("Assertions[0].Assert")
        .isEqualTo(json("""
            {"Fn::Equals": [{"Ref": "AWS::Region"}, {"Ref": "PrimaryRegion"}]}"""));
    template().hasRule("RegionsDiffer");
  }

  @Test
  void everyRoleOutputsItsArnAndTheExecutionRoleItsName() {
    ROLES.keySet().forEach(role -> template().hasOutput(role + "Arn").at("Value").isGetAtt(role, "Arn"));
    template().hasOutput("StackSetExecutionRoleName").at("Value").isRef("StackSetExecutionRole");
  }

  @Test
  void everyResourceSaysWhyInItsComment() {
    TEMPLATE.resources().forEach((id, r) ->
        assertThat(r.path("Metadata").path("Comment").asText()).as("%s Metadata.Comment", id).isNotBlank());
  }
}
