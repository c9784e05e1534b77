package com.example.txndr.testkit;

import com.example.txndr.template.CanonicalJson;
import com.example.txndr.template.JsonPaths;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Fluent assertions on a CloudFormation template; start with {@link #assertThat(Template)}. */
public final class TemplateAssert {
  private final Template template;

  private TemplateAssert(Template template) {
    this.template = template;
  }

  /** Starts assertions on {@code template}. */
  public static TemplateAssert assertThat(Template template) {
    return new TemplateAssert(template);
  }

  /** Asserts a resource exists and returns assertions on it. */
  public ResourceAssert hasResource(String logicalId) {
    return new ResourceAssert(template, logicalId);
  }

  /** Asserts a resource of the given type exists under the logical ID. */
  public ResourceAssert hasResource(String logicalId, String type) {
    return hasResource(logicalId).isOfType(type);
  }

  /** Asserts exactly {@code count} resources have the type. */
  public TemplateAssert hasResourceCount(String type, int count) {
    List<String> ids = template.resourceIdsOfType(type);
    if (ids.size() != count) {
      throw new TemplateAssertionError(template.name(), "Resources",
          "expected " + count + " resource(s) of type " + type + " but found " + ids, null);
    }
    return this;
  }

  /** Asserts no resource has the type. */
  public TemplateAssert hasNoResourceOfType(String type) {
    return hasResourceCount(type, 0);
  }

  /** Asserts a parameter exists and returns assertions on its definition. */
  public NodeAssert hasParameter(String name) {
    return at("Parameters." + name).exists();
  }

  /** Asserts an output exists and returns assertions on its definition. */
  public NodeAssert hasOutput(String name) {
    return at("Outputs." + name).exists();
  }

  /** Asserts a condition exists and returns assertions on its expression. */
  public NodeAssert hasCondition(String name) {
    return at("Conditions." + name).exists();
  }

  /** Asserts a rule exists and returns assertions on it. */
  public NodeAssert hasRule(String name) {
    return at("Rules." + name).exists();
  }

  /** Any node of the template by path from the document root. */
  public NodeAssert at(String path) {
    JsonNode node = JsonPaths.at(template.root(), path);
    return new NodeAssert(template, path, node);
  }

  /** Asserts every resource's Properties validate against its provider schema. */
  public TemplateAssert conformsToProviderSchemas() {
    List<String> problems = ProviderSchemas.shared().validate(template);
    if (!problems.isEmpty()) {
      throw new AssertionError(template.name() + ": " + problems.size()
          + " provider-schema violation(s):\n  " + String.join("\n  ", problems));
    }
    return this;
  }

  /** Asserts the file equals its canonical re-serialisation ({@link CanonicalJson}). */
  public TemplateAssert isCanonicallyFormatted() {
    String canonical = CanonicalJson.format(template.root());
    if (!canonical.equals(template.text())) {
      throw new TemplateAssertionError(template.name(), "(file)",
          "not in canonical format (" + CanonicalJson.firstDifference(template.text(), canonical) + ")",
          "run " + CanonicalJson.FORMAT_COMMAND);
    }
    return this;
  }
}
