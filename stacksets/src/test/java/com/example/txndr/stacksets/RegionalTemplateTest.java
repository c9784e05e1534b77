package com.example.txndr.stacksets;

import static com.example.txndr.template.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.template.Evaluator;
import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegionalTemplateTest {
  private static final Path FILE = RepoRoot.find().resolve("stacksets/templates/regional.template.json");
  private static final Template TEMPLATE = Template.load(FILE);

  private static final String PRIMARY = "us-east-1";
  private static final String SECONDARY = "us-west-2";
  private static final List<String> EVERY_REGION = List.of(
      "KmsStack", "S3CrrStack", "LambdaStack", "Route53Stack", "SsmStack");
  private static final List<String> SECONDARY_ONLY = List.of("MonitoringStack", "BackupStack");

  /** What the root stack gives the regional template, apart from the region role. */
  private static final Map<String, String> REQUIRED = Map.of(
      "ArtifactBucketPrefix", "txn-dr-prod-artifacts-123456789012",
      "LambdaCodeKey", "transaction-dr/lambda/lambda-0123abcd.jar",
      "HostedZoneId", "Z0123456789ABCDEFGHIJ",
      "RecordName", "api.dr.example.com",
      "AlertEmail", "ops@example.com",
      "DeployerPrincipalArns", "arn:aws:iam::123456789012:role/txn-dr-deployer",
      "JwtIssuer", "https://login.example.com/oauth2/default",
      "JwtAudience", "txn-api");

  private static Evaluator secondary() {
    return evaluator(SECONDARY, "SECONDARY", Map.of());
  }

  private static Evaluator primary() {
    return evaluator(PRIMARY, "PRIMARY", Map.of());
  }

  private static Evaluator evaluator(String region, String role, Map<String, String> more) {
    Map<String, String> values = new HashMap<>(REQUIRED);
    values.put("RegionRole", role);
    values.putAll(more);
    return Evaluator.of(TEMPLATE, region, values);
  }

  @Test
  void secondaryNestsEveryRegionalModuleWithItsMonitoringAndBackupVault() {
    Evaluator secondary = secondary();
    for (String stack : concat(EVERY_REGION, SECONDARY_ONLY)) {
      assertThat(secondary.exists(stack)).as(stack + " in the secondary").isTrue();
    }
  }

  @Test
  void primaryLeavesMonitoringAndBackupToTheRootStack() {
    Evaluator primary = primary();
    for (String stack : EVERY_REGION) {
      assertThat(primary.exists(stack)).as(stack + " in the primary").isTrue();
    }
    for (String stack : SECONDARY_ONLY) {
      assertThat(primary.exists(stack)).as(stack + " in the primary").isFalse();
    }
  }

  @Test
  void regionRoleMustMatchTheRegionItIsDeployedTo() {
    assertThat(primary().failedRules()).isEmpty();
    assertThat(secondary().failedRules()).isEmpty();
    assertThat(evaluator(SECONDARY, "PRIMARY", Map.of()).failedRules()).containsExactly(
        "RegionRole PRIMARY belongs in PrimaryRegion: create this stack in PrimaryRegion, or set RegionRole to SECONDARY.");
    assertThat(evaluator(PRIMARY, "SECONDARY", Map.of()).failedRules()).containsExactly(
        "RegionRole SECONDARY belongs in SecondaryRegion: deploy this stack (the StackSet instance) in SecondaryRegion, or set RegionRole to PRIMARY.");
  }

  @Test
  void swappedRegionsSwapTheRolesToo() {
    Map<String, String> swapped = Map.of("PrimaryRegion", SECONDARY, "SecondaryRegion", PRIMARY);
    assertThat(evaluator(SECONDARY, "PRIMARY", swapped).failedRules()).isEmpty();
    assertThat(evaluator(PRIMARY, "SECONDARY", swapped).failedRules()).isEmpty();
    assertThat(evaluator(PRIMARY, "SECONDARY", swapped).exists("MonitoringStack")).isTrue();
  }

  @Test
  void nestedTemplatesAreTheModulesByRelativePath() {
    Map<String, String> modules = new LinkedHashMap<>();
    modules.put("KmsStack", "kms");
    modules.put("S3CrrStack", "s3-crr");
    modules.put("LambdaStack", "lambda");
    modules.put("Route53Stack", "route53");
    modules.put("SsmStack", "ssm");
    modules.put("MonitoringStack", "monitoring");
    modules.put("BackupStack", "backup");
    modules.put("NetworkStack", "network");
    assertThat(TEMPLATE.resourceIdsOfType("AWS::CloudFormation::Stack")).containsExactlyInAnyOrderElementsOf(modules.keySet());
    modules.forEach((stack, module) -> {
      String url = TEMPLATE.resource(stack).at("/Properties/TemplateURL").asText();
      assertThat(url).isEqualTo("../../modules/" + module + "/templates/" + module + ".template.json");
      assertThat(FILE.getParent().resolve(url).normalize()).isEqualTo(RepoRoot.moduleTemplate(module)).exists();
    });
  }

  /** Fails unless the vault takes the backup key, a key of its own (C1, docs/adr/0009), not the data key. */
  private static void assertVaultUsesTheBackupKey(Template regional) {
    TemplateAssert.assertThat(regional).hasResource("BackupStack")
        .property("Parameters.KmsKeyArn").isGetAtt("KmsStack", "Outputs.BackupKeyArn");
  }

  @Test
  void vaultKeyCheckFailsWhenTheVaultIsPointedAtTheDataKey(@TempDir Path dir) throws Exception {
    ObjectNode mutated = (ObjectNode) new ObjectMapper().readTree(Files.readString(FILE));
    ((ObjectNode) mutated.at("/Resources/BackupStack/Properties/Parameters")).set("KmsKeyArn", json("""
        {"Fn::GetAtt": ["KmsStack", "Outputs.DataKeyArn"]}"""));
    Path copy = dir.resolve("regional.template.json");
    Files.writeString(copy, mutated.toString());
    assertThatThrownBy(() -> assertVaultUsesTheBackupKey(Template.load(copy)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("BackupStack");
  }

  @Test
  void everyNestedStackEncryptsWithThisRegionsKey() {
    for (String stack : List.of("S3CrrStack", "LambdaStack", "SsmStack", "MonitoringStack")) {
      TemplateAssert.assertThat(TEMPLATE).hasResource(stack)
          .property("Parameters.KmsKeyArn").isGetAtt("KmsStack", "Outputs.DataKeyArn");
    }
    assertVaultUsesTheBackupKey(TEMPLATE);
    TemplateAssert.assertThat(TEMPLATE).hasResource("KmsStack")
        .property("Parameters.KeyAliasName").isRef("KeyAliasName");
  }

  @Test
  void healthCheckAndFailoverRecordUseThisRegionsApiHostAndHealthPath() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("Route53Stack")
        .hasPropertyEqualTo("Parameters.EndpointDomainName", json("""
            {"Fn::GetAtt": ["LambdaStack", "Outputs.HttpApiHealthCheckDomainName"]}"""))
        .hasPropertyEqualTo("Parameters.HealthCheckPath", json("""
            {"Fn::GetAtt": ["LambdaStack", "Outputs.HealthCheckPath"]}"""))
        .hasPropertyEqualTo("Parameters.HostedZoneId", json("""
            {"Ref": "HostedZoneId"}"""))
        .hasPropertyEqualTo("Parameters.RecordName", json("""
            {"Ref": "RecordName"}"""));
  }

  @Test
  void customDomainPassesTheZoneAsExistingZoneAndTheRecordAsTheDomain() {
    Evaluator custom = evaluator(SECONDARY, "SECONDARY", Map.of("UseCustomDomain", "true"));
    assertThat(custom.property("Route53Stack", "Parameters.ExistingHostedZoneId").asText()).isEqualTo("Z0123456789ABCDEFGHIJ");
    assertThat(custom.property("Route53Stack", "Parameters.CustomDomainName").asText()).isEqualTo("api.dr.example.com");
    Evaluator plain = secondary();
    assertThat(plain.property("Route53Stack", "Parameters.ExistingHostedZoneId").asText()).isEmpty();
    assertThat(plain.property("Route53Stack", "Parameters.CustomDomainName").asText()).isEmpty();
  }

  // ---- The API's authorization (issue 9): the same issuer and audiences in both regions, none meaning no value.

  @Test
  void lambdaStackGetsTheIssuerAndAudienceInJwtModeAndEmptyValuesInIamMode() {
    for (Evaluator jwt : List.of(primary(), secondary())) {
      assertThat(jwt.property("LambdaStack", "Parameters.ApiAuthorization").asText()).isEqualTo("JWT");
      assertThat(jwt.property("LambdaStack", "Parameters.JwtIssuer").asText())
          .isEqualTo("https://login.example.com/oauth2/default");
      assertThat(jwt.property("LambdaStack", "Parameters.JwtAudience").asText()).isEqualTo("txn-api");
    }
    Evaluator iam = evaluator(SECONDARY, "SECONDARY", Map.of("ApiAuthorization", "AWS_IAM", "JwtIssuer", "none",
        "JwtAudience", "none"));
    assertThat(iam.failedRules()).isEmpty();
    assertThat(iam.property("LambdaStack", "Parameters.ApiAuthorization").asText()).isEqualTo("AWS_IAM");
    assertThat(iam.property("LambdaStack", "Parameters.JwtIssuer").asText()).isEmpty();
    assertThat(iam.property("LambdaStack", "Parameters.JwtAudience").asText()).isEmpty();
    assertThat(nested(iam, "LambdaStack").failedRules()).isEmpty();
    assertThat(nested(iam, "LambdaStack").exists("HttpApiJwtAuthorizer")).isFalse();
  }

  @Test
  void jwtModeRefusesNoneForTheIssuerOrTheAudience() {
    assertThat(evaluator(PRIMARY, "PRIMARY", Map.of("JwtIssuer", "none")).failedRules()).singleElement().asString()
        .startsWith("ApiAuthorization=JWT (the default) needs the identity provider: set JwtIssuer");
    assertThat(evaluator(PRIMARY, "PRIMARY", Map.of("JwtAudience", "none")).failedRules()).singleElement().asString()
        .startsWith("ApiAuthorization=JWT (the default) needs the accepted audiences: set JwtAudience");
  }

  @Test
  void everyNestedTemplateAcceptsTheValuesPassedToIt() {
    for (Map<String, String> dns : List.of(Map.<String, String>of(), Map.of("UseCustomDomain", "true"))) {
      for (Evaluator parent : List.of(evaluator(SECONDARY, "SECONDARY", dns), evaluator(PRIMARY, "PRIMARY", dns))) {
        for (String stack : parent.existingResourcesOfType("AWS::CloudFormation::Stack")) {
          Evaluator child = nested(parent, stack);
          assertThat(child.failedRules()).as("%s in %s with %s", stack, parent.region(), dns).isEmpty();
        }
      }
    }
  }

  @Test
  void secondaryMonitoringWatchesItsOwnApiHealthCheckAndOrchestratorAlias() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("MonitoringStack").hasCondition("IsSecondaryRole")
        .hasPropertyEqualTo("Parameters.HttpApiId", json("""
            {"Fn::GetAtt": ["LambdaStack", "Outputs.HttpApiId"]}"""))
        .hasPropertyEqualTo("Parameters.FailoverOrchestratorArn", json("""
            {"Fn::GetAtt": ["LambdaStack", "Outputs.FailoverOrchestratorLiveAliasArn"]}"""))
        .hasPropertyEqualTo("Parameters.SecondaryHealthCheckId", json("""
            {"Fn::GetAtt": ["Route53Stack", "Outputs.ApiHealthCheckId"]}"""))
        .doesNotHaveProperty("Parameters.PrimaryHealthCheckId")
        .hasPropertyEqualTo("Parameters.AlertEmail", json("""
            {"Ref": "AlertEmail"}"""));
  }

  private static final List<String> LEASE_PARAMETERS = List.of("FenceShards", "LeaseSeconds", "LeaseRenewSeconds",
      "MaxClockErrorMillis", "HeartbeatStaleSeconds", "AutoTakeover", "SuspenseAccount");
  private static final Template LAMBDA = Template.ofModule("lambda");

  @Test
  void leaseSettingsReachTheFunctionsWithTheLambdaModulesDefinitionsAndRules() {
    for (String parameter : LEASE_PARAMETERS) {
      TemplateAssert.assertThat(TEMPLATE).hasResource("LambdaStack")
          .hasPropertyEqualTo("Parameters." + parameter, Map.of("Ref", parameter));
      TemplateAssert.assertThat(TEMPLATE).hasParameter(parameter)
          .isEqualTo(LAMBDA.root().path("Parameters").path(parameter));
    }
    for (String rule : List.of("LeaseCoversThreeRenewals", "HeartbeatAllowsTwoRenewals")) {
      TemplateAssert.assertThat(TEMPLATE).hasRule(rule).isEqualTo(LAMBDA.root().path("Rules").path(rule));
    }
  }

  /** The lambda module's capacity parameters the root stack sets for both regions (docs/adr/0015 for Health*). */
  private static final List<String> CAPACITY_PARAMETERS = List.of("ReservedConcurrency",
      "OrchestratorReservedConcurrency", "HealthReservedConcurrency", "ApiThrottlingRateLimit",
      "ApiThrottlingBurstLimit", "HealthThrottlingRateLimit", "HealthThrottlingBurstLimit");

  @Test
  void capacitySettingsReachTheLambdaModuleWithItsDefinitions() {
    for (String parameter : CAPACITY_PARAMETERS) {
      TemplateAssert.assertThat(TEMPLATE).hasResource("LambdaStack")
          .hasPropertyEqualTo("Parameters." + parameter, Map.of("Ref", parameter));
      TemplateAssert.assertThat(TEMPLATE).hasParameter(parameter)
          .isEqualTo(LAMBDA.root().path("Parameters").path(parameter));
    }
    Evaluator lambda = nested(evaluator(SECONDARY, "SECONDARY", Map.of("HealthReservedConcurrency", "200",
        "HealthThrottlingRateLimit", "20", "HealthThrottlingBurstLimit", "40")), "LambdaStack");
    assertThat(lambda.property("HealthFunction", "ReservedConcurrentExecutions").asText()).isEqualTo("200");
    JsonNode health = lambda.property("HttpApiStage", "RouteSettings").path("GET /health");
    assertThat(health.path("ThrottlingRateLimit").asText()).isEqualTo("20");
    assertThat(health.path("ThrottlingBurstLimit").asText()).isEqualTo("40");
  }

  @Test
  void secondaryMonitoringSchedulesThisRegionsKeeperAndReconciler() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("MonitoringStack")
        .hasPropertyEqualTo("Parameters.LeaseKeeperArn", json("""
            {"Fn::GetAtt": ["LambdaStack", "Outputs.LeaseKeeperFunctionArn"]}"""))
        .hasPropertyEqualTo("Parameters.ReconcilerArn", json("""
            {"Fn::GetAtt": ["LambdaStack", "Outputs.ReconcilerFunctionArn"]}"""));
    TemplateAssert.assertThat(TEMPLATE).hasOutput("LeaseKeeperFunctionArn").at("Value")
        .isGetAtt("LambdaStack", "Outputs.LeaseKeeperFunctionArn");
    TemplateAssert.assertThat(TEMPLATE).hasOutput("ReconcilerFunctionArn").at("Value")
        .isGetAtt("LambdaStack", "Outputs.ReconcilerFunctionArn");
  }

  @Test
  void backupVaultIsCreatedAfterTheAlertTopicItNotifies() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("BackupStack").hasCondition("IsSecondaryRole")
        .dependsOn("MonitoringStack");
  }

  @Test
  void configurationPublishesWhatTheRootStackReadsFromTheSecondary() {
    Evaluator secondary = secondary();
    assertThat(secondary.property("SsmStack", "Parameters.ApiEndpoint").asText())
        .isEqualTo("{{LambdaStack.Outputs.HttpApiEndpoint}}");
    assertThat(secondary.property("SsmStack", "Parameters.HealthCheckId").asText())
        .isEqualTo("{{Route53Stack.Outputs.ApiHealthCheckId}}");
    assertThat(secondary.property("SsmStack", "Parameters.KmsKeyArn").asText())
        .isEqualTo("{{KmsStack.Outputs.DataKeyArn}}");
    assertThat(secondary.property("SsmStack", "Parameters.DocumentBucketName").asText())
        .isEqualTo("{{S3CrrStack.Outputs.DocumentBucketName}}");
    assertThat(secondary.property("SsmStack", "Parameters.TableName").asText()).isEqualTo("txn-dr-prod-transactions");
    assertThat(secondary.property("SsmStack", "Parameters.AlertTopicArn").asText())
        .isEqualTo("arn:aws:sns:us-west-2:123456789012:txn-dr-prod-alerts");
  }

  @Test
  void failbackSwitchReachesReplicationAndLogShipping() {
    for (String stack : List.of("S3CrrStack", "MonitoringStack")) {
      TemplateAssert.assertThat(TEMPLATE).hasResource(stack)
          .property("Parameters.PeerRegionDeployed").isRef("PeerRegionDeployed");
    }
    TemplateAssert.assertThat(TEMPLATE).at("Parameters.PeerRegionDeployed.Default").isEqualTo("false");
  }

  @Test
  void codeComesFromThisRegionsArtifactBucket() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("LambdaStack")
        .hasPropertyEqualTo("Parameters.ArtifactBucketPrefix", json("""
            {"Ref": "ArtifactBucketPrefix"}"""))
        .hasPropertyEqualTo("Parameters.LambdaCodeKey", json("""
            {"Ref": "LambdaCodeKey"}"""));
    TemplateAssert.assertThat(TEMPLATE).at("Parameters.ArtifactKeyPrefix.Default").isEqualTo("transaction-dr/");
    assertThat(secondary().output("ArtifactLocation").asText())
        .isEqualTo("s3://txn-dr-prod-artifacts-123456789012-us-west-2/transaction-dr/");
  }

  private static final Map<String, String> EXISTING = Map.of("NetworkMode", "existing",
      "ExistingPrimaryVpcId", "vpc-0a0a0a0a0a0a0a0a0", "ExistingPrimarySubnetIds", "subnet-0a0a0a0a0a0a0a0a1,subnet-0a0a0a0a0a0a0a0a2",
      "ExistingPrimarySecurityGroupId", "sg-0a0a0a0a0a0a0a0a0", "ExistingSecondaryVpcId", "vpc-0b0b0b0b0b0b0b0b0",
      "ExistingSecondarySubnetIds", "subnet-0b0b0b0b0b0b0b0b1,subnet-0b0b0b0b0b0b0b0b2",
      "ExistingSecondarySecurityGroupId", "sg-0b0b0b0b0b0b0b0b0");

  @Test
  void networkModeDefaultsToCreateWhichNestsTheNetworkModuleInBothRegions() {
    TemplateAssert.assertThat(TEMPLATE).at("Parameters.NetworkMode.AllowedValues")
        .isEqualTo(List.of("create", "existing", "none"));
    TemplateAssert.assertThat(TEMPLATE).at("Parameters.NetworkMode.Default").isEqualTo("create");
    assertThat(primary().exists("NetworkStack")).isTrue();
    assertThat(secondary().exists("NetworkStack")).isTrue();
    TemplateAssert.assertThat(TEMPLATE).hasResource("NetworkStack").property("Parameters.KmsKeyArn")
        .isGetAtt("KmsStack", "Outputs.DataKeyArn");
    TemplateAssert.assertThat(TEMPLATE).hasResource("NetworkStack").property("Parameters.FlowLogRetentionInDays")
        .isRef("LogRetentionInDays");
  }

  @Test
  void createdNetworkGivesTheProcessorItsSubnetsAndSecurityGroupAndSsmItsIds() {
    Evaluator secondary = secondary();
    assertThat(secondary.property("LambdaStack", "Parameters.VpcSubnetIds").asText())
        .isEqualTo("{{NetworkStack.Outputs.PrivateSubnetIds}}");
    assertThat(secondary.property("LambdaStack", "Parameters.VpcSecurityGroupId").asText())
        .isEqualTo("{{NetworkStack.Outputs.FunctionSecurityGroupId}}");
    assertThat(secondary.property("SsmStack", "Parameters.VpcId").asText()).isEqualTo("{{NetworkStack.Outputs.VpcId}}");
    assertThat(secondary.property("SsmStack", "Parameters.PrivateRouteTableId").asText())
        .isEqualTo("{{NetworkStack.Outputs.PrivateRouteTableId}}");
  }

  @Test
  void existingNetworkGivesEachRegionsProcessorThatRegionsSubnetsAndCreatesNoNetwork() {
    Evaluator primary = evaluator(PRIMARY, "PRIMARY", EXISTING);
    Evaluator secondary = evaluator(SECONDARY, "SECONDARY", EXISTING);
    assertThat(primary.failedRules()).isEmpty();
    assertThat(primary.exists("NetworkStack") || secondary.exists("NetworkStack")).isFalse();
    assertThat(primary.property("LambdaStack", "Parameters.VpcSubnetIds").asText())
        .isEqualTo("subnet-0a0a0a0a0a0a0a0a1,subnet-0a0a0a0a0a0a0a0a2");
    assertThat(secondary.property("LambdaStack", "Parameters.VpcSecurityGroupId").asText()).isEqualTo("sg-0b0b0b0b0b0b0b0b0");
    assertThat(secondary.output("VpcId").asText()).isEqualTo("vpc-0b0b0b0b0b0b0b0b0");
    assertThat(primary.property("SsmStack", "Parameters.VpcId").asText()).as("no peering in existing mode").isEmpty();
  }

  @Test
  void networkModeNoneKeepsTheProcessorOutsideAnyVpc() {
    Evaluator none = evaluator(SECONDARY, "SECONDARY", Map.of("NetworkMode", "none"));
    assertThat(none.exists("NetworkStack")).isFalse();
    assertThat(none.property("LambdaStack", "Parameters.VpcSubnetIds").asText()).isEmpty();
    assertThat(none.property("LambdaStack", "Parameters.VpcSecurityGroupId").asText()).isEmpty();
    assertThat(none.output("VpcId").isMissingNode()).isTrue();
  }

  @Test
  void existingModeNeedsBothRegionsVpcSubnetsAndSecurityGroup() {
    Map<String, String> missing = new HashMap<>(EXISTING);
    missing.put("ExistingSecondarySecurityGroupId", "none");
    assertThat(evaluator(PRIMARY, "PRIMARY", missing).failedRules()).containsExactly(
        "NetworkMode existing needs ExistingSecondarySecurityGroupId: the processor's security group in the secondary region.");
  }

  @Test
  void createdNetworksMustUseDifferentRanges() {
    assertThat(evaluator(PRIMARY, "PRIMARY", Map.of("SecondaryVpcCidr", "10.10.0.0/16")).failedRules()).hasSize(1)
        .allMatch(m -> m.startsWith("PrimaryVpcCidr and SecondaryVpcCidr must differ"));
    assertThat(evaluator(PRIMARY, "PRIMARY", Map.of("SecondaryVpcCidr", "10.10.0.0/16", "NetworkMode", "none"))
        .failedRules()).isEmpty();
  }

  @Test
  void noParameterDefaultsToAnEmptyValueThatAStackSetWouldReject() {
    TEMPLATE.section("Parameters").fields().forEachRemaining(p ->
        assertThat(p.getValue().path("Default").asText("absent")).as(p.getKey()).isNotEmpty());
  }

  @Test
  void outputsGiveTheRootStackThePrimarysValues() {
    Evaluator primary = primary();
    assertThat(primary.output("DataKeyArn").asText()).isEqualTo("{{KmsStack.Outputs.DataKeyArn}}");
    assertThat(primary.output("DocumentBucketName").asText()).isEqualTo("{{S3CrrStack.Outputs.DocumentBucketName}}");
    assertThat(primary.output("HttpApiId").asText()).isEqualTo("{{LambdaStack.Outputs.HttpApiId}}");
    assertThat(primary.output("HttpApiEndpoint").asText()).isEqualTo("{{LambdaStack.Outputs.HttpApiEndpoint}}");
    assertThat(primary.output("FailoverOrchestratorLiveAliasArn").asText())
        .isEqualTo("{{LambdaStack.Outputs.FailoverOrchestratorLiveAliasArn}}");
    assertThat(primary.output("ApiHealthCheckId").asText()).isEqualTo("{{Route53Stack.Outputs.ApiHealthCheckId}}");
    assertThat(primary.output("BackupVaultArn").isMissingNode()).isTrue();
    assertThat(secondary().output("BackupVaultArn").asText()).isEqualTo("{{BackupStack.Outputs.BackupVaultArn}}");
  }

  @Test
  void nestedTemplatesCreateNoIamResourcesAndUseNoMacrosSoTheStackSetNeedsNoCapabilities() {
    for (String stack : TEMPLATE.resourceIdsOfType("AWS::CloudFormation::Stack")) {
      Template child = Template.load(FILE.getParent().resolve(
          TEMPLATE.resource(stack).at("/Properties/TemplateURL").asText()).normalize());
      assertThat(child.root().has("Transform")).as(child.name()).isFalse();
      child.resources().forEach((id, r) ->
          assertThat(r.path("Type").asText()).as(child.name() + " " + id).doesNotStartWith("AWS::IAM::"));
    }
  }

  @Test
  void consoleGroupsAndLabelsEveryParameterOnce() {
    JsonNode groups = TEMPLATE.root().at("/Metadata/AWS::CloudFormation::Interface/ParameterGroups");
    List<String> grouped = new ArrayList<>();
    groups.forEach(g -> g.path("Parameters").forEach(p -> grouped.add(p.asText())));
    List<String> declared = new ArrayList<>();
    TEMPLATE.section("Parameters").fieldNames().forEachRemaining(declared::add);
    assertThat(grouped).containsExactlyInAnyOrderElementsOf(declared);
    JsonNode labels = TEMPLATE.root().at("/Metadata/AWS::CloudFormation::Interface/ParameterLabels");
    declared.forEach(p -> assertThat(labels.path(p).path("default").asText()).as(p).isNotBlank());
  }

  /** The nested stack's template, evaluated with the values its parent passes (outputs stay symbolic). */
  private static Evaluator nested(Evaluator parent, String stack) {
    Path file = FILE.getParent().resolve(TEMPLATE.resource(stack).at("/Properties/TemplateURL").asText()).normalize();
    assertThat(file).as("template of " + stack).exists();
    Map<String, JsonNode> values = new HashMap<>();
    parent.property(stack, "Parameters").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
    return Evaluator.of(Template.load(file), parent.region(), values);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
