package com.example.txndr.ssm;

import static com.example.txndr.template.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SsmTemplateTest {
  private static final Template TEMPLATE = Template.ofModule("ssm");

  /** Parameter name below the prefix (docs/conventions.md) by logical ID. */
  private static final Map<String, String> NAMES = new LinkedHashMap<>();

  static {
    NAMES.put("TableNameParameter", "table-name");
    NAMES.put("DocumentBucketParameter", "document-bucket");
    NAMES.put("RegionRoleParameter", "region-role");
    NAMES.put("PeerRegionParameter", "peer-region");
    NAMES.put("ApiEndpointParameter", "api-endpoint");
    NAMES.put("KmsKeyArnParameter", "kms-key-arn");
    NAMES.put("AlertTopicArnParameter", "alert-topic-arn");
    NAMES.put("HealthCheckIdParameter", "health-check-id");
    NAMES.put("VpcIdParameter", "vpc-id");
    NAMES.put("PrivateRouteTableIdParameter", "private-route-table-id");
  }

  private static TemplateAssert template() {
    return TemplateAssert.assertThat(TEMPLATE);
  }

  @Test
  void createsExactlyTheParametersOfTheConventions() {
    assertThat(TEMPLATE.resourceIdsOfType("AWS::SSM::Parameter"))
        .containsExactlyInAnyOrderElementsOf(NAMES.keySet());
    assertThat(TEMPLATE.resources()).hasSameSizeAs(NAMES);
  }

  @Test
  void everyParameterNameCarriesTheProjectAndEnvironmentPrefix() {
    NAMES.forEach((id, name) -> template().hasResource(id).property("Name")
        .isEqualTo(json("{\"Fn::Sub\": \"/${ProjectName}/${EnvironmentName}/" + name + "\"}")));
  }

  @Test
  void everyParameterIsAStandardTextString() {
    NAMES.keySet().forEach(id -> template().hasResource(id)
        .hasPropertyEqualTo("Type", "String")
        .hasPropertyEqualTo("Tier", "Standard")
        .hasPropertyEqualTo("DataType", "text"));
  }

  @Test
  void everyParameterIsDescribedAndExplainsWhyItIsNotSecureString() {
    NAMES.keySet().forEach(id -> {
      assertThat(template().hasResource(id).property("Description").text()).isNotBlank();
      assertThat(template().hasResource(id).at("Metadata.Comment").text())
          .contains("not SecureString", "configuration identifier");
    });
  }

  @Test
  void valuesComeFromTemplateParameters() {
    Map<String, String> refs = Map.of(
        "TableNameParameter", "TableName",
        "DocumentBucketParameter", "DocumentBucketName",
        "ApiEndpointParameter", "ApiEndpoint",
        "KmsKeyArnParameter", "KmsKeyArn",
        "AlertTopicArnParameter", "AlertTopicArn",
        "HealthCheckIdParameter", "HealthCheckId");
    refs.forEach((id, parameter) -> template().hasResource(id).property("Value").isRef(parameter));
  }

  @Test
  void noValueIsTypedInExceptTheRegionRoleConstants() {
    NAMES.keySet().forEach(id -> {
      JsonNode value = TEMPLATE.resource(id).path("Properties").path("Value");
      if (!id.equals("RegionRoleParameter")) {
        assertThat(value.isTextual()).as("value of %s is not a literal", id).isFalse();
      }
    });
  }

  @Test
  void regionRoleIsPrimaryInThePrimaryRegionAndSecondaryElsewhere() {
    template().hasResource("RegionRoleParameter").property("Value")
        .isEqualTo(json("{\"Fn::If\": [\"IsPrimaryRegion\", \"PRIMARY\", \"SECONDARY\"]}"));
  }

  @Test
  void peerRegionIsTheSecondaryInThePrimaryAndThePrimaryInTheSecondary() {
    template().hasResource("PeerRegionParameter").property("Value").isEqualTo(json("""
        {"Fn::If": ["IsPrimaryRegion", {"Ref": "SecondaryRegion"}, {"Ref": "PrimaryRegion"}]}"""));
  }

  @Test
  void isPrimaryRegionComparesThisRegionWithPrimaryRegion() {
    template().hasCondition("IsPrimaryRegion").isEqualTo(json("""
        {"Fn::Equals": [{"Ref": "AWS::Region"}, {"Ref": "PrimaryRegion"}]}"""));
  }

  @Test
  void primaryAndSecondaryRegionMustDiffer() {
    template().hasRule("RegionsDiffer").at("Assertions[0].Assert").isEqualTo(json("""
        {"Fn::Not": [{"Fn::Equals": [{"Ref": "PrimaryRegion"}, {"Ref": "SecondaryRegion"}]}]}"""));
  }

  @Test
  void noActiveRegionParameterBecauseTheLeaseInTheControlTableIsTheTruth() {
    assertThat(TEMPLATE.resources()).doesNotContainKey("ActiveRegionParameter");
    template().at("Outputs.ActiveRegionParameterName").isAbsent();
    TEMPLATE.resources().forEach((id, r) -> assertThat(r.path("Properties").path("Name").toString())
        .as("name of %s", id).doesNotContain("active-region"));
  }

  @Test
  void healthCheckIdParameterExistsOnlyWhenAHealthCheckIdIsGiven() {
    template().hasParameter("HealthCheckId").at("Default").isEqualTo("");
    template().hasCondition("HasHealthCheckId").isEqualTo(json("""
        {"Fn::Not": [{"Fn::Equals": [{"Ref": "HealthCheckId"}, ""]}]}"""));
    template().hasResource("HealthCheckIdParameter").hasCondition("HasHealthCheckId");
    template().hasOutput("HealthCheckIdParameterName").at("Condition").isEqualTo("HasHealthCheckId");
  }

  @Test
  void networkParametersExistOnlyWhenTheNetworkModuleMadeTheNetwork() {
    Map<String, String> conditions = Map.of("VpcIdParameter", "HasVpcId",
        "PrivateRouteTableIdParameter", "HasPrivateRouteTableId");
    conditions.forEach((id, condition) -> {
      String parameter = id.replace("Parameter", "");
      template().hasParameter(parameter).at("Default").isEqualTo("");
      template().hasCondition(condition).isEqualTo(json("""
          {"Fn::Not": [{"Fn::Equals": [{"Ref": "%s"}, ""]}]}""".formatted(parameter)));
      template().hasResource(id).hasCondition(condition).property("Value").isRef(parameter);
      template().hasOutput(id + "Name").at("Condition").isEqualTo(condition);
    });
  }

  @Test
  void onlyTheHealthCheckAndNetworkParametersAreConditional() {
    NAMES.keySet().stream().filter(id -> !java.util.Set.of("HealthCheckIdParameter", "VpcIdParameter",
        "PrivateRouteTableIdParameter").contains(id))
        .forEach(id -> template().hasResource(id).at("Condition").isAbsent());
  }

  @Test
  void apiEndpointMustBeAnHttpsUrl() {
    assertThat(template().hasParameter("ApiEndpoint").at("AllowedPattern").text()).startsWith("^https://");
    assertThat("https://abc123.execute-api.us-east-1.amazonaws.com").matches(pattern("ApiEndpoint"));
    assertThat("https://api.example.com/prod").matches(pattern("ApiEndpoint"));
    assertThat("http://abc123.execute-api.us-east-1.amazonaws.com").doesNotMatch(pattern("ApiEndpoint"));
  }

  @Test
  void kmsKeyArnMustBeAKeyArnNotAnAlias() {
    assertThat("arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        .matches(pattern("KmsKeyArn"));
    assertThat("arn:aws:kms:us-west-2:123456789012:alias/transaction-encryption")
        .doesNotMatch(pattern("KmsKeyArn"));
  }

  @Test
  void valueParametersAreConstrainedWithExplanations() {
    for (String name : new String[] {"TableName", "DocumentBucketName", "ApiEndpoint", "KmsKeyArn",
        "AlertTopicArn", "HealthCheckId", "VpcId", "PrivateRouteTableId"}) {
      template().hasParameter(name).at("AllowedPattern").exists();
      assertThat(template().hasParameter(name).at("ConstraintDescription").text()).isNotBlank();
    }
    assertThat("arn:aws:sns:us-east-1:123456789012:txn-dr-prod-alerts").matches(pattern("AlertTopicArn"));
    assertThat("").matches(pattern("HealthCheckId"));
    assertThat("abcdef12-3456-7890-abcd-ef1234567890").matches(pattern("HealthCheckId"));
    assertThat("vpc-0123456789abcdef0").matches(pattern("VpcId"));
    assertThat("rtb-0123456789abcdef0").matches(pattern("PrivateRouteTableId"));
    assertThat("subnet-0123456789abcdef0").doesNotMatch(pattern("VpcId"));
  }

  @Test
  void sharedParametersAreCopiedVerbatim() {
    JsonNode shared = Template.load(RepoRoot.find().resolve("docs/shared-parameters.json")).root();
    for (String name : new String[] {"ProjectName", "EnvironmentName", "PrimaryRegion", "SecondaryRegion"}) {
      template().hasParameter(name).isEqualTo(shared.path("Parameters").path(name));
    }
    template().hasRule("RegionsDiffer").isEqualTo(shared.path("Rules").path("RegionsDiffer"));
  }

  @Test
  void outputsNameEveryParameterAndThePrefix() {
    NAMES.keySet().forEach(id -> template().hasOutput(id + "Name").at("Value").isRef(id));
    template().hasOutput("ParameterPrefix").at("Value")
        .isEqualTo(json("{\"Fn::Sub\": \"/${ProjectName}/${EnvironmentName}\"}"));
  }

  private static String pattern(String parameter) {
    return template().hasParameter(parameter).at("AllowedPattern").text();
  }
}
