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
  void schemaNamingARemoteMetaSchemaValidatesOffline() {
    assertThat(ProviderSchemas.shared().validate(Fixtures.load("remote-meta-schema.fixture.json"))).isEmpty();
  }

  @Test
  void schemasComeFromThePinnedCfnLint() {
    assertThat(ProviderSchemas.shared().version()).isEqualTo("1.51.0");
  }
}
