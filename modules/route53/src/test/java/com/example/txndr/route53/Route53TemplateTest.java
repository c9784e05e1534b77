package com.example.txndr.route53;

import static com.example.txndr.testkit.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.testkit.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Route53TemplateTest {
  private static final Template TEMPLATE = Template.ofModule("route53");

  private static final String PRIMARY = "us-east-1";
  private static final String SECONDARY = "us-west-2";
  private static final String EXECUTE_API = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com";

  private static final Map<String, String> ZONE_MODE = Map.of("HostedZoneName", "dr.example.com");
  private static final Map<String, String> REGIONAL_MODE = Map.of(
      "EndpointDomainName", EXECUTE_API,
      "HostedZoneId", "Z0CREATEDZONE1",
      "RecordName", "api.dr.example.com");
  private static final Map<String, String> CUSTOM_DOMAIN = Map.of(
      "EndpointDomainName", EXECUTE_API,
      "ExistingHostedZoneId", "Z0EXISTINGZONE1",
      "RecordName", "api.dr.example.com",
      "CustomDomainName", "api.dr.example.com",
      "HttpApiId", "a1b2c3d4e5");

  /** Marks an {@code AWS::NoValue} result of the little evaluator below. */
  private static final Object NO_VALUE = new Object();

  @Test
  void healthCheckProbesTheRegionsOwnApiOverHttpsOnHealthPath() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("ApiHealthCheck", "AWS::Route53::HealthCheck")
        .hasPropertyEqualTo("HealthCheckConfig.Type", "HTTPS")
        .hasPropertyEqualTo("HealthCheckConfig.Port", 443)
        .hasPropertyEqualTo("HealthCheckConfig.EnableSNI", true)
        .hasPropertyEqualTo("HealthCheckConfig.MeasureLatency", true)
        .hasPropertyEqualTo("HealthCheckConfig.FullyQualifiedDomainName", json("""
            {"Ref": "EndpointDomainName"}"""))
        .hasPropertyEqualTo("HealthCheckConfig.ResourcePath", json("""
            {"Ref": "HealthCheckPath"}"""));
    TemplateAssert.assertThat(TEMPLATE).at("Parameters.HealthCheckPath.Default").isEqualTo("/health");
  }

  @Test
  void healthCheckDefaultsToTenSecondIntervalAndThresholdThree() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("ApiHealthCheck")
        .hasPropertyEqualTo("HealthCheckConfig.RequestInterval", json("""
            {"Ref": "HealthCheckRequestInterval"}"""))
        .hasPropertyEqualTo("HealthCheckConfig.FailureThreshold", json("""
            {"Ref": "HealthCheckFailureThreshold"}"""));
    TemplateAssert.assertThat(TEMPLATE).at("Parameters.HealthCheckRequestInterval")
        .contains(Map.of("Type", "Number", "Default", 10));
    TemplateAssert.assertThat(TEMPLATE).at("Parameters.HealthCheckRequestInterval.AllowedValues")
        .isEqualTo(List.of(10, 30));
    TemplateAssert.assertThat(TEMPLATE).at("Parameters.HealthCheckFailureThreshold")
        .contains(Map.of("Type", "Number", "Default", 3, "MinValue", 1, "MaxValue", 10));
  }

  @Test
  void detectionSecondsIsIntervalTimesThresholdAndThirtyByDefault() {
    JsonNode table = TEMPLATE.root().at("/Mappings/HealthCheckDetectionSeconds");
    for (int interval : new int[] {10, 30}) {
      for (int threshold = 1; threshold <= 10; threshold++) {
        assertThat(table.path(String.valueOf(interval)).path(String.valueOf(threshold)).asText())
            .as("detection seconds at %d s x %d", interval, threshold)
            .isEqualTo(String.valueOf(interval * threshold));
      }
    }
    JsonNode lookup = TEMPLATE.root().at("/Outputs/ApiHealthCheckDetectionSeconds/Value/Fn::FindInMap");
    Map<String, String> defaults = parameters(Map.of());
    assertThat(table.path(defaults.get(lookup.path(1).path("Ref").asText()))
        .path(defaults.get(lookup.path(2).path("Ref").asText())).asText()).isEqualTo("30");
  }

  @Test
  void healthCheckersRunFromThreeRegionsOutsideBothApplicationRegions() {
    JsonNode regions = TEMPLATE.resource("ApiHealthCheck").at("/Properties/HealthCheckConfig/Regions");
    List<String> names = new ArrayList<>();
    regions.forEach(r -> names.add(r.asText()));
    assertThat(names).hasSizeGreaterThanOrEqualTo(3).doesNotContain(PRIMARY, SECONDARY);
  }

  @Test
  void endpointDomainNameAcceptsOnlyExecuteApiHostnames() {
    String pattern = TEMPLATE.root().at("/Parameters/EndpointDomainName/AllowedPattern").asText();
    assertThat("").matches(pattern);
    assertThat(EXECUTE_API).matches(pattern);
    assertThat("x9y8z7w6v5.execute-api.us-west-2.amazonaws.com").matches(pattern);
    assertThat("api.dr.example.com").doesNotMatch(pattern);
    assertThat("https://" + EXECUTE_API).doesNotMatch(pattern);
    assertThat(EXECUTE_API + "/health").doesNotMatch(pattern);
  }

  @Test
  void failoverRecordIsPrimaryInThePrimaryRegionAndSecondaryInTheOther() {
    JsonNode failover = TEMPLATE.resource("FailoverRecord").at("/Properties/Failover");
    assertThat(evaluate(failover, REGIONAL_MODE, PRIMARY)).isEqualTo("PRIMARY");
    assertThat(evaluate(failover, REGIONAL_MODE, SECONDARY)).isEqualTo("SECONDARY");
    Map<String, String> swapped = with(REGIONAL_MODE, Map.of("PrimaryRegion", SECONDARY, "SecondaryRegion", PRIMARY));
    assertThat(evaluate(failover, swapped, SECONDARY)).isEqualTo("PRIMARY");
    assertThat(evaluate(failover, swapped, PRIMARY)).isEqualTo("SECONDARY");
  }

  @Test
  void failoverRecordCarriesTheHealthCheckAndARegionalSetIdentifier() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("FailoverRecord", "AWS::Route53::RecordSet")
        .hasPropertyEqualTo("HealthCheckId", json("""
            {"Ref": "ApiHealthCheck"}"""))
        .hasPropertyEqualTo("Name", json("""
            {"Ref": "RecordName"}"""))
        .hasPropertyEqualTo("SetIdentifier", json("""
            {"Fn::Sub": "${ProjectName}-${EnvironmentName}-${AWS::Region}"}"""));
  }

  @Test
  void failoverRecordWithoutCustomDomainIsCnameToExecuteApiWithTtlSixty() {
    Map<String, Object> record = evaluatedProperties("FailoverRecord", REGIONAL_MODE, PRIMARY);
    assertThat(record).containsEntry("Type", "CNAME").containsEntry("TTL", "60")
        .containsEntry("ResourceRecords", List.of(EXECUTE_API))
        .containsEntry("HostedZoneId", "Z0CREATEDZONE1")
        .doesNotContainKey("AliasTarget");
  }

  @Test
  void failoverRecordWithCustomDomainIsAliasToTheRegionalDomain() {
    Map<String, Object> record = evaluatedProperties("FailoverRecord", CUSTOM_DOMAIN, SECONDARY);
    assertThat(record).containsEntry("Type", "A").containsEntry("HostedZoneId", "Z0EXISTINGZONE1")
        .containsEntry("HealthCheckId", "ref:ApiHealthCheck")
        .doesNotContainKeys("TTL", "ResourceRecords");
    assertThat(record.get("AliasTarget")).isEqualTo(Map.of(
        "DNSName", json("""
            {"Fn::GetAtt": ["ApiDomainName", "RegionalDomainName"]}"""),
        "HostedZoneId", json("""
            {"Fn::GetAtt": ["ApiDomainName", "RegionalHostedZoneId"]}"""),
        "EvaluateTargetHealth", true));
  }

  @Test
  void healthCheckAndFailoverRecordExistOnlyInRegionalMode() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("ApiHealthCheck").hasCondition("HasEndpoint");
    TemplateAssert.assertThat(TEMPLATE).hasResource("FailoverRecord").hasCondition("HasEndpoint");
    assertThat(condition("HasEndpoint", ZONE_MODE, PRIMARY)).isFalse();
    assertThat(condition("HasEndpoint", REGIONAL_MODE, PRIMARY)).isTrue();
  }

  @Test
  void zoneIsCreatedOnlyInZoneModeWithoutAnExistingZone() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("HostedZone", "AWS::Route53::HostedZone")
        .hasCondition("CreateHostedZone")
        .hasPropertyEqualTo("Name", json("""
            {"Ref": "HostedZoneName"}"""));
    assertThat(condition("CreateHostedZone", ZONE_MODE, PRIMARY)).isTrue();
    assertThat(condition("CreateHostedZone", with(ZONE_MODE, Map.of("ExistingHostedZoneId", "Z0EXISTINGZONE1")), PRIMARY))
        .isFalse();
    assertThat(condition("CreateHostedZone", REGIONAL_MODE, PRIMARY)).isFalse();
    assertThat(condition("CreateHostedZone", REGIONAL_MODE, SECONDARY)).isFalse();
  }

  @Test
  void zoneOutputsItsIdAndNameServersForDelegation() {
    TemplateAssert.assertThat(TEMPLATE).hasOutput("HostedZoneId").contains(Map.of(
        "Condition", "CreateHostedZone", "Value", Map.of("Ref", "HostedZone")));
    TemplateAssert.assertThat(TEMPLATE).hasOutput("HostedZoneNameServers").contains(json("""
        {"Condition": "CreateHostedZone",
         "Value": {"Fn::Join": [",", {"Fn::GetAtt": ["HostedZone", "NameServers"]}]}}"""));
  }

  @Test
  void customDomainResourcesExistOnlyUnderHasCustomDomain() {
    for (String id : List.of("ApiCertificate", "ApiDomainName", "ApiMapping")) {
      TemplateAssert.assertThat(TEMPLATE).hasResource(id).hasCondition("HasCustomDomain");
    }
    assertThat(condition("HasCustomDomain", CUSTOM_DOMAIN, PRIMARY)).isTrue();
    assertThat(condition("HasCustomDomain", REGIONAL_MODE, PRIMARY)).isFalse();
    assertThat(condition("HasCustomDomain", with(CUSTOM_DOMAIN, Map.of("ExistingHostedZoneId", "")), PRIMARY))
        .isFalse();
    assertThat(condition("HasCustomDomain", with(CUSTOM_DOMAIN, Map.of("EndpointDomainName", "")), PRIMARY))
        .isFalse();
  }

  @Test
  void certificateUsesDnsValidationInTheExistingZone() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("ApiCertificate", "AWS::CertificateManager::Certificate")
        .hasPropertyEqualTo("ValidationMethod", "DNS")
        .hasPropertyEqualTo("DomainName", json("""
            {"Ref": "CustomDomainName"}"""))
        .hasPropertyEqualTo("DomainValidationOptions", json("""
            [{"DomainName": {"Ref": "CustomDomainName"}, "HostedZoneId": {"Ref": "ExistingHostedZoneId"}}]"""));
  }

  @Test
  void customDomainIsRegionalWithTls12AndMapsTheHttpApiDefaultStage() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("ApiDomainName", "AWS::ApiGatewayV2::DomainName")
        .hasPropertyEqualTo("DomainName", json("""
            {"Ref": "CustomDomainName"}"""))
        .hasPropertyEqualTo("DomainNameConfigurations", json("""
            [{"CertificateArn": {"Ref": "ApiCertificate"}, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}]"""));
    TemplateAssert.assertThat(TEMPLATE).hasResource("ApiMapping", "AWS::ApiGatewayV2::ApiMapping")
        .hasPropertyEqualTo("ApiId", json("""
            {"Ref": "HttpApiId"}"""))
        .hasPropertyEqualTo("DomainName", json("""
            {"Ref": "ApiDomainName"}"""))
        .hasPropertyEqualTo("Stage", "$default")
        .doesNotHaveProperty("ApiMappingKey");
  }

  @Test
  void failoverEndpointIsHttpsOnTheFailoverNameOnlyWithACustomDomain() {
    TemplateAssert.assertThat(TEMPLATE).hasOutput("FailoverEndpoint").contains(json("""
        {"Condition": "HasCustomDomain", "Value": {"Fn::Sub": "https://${FailoverRecord}"}}"""));
    TemplateAssert.assertThat(TEMPLATE).hasOutput("ApiDomainNameRegionalDomainName")
        .contains(Map.of("Condition", "HasCustomDomain"));
  }

  @Test
  void documentedDeploymentsPassEveryRule() {
    assertThat(failedRules(ZONE_MODE)).isEmpty();
    assertThat(failedRules(REGIONAL_MODE)).isEmpty();
    assertThat(failedRules(with(REGIONAL_MODE, Map.of("HostedZoneId", "", "ExistingHostedZoneId", "Z0EXISTINGZONE1"))))
        .isEmpty();
    assertThat(failedRules(CUSTOM_DOMAIN)).isEmpty();
  }

  static Stream<Arguments> impossibleCombinations() {
    return Stream.of(
        Arguments.of("custom domain without an existing zone",
            with(CUSTOM_DOMAIN, Map.of("ExistingHostedZoneId", "", "HostedZoneId", "Z0CREATEDZONE1")),
            "CustomDomainNeedsExistingZone",
            "A custom domain needs an ACM certificate validated through an existing, delegated hosted zone: set ExistingHostedZoneId to that zone's ID, or leave CustomDomainName empty."),
        Arguments.of("custom domain other than the failover name",
            with(CUSTOM_DOMAIN, Map.of("CustomDomainName", "other.dr.example.com")),
            "CustomDomainNeedsExistingZone",
            "CustomDomainName must equal RecordName: clients call the failover name, and TLS only succeeds if the certificate and the API Gateway domain carry that name."),
        Arguments.of("custom domain without the HTTP API",
            with(CUSTOM_DOMAIN, Map.of("HttpApiId", "")),
            "CustomDomainNeedsExistingZone",
            "A custom domain maps to this region's HTTP API: set HttpApiId, or leave CustomDomainName empty."),
        Arguments.of("custom domain in zone mode",
            with(ZONE_MODE, Map.of("CustomDomainName", "api.dr.example.com", "RecordName", "api.dr.example.com",
                "HttpApiId", "a1b2c3d4e5")),
            "CustomDomainNeedsExistingZone",
            "The custom domain is created per region in regional mode: set EndpointDomainName to this region's execute-api hostname, or leave CustomDomainName empty in zone mode."),
        Arguments.of("regional mode without a zone id",
            with(REGIONAL_MODE, Map.of("HostedZoneId", "")),
            "RegionalModeNeedsZoneAndRecord",
            "Regional mode (EndpointDomainName set) needs the hosted zone for the failover record: set HostedZoneId to zone mode's HostedZoneId output, or ExistingHostedZoneId to an existing zone."),
        Arguments.of("regional mode without a record name",
            with(REGIONAL_MODE, Map.of("RecordName", "")),
            "RegionalModeNeedsZoneAndRecord",
            "Regional mode (EndpointDomainName set) needs the failover name: set RecordName (for example api.dr.example.com), the same in both regions."),
        Arguments.of("two different zone ids",
            with(REGIONAL_MODE, Map.of("ExistingHostedZoneId", "Z0EXISTINGZONE1")),
            "ZoneIdsAgree",
            "HostedZoneId and ExistingHostedZoneId name different zones: set only one of them (ExistingHostedZoneId for a zone you already own, HostedZoneId for the zone that zone mode created)."),
        Arguments.of("zone mode without a zone name",
            Map.of(),
            "ZoneModeCreatesZone",
            "Zone mode (EndpointDomainName empty) creates a hosted zone: set HostedZoneName (for example dr.example.com), or set EndpointDomainName to deploy a region's health check and failover record."),
        Arguments.of("zone mode with an existing zone",
            with(ZONE_MODE, Map.of("ExistingHostedZoneId", "Z0EXISTINGZONE1")),
            "ZoneModeCreatesZone",
            "Zone mode (EndpointDomainName empty) with ExistingHostedZoneId set has nothing to create: do not deploy zone mode for an existing zone, or set EndpointDomainName to deploy a region's health check and failover record."),
        Arguments.of("the same region twice",
            with(REGIONAL_MODE, Map.of("SecondaryRegion", PRIMARY)),
            "RegionsDiffer",
            "PrimaryRegion and SecondaryRegion must differ: set one to us-east-1 and the other to us-west-2."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("impossibleCombinations")
  void rulesRejectImpossibleCombinations(String name, Map<String, String> given, String rule, String description) {
    TemplateAssert.assertThat(TEMPLATE).hasRule(rule);
    assertThat(failedRules(given)).contains(rule + ": " + description);
  }

  private static Map<String, String> with(Map<String, String> base, Map<String, String> overrides) {
    Map<String, String> out = new HashMap<>(base);
    out.putAll(overrides);
    return out;
  }

  /** Parameter values: the template's defaults overridden by {@code given}. */
  private static Map<String, String> parameters(Map<String, String> given) {
    Map<String, String> values = new HashMap<>();
    TEMPLATE.root().path("Parameters").fields()
        .forEachRemaining(e -> values.put(e.getKey(), e.getValue().path("Default").asText("")));
    values.putAll(given);
    return values;
  }

  /** "Rule: AssertDescription" of every assertion that fails for these parameters. */
  private static List<String> failedRules(Map<String, String> given) {
    List<String> failed = new ArrayList<>();
    TEMPLATE.root().path("Rules").fields().forEachRemaining(rule -> {
      JsonNode when = rule.getValue().path("RuleCondition");
      if (!when.isMissingNode() && !(Boolean) evaluate(when, given, PRIMARY)) {
        return;
      }
      for (JsonNode assertion : rule.getValue().path("Assertions")) {
        if (!(Boolean) evaluate(assertion.path("Assert"), given, PRIMARY)) {
          failed.add(rule.getKey() + ": " + assertion.path("AssertDescription").asText());
        }
      }
    });
    return failed;
  }

  private static boolean condition(String name, Map<String, String> given, String region) {
    return (Boolean) evaluate(json("{\"Condition\": \"" + name + "\"}"), given, region);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> evaluatedProperties(String logicalId, Map<String, String> given, String region) {
    return (Map<String, Object>) evaluate(TEMPLATE.resource(logicalId).path("Properties"), given, region);
  }

  /**
   * Resolves the condition functions, Fn::If, parameter Refs and AWS::Region in {@code node}; a
   * Ref to a resource becomes "ref:<id>", other intrinsics stay as JSON. Enough for this
   * template's rules, conditions and conditional properties.
   */
  private static Object evaluate(JsonNode node, Map<String, String> given, String region) {
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNumber()) {
      return node.asText();
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>();
      node.forEach(n -> out.add(evaluate(n, given, region)));
      return out;
    }
    if (node.size() == 1) {
      String fn = node.fieldNames().next();
      JsonNode arg = node.get(fn);
      switch (fn) {
        case "Ref" -> {
          String name = arg.asText();
          if (name.equals("AWS::Region")) {
            return region;
          }
          if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
          }
          Map<String, String> values = parameters(given);
          return values.containsKey(name) ? values.get(name) : "ref:" + name;
        }
        case "Condition" -> {
          return evaluate(TEMPLATE.root().path("Conditions").path(arg.asText()), given, region);
        }
        case "Fn::Equals" -> {
          return Objects.equals(evaluate(arg.get(0), given, region), evaluate(arg.get(1), given, region));
        }
        case "Fn::Not" -> {
          return !(Boolean) evaluate(arg.get(0), given, region);
        }
        case "Fn::And", "Fn::Or" -> {
          boolean and = fn.equals("Fn::And");
          for (JsonNode operand : arg) {
            if ((Boolean) evaluate(operand, given, region) != and) {
              return !and;
            }
          }
          return and;
        }
        case "Fn::If" -> {
          boolean holds = condition(arg.get(0).asText(), given, region);
          return evaluate(arg.get(holds ? 1 : 2), given, region);
        }
        default -> {
          if (fn.startsWith("Fn::")) {
            return node;
          }
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> {
      Object value = evaluate(e.getValue(), given, region);
      if (value != NO_VALUE) {
        out.put(e.getKey(), value);
      }
    });
    return out;
  }
}
