package com.example.txndr.iam;

import static com.example.txndr.template.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.testkit.NodeAssert;
import com.example.txndr.template.Template;
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
    ROLES.put("LeaseKeeperExecutionRole", "lease-keeper-execution");
    ROLES.put("ReconcilerExecutionRole", "reconciler-execution");
    ROLES.put("HealthExecutionRole", "health-execution");
    ROLES.put("PeerValuesExecutionRole", "peer-values-execution");
    ROLES.put("S3ReplicationRole", "s3-replication");
    ROLES.put("BackupRole", "backup");
    ROLES.put("LogDeliveryRole", "log-delivery");
    ROLES.put("VpcFlowLogsRole", "vpc-flow-logs");
    ROLES.put("LogArchiveDeliveryRole", "log-archive-delivery");
    ROLES.put("LogReplicationRole", "log-replication");
    ROLES.put("DrObserverRole", "dr-observer");
    ROLES.put("DrOperatorRole", "dr-operator");
  }

  private static final String ACCOUNT = "123456789012";

  /** Parameter and pseudo-parameter values for resolving Fn::Sub (the defaults). */
  /** The parameter defaults and pseudo parameters the iam tests resolve with. */
  static final Map<String, String> DEFAULTS = Map.of(
      "ProjectName", "txn-dr", "EnvironmentName", "prod",
      "PrimaryRegion", "us-east-1", "SecondaryRegion", "us-west-2",
      "KeyAliasName", "alias/transaction-encryption",
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

  /**
   * Every statement of a role: its inline policies, the template's managed policies it attaches,
   * and the template's managed policies that attach themselves to it (Roles).
   */
  private static List<JsonNode> statements(String role) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode properties = TEMPLATE.resource(role).path("Properties");
    for (int i = 0; i < properties.path("Policies").size(); i++) {
      out.addAll(template().hasResource(role).property("Policies[" + i + "].PolicyDocument").statements());
    }
    for (JsonNode managed : properties.path("ManagedPolicyArns")) {
      if (managed.has("Ref")) {
        out.addAll(template().hasResource(managed.get("Ref").asText(), "AWS::IAM::ManagedPolicy")
            .property("PolicyDocument").statements());
      }
    }
    for (String policy : TEMPLATE.resourceIdsOfType("AWS::IAM::ManagedPolicy")) {
      for (JsonNode attached : TEMPLATE.resource(policy).path("Properties").path("Roles")) {
        if (role.equals(attached.path("Ref").asText())) {
          out.addAll(template().hasResource(policy).property("PolicyDocument").statements());
        }
      }
    }
    return out;
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
  static String resolve(JsonNode node, Map<String, String> values) {
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
  void everyLambdaExecutionRoleTrustsOnlyLambdaOfThisAccount() {
    for (String role : List.of("OrchestratorExecutionRole", "LeaseKeeperExecutionRole", "ReconcilerExecutionRole",
        "HealthExecutionRole")) {
      trust(role).isEqualTo(json(LAMBDA_TRUST));
    }
  }

  private static final String LAMBDA_TRUST = """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole",
          "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}}]}""";

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
        .as("the code calls GetParameters only (SecurityContract's least-privilege rule)")
        .containsExactly("ssm:GetParameters");
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
  void flowLogsRoleTrustsOnlyFlowLogsOfThisAccountInBothRegions() {
    trust("VpcFlowLogsRole").isEqualTo(json("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "vpc-flow-logs.amazonaws.com"}, "Action": "sts:AssumeRole",
          "Condition": {
            "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
            "ArnLike": {"aws:SourceArn": [
              {"Fn::Sub": "arn:${AWS::Partition}:ec2:${PrimaryRegion}:${AWS::AccountId}:vpc-flow-log/*"},
              {"Fn::Sub": "arn:${AWS::Partition}:ec2:${SecondaryRegion}:${AWS::AccountId}:vpc-flow-log/*"}]}}}]}"""));
  }

  @Test
  void flowLogsRoleWritesOnlyTheFlowLogGroupOfEachRegionAndCreatesNoGroup() {
    assertThat(actions("VpcFlowLogsRole", "WriteFlowLogRecords"))
        .containsExactly("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents");
    assertThat(resources("VpcFlowLogsRole", "WriteFlowLogRecords")).isEqualTo(
        inBothRegions("arn:aws:logs:{R}:" + ACCOUNT + ":log-group:/aws/vendedlogs/txn-dr-prod-vpc-flow-logs:*"));
    assertThat(actions("VpcFlowLogsRole", "FindFlowLogGroups")).containsExactly("logs:DescribeLogGroups");
    statements("VpcFlowLogsRole").forEach(st -> assertThat(texts(st.path("Action")))
        .doesNotContain("logs:CreateLogGroup").noneMatch(a -> a.startsWith("kms:")));
  }

  @Test
  void processorManagesOnlyItsOwnNetworkInterfacesInTheTwoRegions() {
    assertThat(actions("ProcessorExecutionRole", "ManageFunctionNetworkInterfaces")).containsExactly(
        "ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
        "ec2:UnassignPrivateIpAddresses");
    assertThat(resources("ProcessorExecutionRole", "ManageFunctionNetworkInterfaces"))
        .isEqualTo(inBothRegions("arn:aws:ec2:{R}:" + ACCOUNT + ":*/*"));
    assertThat(actions("ProcessorExecutionRole", "DescribeNetworkInterfacesAndSubnets"))
        .containsExactly("ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets");
  }

  @Test
  void processorHasTheVpcAccessActionsOfTheAwsManagedPolicyButNotItsLogActions() {
    Set<String> ec2 = new TreeSet<>();
    statements("ProcessorExecutionRole").forEach(st -> texts(st.path("Action")).stream()
        .filter(a -> a.startsWith("ec2:")).forEach(ec2::add));
    // AWSLambdaVPCAccessExecutionRole v3, less logs:CreateLogGroup, CreateLogStream and PutLogEvents.
    assertThat(ec2).containsExactly("ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
        "ec2:UnassignPrivateIpAddresses");
    template().hasResource("ProcessorVpcAccessPolicy", "AWS::IAM::ManagedPolicy")
        .hasPropertyEqualTo("Roles", List.of(Map.of("Ref", "ProcessorExecutionRole"),
            Map.of("Ref", "HealthExecutionRole")));
  }

  @Test
  void orchestratorHasNoNetworkInterfacePermissionBecauseItStaysOutsideTheVpc() {
    statements("OrchestratorExecutionRole").forEach(st -> assertThat(texts(st.path("Action")))
        .noneMatch(a -> a.startsWith("ec2:")));
  }


  private static final List<String> DR_ROLES = List.of("DrObserverRole", "DrOperatorRole");

  @Test
  void drRolesTrustTheNamedOperatorsOfThisAccountOnlyWithMfaAndASourceIdentity() {
    DR_ROLES.forEach(role -> {
      trust(role).at("Statement[0].Fn::If[1]").isEqualTo(json("""
          {"Effect": "Allow", "Principal": {"AWS": {"Ref": "OperatorPrincipalArns"}},
           "Action": ["sts:AssumeRole", "sts:SetSourceIdentity"],
           "Condition": {"StringEquals": {"aws:PrincipalAccount": {"Ref": "AWS::AccountId"}},
                         "Bool": {"aws:MultiFactorAuthPresent": "true"}, "Null": {"sts:SourceIdentity": "false"}}}"""));
      trust(role).at("Statement[0].Fn::If[0]").isEqualTo("HasOperatorPrincipals");
    });
  }

  @Test
  void drRolesTrustPrincipalsOfThisAccountOnlyWithMfaAndASourceIdentityWhenNoOperatorIsNamed() {
    DR_ROLES.forEach(role -> trust(role).at("Statement[0].Fn::If[2]").isEqualTo(json("""
        {"Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
         "Action": ["sts:AssumeRole", "sts:SetSourceIdentity"],
         "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}, "Null": {"sts:SourceIdentity": "false"}}}""")));
    template().hasParameter("OperatorPrincipalArns").at("Default").isEqualTo("");
    template().at("Conditions.HasOperatorPrincipals").isEqualTo(json("""
        {"Fn::Not": [{"Fn::Equals": [{"Fn::Join": ["", {"Ref": "OperatorPrincipalArns"}]}, ""]}]}"""));
  }

  @Test
  void drRoleSessionsLastAtMostOneHour() {
    DR_ROLES.forEach(role -> template().hasResource(role).hasPropertyEqualTo("MaxSessionDuration", 3600));
  }

  @Test
  void drRolesShareTheStatusReadsThroughOneManagedPolicy() {
    template().hasResource("DrReadStatusPolicy", "AWS::IAM::ManagedPolicy").at("Properties.Roles")
        .isEqualTo(json("""
            [{"Ref": "DrObserverRole"}, {"Ref": "DrOperatorRole"}]"""));
  }










  // ---------------------------------------------------------------- item-level grants (dynamodb:LeadingKeys)

  private static final String TABLE = "arn:aws:dynamodb:{R}:" + ACCOUNT + ":table/txn-dr-prod-transactions";
  private static final String CONTROL = "arn:aws:dynamodb:{R}:" + ACCOUNT + ":table/txn-dr-prod-control";
  private static final String JOURNAL = TABLE + "/index/JournalIndex";

  /**
   * Whether {@code role} may call {@code action} on {@code resource} (with {R} a region) for an
   * item whose partition key is {@code key} (null: a request without one), in each of the two
   * regions: some Allow matches the action, the resource and its conditions, and no Deny does.
   * Conditions: dynamodb:LeadingKeys (ForAllValues/ForAnyValue:StringLike) and
   * aws:RequestedRegion (taken as the resource's region); a statement with any other condition
   * key does not match.
   */
  private static boolean allowed(String role, String action, String resource, String key) {
    boolean inBoth = true;
    for (String region : List.of("us-east-1", "us-west-2")) {
      String arn = resource.replace("{R}", region);
      boolean allow = false;
      boolean deny = false;
      for (JsonNode s : statements(role)) {
        if (!matchesAny(texts(s.path("Action")), action) || !matchesAny(resolvedAll(s.path("Resource")), arn)
            || !conditionsHold(s.path("Condition"), region, key)) {
          continue;
        }
        if ("Deny".equals(s.path("Effect").asText())) {
          deny = true;
        } else {
          allow = true;
        }
      }
      inBoth &= allow && !deny;
    }
    return inBoth;
  }

  private static boolean matchesAny(Set<String> patterns, String value) {
    return patterns.stream().anyMatch(p -> iamLike(p).matcher(value).matches());
  }

  private static boolean conditionsHold(JsonNode condition, String region, String key) {
    for (var operator : (Iterable<java.util.Map.Entry<String, JsonNode>>) condition::fields) {
      for (var test : (Iterable<java.util.Map.Entry<String, JsonNode>>) operator.getValue()::fields) {
        Set<String> values = resolvedAll(test.getValue());
        String name = operator.getKey() + " " + test.getKey();
        switch (name) {
          case "ForAllValues:StringLike dynamodb:LeadingKeys" -> {
            if (key != null && !matchesAny(values, key)) {
              return false;
            }
          }
          case "ForAnyValue:StringLike dynamodb:LeadingKeys" -> {
            if (key == null || !matchesAny(values, key)) {
              return false;
            }
          }
          case "StringEquals aws:RequestedRegion" -> {
            if (!values.contains(region)) {
              return false;
            }
          }
          default -> {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static final List<String> TRANSACTION_ITEMS = List.of("TXN#7f3a", "IDEM#caller#key-1", "ACCT#alice");
  private static final List<String> LEASE_ITEMS = List.of("LEASE#us-east-1#0", "LEASE#us-west-2#63", "HEARTBEAT#us-east-1",
      "DRAIN#4#7");
  private static final List<String> CONTROL_ITEMS = List.of("LEASE", "KEEPER#us-west-2", "EPOCHS", "NOTICE#5",
      "RECONCILIATION");
  private static final List<String> WRITES = List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete");

  @Test
  void processorPutsAndUpdatesOnlyTransactionIdempotencyAndAccountItems() {
    for (String key : TRANSACTION_ITEMS) {
      assertThat(allowed("ProcessorExecutionRole", "dynamodb:PutItem", TABLE, key)).as("PutItem %s", key).isTrue();
      assertThat(allowed("ProcessorExecutionRole", "dynamodb:UpdateItem", TABLE, key)).as("UpdateItem %s", key).isTrue();
      assertThat(allowed("ProcessorExecutionRole", "dynamodb:GetItem", TABLE, key)).as("GetItem %s", key).isTrue();
      assertThat(allowed("ProcessorExecutionRole", "dynamodb:Query", TABLE, key)).as("Query %s", key).isTrue();
    }
    assertThat(allowed("ProcessorExecutionRole", "dynamodb:PutItem", TABLE, "RECON#3")).isFalse();
  }

  @Test
  void processorChecksAndReadsItsFenceShardsAndReadsItsHeartbeat() {
    assertThat(allowed("ProcessorExecutionRole", "dynamodb:ConditionCheckItem", TABLE, "LEASE#us-east-1#17")).isTrue();
    assertThat(allowed("ProcessorExecutionRole", "dynamodb:GetItem", TABLE, "LEASE#us-west-2#0")).isTrue();
    assertThat(allowed("ProcessorExecutionRole", "dynamodb:GetItem", TABLE, "HEARTBEAT#us-east-1")).isTrue();
    assertThat(allowed("ProcessorExecutionRole", "dynamodb:ConditionCheckItem", TABLE, "TXN#1")).isFalse();
  }

  @Test
  void processorIsDeniedEveryWriteToTheLeaseItemsAndTheControlTable() {
    for (String action : WRITES) {
      for (String key : LEASE_ITEMS) {
        assertThat(allowed("ProcessorExecutionRole", action, TABLE, key)).as("%s %s", action, key).isFalse();
      }
      for (String key : CONTROL_ITEMS) {
        assertThat(allowed("ProcessorExecutionRole", action, CONTROL, key)).as("%s control %s", action, key).isFalse();
      }
    }
    // Security review M3: an explicit Deny, so that no later Allow can open them.
    JsonNode deny = statement("ProcessorExecutionRole", "DenyWritesToLeaseItems");
    assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
    assertThat(texts(deny.path("Action"))).containsAll(WRITES);
    assertThat(deny.path("Condition")).isEqualTo(json("""
        {"ForAnyValue:StringLike": {"dynamodb:LeadingKeys": ["LEASE#*", "HEARTBEAT#*", "DRAIN#*"]}}"""));
    JsonNode control = statement("ProcessorExecutionRole", "DenyWritesToControlTable");
    assertThat(control.path("Effect").asText()).isEqualTo("Deny");
    assertThat(texts(control.path("Action"))).containsAll(WRITES);
    assertThat(resolvedAll(control.path("Resource"))).isEqualTo(inBothRegions(CONTROL));
    assertThat(control.has("Condition")).isFalse();
  }

  @Test
  void processorNeverReadsTheControlTableAndNeverDeletes() {
    for (String key : CONTROL_ITEMS) {
      assertThat(allowed("ProcessorExecutionRole", "dynamodb:GetItem", CONTROL, key)).as("GetItem control %s", key).isFalse();
    }
    statements("ProcessorExecutionRole").stream().filter(s -> "Allow".equals(s.path("Effect").asText()))
        .forEach(s -> assertThat(texts(s.path("Action"))).as("%s", s.path("Sid"))
            .doesNotContain("dynamodb:DeleteItem", "dynamodb:*"));
  }

  @Test
  void processorCallsOnlyDynamoDbItemOperationsItsLogsAndXRay() {
    Set<String> services = new TreeSet<>();
    statements("ProcessorExecutionRole").stream().filter(s -> "Allow".equals(s.path("Effect").asText()))
        .forEach(s -> texts(s.path("Action")).forEach(a -> services.add(a.substring(0, a.indexOf(':')))));
    assertThat(services).containsExactly("dynamodb", "ec2", "kms", "logs", "xray");
    assertThat(resolvedAll(statement("ProcessorExecutionRole", "UseDataKeyThroughServices").path("Condition")
        .path("StringEquals").path("kms:ViaService")))
        .containsExactlyInAnyOrder("dynamodb.us-east-1.amazonaws.com", "dynamodb.us-west-2.amazonaws.com");
  }

  @Test
  void keeperWritesTheFenceShardsHeartbeatsAndDrainMarkersAndNoTransactionItem() {
    for (String key : LEASE_ITEMS) {
      for (String action : List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem")) {
        assertThat(allowed("LeaseKeeperExecutionRole", action, TABLE, key)).as("%s %s", action, key).isTrue();
      }
    }
    for (String key : TRANSACTION_ITEMS) {
      for (String action : WRITES) {
        assertThat(allowed("LeaseKeeperExecutionRole", action, TABLE, key)).as("%s %s", action, key).isFalse();
      }
    }
  }

  @Test
  void keeperKeepsTheLeaseAsLeaseArbiterDoes() {
    for (String key : List.of("LEASE", "KEEPER#us-east-1", "EPOCHS")) {
      assertThat(allowed("LeaseKeeperExecutionRole", "dynamodb:GetItem", CONTROL, key)).as("GetItem %s", key).isTrue();
      assertThat(allowed("LeaseKeeperExecutionRole", "dynamodb:PutItem", CONTROL, key)).as("PutItem %s", key).isTrue();
      assertThat(allowed("LeaseKeeperExecutionRole", "dynamodb:DeleteItem", CONTROL, key)).as("DeleteItem %s", key)
          .isFalse();
    }
    assertThat(allowed("LeaseKeeperExecutionRole", "dynamodb:PutItem", CONTROL, "NOTICE#12")).isTrue();
    assertThat(allowed("LeaseKeeperExecutionRole", "dynamodb:DeleteItem", CONTROL, "NOTICE#12")).isTrue();
    assertThat(allowed("LeaseKeeperExecutionRole", "dynamodb:PutItem", CONTROL, "RECONCILIATION")).isFalse();
    assertThat(allowed("LeaseKeeperExecutionRole", "dynamodb:UpdateItem", CONTROL, "LEASE")).isFalse();
  }

  @Test
  void keeperPublishesOnlyToTheAlertTopicsThroughTheirKey() {
    assertThat(actions("LeaseKeeperExecutionRole", "PublishAnnouncements")).containsExactly("sns:Publish");
    assertThat(resources("LeaseKeeperExecutionRole", "PublishAnnouncements"))
        .isEqualTo(inBothRegions("arn:aws:sns:{R}:" + ACCOUNT + ":txn-dr-prod-alerts"));
    assertThat(resolvedAll(statement("LeaseKeeperExecutionRole", "UseDataKeyThroughServices").path("Condition")
        .path("StringEquals").path("kms:ViaService"))).containsExactlyInAnyOrder("dynamodb.us-east-1.amazonaws.com",
        "dynamodb.us-west-2.amazonaws.com", "sns.us-east-1.amazonaws.com", "sns.us-west-2.amazonaws.com");
  }

  @Test
  void reconcilerReadsTheJournalIndexAndWritesCompensationsAndFindings() {
    assertThat(allowed("ReconcilerExecutionRole", "dynamodb:Query", JOURNAL, null)).isTrue();
    assertThat(allowed("ReconcilerExecutionRole", "dynamodb:Query", TABLE, "IDEM#caller#k")).isTrue();
    assertThat(allowed("ReconcilerExecutionRole", "dynamodb:Query", TABLE, "ACCT#alice")).isTrue();
    for (String key : TRANSACTION_ITEMS) {
      assertThat(allowed("ReconcilerExecutionRole", "dynamodb:PutItem", TABLE, key)).as("PutItem %s", key).isTrue();
      assertThat(allowed("ReconcilerExecutionRole", "dynamodb:UpdateItem", TABLE, key)).as("UpdateItem %s", key).isTrue();
    }
    assertThat(allowed("ReconcilerExecutionRole", "dynamodb:PutItem", TABLE, "RECON#4")).isTrue();
    assertThat(allowed("ReconcilerExecutionRole", "dynamodb:ConditionCheckItem", TABLE, "LEASE#us-west-2#5")).isTrue();
    assertThat(allowed("ReconcilerExecutionRole", "dynamodb:GetItem", TABLE, "LEASE#us-west-2#5")).isTrue();
    for (String action : WRITES) {
      for (String key : LEASE_ITEMS) {
        assertThat(allowed("ReconcilerExecutionRole", action, TABLE, key)).as("%s %s", action, key).isFalse();
      }
    }
  }

  @Test
  void reconcilerReadsTheLeaseAndEpochsAndHoldsOnlyTheReconciliationLock() {
    assertThat(allowed("ReconcilerExecutionRole", "dynamodb:GetItem", CONTROL, "LEASE")).isTrue();
    assertThat(allowed("ReconcilerExecutionRole", "dynamodb:Query", CONTROL, "EPOCHS")).isTrue();
    assertThat(allowed("ReconcilerExecutionRole", "dynamodb:PutItem", CONTROL, "RECONCILIATION")).isTrue();
    assertThat(allowed("ReconcilerExecutionRole", "dynamodb:DeleteItem", CONTROL, "RECONCILIATION")).isTrue();
    for (String key : List.of("LEASE", "KEEPER#us-east-1", "EPOCHS", "NOTICE#3")) {
      assertThat(allowed("ReconcilerExecutionRole", "dynamodb:PutItem", CONTROL, key)).as("PutItem %s", key).isFalse();
    }
  }

  @Test
  void orchestratorOnlyReadsAndReplacesTheLeaseAndReadsKeeperHeartbeats() {
    assertThat(allowed("OrchestratorExecutionRole", "dynamodb:GetItem", CONTROL, "LEASE")).isTrue();
    assertThat(allowed("OrchestratorExecutionRole", "dynamodb:PutItem", CONTROL, "LEASE")).isTrue();
    assertThat(allowed("OrchestratorExecutionRole", "dynamodb:GetItem", CONTROL, "KEEPER#us-west-2")).isTrue();
    assertThat(allowed("OrchestratorExecutionRole", "dynamodb:PutItem", CONTROL, "KEEPER#us-west-2")).isFalse();
    assertThat(allowed("OrchestratorExecutionRole", "dynamodb:PutItem", CONTROL, "EPOCHS")).isFalse();
    for (String key : List.of("TXN#1", "LEASE#us-east-1#0", "HEARTBEAT#us-east-1")) {
      assertThat(allowed("OrchestratorExecutionRole", "dynamodb:GetItem", TABLE, key)).as("GetItem %s", key).isFalse();
    }
    Set<String> services = new TreeSet<>();
    statements("OrchestratorExecutionRole").forEach(s -> texts(s.path("Action"))
        .forEach(a -> services.add(a.substring(0, a.indexOf(':')))));
    assertThat(services).containsExactly("cloudwatch", "dynamodb", "kms", "logs", "sqs", "xray");
  }

  @Test
  void orchestratorSendsFailuresToBothDeadLetterQueues() {
    assertThat(resources("OrchestratorExecutionRole", "SendToDeadLetterQueue"))
        .isEqualTo(inBothRegions("arn:aws:sqs:{R}:" + ACCOUNT + ":txn-dr-prod-orchestrator-dlq"));
    assertThat(resolvedAll(statement("OrchestratorExecutionRole", "UseDataKeyThroughServices").path("Condition")
        .path("StringEquals").path("kms:ViaService"))).containsExactlyInAnyOrder("dynamodb.us-east-1.amazonaws.com",
        "dynamodb.us-west-2.amazonaws.com", "sqs.us-east-1.amazonaws.com", "sqs.us-west-2.amazonaws.com");
  }

  @Test
  void lambdaRolesWriteOnlyTheirOwnLogGroupsInBothRegions() {
    Map<String, String> functions = Map.of("ProcessorExecutionRole", "transaction-processor",
        "OrchestratorExecutionRole", "failover-orchestrator", "LeaseKeeperExecutionRole", "lease-keeper",
        "ReconcilerExecutionRole", "reconciler", "HealthExecutionRole", "health");
    functions.forEach((role, function) -> {
      assertThat(resources(role, "WriteOwnLogs")).as(role).isEqualTo(inBothRegions(
          "arn:aws:logs:{R}:" + ACCOUNT + ":log-group:/aws/lambda/txn-dr-prod-" + function + ":*"));
      assertThat(actions(role, "WriteOwnLogs")).containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
    });
  }

  @Test
  void noRoleWritesTheActiveRegionParameterAnyMore() {
    allStatements().forEach(s -> assertThat(resolvedAll(s.path("Resource")))
        .as("%s", s.path("Sid")).noneMatch(r -> r.endsWith("/active-region")));
  }

  @Test
  void drRolesReadTheLeaseTheFenceTheHeartbeatsAndTheDrainMarkersButNoTransactionItem() {
    for (String role : DR_ROLES) {
      for (String key : List.of("LEASE", "KEEPER#us-west-2", "EPOCHS")) {
        for (String action : List.of("dynamodb:GetItem", "dynamodb:Query")) {
          assertThat(allowed(role, action, CONTROL, key)).as("%s %s %s", role, action, key).isTrue();
        }
      }
      for (String key : List.of("LEASE#us-east-1#0", "HEARTBEAT#us-west-2", "DRAIN#4#7")) {
        assertThat(allowed(role, "dynamodb:GetItem", TABLE, key)).as("%s GetItem %s", role, key).isTrue();
      }
      for (String key : TRANSACTION_ITEMS) {
        for (String action : List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem")) {
          assertThat(allowed(role, action, TABLE, key)).as("%s %s %s", role, action, key).isFalse();
        }
      }
      for (String key : LEASE_ITEMS) {
        for (String action : WRITES) {
          assertThat(allowed(role, action, TABLE, key)).as("%s %s %s", role, action, key).isFalse();
        }
      }
    }
  }

  @Test
  void onlyTheOperatorWritesTheLeaseAndTheEpochsAndNothingElseOfTheControlTable() {
    for (String key : List.of("LEASE", "EPOCHS")) {
      assertThat(allowed("DrOperatorRole", "dynamodb:PutItem", CONTROL, key)).as("PutItem %s", key).isTrue();
    }
    for (String key : CONTROL_ITEMS) {
      for (String action : WRITES) {
        assertThat(allowed("DrObserverRole", action, CONTROL, key)).as("observer %s %s", action, key).isFalse();
        if (!("dynamodb:PutItem".equals(action) && List.of("LEASE", "EPOCHS").contains(key))) {
          assertThat(allowed("DrOperatorRole", action, CONTROL, key)).as("operator %s %s", action, key).isFalse();
        }
      }
    }
  }

  @Test
  void onlyTheOperatorInvokesAFunctionAndOnlyTheReconciler() {
    assertThat(actions("DrOperatorRole", "InvokeReconciler")).containsExactly("lambda:InvokeFunction");
    Set<String> reconciler = new TreeSet<>(inBothRegions("arn:aws:lambda:{R}:" + ACCOUNT + ":function:txn-dr-prod-reconciler"));
    reconciler.addAll(inBothRegions("arn:aws:lambda:{R}:" + ACCOUNT + ":function:txn-dr-prod-reconciler:*"));
    assertThat(resources("DrOperatorRole", "InvokeReconciler")).isEqualTo(reconciler);
    statements("DrObserverRole").forEach(s -> assertThat(texts(s.path("Action"))).as("%s", s.path("Sid"))
        .noneMatch(a -> a.startsWith("lambda:") || a.startsWith("execute-api:") || a.equals("route53:UpdateHealthCheck")));
    allStatements().forEach(s -> assertThat(resolvedAll(s.path("Resource"))).as("%s", s.path("Sid"))
        .noneMatch(r -> r.contains("function:txn-dr-prod-failover-orchestrator")));
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
  void logDeliveryPutsRecordsOnlyIntoTheLogArchiveStreamsOfBothRegions() {
    assertThat(actions("LogDeliveryRole", "PutLogArchiveRecords"))
        .containsExactly("firehose:PutRecord", "firehose:PutRecordBatch");
    assertThat(resources("LogDeliveryRole", "PutLogArchiveRecords"))
        .isEqualTo(inBothRegions("arn:aws:firehose:{R}:" + ACCOUNT + ":deliverystream/txn-dr-prod-log-archive"));
    JsonNode kms = statement("LogDeliveryRole", "EncryptRecordsThroughFirehose");
    assertThat(resolvedAll(kms.path("Condition").path("StringEquals").path("kms:ViaService")))
        .containsExactlyInAnyOrder("firehose.us-east-1.amazonaws.com", "firehose.us-west-2.amazonaws.com");
  }

  @Test
  void logArchiveDeliveryIsTrustedByFirehoseAndWritesOnlyTheLogBuckets() {
    trust("LogArchiveDeliveryRole").at("Statement[0]").isEqualTo(json("""
        {"Effect": "Allow", "Principal": {"Service": "firehose.amazonaws.com"}, "Action": "sts:AssumeRole",
         "Condition": {"StringEquals": {"sts:ExternalId": {"Ref": "AWS::AccountId"}}}}"""));
    Set<String> buckets = new TreeSet<>(inBothRegions("arn:aws:s3:::txn-dr-prod-logs-" + ACCOUNT + "-{R}"));
    buckets.addAll(inBothRegions("arn:aws:s3:::txn-dr-prod-logs-" + ACCOUNT + "-{R}/*"));
    assertThat(resources("LogArchiveDeliveryRole", "WriteLogArchive")).isEqualTo(buckets);
    assertThat(actions("LogArchiveDeliveryRole", "WriteLogArchive")).contains("s3:PutObject", "s3:GetBucketLocation");
    assertThat(resolvedAll(statement("LogArchiveDeliveryRole", "EncryptArchiveObjectsThroughS3").path("Condition")
        .path("StringEquals").path("kms:ViaService")))
        .containsExactlyInAnyOrder("s3.us-east-1.amazonaws.com", "s3.us-west-2.amazonaws.com");
  }

  @Test
  void logReplicationIsTrustedByS3AndReplicatesOnlyBetweenTheLogBuckets() {
    trust("LogReplicationRole").at("Statement[0].Principal").isEqualTo(json("""
        {"Service": "s3.amazonaws.com"}"""));
    assertThat(resources("LogReplicationRole", "WriteReplicas"))
        .isEqualTo(inBothRegions("arn:aws:s3:::txn-dr-prod-logs-" + ACCOUNT + "-{R}/*"));
    assertThat(actions("LogReplicationRole", "WriteReplicas"))
        .containsExactly("s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags");
    assertThat(resources("LogReplicationRole", "ReadSourceConfiguration"))
        .isEqualTo(inBothRegions("arn:aws:s3:::txn-dr-prod-logs-" + ACCOUNT + "-{R}"));
  }

  @Test
  void observerReadsTheLogArchivesOfBothRegions() {
    assertThat(actions("DrObserverRole", "ReadLogArchives")).containsExactly("s3:GetObject", "s3:ListBucket");
    assertThat(resolvedAll(statement("DrObserverRole", "DecryptLogArchivesThroughS3").path("Condition")
        .path("StringEquals").path("kms:ViaService")))
        .containsExactlyInAnyOrder("s3.us-east-1.amazonaws.com", "s3.us-west-2.amazonaws.com");
  }

  @Test
  void drRolePermissionsAreLimitedToTheTwoRegions() {
    for (String role : DR_ROLES) {
      List<JsonNode> grants = statements(role);
      assertThat(grants).isNotEmpty();
      grants.forEach(s -> assertThat(s.path("Condition").path("StringEquals").path("aws:RequestedRegion"))
          .as("%s %s aws:RequestedRegion", role, s.path("Sid"))
          .isEqualTo(json(BOTH_REGIONS).path("aws:RequestedRegion")));
    }
  }


  @Test
  void drRolesReadHealthChecksButNoRoleHereMayUpdateOne() {
    DR_ROLES.forEach(role -> {
      assertThat(actions(role, "ReadHealthChecks")).containsExactly("route53:GetHealthCheck",
          "route53:GetHealthCheckStatus");
      assertThat(resources(role, "ReadHealthChecks")).containsExactly("arn:aws:route53:::healthcheck/*");
    });
    // The operator's UpdateHealthCheck names the primary's check ID, known only in the root (DrOperatorHealthCheckPolicy).
    allStatements().forEach(s -> assertThat(texts(s.path("Action"))).as("%s", s.path("Sid"))
        .doesNotContain("route53:UpdateHealthCheck"));
  }

  @Test
  void drRolesDescribeOnlyTheRootStackAndTestTheFailoverRecord() {
    DR_ROLES.forEach(role -> {
      assertThat(actions(role, "TestFailoverRecord")).containsExactly("route53:TestDNSAnswer");
      assertThat(actions(role, "ReadRootStackOutputs")).containsExactly("cloudformation:DescribeStacks");
      assertThat(resources(role, "ReadRootStackOutputs"))
          .containsExactly("arn:aws:cloudformation:us-east-1:" + ACCOUNT + ":stack/txn-dr-prod/*");
    });
  }

  @Test
  void operatorInvokesOnlyTheCanaryRoutesOfEitherApi() {
    assertThat(actions("DrOperatorRole", "InvokeCanaryRoutes")).containsExactly("execute-api:Invoke");
    Set<String> canaryRoutes = new TreeSet<>(inBothRegions("arn:aws:execute-api:{R}:" + ACCOUNT + ":*/$default/POST/canary"));
    canaryRoutes.addAll(inBothRegions("arn:aws:execute-api:{R}:" + ACCOUNT + ":*/$default/GET/canary/*"));
    assertThat(resources("DrOperatorRole", "InvokeCanaryRoutes")).isEqualTo(canaryRoutes);
  }

  @Test
  void orchestratorReadsTheProjectsAlarmsAndTheirMetricsToCorroborateAnAlarm() {
    assertThat(actions("OrchestratorExecutionRole", "ReadProjectAlarms")).containsExactly("cloudwatch:DescribeAlarms");
    assertThat(resources("OrchestratorExecutionRole", "ReadProjectAlarms"))
        .isEqualTo(inBothRegions("arn:aws:cloudwatch:{R}:" + ACCOUNT + ":alarm:txn-dr-prod-*"));
    assertThat(actions("OrchestratorExecutionRole", "ReadAlarmMetrics")).containsExactly("cloudwatch:GetMetricData");
    assertThat(resources("OrchestratorExecutionRole", "ReadAlarmMetrics")).containsExactly("*");
  }






  @Test
  void noAllowStatementGrantsEveryAction() {
    allStatements().stream().filter(s -> "Allow".equals(s.path("Effect").asText())).forEach(s ->
        assertThat(texts(s.path("Action"))).as("%s", s.path("Sid")).doesNotContain("*"));
  }

  @Test
  void noRoleGrantsServiceWideActions() {
    ROLES.keySet().forEach(role ->
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
        "backup:ListCopyJobs", "cloudwatch:GetMetricData",
        "route53:TestDNSAnswer", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "logs:DescribeLogGroups");
  }

  @Test
  void templateIsDeployedOnlyInThePrimaryRegion() {
    template().hasRule("DeployedInPrimaryRegion").at("Assertions[0].Assert")
        .isEqualTo(json("""
            {"Fn::Equals": [{"Ref": "AWS::Region"}, {"Ref": "PrimaryRegion"}]}"""));
    template().hasRule("RegionsDiffer");
  }

  @Test
  void everyRoleOutputsItsArn() {
    ROLES.keySet().forEach(role -> template().hasOutput(role + "Arn").at("Value").isGetAtt(role, "Arn"));
  }

  @Test
  void stackSetRolesAreMadeByTheBootstrapNotHere() {
    assertThat(TEMPLATE.resourceIdsOfType("AWS::IAM::Role")).doesNotContain(
        "StackSetAdministrationRole", "StackSetExecutionRole");
  }

  @Test
  void everyResourceSaysWhyInItsComment() {
    TEMPLATE.resources().forEach((id, r) ->
        assertThat(r.path("Metadata").path("Comment").asText()).as("%s Metadata.Comment", id).isNotBlank());
  }

  /** The health function's role (issue 9, Capacity; docs/adr/0015): reads what GET /health reads, writes nothing. */
  @org.junit.jupiter.api.Nested
  class HealthRole {
    private static final String ROLE = "HealthExecutionRole";

    @Test
    void readsTheFenceShardsAndHeartbeatsOnly() {
      for (String key : List.of("LEASE#us-east-1#0", "LEASE#us-west-2#63", "HEARTBEAT#us-east-1", "HEARTBEAT#us-west-2")) {
        assertThat(allowed(ROLE, "dynamodb:GetItem", TABLE, key)).as("GetItem %s", key).isTrue();
      }
      for (String key : List.of("TXN#7f3a", "IDEM#caller#key-1", "ACCT#alice", "DRAIN#4#7", "RECON#3")) {
        assertThat(allowed(ROLE, "dynamodb:GetItem", TABLE, key)).as("GetItem %s", key).isFalse();
        assertThat(allowed(ROLE, "dynamodb:Query", TABLE, key)).as("Query %s", key).isFalse();
      }
      for (String key : CONTROL_ITEMS) {
        assertThat(allowed(ROLE, "dynamodb:GetItem", CONTROL, key)).as("GetItem control %s", key).isFalse();
      }
      assertThat(allowed(ROLE, "dynamodb:Scan", TABLE, null)).isFalse();
      assertThat(allowed(ROLE, "dynamodb:ConditionCheckItem", TABLE, "LEASE#us-east-1#0")).isFalse();
    }

    @Test
    void isExplicitlyDeniedEveryWriteToBothTables() {
      List<String> writes = WRITES;
      for (String action : writes) {
        for (String key : union(TRANSACTION_ITEMS, LEASE_ITEMS)) {
          assertThat(allowed(ROLE, action, TABLE, key)).as("%s %s", action, key).isFalse();
        }
        for (String key : CONTROL_ITEMS) {
          assertThat(allowed(ROLE, action, CONTROL, key)).as("%s control %s", action, key).isFalse();
        }
      }
      JsonNode deny = statement(ROLE, "DenyEveryWrite");
      assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
      assertThat(texts(deny.path("Action"))).containsAll(writes);
      assertThat(resolvedAll(deny.path("Resource"))).containsExactlyInAnyOrderElementsOf(
          union(inBothRegions(TABLE), inBothRegions(CONTROL)));
      assertThat(deny.has("Condition")).isFalse();
      statements(ROLE).stream().filter(st -> "Allow".equals(st.path("Effect").asText()))
          .forEach(st -> assertThat(texts(st.path("Action"))).as("%s", st.path("Sid"))
              .noneMatch(a -> a.startsWith("dynamodb:") && !a.equals("dynamodb:GetItem")));
    }

    @Test
    void decryptsOnlyThroughDynamoDbAndCallsNothingElseButItsLogsXRayAndItsNetworkInterfaces() {
      Set<String> services = new TreeSet<>();
      statements(ROLE).stream().filter(st -> "Allow".equals(st.path("Effect").asText()))
          .forEach(st -> texts(st.path("Action")).forEach(a -> services.add(a.substring(0, a.indexOf(':')))));
      assertThat(services).containsExactly("dynamodb", "ec2", "kms", "logs", "xray");
      assertThat(actions(ROLE, "DecryptThroughDynamoDb")).containsExactly("kms:Decrypt");
      assertThat(resolvedAll(statement(ROLE, "DecryptThroughDynamoDb").path("Condition")
          .path("StringEquals").path("kms:ViaService")))
          .containsExactlyInAnyOrder("dynamodb.us-east-1.amazonaws.com", "dynamodb.us-west-2.amazonaws.com");
    }

    @Test
    void itsArnIsAnOutput() {
      template().hasOutput("HealthExecutionRoleArn").at("Value").isGetAtt(ROLE, "Arn");
    }

    private static <T> List<T> union(java.util.Collection<? extends T> a, java.util.Collection<? extends T> b) {
      List<T> out = new ArrayList<>(a);
      out.addAll(b);
      return out;
    }
  }
}
