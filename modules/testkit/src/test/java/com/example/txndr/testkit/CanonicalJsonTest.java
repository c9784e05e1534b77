package com.example.txndr.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.template.CanonicalJson;
import com.example.txndr.template.JsonMatch;
import com.example.txndr.template.Template;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void canonicalFixturePassesTheFormatCheck() {
    TemplateAssert.assertThat(Fixtures.load("kit.fixture.json")).isCanonicallyFormatted();
  }

  @Test
  void compactFileFailsTheFormatCheckWithTheFirstDifferenceAndTheCommand() {
    assertThatThrownBy(() -> TemplateAssert.assertThat(Fixtures.load("compact.fixture.json")).isCanonicallyFormatted())
        .hasMessageEndingWith("(file): not in canonical format (line 1: expected `{` but was"
            + " `{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {}}`). Fix: run ci/format-templates");
  }

  @Test
  void sectionsFollowHouseOrderAndEmptyContainersStayCompact() {
    Template compact = Fixtures.load("compact.fixture.json");
    compact.root().remove("AWSTemplateFormatVersion");
    compact.root().put("Description", "d");
    compact.root().putArray("Tags");
    compact.root().put("AWSTemplateFormatVersion", "2010-09-09");
    assertThat(CanonicalJson.format(compact.root())).isEqualTo("""
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Description": "d",
          "Resources": {},
          "Tags": []
        }
        """);
  }

  @Test
  void formattingIsIdempotent() {
    Template kit = Fixtures.load("kit.fixture.json");
    String once = CanonicalJson.format(kit.root());
    assertThat(CanonicalJson.format((com.fasterxml.jackson.databind.node.ObjectNode) JsonMatch.json(once)))
        .isEqualTo(once);
  }
}
