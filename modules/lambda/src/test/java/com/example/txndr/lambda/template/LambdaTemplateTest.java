package com.example.txndr.lambda.template;

import static com.example.txndr.testkit.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.internal.Config;
import com.example.txndr.testkit.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
          "orchestrator-execution"));

  private static final Set<String> CONTRACT_VARIABLES = Set.of("TABLE_NAME", "REGION_ROLE",
      "PRIMARY_REGION", "SECONDARY_REGION", "PARAMETER_PREFIX", "ALERT_TOPIC_ARN",
      "DOCUMENT_BUCKET", "POWERTOOLS_SERVICE_NAME");

  /** Variables beyond the contract, from parameters: what the recovery budget reads. */
  private static final Map<String, Map<String, String>> PARAMETER_VARIABLES = Map.of(
      "TransactionProcessorFunction", Map.of("CONTROL_SHARDS", "ControlShards"),
      "FailoverOrchestratorFunction", Map.of("CONTROL_SHARDS", "ControlShards",
          "FAILURES_TO_PROMOTE", "FailuresToPromote", "PROBE_TIMEOUT_MILLIS", "ProbeTimeoutMillis"));

  /** Lambda's limit on a version's description. */
  private static final int MAX_VERSION_DESCRIPTION = 256;

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
  void everyFunctionRunsJava21WithSnapStartOnPublishedVersions() {
    for (String function : functions()) {
      template().hasResource(function)
          .hasPropertyEqualTo("Runtime", "java21")
          .hasPropertyEqualTo("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
    }
  }

  @Test
  void everyFunctionIsInvokedThroughALiveAliasOnAPublishedVersion() {
    for (String function : functions()) {
      String base = function.replace("Function", "");
      template().hasResource(base + "Version", "AWS::Lambda::Version")
          .property("FunctionName").isRef(function);
      template().hasResource(base + "LiveAlias", "AWS::Lambda::Alias")
          .hasPropertyEqualTo("Name", "live")
          .property("FunctionName").isRef(function);
      template().hasResource(base + "LiveAlias")
          .property("FunctionVersion").isGetAtt(base + "Version", "Version");
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
  void environmentVariablesAreTheContractSetPlusTheParameterVariables() {
    for (String function : functions()) {
      Set<String> names = new TreeSet<>();
      TEMPLATE.resource(function).path("Properties").path("Environment").path("Variables")
          .fieldNames().forEachRemaining(names::add);
      Set<String> expected = new TreeSet<>(CONTRACT_VARIABLES);
      expected.addAll(PARAMETER_VARIABLES.get(function).keySet());
      assertThat(names).as("environment of %s", function).isEqualTo(expected);
    }
  }

  @Test
  void parameterVariablesComeFromTheirParameters() {
    PARAMETER_VARIABLES.forEach((function, variables) -> variables.forEach((variable, parameter) ->
        template().hasResource(function).property("Environment.Variables." + variable).isRef(parameter)));
  }

  @Test
  void controlShardsDefaultAndLimitsAreTheCodes() {
    template().hasParameter("ControlShards").at("Default").isEqualTo(Config.DEFAULT_CONTROL_SHARDS);
    template().hasParameter("ControlShards").at("MinValue").isEqualTo(1);
    template().hasParameter("ControlShards").at("MaxValue").isEqualTo(Config.MAX_CONTROL_SHARDS);
  }

  @Test
  void controlShardsDefaultToSixtyFour() {
    template().hasParameter("ControlShards").at("Default").isEqualTo(64);
  }

  @Test
  void defaultControlShardsKeepEachShardUnderOneItemsWriteLimitWithChecksCountedAsWrites() {
    // 10,000 TPS x 1/N of the checks x 2 write units per check (the recovery budget's reading).
    double writeUnitsPerShard = 10_000.0 / parameter("ControlShards").path("Default").asInt() * 2;

    assertThat(writeUnitsPerShard).isEqualTo(312.5).isLessThan(1_000);
  }

  @Test
  void controlShardsDescriptionShowsThePerShardWriteArithmetic() {
    template().hasParameter("ControlShards").at("Description")
        .textContains("10,000 TPS x 2 / 64 = 312.5 write units/s per shard")
        .textContains("16 shards would give 1,250");
  }

  @Test
  void failuresToPromoteDefaultsToThreeWithinOneToTen() {
    template().hasParameter("FailuresToPromote").at("Default").isEqualTo(3);
    template().hasParameter("FailuresToPromote").at("MinValue").isEqualTo(1);
    template().hasParameter("FailuresToPromote").at("MaxValue").isEqualTo(10);
  }

  @Test
  void probeTimeoutDefaultsToFiveSecondsAndLeavesHalfTheOrchestratorTimeout() {
    int timeoutMillis = TEMPLATE.resource("FailoverOrchestratorFunction").path("Properties").path("Timeout").asInt() * 1000;
    template().hasParameter("ProbeTimeoutMillis").at("Default").isEqualTo(5000);
    // Connect and read each get the timeout: a probe takes at most twice it.
    assertThat(2 * parameter("ProbeTimeoutMillis").path("MaxValue").asInt()).isLessThan(timeoutMillis);
  }

  @Test
  void fencingAndFailoverParametersAreDescribedAndConstrained() {
    for (String name : List.of("ControlShards", "FailuresToPromote", "ProbeTimeoutMillis")) {
      assertThat(parameter(name).path("Type").asText()).as("Type of %s", name).isEqualTo("Number");
      assertThat(parameter(name).path("Description").asText()).as("Description of %s", name).isNotBlank();
      assertThat(parameter(name).path("ConstraintDescription").asText()).as("ConstraintDescription of %s", name)
          .isNotBlank();
    }
  }

  @Test
  void changingAParameterVariablePublishesANewVersion() {
    PARAMETER_VARIABLES.forEach((function, variables) -> {
      String version = function.replace("Function", "Version");
      for (String parameter : variables.values()) {
        template().hasResource(version).property("Description").references(parameter);
      }
    });
  }

  @Test
  void versionDescriptionsFitLambdasLimitWithTheLongestParameterValues() {
    Map<String, String> longest = Map.of("LambdaCodeKey", "k".repeat(180) + ".jar",
        "PrimaryRegion", "us-east-1", "SecondaryRegion", "us-west-2", "ControlShards", "100",
        "FailuresToPromote", "10", "ProbeTimeoutMillis", "20000");
    for (String version : TEMPLATE.resourceIdsOfType("AWS::Lambda::Version")) {
      String description = TEMPLATE.resource(version).path("Properties").path("Description").path("Fn::Sub").asText();
      for (Map.Entry<String, String> value : longest.entrySet()) {
        description = description.replace("${" + value.getKey() + "}", value.getValue());
      }
      assertThat(description).as("description of %s", version).doesNotContain("${")
          .hasSizeLessThanOrEqualTo(MAX_VERSION_DESCRIPTION);
    }
  }

  @Test
  void regionRoleComesFromIsPrimaryRegion() {
    template().hasCondition("IsPrimaryRegion")
        .isEqualTo(json("{\"Fn::Equals\": [{\"Ref\": \"AWS::Region\"}, {\"Ref\": \"PrimaryRegion\"}]}"));
    for (String function : functions()) {
      template().hasResource(function).property("Environment.Variables.REGION_ROLE")
          .isEqualTo(json("{\"Fn::If\": [\"IsPrimaryRegion\", \"PRIMARY\", \"SECONDARY\"]}"));
    }
  }

  @Test
  void regionSpecificVariablesResolveInTheStackRegionByTheNamingContract() {
    for (String function : functions()) {
      String variables = "Environment.Variables.";
      template().hasResource(function)
          .hasPropertyEqualTo(variables + "TABLE_NAME", Map.of("Fn::Sub", "${ProjectName}-${EnvironmentName}-transactions"))
          .hasPropertyEqualTo(variables + "DOCUMENT_BUCKET",
              Map.of("Fn::Sub", "${ProjectName}-${EnvironmentName}-documents-${AWS::AccountId}-${AWS::Region}"))
          .hasPropertyEqualTo(variables + "ALERT_TOPIC_ARN", Map.of("Fn::Sub",
              "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${ProjectName}-${EnvironmentName}-alerts"))
          .hasPropertyEqualTo(variables + "PARAMETER_PREFIX", Map.of("Fn::Sub", "/${ProjectName}/${EnvironmentName}"));
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
    assertThat(groups).containsExactlyInAnyOrder(
        "TransactionProcessorLogGroup", "FailoverOrchestratorLogGroup", "ApiAccessLogGroup");
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
      template().hasResource(route).hasPropertyEqualTo("Target", Map.of("Fn::Sub", "integrations/${HttpApiIntegration}"));
      keys.add(TEMPLATE.resource(route).path("Properties").path("RouteKey").asText());
    }
    assertThat(keys).containsExactlyInAnyOrder(
        "POST /transactions", "GET /transactions/{id}", "GET /accounts/{id}", "GET /health");
  }

  @Test
  void onlyTheHealthRouteIsOpenToUnsignedCallers() {
    for (String route : TEMPLATE.resourceIdsOfType("AWS::ApiGatewayV2::Route")) {
      JsonNode properties = TEMPLATE.resource(route).path("Properties");
      String expected = properties.path("RouteKey").asText().equals("GET /health") ? "NONE" : "AWS_IAM";
      assertThat(properties.path("AuthorizationType").asText()).as("authorization of %s", route).isEqualTo(expected);
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
  void outputsNameTheAliasesCallersMustInvoke() {
    template().hasOutput("TransactionProcessorLiveAliasArn").at("Value").isRef("TransactionProcessorLiveAlias");
    template().hasOutput("FailoverOrchestratorLiveAliasArn").at("Value").isRef("FailoverOrchestratorLiveAlias");
    template().hasOutput("OrchestratorDeadLetterQueueArn").at("Value").isGetAtt("OrchestratorDeadLetterQueue", "Arn");
    template().hasOutput("HttpApiEndpoint").at("Value").isGetAtt("HttpApi", "ApiEndpoint");
  }

  @Test
  void templateIsRegionalAndChecksThatTheRegionsDiffer() {
    template().hasRule("RegionsDiffer");
    assertThat(TEMPLATE.root().path("Parameters").has("RegionRole")).isFalse();
  }
}
