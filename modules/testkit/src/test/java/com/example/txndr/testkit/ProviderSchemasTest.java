package com.example.txndr.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProviderSchemasTest {

  @Test
  void validPropertiesWithIntrinsicsHaveNoViolations() {
    assertThat(ProviderSchemas.shared().validate(Fixtures.load("kit.fixture.json"))).isEmpty();
  }

  @Test
  void wrongTypesUnknownPropertiesMissingRequiredAndUnknownTypesAreReported() {
    assertThat(ProviderSchemas.shared().validate(Fixtures.load("invalid-properties.fixture.json")))
        .containsExactlyInAnyOrder(
            "DataKey (AWS::KMS::Key): Properties/EnableKeyRotation: string found, boolean expected",
            "DataKey (AWS::KMS::Key): Properties: property 'Rotation' is not defined in the schema"
                + " and the schema does not allow additional properties",
            "Bucket (AWS::S3::Bucket): Properties/VersioningConfiguration: required property 'Status' not found",
            "Thing: type AWS::NoSuch::Thing is not available in us-east-1",
            "Thing: type AWS::NoSuch::Thing is not available in us-west-2");
  }

  @Test
  void ecmaCharacterClassesWithABracketOrDoubleAmpersandReadTheSameInJava() {
    String ec2GroupDescription = "^([a-z,A-Z,0-9,. _\\-:/()#,@[\\]+=&;\\{\\}!$*])*$";
    String java = ProviderSchemas.javaPattern(ec2GroupDescription);
    assertThat(java).isEqualTo("^([a-z,A-Z,0-9,. _\\-:/()#,@\\[\\]+=&;\\{\\}!$*])*$");
    assertThat("txn-dr-prod processor: HTTPS to DynamoDB only [a]").matches(java);
    assertThat("tab\there").doesNotMatch(java);
    assertThat(ProviderSchemas.javaPattern("^[a&&b]$")).isEqualTo("^[a&\\&b]$");
    assertThat(ProviderSchemas.javaPattern("^vpc-[0-9a-f]{8}$")).isEqualTo("^vpc-[0-9a-f]{8}$");
  }

  @Test
  void schemaNamingARemoteMetaSchemaValidatesOffline() {
    assertThat(ProviderSchemas.shared().validate(Fixtures.load("remote-meta-schema.fixture.json"))).isEmpty();
  }

  @Test
  void schemasComeFromThePinnedCfnLint() {
    assertThat(ProviderSchemas.shared().version()).isEqualTo("1.51.0");
  }
}
