package com.example.txndr.route53;

import static com.example.txndr.template.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.Evaluator;
import com.example.txndr.template.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    // The output exists in regional mode only; interval and threshold keep their defaults.
    assertThat(evaluator(REGIONAL_MODE, PRIMARY).output("ApiHealthCheckDetectionSeconds").asText()).isEqualTo("30");
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
    assertThat(failover(REGIONAL_MODE, PRIMARY)).isEqualTo("PRIMARY");
    assertThat(failover(REGIONAL_MODE, SECONDARY)).isEqualTo("SECONDARY");
    Map<String, String> swapped = with(REGIONAL_MODE, Map.of("PrimaryRegion", SECONDARY, "SecondaryRegion", PRIMARY));
    assertThat(failover(swapped, SECONDARY)).isEqualTo("PRIMARY");
    assertThat(failover(swapped, PRIMARY)).isEqualTo("SECONDARY");
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
  void failoverRecordWithCustomDomainIsCnameToTheRegionalDomainWithTtlSixtyAndTheHealthCheck() {
    Map<String, Object> record = evaluatedProperties("FailoverRecord", CUSTOM_DOMAIN, SECONDARY);
    assertThat(record).containsEntry("Type", "CNAME").containsEntry("TTL", "60")
        .containsEntry("ResourceRecords", List.of("{{ApiDomainName.RegionalDomainName}}"))
        .containsEntry("HostedZoneId", "Z0EXISTINGZONE1")
        .containsEntry("HealthCheckId", "{{ApiHealthCheck}}")
        .containsEntry("Name", "api.dr.example.com")
        .doesNotContainKey("AliasTarget");
  }

  /** Switching the custom domain on after a first deploy without it changes the CNAME's value, not the record's type. */
  @Test
  void switchingTheCustomDomainOnKeepsTheRecordsTypeNameAndTtl() {
    Map<String, Object> before = evaluatedProperties("FailoverRecord", Map.of("EndpointDomainName", EXECUTE_API,
        "ExistingHostedZoneId", "Z0EXISTINGZONE1", "RecordName", "api.dr.example.com"), PRIMARY);
    Map<String, Object> after = evaluatedProperties("FailoverRecord", CUSTOM_DOMAIN, PRIMARY);
    for (String unchanged : List.of("Type", "TTL", "Name", "HostedZoneId", "SetIdentifier", "Failover")) {
      assertThat(after.get(unchanged)).as(unchanged).isEqualTo(before.get(unchanged));
    }
    assertThat(before.get("ResourceRecords")).isEqualTo(List.of(EXECUTE_API));
    assertThat(after.get("ResourceRecords")).isEqualTo(List.of("{{ApiDomainName.RegionalDomainName}}"));
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

  private static Evaluator evaluator(Map<String, String> given, String region) {
    return Evaluator.of(TEMPLATE, region, given);
  }

  private static boolean condition(String name, Map<String, String> given, String region) {
    return evaluator(given, region).condition(name);
  }

  private static String failover(Map<String, String> given, String region) {
    return evaluator(given, region).property("FailoverRecord", "Failover").asText();
  }

  private static Map<String, Object> evaluatedProperties(String logicalId, Map<String, String> given, String region) {
    return new ObjectMapper().convertValue(evaluator(given, region).properties(logicalId),
        new TypeReference<Map<String, Object>>() {});
  }

  /**
   * "Rule: AssertDescription" of every assertion that fails for these parameters. The kit's
   * failedRules() gives the AssertDescription only, so the rule is found here by its description,
   * which must belong to exactly one rule.
   */
  private static List<String> failedRules(Map<String, String> given) {
    return evaluator(given, PRIMARY).failedRules().stream().map(d -> ruleAsserting(d) + ": " + d).toList();
  }

  private static String ruleAsserting(String description) {
    List<String> rules = new ArrayList<>();
    TEMPLATE.section("Rules").fields().forEachRemaining(rule -> {
      for (JsonNode assertion : rule.getValue().path("Assertions")) {
        if (assertion.path("AssertDescription").asText().equals(description)) {
          rules.add(rule.getKey());
        }
      }
    });
    assertThat(rules).as("rules with the AssertDescription %s", description).hasSize(1);
    return rules.get(0);
  }
}
