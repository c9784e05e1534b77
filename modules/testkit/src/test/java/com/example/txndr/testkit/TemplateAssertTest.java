package com.example.txndr.testkit;

import static com.example.txndr.template.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.template.Template;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateAssertTest {
  private static final Template KIT = Fixtures.load("kit.fixture.json");

  @Test
  void partialMatchAcceptsASubsetOfTheProperty() {
    TemplateAssert.assertThat(KIT).hasResource("AlertTopic", "AWS::SNS::Topic")
        .hasProperty("Tags", List.of(Map.of("Key", "project")))
        .isRetained()
        .dependsOn("DataKey");
  }

  @Test
  void failedPropertyAssertionNamesFilePathAndFix() {
    assertThatThrownBy(() -> TemplateAssert.assertThat(KIT).hasResource("DataKey")
        .hasProperty("EnableKeyRotation", false))
        .isInstanceOf(TemplateAssertionError.class)
        .hasMessage("modules/testkit/target/test-classes/fixtures/kit.fixture.json:"
            + " Resources.DataKey.Properties.EnableKeyRotation: expected to contain false but was true."
            + " Fix: make it include false");
  }

  @Test
  void missingResourceListsTheResourcesThatExist() {
    assertThatThrownBy(() -> TemplateAssert.assertThat(KIT).hasResource("Table"))
        .hasMessageEndingWith("Resources.Table: no such resource; resources: [DataKey, AlertTopic]. Fix: add it");
  }

  @Test
  void getAttAndSubReferencesAreRecognised() {
    TemplateAssert.assertThat(KIT).hasResource("AlertTopic").property("KmsMasterKeyId")
        .isGetAtt("DataKey", "Arn").references("DataKey");
    TemplateAssert.assertThat(KIT).hasResource("DataKey").property("Description")
        .references("AWS::Region").textContains("key in");
  }

  @Test
  void policyStatementsMatchSingleActionsAsLists() {
    TemplateAssert.assertThat(KIT).hasResource("DataKey").property("KeyPolicy")
        .hasStatement(json("""
            {"Sid": "AccountAdministers", "Action": ["kms:*"], "Resource": ["*"]}"""))
        .hasNoStatement(Map.of("Principal", "*"));
  }

  @Test
  void policyStatementsMatchExpectedSingleValuesAgainstLists() {
    TemplateAssert.assertThat(KIT).hasResource("DataKey").property("KeyPolicy")
        .hasStatement(Map.of("Action", "kms:*", "Resource", "*"));
  }

  @Test
  void absentPropertyPassesIsAbsentAndFailsExists() {
    TemplateAssert.assertThat(KIT).hasResource("DataKey").doesNotHaveProperty("MultiRegion");
    assertThatThrownBy(() -> TemplateAssert.assertThat(KIT).hasResource("DataKey").property("MultiRegion").exists())
        .hasMessageEndingWith("Resources.DataKey.Properties.MultiRegion: is missing. Fix: add it");
  }

  @Test
  void resourceCountIsExact() {
    TemplateAssert.assertThat(KIT).hasResourceCount("AWS::KMS::Key", 1).hasNoResourceOfType("AWS::S3::Bucket");
    assertThatThrownBy(() -> TemplateAssert.assertThat(KIT).hasResourceCount("AWS::SNS::Topic", 2))
        .hasMessageContaining("expected 2 resource(s) of type AWS::SNS::Topic but found [AlertTopic]");
  }
}
