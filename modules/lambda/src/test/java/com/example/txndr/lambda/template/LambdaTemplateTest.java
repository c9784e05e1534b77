package com.example.txndr.lambda.template;

import static com.example.txndr.template.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.failover.AlarmCorroboration;
import com.example.txndr.lambda.keeper.HeartbeatAgeMetric;
import com.example.txndr.lambda.keeper.LeaseKeeperHandler;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.reconcile.Reconciler;
import com.example.txndr.template.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LambdaTemplateTest {
  private static final Template TEMPLATE = Template.ofModule("lambda");

  /** Logical ID of each function, with its name suffix, handler and role suffix from the Lambda contract. */
  private static final Map<String, List<String>> CONTRACT = Map.of(
      "TransactionProcessorFunction", List.of("transaction-processor",
          "com.example.txndr.lambda.api.ApiHandler::handleRequest", "processor-execution"),
      "FailoverOrchestratorFunction", List.of("failover-orchestrator",
          "com.example.txndr.lambda.failover.FailoverOrchestratorHandler::handleRequest",
          "orchestrator-execution"),
      "LeaseKeeperFunction", List.of("lease-keeper",
          "com.example.txndr.lambda.keeper.LeaseKeeperHandler::handleRequest", "lease-keeper-execution"),
      "ReconcilerFunction", List.of("reconciler",
          "com.example.txndr.lambda.reconcile.ReconcilerHandler::handleRequest", "reconciler-execution"),
      "HealthFunction", List.of("health", "com.example.txndr.lambda.api.HealthHandler::handleRequest",
          "health-execution"));

  /** The processor's variables of the Lambda contract (docs/conventions.md). */
  private static final Set<String> PROCESSOR_CONTRACT_VARIABLES = Set.of(Config.TABLE_NAME, Config.REGION_ROLE,
      Config.PRIMARY_REGION, Config.SECONDARY_REGION, Config.PARAMETER_PREFIX, Config.ALERT_TOPIC_ARN,
      Config.DOCUMENT_BUCKET, Config.SERVICE_NAME);

  /** The lease settings every function reads (Config.leaseTiming), from their parameters. */
  private static final Map<String, String> LEASE_VARIABLES = Map.of(
      Config.LEASE_SECONDS, "LeaseSeconds", Config.LEASE_RENEW_SECONDS, "LeaseRenewSeconds",
      Config.MAX_CLOCK_ERROR_MILLIS, "MaxClockErrorMillis", Config.HEARTBEAT_STALE_SECONDS, "HeartbeatStaleSeconds");

  /** Variables from parameters, per function: what its code reads beyond the fixed values. */
  private static final Map<String, Map<String, String>> PARAMETER_VARIABLES = Map.of(
      "TransactionProcessorFunction", with(LEASE_VARIABLES, Map.of(Config.FENCE_SHARDS, "FenceShards")),
      "FailoverOrchestratorFunction", LEASE_VARIABLES,
      "LeaseKeeperFunction", with(LEASE_VARIABLES, Map.of(Config.FENCE_SHARDS, "FenceShards",
          Config.AUTO_TAKEOVER, "AutoTakeover")),
      "ReconcilerFunction", with(LEASE_VARIABLES, Map.of(Config.FENCE_SHARDS, "FenceShards",
          Config.SUSPENSE_ACCOUNT, "SuspenseAccount")),
      "HealthFunction", with(LEASE_VARIABLES, Map.of(Config.FENCE_SHARDS, "FenceShards")));

  /**
   * The metrics' Service dimension, ${ProjectName}-${EnvironmentName} (contract 5 of issue 9): read by the processor and
   * the reconciler, which publish embedded metrics.
   */
  private static final String METRICS_SERVICE = "METRICS_SERVICE";

  /** Every variable of each function: exactly what its handler's code reads (Config). */
  private static final Map<String, Set<String>> VARIABLES = Map.of(
      "TransactionProcessorFunction", union(union(PROCESSOR_CONTRACT_VARIABLES, Set.of(METRICS_SERVICE)),
          PARAMETER_VARIABLES.get("TransactionProcessorFunction").keySet()),
      "FailoverOrchestratorFunction", union(Set.of(Config.CONTROL_TABLE_NAME, Config.PRIMARY_REGION,
          Config.SECONDARY_REGION, Config.SERVICE_NAME, Config.ALARM_NAME_PREFIX, Config.HTTP_API_ID),
          LEASE_VARIABLES.keySet()),
      "LeaseKeeperFunction", union(Set.of(Config.TABLE_NAME, Config.CONTROL_TABLE_NAME, Config.PRIMARY_REGION,
          Config.SECONDARY_REGION, Config.ALERT_TOPIC_ARN, Config.SERVICE_NAME),
          PARAMETER_VARIABLES.get("LeaseKeeperFunction").keySet()),
      "ReconcilerFunction", union(Set.of(Config.TABLE_NAME, Config.CONTROL_TABLE_NAME, Config.PRIMARY_REGION,
          Config.SECONDARY_REGION, Config.SERVICE_NAME, METRICS_SERVICE),
          PARAMETER_VARIABLES.get("ReconcilerFunction").keySet()),
      "HealthFunction", union(Set.of(Config.TABLE_NAME, Config.REGION_ROLE, Config.PRIMARY_REGION,
          Config.SECONDARY_REGION, Config.SERVICE_NAME), PARAMETER_VARIABLES.get("HealthFunction").keySet()));

  /** The functions EventBridge or the API invoke through a published version and its live alias. */
  private static final List<String> VERSIONED = List.of("TransactionProcessorFunction", "FailoverOrchestratorFunction",
      "HealthFunction");
  /** The scheduled functions, invoked unqualified ($LATEST). */
  private static final List<String> SCHEDULED = List.of("LeaseKeeperFunction", "ReconcilerFunction");

  /** Lambda's limit on a version's description. */
  private static final int MAX_VERSION_DESCRIPTION = 256;

  private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
    Map<String, String> out = new java.util.HashMap<>(a);
    out.putAll(b);
    return Map.copyOf(out);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  private static TemplateAssert template() {
    return TemplateAssert.assertThat(TEMPLATE);
  }

  private static List<String> functions() {
    return TEMPLATE.resourceIdsOfType("AWS::Lambda::Function");
  }

  private static JsonNode parameter(String name) {
    return TEMPLATE.root().path("Parameters").path(name);
  }

  @Test
  void templateDefinesExactlyTheContractFunctions() {
    assertThat(functions()).containsExactlyInAnyOrderElementsOf(CONTRACT.keySet());
  }

  @Test
  void everyFunctionReservesAtLeastOneHundredConcurrentExecutionsThroughAParameter() {
    for (String function : functions()) {
      JsonNode reserved = TEMPLATE.resource(function).path("Properties").path("ReservedConcurrentExecutions");
      assertThat(reserved.has("Ref")).as("%s reserves concurrency from a parameter", function).isTrue();
      JsonNode definition = parameter(reserved.path("Ref").asText());
      assertThat(definition.path("MinValue").asInt()).as("MinValue of %s", reserved).isGreaterThanOrEqualTo(100);
      assertThat(definition.path("Default").asInt()).as("Default of %s", reserved).isGreaterThanOrEqualTo(100);
    }
  }

  @Test
  void processorConcurrencyDefaultCoversTenThousandTpsAtTwentyMilliseconds() {
    template().hasResource("TransactionProcessorFunction")
        .property("ReservedConcurrentExecutions").isRef("ReservedConcurrency");
    assertThat(parameter("ReservedConcurrency").path("Default").asInt()).isGreaterThanOrEqualTo(10_000 * 20 / 1000);
    template().hasParameter("ReservedConcurrency").at("Description").textContains("10,000 TPS at 20 ms needs 200");
  }

  @Test
  void everyFunctionRunsJava21OnArm64() {
    for (String function : functions()) {
      template().hasResource(function)
          .hasPropertyEqualTo("Runtime", "java21")
          .hasPropertyEqualTo("Architectures", List.of("arm64"));
    }
  }

  @Test
  void onlyTheProcessorUsesSnapStartOnPublishedVersions() {
    template().hasResource("TransactionProcessorFunction")
        .hasPropertyEqualTo("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
    for (String function : List.of("FailoverOrchestratorFunction", "LeaseKeeperFunction", "ReconcilerFunction")) {
      template().hasResource(function).doesNotHaveProperty("SnapStart");
    }
  }

  @Test
  void orchestratorHasNoSnapStartBecauseOnlyTheAlarmInvokesItAndAnIdleSnapStartVersionGoesInactive() {
    template().hasResource("FailoverOrchestratorFunction").doesNotHaveProperty("SnapStart")
        .at("Metadata.Comment").textContains("becomes inactive").textContains("invoked only by the alarm");
    // The version without a snapshot is published by the config bump; the alias follows it.
    template().hasResource("FailoverOrchestratorVersion").property("Description").textContains("config 4");
  }

  @Test
  void snapStartIsSuppressedInTheLintOnlyWhereTheCommentSaysWhy() {
    for (String function : List.of("FailoverOrchestratorFunction", "LeaseKeeperFunction", "ReconcilerFunction")) {
      template().hasResource(function).at("Metadata.cfn-lint.config.ignore_checks").isEqualTo(List.of("I2530"));
      template().hasResource(function).at("Metadata.Comment").textContains("No SnapStart");
    }
  }

  @Test
  void processorAndOrchestratorAreInvokedThroughALiveAliasOnAPublishedVersion() {
    for (String function : VERSIONED) {
      String base = function.replace("Function", "");
      template().hasResource(base + "Version", "AWS::Lambda::Version")
          .property("FunctionName").isRef(function);
      template().hasResource(base + "LiveAlias", "AWS::Lambda::Alias")
          .hasPropertyEqualTo("Name", "live")
          .property("FunctionName").isRef(function);
      template().hasResource(base + "LiveAlias")
          .property("FunctionVersion").isGetAtt(base + "Version", "Version");
    }
    assertThat(TEMPLATE.resourceIdsOfType("AWS::Lambda::Version")).containsExactlyInAnyOrder(
        "TransactionProcessorVersion", "FailoverOrchestratorVersion", "HealthVersion");
  }

  @Test
  void scheduledFunctionsHaveNoVersionAndAreNotRetriedBecauseTheNextScheduleSupersedesAFailedRun() {
    for (String function : SCHEDULED) {
      String base = function.replace("Function", "");
      assertThat(TEMPLATE.resources()).doesNotContainKeys(base + "Version", base + "LiveAlias");
      template().hasResource(base + "EventInvokeConfig", "AWS::Lambda::EventInvokeConfig")
          .hasPropertyEqualTo("Qualifier", "$LATEST")
          .hasPropertyEqualTo("MaximumRetryAttempts", 0)
          .hasPropertyEqualTo("MaximumEventAgeInSeconds", 60)
          .property("FunctionName").isRef(function);
    }
  }

  @Test
  void newCodeKeyPublishesANewVersionOfEveryFunction() {
    for (String version : TEMPLATE.resourceIdsOfType("AWS::Lambda::Version")) {
      template().hasResource(version).property("Description").references("LambdaCodeKey");
    }
  }

  @Test
  void functionsUseTheContractNamesHandlersAndRoles() {
    CONTRACT.forEach((function, contract) -> {
      template().hasResource(function)
          .hasPropertyEqualTo("FunctionName",
              Map.of("Fn::Sub", "${ProjectName}-${EnvironmentName}-" + contract.get(0)))
          .hasPropertyEqualTo("Handler", contract.get(1))
          .hasPropertyEqualTo("Role", Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
              + "${ProjectName}-${EnvironmentName}-" + contract.get(2)));
    });
  }

  @Test
  void environmentOfEachFunctionIsExactlyWhatItsCodeReads() {
    for (String function : functions()) {
      Set<String> names = new TreeSet<>();
      TEMPLATE.resource(function).path("Properties").path("Environment").path("Variables")
          .fieldNames().forEachRemaining(names::add);
      assertThat(names).as("environment of %s", function).isEqualTo(VARIABLES.get(function));
    }
  }

  @Test
  void parameterVariablesComeFromTheirParameters() {
    PARAMETER_VARIABLES.forEach((function, variables) -> variables.forEach((variable, parameter) ->
        template().hasResource(function).property("Environment.Variables." + variable).isRef(parameter)));
  }

  @Test
  void processorReadsNoControlTableAndTheOthersNameItByTheConvention() {
    template().hasResource("TransactionProcessorFunction").doesNotHaveProperty("Environment.Variables.CONTROL_TABLE_NAME");
    for (String function : List.of("FailoverOrchestratorFunction", "LeaseKeeperFunction", "ReconcilerFunction")) {
      template().hasResource(function).hasPropertyEqualTo("Environment.Variables.CONTROL_TABLE_NAME",
          Map.of("Fn::Sub", "${ProjectName}-${EnvironmentName}-control"));
    }
  }

  @Test
  void keeperAnnouncesToThisRegionsAlertTopic() {
    template().hasResource("LeaseKeeperFunction").hasPropertyEqualTo("Environment.Variables.ALERT_TOPIC_ARN",
        Map.of("Fn::Sub", "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${ProjectName}-${EnvironmentName}-alerts"));
  }

  @Test
  void fenceShardsDefaultAndLimitsAreTheCodes() {
    template().hasParameter("FenceShards").at("Default").isEqualTo(Config.DEFAULT_FENCE_SHARDS);
    template().hasParameter("FenceShards").at("MinValue").isEqualTo(1);
    template().hasParameter("FenceShards").at("MaxValue").isEqualTo(Config.MAX_FENCE_SHARDS);
    assertThat(Config.DEFAULT_FENCE_SHARDS).isEqualTo(64);
  }

  @Test
  void defaultFenceShardsKeepEachShardUnderOneItemsWriteLimitWithChecksCountedAsWrites() {
    // 10,000 TPS x 1/N of the checks x 2 write units per check (the recovery budget's reading).
    double writeUnitsPerShard = 10_000.0 / parameter("FenceShards").path("Default").asInt() * 2;

    assertThat(writeUnitsPerShard).isEqualTo(312.5).isLessThan(1_000);
  }

  @Test
  void fenceShardsDescriptionShowsThePerShardWriteArithmetic() {
    template().hasParameter("FenceShards").at("Description")
        .textContains("10,000 TPS x 2 / 64 = 312.5 write units/s per shard")
        .textContains("16 shards would give 1,250");
  }

  @Test
  void leaseSettingsDefaultToTheCodesDefaults() {
    LeaseTiming defaults = LeaseTiming.defaults(Config.dynamoDbCallTimeout());
    template().hasParameter("LeaseSeconds").at("Default").isEqualTo((int) defaults.lease().toSeconds());
    template().hasParameter("LeaseRenewSeconds").at("Default").isEqualTo((int) defaults.renewEvery().toSeconds());
    template().hasParameter("MaxClockErrorMillis").at("Default").isEqualTo((int) defaults.maxClockError().toMillis());
    template().hasParameter("HeartbeatStaleSeconds").at("Default")
        .isEqualTo((int) defaults.heartbeatStaleAfter().toSeconds());
    assertThat(List.of(defaults.lease().toSeconds(), defaults.renewEvery().toSeconds(),
        defaults.maxClockError().toMillis(), defaults.heartbeatStaleAfter().toSeconds()))
        .containsExactly(30L, 5L, 1000L, 20L);
  }

  @Test
  void autoTakeoverDefaultsToTrueAndSuspenseAccountToTheReconcilersDefault() {
    template().hasParameter("AutoTakeover").at("Default").isEqualTo("true");
    template().hasParameter("AutoTakeover").at("AllowedValues").isEqualTo(List.of("true", "false"));
    template().hasParameter("SuspenseAccount").at("Default").isEqualTo(Reconciler.DEFAULT_SUSPENSE_ACCOUNT);
    assertThat(Reconciler.DEFAULT_SUSPENSE_ACCOUNT).matches(parameter("SuspenseAccount").path("AllowedPattern").asText());
  }

  /**
   * The rules accept exactly the lease settings LeaseTiming accepts: every combination of the
   * allowed values, with the smallest and the largest clock error.
   */
  @Test
  void leaseRulesAcceptExactlyTheSettingsLeaseTimingAccepts() {
    List<String> mismatches = new ArrayList<>();
    for (JsonNode lease : parameter("LeaseSeconds").path("AllowedValues")) {
      for (JsonNode renew : parameter("LeaseRenewSeconds").path("AllowedValues")) {
        for (JsonNode stale : parameter("HeartbeatStaleSeconds").path("AllowedValues")) {
          for (int clock : List.of(parameter("MaxClockErrorMillis").path("MinValue").asInt(),
              parameter("MaxClockErrorMillis").path("MaxValue").asInt())) {
            boolean accepted = in("us-east-1", Map.of("LeaseSeconds", lease.asText(), "LeaseRenewSeconds",
                renew.asText(), "HeartbeatStaleSeconds", stale.asText(), "MaxClockErrorMillis", String.valueOf(clock)))
                .failedRules().isEmpty();
            boolean valid = leaseTimingAccepts(lease.asInt(), renew.asInt(), clock, stale.asInt());
            if (accepted != valid) {
              mismatches.add("lease " + lease + " s, renew " + renew + " s, stale " + stale + " s, clock " + clock
                  + " ms: rules " + (accepted ? "accept" : "reject") + ", LeaseTiming " + (valid ? "accepts" : "rejects"));
            }
          }
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void leaseShorterThanThreeRenewalsIsRejectedWithTheRuleThatSaysWhat() {
    assertThat(in("us-east-1", Map.of("LeaseSeconds", "20", "LeaseRenewSeconds", "10")).failedRules())
        .containsExactly("LeaseSeconds must be at least 3 x LeaseRenewSeconds, so that one late renewal does not stop"
            + " writes (LeaseTiming refuses anything less and every function would fail at start). Raise LeaseSeconds or"
            + " lower LeaseRenewSeconds (CloudFormation rules cannot compare numbers, so the allowed pairs are listed).");
    assertThat(in("us-east-1", Map.of("HeartbeatStaleSeconds", "30", "LeaseRenewSeconds", "20", "LeaseSeconds", "60"))
        .failedRules()).singleElement().asString().startsWith("HeartbeatStaleSeconds must be at least 2 x LeaseRenewSeconds");
    assertThat(in("us-east-1", Map.of()).failedRules()).isEmpty();
  }

  private static boolean leaseTimingAccepts(int lease, int renew, int clockMillis, int stale) {
    LeaseTiming defaults = LeaseTiming.defaults(Config.dynamoDbCallTimeout());
    try {
      new LeaseTiming(Duration.ofSeconds(lease), Duration.ofSeconds(renew), Duration.ofMillis(clockMillis),
          defaults.commitBound(), Duration.ofSeconds(stale), defaults.arbiterGrace(), defaults.drainMargin(),
          defaults.drainTimeout(), defaults.drainMarkers());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Test
  void leaseAndReconciliationParametersAreDescribedAndConstrained() {
    for (String name : List.of("FenceShards", "LeaseSeconds", "LeaseRenewSeconds", "MaxClockErrorMillis",
        "HeartbeatStaleSeconds", "AutoTakeover", "SuspenseAccount")) {
      assertThat(parameter(name).path("Description").asText()).as("Description of %s", name).isNotBlank();
      assertThat(parameter(name).has("AllowedValues") || parameter(name).has("ConstraintDescription"))
          .as("%s has AllowedValues or a ConstraintDescription", name).isTrue();
    }
  }

  @Test
  void theProbeAndItsParametersAreGone() {
    assertThat(TEMPLATE.root().path("Parameters").fieldNames()).toIterable()
        .doesNotContain("ControlShards", "FailuresToPromote", "ProbeTimeoutMillis");
    for (String function : functions()) {
      template().hasResource(function).doesNotHaveProperty("Environment.Variables.FAILURES_TO_PROMOTE")
          .doesNotHaveProperty("Environment.Variables.PROBE_TIMEOUT_MILLIS")
          .doesNotHaveProperty("Environment.Variables.CONTROL_SHARDS");
    }
  }

  @Test
  void changingAParameterVariablePublishesANewVersion() {
    for (String function : VERSIONED) {
      String version = function.replace("Function", "Version");
      for (String parameter : PARAMETER_VARIABLES.get(function).values()) {
        template().hasResource(version).property("Description").references(parameter);
      }
    }
  }

  @Test
  void versionDescriptionsFitLambdasLimitWithTheLongestParameterValues() {
    for (String version : TEMPLATE.resourceIdsOfType("AWS::Lambda::Version")) {
      String description = TEMPLATE.resource(version).path("Properties").path("Description").path("Fn::Sub").asText();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([^}]+)}").matcher(description);
      StringBuilder longest = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(longest, java.util.regex.Matcher.quoteReplacement(longestValue(m.group(1))));
      }
      m.appendTail(longest);
      assertThat(longest.toString()).as("description of %s with the longest values", version)
          .hasSizeLessThanOrEqualTo(MAX_VERSION_DESCRIPTION);
    }
  }

  /** The longest value a parameter can take: its longest allowed value, MaxValue, or its pattern's longest match. */
  private static String longestValue(String name) {
    switch (name) {
      case "LambdaCodeKey":
        return "k".repeat(180) + ".jar";
      case "VpcSecurityGroupId":
        return "sg-" + "0".repeat(17);
      case "PrimaryRegion":
      case "SecondaryRegion":
        return "us-east-1";
      default:
        JsonNode p = parameter(name);
        assertThat(p.isMissingNode()).as("parameter %s", name).isFalse();
        if (p.has("AllowedValues")) {
          String out = "";
          for (JsonNode v : p.path("AllowedValues")) {
            out = v.asText().length() > out.length() ? v.asText() : out;
          }
          return out;
        }
        assertThat(p.has("MaxValue")).as("%s has a MaxValue", name).isTrue();
        return p.path("MaxValue").asText();
    }
  }

  @Test
  void regionRoleComesFromIsPrimaryRegion() {
    template().hasCondition("IsPrimaryRegion")
        .isEqualTo(json("{\"Fn::Equals\": [{\"Ref\": \"AWS::Region\"}, {\"Ref\": \"PrimaryRegion\"}]}"));
    template().hasResource("TransactionProcessorFunction").property("Environment.Variables.REGION_ROLE")
        .isEqualTo(json("{\"Fn::If\": [\"IsPrimaryRegion\", \"PRIMARY\", \"SECONDARY\"]}"));
  }

  @Test
  void regionSpecificVariablesResolveInTheStackRegionByTheNamingContract() {
    String variables = "Environment.Variables.";
    Map<String, Object> byName = Map.of(
        "TABLE_NAME", Map.of("Fn::Sub", "${ProjectName}-${EnvironmentName}-transactions"),
        "DOCUMENT_BUCKET", Map.of("Fn::Sub", "${ProjectName}-${EnvironmentName}-documents-${AWS::AccountId}-${AWS::Region}"),
        "ALERT_TOPIC_ARN", Map.of("Fn::Sub",
            "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${ProjectName}-${EnvironmentName}-alerts"),
        "PARAMETER_PREFIX", Map.of("Fn::Sub", "/${ProjectName}/${EnvironmentName}"),
        "CONTROL_TABLE_NAME", Map.of("Fn::Sub", "${ProjectName}-${EnvironmentName}-control"));
    for (String function : functions()) {
      byName.forEach((variable, value) -> {
        if (VARIABLES.get(function).contains(variable)) {
          template().hasResource(function).hasPropertyEqualTo(variables + variable, value);
        }
      });
      template().hasResource(function).property(variables + "PRIMARY_REGION").isRef("PrimaryRegion");
      template().hasResource(function).property(variables + "SECONDARY_REGION").isRef("SecondaryRegion");
    }
  }


  @Test
  void codeComesFromTheRegionLocalArtifactBucketAndIsNeverInline() {
    for (String function : functions()) {
      template().hasResource(function)
          .hasPropertyEqualTo("Code.S3Bucket", Map.of("Fn::Sub", "${ArtifactBucketPrefix}-${AWS::Region}"))
          .doesNotHaveProperty("Code.ZipFile")
          .property("Code.S3Key").isRef("LambdaCodeKey");
    }
    assertThat("txn-dr/prod/lambda-3f2a.jar").matches(parameter("LambdaCodeKey").path("AllowedPattern").asText());
    assertThat("lambda.zip").doesNotMatch(parameter("LambdaCodeKey").path("AllowedPattern").asText());
  }

  @Test
  void functionCodeEnvironmentAndSnapshotsAreEncryptedWithTheCmk() {
    for (String function : functions()) {
      template().hasResource(function).property("KmsKeyArn").isRef("KmsKeyArn");
      template().hasResource(function).property("Code.SourceKMSKeyArn").isRef("KmsKeyArn");
    }
  }

  @Test
  void everyLogGroupIsEncryptedWithTheCmkAndExpires() {
    List<String> groups = TEMPLATE.resourceIdsOfType("AWS::Logs::LogGroup");
    assertThat(groups).containsExactlyInAnyOrder("TransactionProcessorLogGroup", "FailoverOrchestratorLogGroup",
        "LeaseKeeperLogGroup", "ReconcilerLogGroup", "ApiAccessLogGroup", "HealthLogGroup");
    for (String group : groups) {
      template().hasResource(group).property("KmsKeyId").isRef("KmsKeyArn");
      template().hasResource(group).property("RetentionInDays").isRef("LogRetentionInDays");
    }
    template().hasParameter("LogRetentionInDays").at("AllowedValues").contains(List.of(365));
  }

  @Test
  void functionsLogJsonToTheirOwnGroupUnderTheContractName() {
    CONTRACT.forEach((function, contract) -> {
      String group = function.replace("Function", "LogGroup");
      template().hasResource(function)
          .hasPropertyEqualTo("LoggingConfig.LogFormat", "JSON")
          .property("LoggingConfig.LogGroup").isRef(group);
      template().hasResource(group).hasPropertyEqualTo("LogGroupName",
          Map.of("Fn::Sub", "/aws/lambda/${ProjectName}-${EnvironmentName}-" + contract.get(0)));
    });
    template().hasResource("ApiAccessLogGroup").hasPropertyEqualTo("LogGroupName",
        Map.of("Fn::Sub", "/aws/vendedlogs/${ProjectName}-${EnvironmentName}-api-access"));
  }

  @Test
  void functionsAreTracedWithXRay() {
    for (String function : functions()) {
      template().hasResource(function).hasPropertyEqualTo("TracingConfig.Mode", "Active");
    }
  }

  @Test
  void apiIntegrationProxiesToTheProcessorLiveAlias() {
    template().hasResource("HttpApi", "AWS::ApiGatewayV2::Api")
        .hasPropertyEqualTo("ProtocolType", "HTTP")
        .hasPropertyEqualTo("Name", Map.of("Fn::Sub", "${ProjectName}-${EnvironmentName}-api"));
    template().hasResource("HttpApiIntegration")
        .hasPropertyEqualTo("IntegrationType", "AWS_PROXY")
        .hasPropertyEqualTo("PayloadFormatVersion", "2.0")
        .property("IntegrationUri").isRef("TransactionProcessorLiveAlias");
  }

  @Test
  void everyContractRouteTargetsTheAliasIntegration() {
    List<String> keys = new ArrayList<>();
    for (String route : TEMPLATE.resourceIdsOfType("AWS::ApiGatewayV2::Route")) {
      template().hasResource(route).property("ApiId").isRef("HttpApi");
      template().hasResource(route).hasPropertyEqualTo("Target", Map.of("Fn::Sub", route.equals("HealthRoute")
          ? "integrations/${HealthIntegration}" : "integrations/${HttpApiIntegration}"));
      keys.add(TEMPLATE.resource(route).path("Properties").path("RouteKey").asText());
    }
    assertThat(keys).containsExactlyInAnyOrder(
        "POST /transactions", "POST /canary", "GET /canary/{id}", "GET /transactions/{id}", "GET /accounts/{id}",
        "GET /health");
  }

  @Test
  void canaryRouteNeedsIamAuthorizationOnTheSameIntegration() {
    template().hasResource("CanaryRoute").hasPropertyEqualTo("RouteKey", "POST /canary")
        .hasPropertyEqualTo("AuthorizationType", "AWS_IAM")
        .hasPropertyEqualTo("Target", Map.of("Fn::Sub", "integrations/${HttpApiIntegration}"));
  }

  @Test
  void orchestratorCorroboratesTheMonitoringModulesAlarmsOnThisRegionsApi() {
    template().hasResource("FailoverOrchestratorFunction")
        .hasPropertyEqualTo("Environment.Variables.ALARM_NAME_PREFIX", Map.of("Fn::Sub", "${ProjectName}-${EnvironmentName}"))
        .property("Environment.Variables.HTTP_API_ID").isRef("HttpApi");
    Template monitoring = Template.ofModule("monitoring");
    AlarmCorroboration.Expectation expected = AlarmCorroboration.Expectation.forPrefix("${ProjectName}-${EnvironmentName}",
        null);
    assertThat(monitoring.resource("PrimaryRegionUnhealthyAlarm").path("Properties").path("AlarmName").path("Fn::Sub")
        .asText()).isEqualTo(expected.compositeName());
    Set<String> children = new java.util.HashSet<>();
    for (String child : List.of("PrimaryHealthCheckAlarm", "ApiServerErrorRateAlarm")) {
      JsonNode properties = monitoring.resource(child).path("Properties");
      children.add(properties.path("AlarmName").path("Fn::Sub").asText());
      List<String> metrics = new ArrayList<>();
      if (properties.has("MetricName")) {
        metrics.add(properties.path("Namespace").asText() + " " + properties.path("MetricName").asText());
      }
      properties.path("Metrics").forEach(q -> {
        if (q.has("MetricStat")) {
          JsonNode metric = q.path("MetricStat").path("Metric");
          metrics.add(metric.path("Namespace").asText() + " " + metric.path("MetricName").asText());
        }
      });
      assertThat(metrics).as("metrics of %s", child).isNotEmpty().allMatch(AlarmCorroboration.ALLOWED_METRICS::contains);
    }
    assertThat(children).isEqualTo(expected.childNames());
    JsonNode rule = monitoring.resource("PrimaryRegionUnhealthyAlarm").path("Properties").path("AlarmRule");
    assertThat(rule.toString()).contains("${PrimaryHealthCheckAlarm}", "${ApiServerErrorRateAlarm}")
        .doesNotContain("AND", "NOT");
  }

  @Test
  void onlyTheHealthRouteIsOpenToUnauthenticatedCallersInEitherMode() {
    for (String mode : List.of("JWT", "AWS_IAM")) {
      com.example.txndr.template.Evaluator stack = in("us-east-1", Map.of("ApiAuthorization", mode));
      for (String route : stack.existingResourcesOfType("AWS::ApiGatewayV2::Route")) {
        JsonNode properties = stack.properties(route);
        String authorization = properties.path("AuthorizationType").asText();
        if (properties.path("RouteKey").asText().equals("GET /health")) {
          assertThat(authorization).as("authorization of %s in %s mode", route, mode).isEqualTo("NONE");
        } else {
          assertThat(authorization).as("authorization of %s in %s mode", route, mode).isIn("JWT", "AWS_IAM");
        }
      }
    }
  }

  @Test
  void apiWaitsLongerThanTheProcessorTimeout() {
    int functionTimeoutMillis = TEMPLATE.resource("TransactionProcessorFunction").path("Properties").path("Timeout").asInt() * 1000;
    int integrationTimeout = TEMPLATE.resource("HttpApiIntegration").path("Properties").path("TimeoutInMillis").asInt();
    assertThat(integrationTimeout).isGreaterThan(functionTimeoutMillis).isLessThanOrEqualTo(30_000);
  }

  @Test
  void invokePermissionLetsOnlyThisApiCallTheLiveAlias() {
    template().hasResource("ApiInvokePermission", "AWS::Lambda::Permission")
        .hasPropertyEqualTo("Action", "lambda:InvokeFunction")
        .hasPropertyEqualTo("Principal", "apigateway.amazonaws.com")
        .hasPropertyEqualTo("SourceArn", Map.of("Fn::Sub",
            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/*/*"))
        .property("FunctionName").isRef("TransactionProcessorLiveAlias");
  }

  @Test
  void stageWritesJsonAccessLogsToTheEncryptedAccessLogGroup() throws Exception {
    template().hasResource("HttpApiStage")
        .hasPropertyEqualTo("StageName", "$default")
        .hasPropertyEqualTo("AutoDeploy", true)
        .property("AccessLogSettings.DestinationArn").references("ApiAccessLogGroup");
    JsonNode format = new ObjectMapper().readTree(TEMPLATE.resource("HttpApiStage")
        .path("Properties").path("AccessLogSettings").path("Format").asText());
    assertThat(format.path("requestId").asText()).isEqualTo("$context.requestId");
    assertThat(format.path("status").asText()).isEqualTo("$context.status");
    assertThat(format.path("responseLatency").asText()).isEqualTo("$context.responseLatency");
    assertThat(format.path("integrationLatency").asText()).isEqualTo("$context.integrationLatency");
    assertThat(format.path("integrationErrorMessage").asText()).isEqualTo("$context.integrationErrorMessage");
  }

  @Test
  void stageThrottlingDefaultsMatchTheTenThousandTpsTarget() {
    template().hasResource("HttpApiStage").property("DefaultRouteSettings.ThrottlingRateLimit").isRef("ApiThrottlingRateLimit");
    template().hasResource("HttpApiStage").property("DefaultRouteSettings.ThrottlingBurstLimit").isRef("ApiThrottlingBurstLimit");
    template().hasParameter("ApiThrottlingRateLimit").at("Default").isEqualTo(10_000);
    template().hasParameter("ApiThrottlingBurstLimit").at("Default").isEqualTo(5_000);
  }

  @Test
  void orchestratorAsyncFailuresGoToTheEncryptedDeadLetterQueue() {
    template().hasResource("FailoverOrchestratorEventInvokeConfig", "AWS::Lambda::EventInvokeConfig")
        .hasPropertyEqualTo("Qualifier", "live")
        .dependsOn("FailoverOrchestratorLiveAlias")
        .property("DestinationConfig.OnFailure.Destination").isGetAtt("OrchestratorDeadLetterQueue", "Arn");
    template().hasResource("FailoverOrchestratorEventInvokeConfig").property("FunctionName").isRef("FailoverOrchestratorFunction");
    template().hasResource("OrchestratorDeadLetterQueue", "AWS::SQS::Queue")
        .hasPropertyEqualTo("QueueName", Map.of("Fn::Sub", "${ProjectName}-${EnvironmentName}-orchestrator-dlq"))
        .hasPropertyEqualTo("MessageRetentionPeriod", 14 * 24 * 3600)
        .property("KmsMasterKeyId").isRef("KmsKeyArn");
  }

  @Test
  void healthCheckTargetIsTheExecuteApiHostAndTheUnauthenticatedHealthRoute() {
    template().hasResource("HttpApi").hasPropertyEqualTo("DisableExecuteApiEndpoint", false);
    template().hasOutput("HttpApiHealthCheckDomainName").at("Value")
        .isEqualTo(Map.of("Fn::Sub", "${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"));
    template().hasOutput("HealthCheckPath").at("Value").isEqualTo("/health");
    template().hasResource("HealthRoute").hasPropertyEqualTo("RouteKey", "GET /health");
  }

  @Test
  void outputsNameTheScheduledFunctions() {
    for (String function : SCHEDULED) {
      template().hasOutput(function + "Arn").at("Value").isGetAtt(function, "Arn");
      template().hasOutput(function + "Name").at("Value").isRef(function);
    }
  }

  @Test
  void keeperTicksForSeventySecondsWithinItsTimeoutAndTheReconcilerHasFiveMinutes() {
    int keeperTimeout = TEMPLATE.resource("LeaseKeeperFunction").path("Properties").path("Timeout").asInt();
    assertThat(keeperTimeout).isEqualTo(90).isGreaterThan((int) LeaseKeeperHandler.RUN_FOR.toSeconds());
    template().hasResource("ReconcilerFunction").hasPropertyEqualTo("Timeout", 300);
  }

  @Test
  void keeperAndReconcilerStayOutsideTheVpcLikeTheOrchestrator() {
    for (String function : SCHEDULED) {
      template().hasResource(function).doesNotHaveProperty("VpcConfig");
      assertThat(in("us-west-2", NETWORK).property(function, "VpcConfig").isMissingNode()).as(function).isTrue();
    }
  }

  @Test
  void outputsNameTheAliasesCallersMustInvoke() {
    template().hasOutput("TransactionProcessorLiveAliasArn").at("Value").isRef("TransactionProcessorLiveAlias");
    template().hasOutput("FailoverOrchestratorLiveAliasArn").at("Value").isRef("FailoverOrchestratorLiveAlias");
    template().hasOutput("OrchestratorDeadLetterQueueArn").at("Value").isGetAtt("OrchestratorDeadLetterQueue", "Arn");
    template().hasOutput("HttpApiEndpoint").at("Value").isGetAtt("HttpApi", "ApiEndpoint");
  }

  private static com.example.txndr.template.Evaluator in(String region, Map<String, String> network) {
    Map<String, Object> values = new java.util.LinkedHashMap<>(Map.of("ArtifactBucketPrefix", "txn-dr-artifacts",
        "LambdaCodeKey", "transaction-dr/lambda/a.jar", "KmsKeyArn", "arn:aws:kms:us-east-1:123456789012:key/1111"));
    // JWT is the default authorization: it needs an issuer and an audience (rule JwtAuthorizationNeedsIssuerAndAudience).
    values.putAll(ApiAuthorization.JWT_VALUES);
    values.putAll(network);
    return com.example.txndr.template.Evaluator.of(TEMPLATE, region, values);
  }

  private static final Map<String, String> NETWORK = Map.of(
      "VpcSubnetIds", "subnet-0a0a0a0a0a0a0a0a0,subnet-0b0b0b0b0b0b0b0b0,subnet-0c0c0c0c0c0c0c0c0",
      "VpcSecurityGroupId", "sg-0d0d0d0d0d0d0d0d0");

  @Test
  void processorRunsInTheGivenPrivateSubnetsWithTheGivenSecurityGroup() {
    JsonNode vpc = in("us-west-2", NETWORK).property("TransactionProcessorFunction", "VpcConfig");
    assertThat(vpc).isEqualTo(json("""
        {"SubnetIds": ["subnet-0a0a0a0a0a0a0a0a0", "subnet-0b0b0b0b0b0b0b0b0", "subnet-0c0c0c0c0c0c0c0c0"],
         "SecurityGroupIds": ["sg-0d0d0d0d0d0d0d0d0"]}"""));
  }

  @Test
  void processorRunsOutsideAnyVpcWhenNoNetworkIsGiven() {
    assertThat(in("us-east-1", Map.of()).property("TransactionProcessorFunction", "VpcConfig").isMissingNode()).isTrue();
    template().hasParameter("VpcSubnetIds").at("Default").isEqualTo("");
    template().hasParameter("VpcSecurityGroupId").at("Default").isEqualTo("");
  }

  @Test
  void orchestratorStaysOutsideTheVpc() {
    template().hasResource("FailoverOrchestratorFunction").doesNotHaveProperty("VpcConfig");
    assertThat(in("us-west-2", NETWORK).property("FailoverOrchestratorFunction", "VpcConfig").isMissingNode()).isTrue();
  }

  @Test
  void subnetsAndSecurityGroupAreGivenTogether() {
    String together = "Give VpcSubnetIds and VpcSecurityGroupId together (the processor runs in the VPC) or leave"
        + " both empty (it runs outside any VPC).";
    assertThat(in("us-east-1", Map.of("VpcSecurityGroupId", "sg-0d0d0d0d0d0d0d0d0")).failedRules()).containsExactly(together);
    assertThat(in("us-east-1", Map.of("VpcSubnetIds", "subnet-0a0a0a0a0a0a0a0a0")).failedRules()).containsExactly(together);
    assertThat(in("us-east-1", NETWORK).failedRules()).isEmpty();
  }

  @Test
  void aNewSecurityGroupPublishesANewProcessorVersionWhichKeepsItsOwnVpcConfiguration() {
    template().hasResource("TransactionProcessorVersion").property("Description").references("VpcSecurityGroupId");
  }

  @Test
  void templateIsRegionalAndChecksThatTheRegionsDiffer() {
    template().hasRule("RegionsDiffer");
    assertThat(TEMPLATE.root().path("Parameters").has("RegionRole")).isFalse();
  }

  /** The alarm on the replication heartbeat watches the series the keeper publishes, or it never fires. */
  @Test
  void replicationHeartbeatAlarmWatchesTheMetricTheKeeperPublishes() {
    JsonNode alarm = Template.ofModule("monitoring").resource("ReplicationHeartbeatAlarm").path("Properties");

    assertThat(alarm.path("Namespace").asText()).isEqualTo(HeartbeatAgeMetric.NAMESPACE);
    assertThat(alarm.path("MetricName").asText()).isEqualTo(HeartbeatAgeMetric.METRIC);
    List<String> dimensions = new ArrayList<>();
    alarm.path("Dimensions").forEach(d -> dimensions.add(d.path("Name").asText()));
    assertThat(dimensions).containsExactly("TableName", "SendingRegion");
    assertThat(TEMPLATE.resource("LeaseKeeperFunction").at("/Properties/Environment/Variables/TABLE_NAME"))
        .hasToString(alarm.path("Dimensions").get(0).path("Value").toString());
  }

  /** The API's authorization modes (issue 9, the failover endpoint): JWT by default, AWS_IAM as the option. */
  @org.junit.jupiter.api.Nested
  class ApiAuthorization {
    static final String ISSUER = "https://login.example.com/oauth2/default";
    static final Map<String, String> JWT_VALUES = Map.of("JwtIssuer", ISSUER, "JwtAudience", "txn-api,txn-api-batch");
    private static final List<String> MONEY_ROUTES = List.of("PostTransactionRoute", "GetTransactionRoute",
        "GetAccountRoute");
    private static final List<String> CANARY_ROUTES = List.of("CanaryRoute", "GetCanaryRoute");

    private com.example.txndr.template.Evaluator mode(String mode) {
      return in("us-west-2", Map.of("ApiAuthorization", mode));
    }

    @Test
    void jwtIsTheDefaultMode() {
      template().hasParameter("ApiAuthorization").at("Default").isEqualTo("JWT");
      template().hasParameter("ApiAuthorization").at("AllowedValues").isEqualTo(List.of("JWT", "AWS_IAM"));
      template().hasParameter("JwtIssuer").at("Default").isEqualTo("");
      template().hasParameter("JwtAudience").at("Default").isEqualTo("");
    }

    @Test
    void moneyRoutesUseTheJwtAuthorizerInJwtMode() {
      com.example.txndr.template.Evaluator jwt = mode("JWT");
      for (String route : MONEY_ROUTES) {
        assertThat(jwt.property(route, "AuthorizationType").asText()).as(route).isEqualTo("JWT");
        assertThat(jwt.property(route, "AuthorizerId").asText()).as(route).isEqualTo("{{HttpApiJwtAuthorizer}}");
      }
    }

    @Test
    void moneyRoutesUseIamWithoutAnAuthorizerInAwsIamMode() {
      com.example.txndr.template.Evaluator iam = mode("AWS_IAM");
      for (String route : MONEY_ROUTES) {
        assertThat(iam.property(route, "AuthorizationType").asText()).as(route).isEqualTo("AWS_IAM");
        assertThat(iam.property(route, "AuthorizerId").isMissingNode()).as(route).isTrue();
      }
    }

    @Test
    void jwtAuthorizerExistsOnlyInJwtModeAndReadsTheBearerTokenForTheIssuerAndAudiences() {
      assertThat(mode("AWS_IAM").exists("HttpApiJwtAuthorizer")).isFalse();
      com.example.txndr.template.Evaluator jwt = mode("JWT");
      assertThat(jwt.exists("HttpApiJwtAuthorizer")).isTrue();
      assertThat(jwt.properties("HttpApiJwtAuthorizer")).isEqualTo(json("""
          {"ApiId": "{{HttpApi}}", "Name": "txn-dr-prod-jwt", "AuthorizerType": "JWT",
           "IdentitySource": ["$request.header.Authorization"],
           "JwtConfiguration": {"Issuer": "https://login.example.com/oauth2/default",
                                "Audience": ["txn-api", "txn-api-batch"]}}"""));
      assertThat(in("us-west-2", Map.of("JwtAudience", "txn-api")).property("HttpApiJwtAuthorizer",
          "JwtConfiguration.Audience")).isEqualTo(json("""
          ["txn-api"]"""));
    }

    @Test
    void canaryRoutesNeedIamInBothModesOnTheProcessorIntegration() {
      template().hasResource("GetCanaryRoute").hasPropertyEqualTo("RouteKey", "GET /canary/{id}")
          .hasPropertyEqualTo("Target", Map.of("Fn::Sub", "integrations/${HttpApiIntegration}"));
      for (String mode : List.of("JWT", "AWS_IAM")) {
        for (String route : CANARY_ROUTES) {
          assertThat(mode(mode).property(route, "AuthorizationType").asText()).as("%s in %s mode", route, mode)
              .isEqualTo("AWS_IAM");
          assertThat(mode(mode).property(route, "AuthorizerId").isMissingNode()).isTrue();
        }
      }
      assertThat(TEMPLATE.resource("HttpApiStage").path("DependsOn")).extracting(JsonNode::asText)
          .contains("CanaryRoute", "GetCanaryRoute");
    }

    @Test
    void jwtModeRefusesAMissingIssuerOrAudienceAndIamModeNeedsNeither() {
      String issuer = "ApiAuthorization=JWT (the default) needs the identity provider: set JwtIssuer to its https "
          + "issuer URL (the iss claim of its tokens), or set ApiAuthorization to AWS_IAM for callers that sign each "
          + "request for one region's endpoint.";
      String audience = "ApiAuthorization=JWT (the default) needs the accepted audiences: set JwtAudience to the aud "
          + "(or client_id) your tokens carry, comma-separated for several, or set ApiAuthorization to AWS_IAM for "
          + "callers that sign each request for one region's endpoint.";
      assertThat(in("us-east-1", Map.of()).failedRules()).isEmpty();
      assertThat(in("us-east-1", Map.of("JwtIssuer", "")).failedRules()).containsExactly(issuer);
      assertThat(in("us-east-1", Map.of("JwtAudience", "")).failedRules()).containsExactly(audience);
      assertThat(in("us-east-1", Map.of("JwtIssuer", "", "JwtAudience", "")).failedRules())
          .containsExactly(issuer, audience);
      assertThat(in("us-east-1", Map.of("ApiAuthorization", "AWS_IAM", "JwtIssuer", "", "JwtAudience", ""))
          .failedRules()).isEmpty();
    }

    @Test
    void issuerMustBeAnHttpsUrlAndAudiencesAListWithoutEmptyEntries() {
      java.util.regex.Pattern issuer = java.util.regex.Pattern.compile(
          TEMPLATE.root().at("/Parameters/JwtIssuer/AllowedPattern").asText());
      assertThat(issuer.matcher(ISSUER).matches()).isTrue();
      assertThat(issuer.matcher("").matches()).isTrue();
      assertThat(issuer.matcher("http://login.example.com").matches()).isFalse();
      assertThat(issuer.matcher("login.example.com").matches()).isFalse();
      java.util.regex.Pattern audience = java.util.regex.Pattern.compile(
          TEMPLATE.root().at("/Parameters/JwtAudience/AllowedPattern").asText());
      assertThat(audience.matcher("txn-api").matches()).isTrue();
      assertThat(audience.matcher("txn-api,txn-api-batch").matches()).isTrue();
      assertThat(audience.matcher("txn-api,").matches()).isFalse();
      assertThat(audience.matcher("txn-api, batch").matches()).isFalse();
    }

    @Test
    void accessLogsRecordTheCallerOfEitherModeAndWhyATokenWasRefused() throws Exception {
      JsonNode format = new ObjectMapper().readTree(TEMPLATE.resource("HttpApiStage")
          .path("Properties").path("AccessLogSettings").path("Format").asText());
      assertThat(format.path("userArn").asText()).isEqualTo("$context.identity.userArn");
      assertThat(format.path("jwtIssuer").asText()).isEqualTo("$context.authorizer.claims.iss");
      assertThat(format.path("jwtSubject").asText()).isEqualTo("$context.authorizer.claims.sub");
      assertThat(format.path("authorizerError").asText()).isEqualTo("$context.authorizer.error");
    }

    @Test
    void processorAndReconcilerNameTheirMetricsServiceByProjectAndEnvironment() {
      for (String function : List.of("TransactionProcessorFunction", "ReconcilerFunction")) {
        template().hasResource(function).hasPropertyEqualTo("Environment.Variables." + METRICS_SERVICE,
            Map.of("Fn::Sub", "${ProjectName}-${EnvironmentName}"));
      }
    }
  }

  /** GET /health on a function of its own (issue 9, Capacity; docs/adr/0015). */
  @org.junit.jupiter.api.Nested
  class HealthOnItsOwnFunction {
    @Test
    void healthRouteInvokesTheHealthFunctionsLiveAliasNotTheProcessor() {
      template().hasResource("HealthRoute").hasPropertyEqualTo("RouteKey", "GET /health")
          .hasPropertyEqualTo("AuthorizationType", "NONE")
          .hasPropertyEqualTo("Target", Map.of("Fn::Sub", "integrations/${HealthIntegration}"));
      template().hasResource("HealthIntegration", "AWS::ApiGatewayV2::Integration")
          .hasPropertyEqualTo("IntegrationType", "AWS_PROXY").hasPropertyEqualTo("PayloadFormatVersion", "2.0")
          .property("IntegrationUri").isRef("HealthLiveAlias");
      template().hasResource("HealthLiveAlias", "AWS::Lambda::Alias").hasPropertyEqualTo("Name", "live")
          .property("FunctionVersion").isGetAtt("HealthVersion", "Version");
      template().hasResource("HealthFunction", "AWS::Lambda::Function")
          .hasPropertyEqualTo("Handler", "com.example.txndr.lambda.api.HealthHandler::handleRequest")
          .hasPropertyEqualTo("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
      assertThat(TEMPLATE.resource("HealthFunction").path("Properties").path("Code"))
          .isEqualTo(TEMPLATE.resource("TransactionProcessorFunction").path("Properties").path("Code"));
    }

    @Test
    void onlyThisApisHealthRouteMayInvokeTheHealthAlias() {
      template().hasResource("HealthInvokePermission", "AWS::Lambda::Permission")
          .hasPropertyEqualTo("Action", "lambda:InvokeFunction")
          .hasPropertyEqualTo("Principal", "apigateway.amazonaws.com")
          .hasPropertyEqualTo("SourceArn", Map.of("Fn::Sub",
              "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/*/GET/health"))
          .property("FunctionName").isRef("HealthLiveAlias");
    }

    @Test
    void healthFunctionHasItsOwnReservedConcurrencyOfAtLeastOneHundred() {
      template().hasResource("HealthFunction").property("ReservedConcurrentExecutions")
          .isRef("HealthReservedConcurrency");
      template().hasParameter("HealthReservedConcurrency").at("Default").isEqualTo(100);
      template().hasParameter("HealthReservedConcurrency").at("MinValue").isEqualTo(100);
    }

    @Test
    void healthRouteIsThrottledOnItsOwnFromTheRoute53CheckersRate() {
      JsonNode route = TEMPLATE.resource("HttpApiStage").path("Properties").path("RouteSettings").path("GET /health");
      assertThat(route.path("ThrottlingRateLimit").path("Ref").asText()).isEqualTo("HealthThrottlingRateLimit");
      assertThat(route.path("ThrottlingBurstLimit").path("Ref").asText()).isEqualTo("HealthThrottlingBurstLimit");
      int rate = parameter("HealthThrottlingRateLimit").path("Default").asInt();
      int burst = parameter("HealthThrottlingBurstLimit").path("Default").asInt();
      // 16 checkers every 10 s: 1.6 requests per second; ten times that at least, far below the stage's limits.
      assertThat(rate * 10).isGreaterThanOrEqualTo(16 * 10);
      assertThat(rate).isLessThan(parameter("ApiThrottlingRateLimit").path("Default").asInt() / 100);
      assertThat(burst).isGreaterThanOrEqualTo(16).isLessThan(parameter("ApiThrottlingBurstLimit").path("Default").asInt());
    }

    @Test
    void healthFunctionAnswersBeforeTheIntegrationGivesUpAndRunsInTheProcessorsNetworkPath() {
      int timeoutMillis = TEMPLATE.resource("HealthFunction").path("Properties").path("Timeout").asInt() * 1000;
      assertThat(TEMPLATE.resource("HealthIntegration").path("Properties").path("TimeoutInMillis").asInt())
          .isGreaterThan(timeoutMillis);
      assertThat(TEMPLATE.resource("HealthFunction").path("Properties").path("VpcConfig"))
          .isEqualTo(TEMPLATE.resource("TransactionProcessorFunction").path("Properties").path("VpcConfig"));
      template().hasResource("HealthFunction").property("LoggingConfig.LogGroup").isRef("HealthLogGroup");
    }

    @Test
    void aDailyScheduleKeepsTheProcessorsSnapStartVersionActiveWithAGetHealthEventItAnswers() throws Exception {
      template().hasResource("ProcessorKeepActiveRule", "AWS::Events::Rule")
          .hasPropertyEqualTo("ScheduleExpression", "rate(1 day)").hasPropertyEqualTo("State", "ENABLED");
      JsonNode target = TEMPLATE.resource("ProcessorKeepActiveRule").path("Properties").path("Targets").get(0);
      assertThat(target.path("Arn").path("Ref").asText()).isEqualTo("TransactionProcessorLiveAlias");
      com.example.txndr.lambda.api.ApiRequest request =
          com.example.txndr.lambda.api.HttpApiEvents.parse(target.path("Input").asText());
      assertThat(request.method()).isEqualTo("GET");
      assertThat(request.path()).isEqualTo("/health");
      template().hasResource("ProcessorKeepActivePermission", "AWS::Lambda::Permission")
          .hasPropertyEqualTo("Principal", "events.amazonaws.com")
          .property("SourceArn").isGetAtt("ProcessorKeepActiveRule", "Arn");
      template().hasResource("ProcessorKeepActivePermission").property("FunctionName")
          .isRef("TransactionProcessorLiveAlias");
    }
  }
}
