package com.example.txndr.root;

import static com.example.txndr.template.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.Evaluator;
import com.example.txndr.template.Intrinsics;
import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RootTemplateTest {
  private static final Path FILE = RepoRoot.find().resolve("root-stack/templates/root.template.json");
  private static final Template TEMPLATE = Template.load(FILE);
  private static final Path REGIONAL_FILE = RepoRoot.find().resolve("stacksets/templates/regional.template.json");
  private static final Template REGIONAL = Template.load(REGIONAL_FILE);

  private static final String PRIMARY = "us-east-1";
  private static final String SECONDARY = "us-west-2";

  /** The parameters a user must give (packaging sets LambdaCodeKey's default). */
  private static final Map<String, String> REQUIRED = Map.of(
      "ArtifactBucketPrefix", "txn-dr-prod-artifacts-123456789012",
      "LambdaCodeKey", "transaction-dr/lambda/lambda-0123abcd.jar",
      "HostedZoneName", "dr.example.com",
      "AlertEmail", "ops@example.com",
      // prod (the default environment) requires the deployers to be named (rule ProductionNamesDeployers).
      "DeployerPrincipalArns", "arn:aws:iam::123456789012:role/txn-dr-deployer",
      // JWT, the default authorization, needs the identity provider (rule JwtAuthorizationNeedsIssuerAndAudience).
      "JwtIssuer", "https://login.example.com/oauth2/default",
      "JwtAudience", "txn-api");
  private static final Map<String, String> EXISTING_ZONE = Map.of("ExistingHostedZoneId", "Z0EXISTINGZONE1");

  private static Evaluator root(Map<String, String> more) {
    Map<String, String> values = new HashMap<>(REQUIRED);
    values.putAll(more);
    return Evaluator.of(TEMPLATE, PRIMARY, values);
  }

  @Test
  void deploymentOrderIsIamAndZoneThenSecondaryThenPrimaryThenTableThenPeerValuesThenMonitoringAndBackup() {
    assertThat(after("SecondaryStackSet", "IamStack")).isTrue();
    assertThat(after("SecondaryStackSet", "Route53Stack")).isTrue();
    assertThat(after("PrimaryRegionalStack", "SecondaryStackSet")).isTrue();
    assertThat(after("DynamoDbGlobalStack", "PrimaryRegionalStack")).isTrue();
    assertThat(after("PeerValues", "DynamoDbGlobalStack")).isTrue();
    assertThat(after("PeerValues", "SecondaryStackSet")).isTrue();
    assertThat(after("MonitoringStack", "PeerValues")).isTrue();
    assertThat(after("BackupStack", "DynamoDbGlobalStack")).isTrue();
    assertThat(after("BackupStack", "MonitoringStack")).isTrue();
    assertThat(after("SecondaryStackSet", "PrimaryRegionalStack")).isFalse();
  }

  @Test
  void stackSetDeploysTheRegionalTemplateToTheSecondaryRegionOfThisAccountOnly() {
    assertThat(TEMPLATE.resourceIdsOfType("AWS::CloudFormation::StackSet"))
        .as("the regional StackSet and the peering's accepter side").containsExactly("SecondaryStackSet",
            "SecondaryPeeringStackSet");
    String url = TEMPLATE.resource("SecondaryStackSet").at("/Properties/TemplateURL").asText();
    assertThat(url).isEqualTo("../../stacksets/templates/regional.template.json");
    assertThat(FILE.getParent().resolve(url).normalize()).isEqualTo(REGIONAL_FILE);
    Evaluator root = root(Map.of());
    assertThat(root.property("SecondaryStackSet", "StackInstancesGroup")).isEqualTo(json("""
        [{"DeploymentTargets": {"Accounts": ["123456789012"]}, "Regions": ["us-west-2"]}]"""));
  }

  @Test
  void stackSetIsSelfManagedWithTheRolesTheBootstrapMadeBeforeTheRootStack() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("SecondaryStackSet")
        .hasPropertyEqualTo("PermissionModel", "SELF_MANAGED")
        .hasPropertyEqualTo("CallAs", "SELF")
        .dependsOn("IamStack")
        .doesNotHaveProperty("Capabilities");
    Evaluator root = root(Map.of());
    assertThat(root.property("SecondaryStackSet", "AdministrationRoleARN").asText())
        .isEqualTo("arn:aws:iam::123456789012:role/txn-dr-prod-stackset-administration");
    assertThat(root.property("SecondaryStackSet", "ExecutionRoleName").asText()).isEqualTo("txn-dr-prod-stackset-execution");
    TemplateAssert.assertThat(TEMPLATE).hasResource("IamStack")
        .hasPropertyEqualTo("TemplateURL", "../../modules/iam/templates/iam.template.json");
  }

  @Test
  void stackSetToleratesNoFailureAndDeploysOneRegionAtATime() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("SecondaryStackSet")
        .hasProperty("OperationPreferences", Map.of(
            "FailureToleranceCount", 0, "MaxConcurrentCount", 1, "RegionConcurrencyType", "SEQUENTIAL"));
  }

  @Test
  void stackSetPassesEveryRegionalParameterWithRoleSecondaryAndNoEmptyValue() {
    for (Map<String, String> zone : List.of(Map.<String, String>of(), EXISTING_ZONE)) {
      Map<String, String> passed = stackSetParameters(root(zone));
      assertThat(passed.keySet()).containsExactlyInAnyOrderElementsOf(parameterNames(REGIONAL));
      assertThat(passed).containsEntry("RegionRole", "SECONDARY");
      passed.forEach((k, v) -> assertThat(v).as(k).isNotEmpty());
    }
  }

  @Test
  void primaryRegionalStackPassesTheSameValuesWithRolePrimary() {
    Evaluator root = root(Map.of());
    Map<String, String> secondary = stackSetParameters(root);
    Map<String, String> primary = new LinkedHashMap<>();
    root.property("PrimaryRegionalStack", "Parameters").fields()
        .forEachRemaining(e -> primary.put(e.getKey(), e.getValue().asText()));
    assertThat(primary).containsEntry("RegionRole", "PRIMARY");
    secondary.put("RegionRole", "PRIMARY");
    assertThat(primary).isEqualTo(secondary);
    TemplateAssert.assertThat(TEMPLATE).hasResource("PrimaryRegionalStack")
        .hasPropertyEqualTo("TemplateURL", "../../stacksets/templates/regional.template.json")
        .dependsOn("SecondaryStackSet");
  }

  @Test
  void bothRegionsGetTheCreatedZoneOrTheExistingOneAndTheSameRecordName() {
    Map<String, String> created = stackSetParameters(root(Map.of()));
    assertThat(created).containsEntry("HostedZoneId", "{{Route53Stack.Outputs.HostedZoneId}}")
        .containsEntry("RecordName", "api.dr.example.com");
    Map<String, String> existing = stackSetParameters(root(EXISTING_ZONE));
    assertThat(existing).containsEntry("HostedZoneId", "Z0EXISTINGZONE1");
    assertThat(root(EXISTING_ZONE).property("PrimaryRegionalStack", "Parameters.HostedZoneId").asText())
        .isEqualTo("Z0EXISTINGZONE1");
  }

  @Test
  void zoneIsCreatedOnlyWithoutAnExistingZone() {
    assertThat(root(Map.of()).exists("Route53Stack")).isTrue();
    assertThat(root(Map.of()).output("HostedZoneNameServers").asText()).isEqualTo("{{Route53Stack.Outputs.HostedZoneNameServers}}");
    assertThat(root(EXISTING_ZONE).exists("Route53Stack")).isFalse();
    assertThat(root(EXISTING_ZONE).output("HostedZoneNameServers").isMissingNode()).isTrue();
    assertThat(root(EXISTING_ZONE).output("HostedZoneId").asText()).isEqualTo("Z0EXISTINGZONE1");
  }

  @Test
  void rulesRejectEqualRegionsAWrongRegionAndACustomDomainWithoutADelegatedZone() {
    assertThat(root(Map.of()).failedRules()).isEmpty();
    assertThat(root(Map.of("SecondaryRegion", PRIMARY)).failedRules()).containsExactly(
        "PrimaryRegion and SecondaryRegion must differ: set one to us-east-1 and the other to us-west-2.");
    Map<String, String> values = new HashMap<>(REQUIRED);
    assertThat(Evaluator.of(TEMPLATE, SECONDARY, values).failedRules()).containsExactly(
        "Deploy the root stack in PrimaryRegion (us-east-1 by default): it creates the global IAM roles, the table and the StackSet there. Create the stack in that region, or set PrimaryRegion to the stack's region.");
    assertThat(root(Map.of("UseCustomDomain", "true")).failedRules()).containsExactly(
        "UseCustomDomain=true needs ExistingHostedZoneId: ACM validates each region's certificate through a zone that is already delegated, which a zone created in the same deployment is not. Set ExistingHostedZoneId to your delegated zone named HostedZoneName, or set UseCustomDomain to false.");
    assertThat(root(Map.of("UseCustomDomain", "true", "ExistingHostedZoneId", "Z0EXISTINGZONE1")).failedRules()).isEmpty();
  }

  @Test
  void productionRefusesAnUnnamedDeployerAndAnUnlockedVault() {
    assertThat(root(Map.of("DeployerPrincipalArns", "none")).failedRules()).singleElement().asString()
        .startsWith("In prod DeployerPrincipalArns must name the roles or users that deploy this stack");
    assertThat(root(Map.of("VaultLockMode", "none")).failedRules()).singleElement().asString()
        .startsWith("In prod the backup vaults must be locked");
    assertThat(root(Map.of("EnvironmentName", "staging", "DeployerPrincipalArns", "none", "VaultLockMode", "none",
        "WarmWriteUnitsPerSecond", "4000", "WarmReadUnitsPerSecond", "12000")).failedRules()).isEmpty();
  }

  // ---- The failover endpoint (issue 9): the custom domain as the production path, and the API's authorization.

  private static final String PRODUCTION_CUSTOM_DOMAIN = "In prod clients call the failover name over HTTPS, which only "
      + "the API Gateway custom domain serves with a valid certificate: with ExistingHostedZoneId set (a delegated zone), "
      + "set UseCustomDomain to true. A prod deploy that creates its zone (ExistingHostedZoneId empty) is step one of "
      + "two: delegate the zone from its parent (output HostedZoneNameServers), then update the stack with "
      + "ExistingHostedZoneId set to that zone (output HostedZoneId) and UseCustomDomain=true.";

  @Test
  void productionWithADelegatedZoneIsRefusedWithoutTheCustomDomain() {
    assertThat(root(EXISTING_ZONE).failedRules()).containsExactly(PRODUCTION_CUSTOM_DOMAIN);
    assertThat(root(Map.of("ExistingHostedZoneId", "Z0EXISTINGZONE1", "UseCustomDomain", "true")).failedRules())
        .isEmpty();
    assertThat(root(Map.of("ExistingHostedZoneId", "Z0EXISTINGZONE1", "EnvironmentName", "staging")).failedRules())
        .as("outside prod the execute-api CNAME is allowed").isEmpty();
  }

  /** A new zone in prod: deploy creating it (step one), delegate it, update with it and the custom domain (step two). */
  @Test
  void productionWithANewZoneTakesTwoStepsAndKeepsTheZone() {
    Evaluator stepOne = root(Map.of());
    assertThat(stepOne.failedRules()).isEmpty();
    assertThat(stepOne.exists("Route53Stack")).isTrue();
    assertThat(stepOne.output("HostedZoneId").asText()).isEqualTo("{{Route53Stack.Outputs.HostedZoneId}}");
    assertThat(stepOne.output("HostedZoneNameServers").asText())
        .isEqualTo("{{Route53Stack.Outputs.HostedZoneNameServers}}");
    assertThat(root(Map.of("UseCustomDomain", "true")).failedRules()).as("the new zone is not delegated yet")
        .isNotEmpty();

    Evaluator stepTwo = root(Map.of("ExistingHostedZoneId", "Z0EXISTINGZONE1", "UseCustomDomain", "true"));
    assertThat(stepTwo.failedRules()).isEmpty();
    assertThat(stepTwo.exists("Route53Stack")).as("the zone stack leaves the root").isFalse();
    assertThat(stackSetParameters(stepTwo)).containsEntry("HostedZoneId", "Z0EXISTINGZONE1")
        .containsEntry("UseCustomDomain", "true");
    TemplateAssert.assertThat(TEMPLATE).hasResource("Route53Stack").hasPropertyEqualTo("TemplateURL",
        "../../modules/route53/templates/route53.template.json");
    assertThat(TEMPLATE.resource("Route53Stack").path("DeletionPolicy").asText()).isEqualTo("Retain");
    assertThat(Template.ofModule("route53").resource("HostedZone").path("DeletionPolicy").asText())
        .as("the zone clients' resolvers were delegated to stays").isEqualTo("Retain");
  }

  @Test
  void jwtModeNeedsTheIssuerAndAudienceWhichBothRegionsGetAlike() {
    assertThat(TEMPLATE.root().at("/Parameters/ApiAuthorization/Default").asText()).isEqualTo("JWT");
    assertThat(root(Map.of("JwtIssuer", "none")).failedRules()).singleElement().asString()
        .startsWith("ApiAuthorization=JWT (the default) needs the identity provider: set JwtIssuer");
    assertThat(root(Map.of("JwtAudience", "none")).failedRules()).singleElement().asString()
        .startsWith("ApiAuthorization=JWT (the default) needs the accepted audiences: set JwtAudience");
    assertThat(root(Map.of("ApiAuthorization", "AWS_IAM", "JwtIssuer", "none", "JwtAudience", "none")).failedRules())
        .isEmpty();
    Evaluator root = root(Map.of());
    Map<String, String> secondary = stackSetParameters(root);
    assertThat(secondary).containsEntry("ApiAuthorization", "JWT")
        .containsEntry("JwtIssuer", "https://login.example.com/oauth2/default")
        .containsEntry("JwtAudience", "txn-api");
    for (String parameter : List.of("ApiAuthorization", "JwtIssuer", "JwtAudience")) {
      assertThat(root.property("PrimaryRegionalStack", "Parameters." + parameter).asText()).as(parameter)
          .isEqualTo(secondary.get(parameter));
    }
  }

  @Test
  void jwtRuleSaysTheSameInTheRootTheRegionalTemplateAndTheLambdaModule() {
    String rule = "JwtAuthorizationNeedsIssuerAndAudience";
    TemplateAssert.assertThat(TEMPLATE).hasRule(rule).isEqualTo(REGIONAL.root().path("Rules").path(rule));
    List<String> lambda = new ArrayList<>();
    Template.ofModule("lambda").root().path("Rules").path(rule).path("Assertions")
        .forEach(a -> lambda.add(a.path("AssertDescription").asText()));
    List<String> here = new ArrayList<>();
    TEMPLATE.root().path("Rules").path(rule).path("Assertions").forEach(a -> here.add(a.path("AssertDescription").asText()));
    assertThat(here).isEqualTo(lambda).hasSize(2);
  }

  @Test
  void everyNestedTemplateAcceptsTheValuesPassedToIt() {
    for (Map<String, String> more : List.of(Map.<String, String>of(), EXISTING_ZONE,
        Map.of("UseCustomDomain", "true", "ExistingHostedZoneId", "Z0EXISTINGZONE1"))) {
      Evaluator root = root(more);
      for (String stack : root.existingResourcesOfType("AWS::CloudFormation::Stack")) {
        assertThat(nested(root, stack).failedRules()).as("%s with %s", stack, more).isEmpty();
      }
      Evaluator secondary = Evaluator.of(REGIONAL, SECONDARY, stackSetParameters(root));
      assertThat(secondary.failedRules()).as("StackSet instance with %s", more).isEmpty();
    }
  }

  @Test
  void peerValuesReadsTheSecondaryAndWritesThePrimarysEndpointThere() {
    Evaluator root = root(Map.of());
    TemplateAssert.assertThat(TEMPLATE).hasResource("PeerValues", "Custom::PeerRegionValues")
        .hasPropertyEqualTo("ServiceToken", json("""
            {"Fn::GetAtt": ["PeerValuesFunction", "Arn"]}"""));
    assertThat(root.property("PeerValues", "Region").asText()).isEqualTo(SECONDARY);
    assertThat(root.property("PeerValues", "ParameterPrefix").asText()).isEqualTo("/txn-dr/prod");
    assertThat(root.property("PeerValues", "Read")).isEqualTo(json("""
        ["api-endpoint", "health-check-id", "kms-key-arn", "alert-topic-arn", "document-bucket"]"""));
    assertThat(root.property("PeerValues", "Write.api-endpoint").asText())
        .isEqualTo("{{PrimaryRegionalStack.Outputs.HttpApiEndpoint}}");
  }

  /** IAM's default quota for a role's trust policy (characters, without whitespace). */
  private static final int TRUST_POLICY_QUOTA = 2048;

  private static String operators(int count) {
    List<String> arns = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      arns.add("arn:aws-us-gov:iam::123456789012:role/" + String.valueOf((char) ('a' + i)).repeat(64));
    }
    return String.join(",", arns);
  }

  @Test
  void operatorPrincipalsTheParameterAllowsKeepTheDrRolesTrustPoliciesUnderTheirQuota() {
    String pattern = TEMPLATE.root().at("/Parameters/OperatorPrincipalArns/AllowedPattern").asText();
    String most = operators(10);
    assertThat(most).matches(pattern);
    Template iam = Template.load(RepoRoot.find().resolve("modules/iam/templates/iam.template.json"));
    for (String role : List.of("DrObserverRole", "DrOperatorRole")) {
      JsonNode trust = Evaluator.of(iam, PRIMARY, Map.of("OperatorPrincipalArns", most))
          .property(role, "AssumeRolePolicyDocument");
      assertThat(trust.path("Statement").get(0).path("Principal").path("AWS")).hasSize(10);
      assertThat(trust.toString().length()).as("%s trust policy with 10 of the longest ARNs", role)
          .isLessThanOrEqualTo(TRUST_POLICY_QUOTA);
    }
  }

  @Test
  void moreOperatorPrincipalsThanTheTrustPolicyCanHoldAreRejectedBeforeDeploying() {
    String pattern = TEMPLATE.root().at("/Parameters/OperatorPrincipalArns/AllowedPattern").asText();
    assertThat(operators(11)).doesNotMatch(pattern);
    assertThat("arn:aws:iam::123456789012:role/ops/with-path").doesNotMatch(pattern);
    assertThat("").matches(pattern);
    assertThat("arn:aws:iam::123456789012:role/dr-operator,arn:aws:iam::123456789012:user/alice").matches(pattern);
  }

  @Test
  void peerValuesTimesOutAfterMinutesRatherThanTheDefaultHour() {
    Evaluator root = root(Map.of());
    List<String> resources = TEMPLATE.resourceIdsOfType("Custom::PeerRegionValues");
    assertThat(resources).contains("PeerValues", "PeerNetworkValues");
    for (String id : resources) {
      int serviceTimeout = root.property(id, "ServiceTimeout").asInt();
      assertThat(serviceTimeout).as(id + ".Properties.ServiceTimeout (seconds, 1-3600; default 3600)")
          .isEqualTo(300)
          .isGreaterThan(root.property("PeerValuesFunction", "Timeout").asInt());
    }
  }

  @Test
  void peerValuesFunctionRunsTheLambdaJarWithItsOwnRoleKeyAndLogGroup() {
    Evaluator root = root(Map.of());
    TemplateAssert.assertThat(TEMPLATE).hasResource("PeerValuesFunction", "AWS::Lambda::Function")
        .hasPropertyEqualTo("Handler", "com.example.txndr.lambda.peer.PeerRegionValuesHandler::handleRequest")
        .hasPropertyEqualTo("Runtime", "java21")
        .hasPropertyEqualTo("Role", json("""
            {"Fn::GetAtt": ["IamStack", "Outputs.PeerValuesExecutionRoleArn"]}"""))
        .hasPropertyEqualTo("KmsKeyArn", json("""
            {"Fn::GetAtt": ["PrimaryRegionalStack", "Outputs.DataKeyArn"]}"""))
        .hasPropertyEqualTo("LoggingConfig.LogGroup", json("""
            {"Ref": "PeerValuesLogGroup"}"""));
    assertThat(root.property("PeerValuesFunction", "FunctionName").asText()).isEqualTo("txn-dr-prod-peer-values");
    assertThat(root.property("PeerValuesFunction", "Code.S3Bucket").asText())
        .isEqualTo("txn-dr-prod-artifacts-123456789012-us-east-1");
    assertThat(root.property("PeerValuesFunction", "Code.S3Key").asText()).isEqualTo(REQUIRED.get("LambdaCodeKey"));
    assertThat(root.property("PeerValuesFunction", "ReservedConcurrentExecutions").asInt()).isGreaterThanOrEqualTo(100);
    assertThat(root.property("PeerValuesLogGroup", "LogGroupName").asText()).isEqualTo("/aws/lambda/txn-dr-prod-peer-values");
    TemplateAssert.assertThat(TEMPLATE).hasResource("PeerValuesLogGroup")
        .hasPropertyEqualTo("KmsKeyId", json("""
            {"Fn::GetAtt": ["PrimaryRegionalStack", "Outputs.DataKeyArn"]}"""))
        .hasPropertyEqualTo("RetentionInDays", json("""
            {"Ref": "LogRetentionInDays"}"""));
  }

  @Test
  void primaryMonitoringWatchesBothHealthChecksAndChartsThePeerApi() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("MonitoringStack")
        .hasPropertyEqualTo("Parameters.PrimaryHealthCheckId", json("""
            {"Fn::GetAtt": ["PrimaryRegionalStack", "Outputs.ApiHealthCheckId"]}"""))
        .hasPropertyEqualTo("Parameters.SecondaryHealthCheckId", json("""
            {"Fn::GetAtt": ["PeerValues", "HealthCheckId"]}"""))
        .hasPropertyEqualTo("Parameters.HttpApiId", json("""
            {"Fn::GetAtt": ["PrimaryRegionalStack", "Outputs.HttpApiId"]}"""));
    JsonNode expression = TEMPLATE.resource("MonitoringStack").at("/Properties/Parameters/PeerHttpApiId").deepCopy();
    JsonNode withEndpoint = replaceGetAtt(expression, "PeerValues",
        "https://x9y8z7w6v5.execute-api.us-west-2.amazonaws.com");
    assertThat(root(Map.of()).resolve(withEndpoint, "PeerHttpApiId").asText()).isEqualTo("x9y8z7w6v5");
  }

  private static final List<String> LEASE_PARAMETERS = List.of("FenceShards", "LeaseSeconds", "LeaseRenewSeconds",
      "MaxClockErrorMillis", "HeartbeatStaleSeconds", "AutoTakeover", "SuspenseAccount");

  @Test
  void witnessRegionAndJournalWarmThroughputReachTheGlobalTables() {
    Template tables = Template.ofModule("dynamodb-global");
    for (String parameter : List.of("WitnessRegion", "WarmJournalWriteUnitsPerSecond")) {
      TemplateAssert.assertThat(TEMPLATE).hasResource("DynamoDbGlobalStack")
          .hasPropertyEqualTo("Parameters." + parameter, Map.of("Ref", parameter));
      TemplateAssert.assertThat(TEMPLATE).hasParameter(parameter)
          .isEqualTo(tables.root().path("Parameters").path(parameter));
    }
    TemplateAssert.assertThat(TEMPLATE).hasRule("WitnessCompletesTheUsRegionSet")
        .isEqualTo(tables.root().path("Rules").path("WitnessCompletesTheUsRegionSet"));
    assertThat(root(Map.of("WarmJournalWriteUnitsPerSecond", "5000")).failedRules()).singleElement().asString()
        .startsWith("In production WarmJournalWriteUnitsPerSecond must cover one journal index write");
  }

  @Test
  void bothRegionsGetTheSameLeaseSettingsWithTheLambdaModulesDefinitionsAndRules() {
    Template lambda = Template.ofModule("lambda");
    Evaluator root = root(Map.of("LeaseSeconds", "45", "AutoTakeover", "false"));
    Map<String, String> secondary = stackSetParameters(root);
    for (String parameter : LEASE_PARAMETERS) {
      TemplateAssert.assertThat(TEMPLATE).hasParameter(parameter).isEqualTo(lambda.root().path("Parameters").path(parameter));
      assertThat(secondary.get(parameter)).as(parameter)
          .isEqualTo(root.property("PrimaryRegionalStack", "Parameters." + parameter).asText())
          .isEqualTo(root.parameter(parameter));
    }
    assertThat(secondary).containsEntry("LeaseSeconds", "45").containsEntry("AutoTakeover", "false");
    for (String rule : List.of("LeaseCoversThreeRenewals", "HeartbeatAllowsTwoRenewals")) {
      TemplateAssert.assertThat(TEMPLATE).hasRule(rule).isEqualTo(lambda.root().path("Rules").path(rule));
    }
    assertThat(root(Map.of("LeaseSeconds", "10", "LeaseRenewSeconds", "5")).failedRules()).singleElement().asString()
        .startsWith("LeaseSeconds must be at least 3 x LeaseRenewSeconds");
  }

  /** The lambda module's capacity parameters, set here for both regions (docs/adr/0015 for Health*). */
  private static final List<String> CAPACITY_PARAMETERS = List.of("ReservedConcurrency",
      "OrchestratorReservedConcurrency", "HealthReservedConcurrency", "ApiThrottlingRateLimit",
      "ApiThrottlingBurstLimit", "HealthThrottlingRateLimit", "HealthThrottlingBurstLimit");

  @Test
  void bothRegionsGetTheSameCapacitySettingsWithTheLambdaModulesDefinitions() {
    Template lambda = Template.ofModule("lambda");
    Evaluator root = root(Map.of("HealthReservedConcurrency", "200", "HealthThrottlingRateLimit", "20",
        "HealthThrottlingBurstLimit", "40"));
    Map<String, String> secondary = stackSetParameters(root);
    for (String parameter : CAPACITY_PARAMETERS) {
      TemplateAssert.assertThat(TEMPLATE).hasParameter(parameter).isEqualTo(lambda.root().path("Parameters").path(parameter));
      TemplateAssert.assertThat(TEMPLATE).hasParameter(parameter).isEqualTo(REGIONAL.root().path("Parameters").path(parameter));
      assertThat(secondary.get(parameter)).as(parameter)
          .isEqualTo(root.property("PrimaryRegionalStack", "Parameters." + parameter).asText())
          .isEqualTo(root.parameter(parameter));
    }
    assertThat(secondary).containsEntry("HealthReservedConcurrency", "200")
        .containsEntry("HealthThrottlingRateLimit", "20").containsEntry("HealthThrottlingBurstLimit", "40");
  }

  @Test
  void primaryMonitoringSchedulesThePrimarysKeeperAndReconciler() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("MonitoringStack")
        .hasPropertyEqualTo("Parameters.LeaseKeeperArn", json("""
            {"Fn::GetAtt": ["PrimaryRegionalStack", "Outputs.LeaseKeeperFunctionArn"]}"""))
        .hasPropertyEqualTo("Parameters.ReconcilerArn", json("""
            {"Fn::GetAtt": ["PrimaryRegionalStack", "Outputs.ReconcilerFunctionArn"]}"""));
  }

  @Test
  void outputsNameTheControlTable() {
    assertThat(root(Map.of()).output("ControlTableName").asText())
        .isEqualTo("{{DynamoDbGlobalStack.Outputs.ControlTableName}}");
  }

  @Test
  void backupWaitsForTheTableAndTheAlertTopicItFindsByName() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("BackupStack")
        .dependsOn("DynamoDbGlobalStack").dependsOn("MonitoringStack")
        .hasPropertyEqualTo("Parameters.KmsKeyArn", json("""
            {"Fn::GetAtt": ["PrimaryRegionalStack", "Outputs.BackupKeyArn"]}"""));
  }

  @Test
  void failbackSwitchReachesBothRegions() {
    Evaluator on = root(Map.of("PeerRegionDeployed", "true"));
    assertThat(stackSetParameters(on)).containsEntry("PeerRegionDeployed", "true");
    assertThat(on.property("PrimaryRegionalStack", "Parameters.PeerRegionDeployed").asText()).isEqualTo("true");
    assertThat(on.property("MonitoringStack", "Parameters.PeerRegionDeployed").asText()).isEqualTo("true");
    TemplateAssert.assertThat(TEMPLATE).at("Parameters.PeerRegionDeployed.Default").isEqualTo("false");
  }

  @Test
  void outputsGiveBothRegionalEndpointsAndTheFailoverEndpoint() {
    Evaluator root = root(Map.of());
    assertThat(root.output("PrimaryApiEndpoint").asText()).isEqualTo("{{PrimaryRegionalStack.Outputs.HttpApiEndpoint}}");
    assertThat(root.output("SecondaryApiEndpoint").asText()).isEqualTo("{{PeerValues.ApiEndpoint}}");
    assertThat(root.output("FailoverEndpoint").asText()).isEqualTo("api.dr.example.com");
    assertThat(root(Map.of("UseCustomDomain", "true", "ExistingHostedZoneId", "Z0EXISTINGZONE1"))
        .output("FailoverEndpoint").asText()).isEqualTo("https://api.dr.example.com");
  }

  @Test
  void outputsGiveTheTableBucketsTopicsAndDashboardOfBothRegions() {
    Evaluator root = root(Map.of());
    assertThat(root.output("TransactionsTableName").asText()).isEqualTo("{{DynamoDbGlobalStack.Outputs.TransactionsTableName}}");
    assertThat(root.output("PrimaryDocumentBucketName").asText()).isEqualTo("{{PrimaryRegionalStack.Outputs.DocumentBucketName}}");
    assertThat(root.output("SecondaryDocumentBucketName").asText()).isEqualTo("{{PeerValues.DocumentBucket}}");
    assertThat(root.output("PrimaryAlertTopicArn").asText()).isEqualTo("{{MonitoringStack.Outputs.AlertTopicArn}}");
    assertThat(root.output("SecondaryAlertTopicArn").asText()).isEqualTo("{{PeerValues.AlertTopicArn}}");
    assertThat(root.output("DrDashboardName").asText()).isEqualTo("{{MonitoringStack.Outputs.DrDashboardName}}");
    assertThat(root.output("DrDashboardUrl").asText()).isEqualTo(
        "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/{{MonitoringStack.Outputs.DrDashboardName}}");
    assertThat(root.output("SecondaryStackSetId").asText()).isEqualTo("{{SecondaryStackSet.StackSetId}}");
  }

  @Test
  void everyOutputHasADescriptionAndNoExport() {
    TEMPLATE.section("Outputs").fields().forEachRemaining(o -> {
      assertThat(o.getValue().path("Description").asText()).as(o.getKey()).isNotBlank();
      assertThat(o.getValue().has("Export")).as(o.getKey()).isFalse();
    });
  }

  @Test
  void peeringComesAfterBothNetworksAndTheAcceptersRouteAfterTheConnection() {
    assertThat(after("PeerNetworkValues", "SecondaryStackSet")).isTrue();
    assertThat(after("PeeringStack", "PeerNetworkValues")).isTrue();
    assertThat(after("PeeringStack", "PrimaryRegionalStack")).isTrue();
    assertThat(after("SecondaryPeeringStackSet", "PeeringStack")).isTrue();
    assertThat(after("PeeringStack", "DynamoDbGlobalStack")).as("the peering does not wait for the table").isFalse();
    assertThat(after("SecondaryStackSet", "PeeringStack")).isFalse();
  }

  @Test
  void peerNetworkValuesReadsTheSecondarysVpcAndRouteTableAndWritesNothing() {
    Evaluator root = root(Map.of());
    TemplateAssert.assertThat(TEMPLATE).hasResource("PeerNetworkValues", "Custom::PeerRegionValues")
        .hasCondition("CreatesNetwork").doesNotHaveProperty("Write")
        .hasPropertyEqualTo("ServiceToken", json("""
            {"Fn::GetAtt": ["PeerValuesFunction", "Arn"]}"""));
    assertThat(root.property("PeerNetworkValues", "Region").asText()).isEqualTo(SECONDARY);
    assertThat(root.property("PeerNetworkValues", "Read")).isEqualTo(json("""
        ["vpc-id", "private-route-table-id"]"""));
  }

  @Test
  void primaryRequestsThePeeringFromItsVpcToTheSecondarysVpc() {
    Evaluator root = root(Map.of());
    assertThat(root.property("PeeringStack", "TemplateURL").asText())
        .isEqualTo("../../modules/network/templates/network-peering.template.json");
    JsonNode passed = root.property("PeeringStack", "Parameters");
    assertThat(passed.path("VpcId").asText()).isEqualTo("{{PrimaryRegionalStack.Outputs.VpcId}}");
    assertThat(passed.path("PeerVpcId").asText()).isEqualTo("{{PeerNetworkValues.VpcId}}");
    assertThat(passed.path("RouteTableId").asText()).isEqualTo("{{PrimaryRegionalStack.Outputs.PrivateRouteTableId}}");
    assertThat(passed.has("PeeringConnectionId")).as("the requester side creates the connection").isFalse();
    assertThat(nested(root, "PeeringStack").exists("PeeringConnection")).isTrue();
  }

  @Test
  void secondStackSetAddsTheAcceptersRouteToTheConnectionThePrimaryCreated() {
    Evaluator root = root(Map.of());
    Map<String, String> passed = new LinkedHashMap<>();
    root.property("SecondaryPeeringStackSet", "Parameters").forEach(p ->
        passed.put(p.path("ParameterKey").asText(), p.path("ParameterValue").asText()));
    assertThat(passed).containsEntry("PeeringConnectionId", "{{PeeringStack.Outputs.PeeringConnectionId}}")
        .containsEntry("RouteTableId", "{{PeerNetworkValues.PrivateRouteTableId}}")
        .containsEntry("VpcId", "{{PeerNetworkValues.VpcId}}")
        .containsEntry("PeerVpcId", "{{PrimaryRegionalStack.Outputs.VpcId}}");
    passed.forEach((k, v) -> assertThat(v).as(k).isNotEmpty());
    assertThat(root.property("SecondaryPeeringStackSet", "StackInstancesGroup"))
        .isEqualTo(root.property("SecondaryStackSet", "StackInstancesGroup"));
    TemplateAssert.assertThat(TEMPLATE).hasResource("SecondaryPeeringStackSet")
        .hasPropertyEqualTo("TemplateURL", "../../modules/network/templates/network-peering.template.json")
        .hasPropertyEqualTo("PermissionModel", "SELF_MANAGED")
        .doesNotHaveProperty("Capabilities");
    // The bootstrap's roles (ADR 6), by name, like the first StackSet's.
    for (String roleProperty : List.of("AdministrationRoleARN", "ExecutionRoleName")) {
      assertThat(root.property("SecondaryPeeringStackSet", roleProperty)).as(roleProperty)
          .isEqualTo(root.property("SecondaryStackSet", roleProperty));
    }
    Template peering = Template.load(RepoRoot.find().resolve("modules/network/templates/network-peering.template.json"));
    Evaluator accepter = Evaluator.of(peering, SECONDARY, passed);
    assertThat(accepter.failedRules()).isEmpty();
    assertThat(accepter.exists("PeeringConnection")).isFalse();
    assertThat(accepter.property("PeerVpcRoute", "DestinationCidrBlock").asText()).isEqualTo("10.10.0.0/16");
  }

  @Test
  void onlyACreatedNetworkIsPeered() {
    for (String mode : List.of("existing", "none")) {
      Map<String, String> values = new HashMap<>(Map.of("NetworkMode", mode));
      if (mode.equals("existing")) {
        values.putAll(Map.of("ExistingPrimaryVpcId", "vpc-0a0a0a0a0a0a0a0a0", "ExistingPrimarySubnetIds",
            "subnet-0a0a0a0a0a0a0a0a1", "ExistingPrimarySecurityGroupId", "sg-0a0a0a0a0a0a0a0a0",
            "ExistingSecondaryVpcId", "vpc-0b0b0b0b0b0b0b0b0", "ExistingSecondarySubnetIds", "subnet-0b0b0b0b0b0b0b0b1",
            "ExistingSecondarySecurityGroupId", "sg-0b0b0b0b0b0b0b0b0"));
      }
      Evaluator root = root(values);
      assertThat(root.failedRules()).as(mode).isEmpty();
      for (String id : List.of("PeerNetworkValues", "PeeringStack", "SecondaryPeeringStackSet")) {
        assertThat(root.exists(id)).as("%s with NetworkMode %s", id, mode).isFalse();
      }
      stackSetParameters(root).forEach((k, v) -> assertThat(v).as(k).isNotEmpty());
    }
  }

  @Test
  void consoleGroupsAndLabelsEveryParameterOnce() {
    JsonNode groups = TEMPLATE.root().at("/Metadata/AWS::CloudFormation::Interface/ParameterGroups");
    List<String> grouped = new ArrayList<>();
    groups.forEach(g -> g.path("Parameters").forEach(p -> grouped.add(p.asText())));
    assertThat(grouped).containsExactlyInAnyOrderElementsOf(parameterNames(TEMPLATE));
    JsonNode labels = TEMPLATE.root().at("/Metadata/AWS::CloudFormation::Interface/ParameterLabels");
    parameterNames(TEMPLATE).forEach(p -> assertThat(labels.path(p).path("default").asText()).as(p).isNotBlank());
  }

  /** The StackSet's Parameters list, resolved, as a map of key to value. */
  private static Map<String, String> stackSetParameters(Evaluator root) {
    Map<String, String> out = new LinkedHashMap<>();
    root.property("SecondaryStackSet", "Parameters").forEach(p ->
        out.put(p.path("ParameterKey").asText(), p.path("ParameterValue").asText()));
    return out;
  }

  /** The nested stack's template, evaluated with the values the root passes (outputs stay symbolic). */
  private static Evaluator nested(Evaluator root, String stack) {
    Path file = FILE.getParent().resolve(TEMPLATE.resource(stack).at("/Properties/TemplateURL").asText()).normalize();
    assertThat(file).as("template of " + stack).exists();
    Map<String, JsonNode> values = new HashMap<>();
    root.property(stack, "Parameters").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
    return Evaluator.of(Template.load(file), root.region(), values);
  }

  /** Whether {@code later} is created after {@code earlier}: DependsOn or references, transitively. */
  private static boolean after(String later, String earlier) {
    Deque<String> todo = new ArrayDeque<>(List.of(later));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String id = todo.pop();
      for (String dependency : directDependencies(id)) {
        if (dependency.equals(earlier)) {
          return true;
        }
        if (seen.add(dependency)) {
          todo.push(dependency);
        }
      }
    }
    return false;
  }

  private static Set<String> directDependencies(String id) {
    JsonNode resource = TEMPLATE.resource(id);
    Set<String> out = new HashSet<>();
    JsonNode dependsOn = resource.path("DependsOn");
    if (dependsOn.isTextual()) {
      out.add(dependsOn.asText());
    }
    dependsOn.forEach(d -> out.add(d.asText()));
    for (String name : Intrinsics.referencedNames(resource.path("Properties"))) {
      if (!TEMPLATE.resource(name).isMissingNode()) {
        out.add(name);
      }
    }
    return out;
  }

  private static JsonNode replaceGetAtt(JsonNode node, String resource, String value) {
    if (node.has("Fn::GetAtt") && node.get("Fn::GetAtt").path(0).asText().equals(resource)) {
      return TextNode.valueOf(value);
    }
    if (node.isObject()) {
      ObjectNode copy = ((ObjectNode) node).deepCopy();
      node.fields().forEachRemaining(e -> copy.set(e.getKey(), replaceGetAtt(e.getValue(), resource, value)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = ((ArrayNode) node).deepCopy();
      for (int i = 0; i < node.size(); i++) {
        copy.set(i, replaceGetAtt(node.get(i), resource, value));
      }
      return copy;
    }
    return node;
  }

  private static List<String> parameterNames(Template template) {
    List<String> names = new ArrayList<>();
    template.section("Parameters").fieldNames().forEachRemaining(names::add);
    return names;
  }
}
