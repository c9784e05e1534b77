package com.example.txndr.constraints;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.example.txndr.testkit.TemplateAssert;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateHygieneTest {

  static List<Template> templates() {
    return RepoRoot.templates();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void propertiesConformToProviderSchemas(Template template) {
    TemplateAssert.assertThat(template).conformsToProviderSchemas();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void fileIsCanonicallyFormatted(Template template) {
    TemplateAssert.assertThat(template).isCanonicallyFormatted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void everyParameterAndOutputIsDescribed(Template template) {
    assertThat(template.section("Description").asText()).as("%s Description", template).isNotBlank();
    template.section("Parameters").fields().forEachRemaining(e ->
        assertThat(e.getValue().path("Description").asText()).as("%s Parameters.%s.Description", template, e.getKey())
            .isNotBlank());
    template.section("Outputs").fields().forEachRemaining(e ->
        assertThat(e.getValue().path("Description").asText()).as("%s Outputs.%s.Description", template, e.getKey())
            .isNotBlank());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void outputsAreNotExported(Template template) {
    template.section("Outputs").fields().forEachRemaining(e ->
        assertThat(e.getValue().has("Export")).as("%s Outputs.%s exports a value; cross-region values never "
            + "travel by export", template, e.getKey()).isFalse());
  }

  @Test
  void repositoryHoldsOnlyJsonTemplates() throws IOException {
    assertThat(SeedConstraints.nonJsonTemplates(RepoRoot.find())).isEmpty();
  }

  @Test
  void yamlTemplateIsReported() throws IOException {
    assertThat(SeedConstraints.nonJsonTemplates(Repository.resource("fixtures/yaml-tree")))
        .containsExactly("templates/queue.template.yaml: a CloudFormation template that is not JSON;"
            + " write it as .template.json");
  }
}
