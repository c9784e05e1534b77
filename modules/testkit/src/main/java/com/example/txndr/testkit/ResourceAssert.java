package com.example.txndr.testkit;

import com.example.txndr.template.JsonMatch;
import com.example.txndr.template.JsonPaths;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;

/** Assertions on one resource of a template. */
public final class ResourceAssert {
  private final Template template;
  private final String logicalId;
  private final JsonNode resource;

  ResourceAssert(Template template, String logicalId) {
    this.template = template;
    this.logicalId = logicalId;
    this.resource = template.resource(logicalId);
    if (resource.isMissingNode()) {
      throw new TemplateAssertionError(template.name(), "Resources." + logicalId,
          "no such resource; resources: " + template.resources().keySet(), "add it");
    }
  }

  /** Asserts the resource type. */
  public ResourceAssert isOfType(String type) {
    at("Type").isEqualTo(type);
    return this;
  }

  /** Asserts the property at {@code path} (below Properties) contains {@code expected}. */
  public ResourceAssert hasProperty(String path, Object expected) {
    property(path).contains(expected);
    return this;
  }

  /** Asserts the property at {@code path} equals {@code expected} exactly. */
  public ResourceAssert hasPropertyEqualTo(String path, Object expected) {
    property(path).isEqualTo(expected);
    return this;
  }

  /** Asserts the property at {@code path} is absent. */
  public ResourceAssert doesNotHaveProperty(String path) {
    property(path).isAbsent();
    return this;
  }

  /** The property at {@code path} below Properties, to assert on. */
  public NodeAssert property(String path) {
    return at(JsonPaths.join("Properties", path));
  }

  /** Any part of the resource (for example {@code Metadata.Comment}). */
  public NodeAssert at(String path) {
    return new NodeAssert(template, JsonPaths.join("Resources." + logicalId, path),
        JsonPaths.at(resource, path));
  }

  /** Asserts DeletionPolicy and UpdateReplacePolicy are both Retain. */
  public ResourceAssert isRetained() {
    at("DeletionPolicy").isEqualTo("Retain");
    at("UpdateReplacePolicy").isEqualTo("Retain");
    return this;
  }

  /** Asserts the resource is created only under {@code condition}. */
  public ResourceAssert hasCondition(String condition) {
    at("Condition").isEqualTo(condition);
    return this;
  }

  /** Asserts the resource has an explicit DependsOn on {@code logicalId}. */
  public ResourceAssert dependsOn(String other) {
    JsonNode dependsOn = resource.path("DependsOn");
    boolean found = dependsOn.isTextual() ? dependsOn.asText().equals(other)
        : dependsOn.isArray() && JsonMatch.contains(dependsOn, JsonMatch.toNode(java.util.List.of(other)));
    if (!found) {
      throw new TemplateAssertionError(template.name(), "Resources." + logicalId + ".DependsOn",
          "expected to include " + other + " but was " + dependsOn, "add " + other + " to DependsOn");
    }
    return this;
  }

  /** The logical ID under test. */
  public String logicalId() {
    return logicalId;
  }
}
