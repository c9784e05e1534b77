package com.example.txndr.testkit;

import com.example.txndr.template.Intrinsics;
import com.example.txndr.template.JsonMatch;
import com.example.txndr.template.JsonPaths;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Assertions on one node of a template, addressed by its JSON path. */
public final class NodeAssert {
  private static final List<String> LIST_FIELDS =
      List.of("Action", "NotAction", "Resource", "NotResource");

  private final Template template;
  private final String path;
  private final JsonNode node;

  NodeAssert(Template template, String path, JsonNode node) {
    this.template = template;
    this.path = path;
    this.node = node;
  }

  /** The node under test, for checks the fluent methods do not cover. */
  public JsonNode node() {
    return node;
  }

  /** The node's text, failing when it is not a string. */
  public String text() {
    exists();
    if (!node.isTextual()) {
      throw fail("expected a string but was " + node, null);
    }
    return node.asText();
  }

  /** Asserts the node is present. */
  public NodeAssert exists() {
    if (node.isMissingNode()) {
      throw fail("is missing", "add it");
    }
    return this;
  }

  /** Asserts the node is absent. */
  public NodeAssert isAbsent() {
    if (!node.isMissingNode()) {
      throw fail("expected to be absent but was " + node, "remove it");
    }
    return this;
  }

  /** Asserts the node equals {@code expected} exactly (a Java value or {@link JsonMatch#json}). */
  public NodeAssert isEqualTo(Object expected) {
    JsonNode want = JsonMatch.toNode(expected);
    exists();
    if (!JsonMatch.equals(node, want)) {
      throw fail("expected " + want + " but was " + node, "set it to " + want);
    }
    return this;
  }

  /** Asserts the node contains {@code expected} (partial match, see {@link JsonMatch#contains}). */
  public NodeAssert contains(Object expected) {
    JsonNode want = JsonMatch.toNode(expected);
    exists();
    if (!JsonMatch.contains(node, want)) {
      throw fail("expected to contain " + want + " but was " + node, "make it include " + want);
    }
    return this;
  }

  /** Asserts the node does not contain {@code unexpected} (partial match). */
  public NodeAssert doesNotContain(Object unexpected) {
    JsonNode bad = JsonMatch.toNode(unexpected);
    if (!node.isMissingNode() && JsonMatch.contains(node, bad)) {
      throw fail("must not contain " + bad + " but was " + node, "remove " + bad);
    }
    return this;
  }

  /** Asserts the node is {@code {"Ref": name}}. */
  public NodeAssert isRef(String name) {
    return isEqualTo(JsonMatch.json("{\"Ref\":\"" + name + "\"}"));
  }

  /** Asserts the node is {@code {"Fn::GetAtt": [resource, attribute]}}. */
  public NodeAssert isGetAtt(String resource, String attribute) {
    exists();
    JsonNode arg = node.path("Fn::GetAtt");
    String joined = arg.isArray() ? arg.path(0).asText() + "." + arg.path(1).asText() : arg.asText();
    if (!Intrinsics.isIntrinsic(node) || !joined.equals(resource + "." + attribute)) {
      throw fail("expected Fn::GetAtt " + resource + "." + attribute + " but was " + node,
          "use {\"Fn::GetAtt\": [\"" + resource + "\", \"" + attribute + "\"]}");
    }
    return this;
  }

  /** Asserts something below the node references {@code name} (Ref, GetAtt or a Sub variable). */
  public NodeAssert references(String name) {
    exists();
    if (!Intrinsics.referencedNames(node).contains(name)) {
      throw fail("expected a reference to " + name + " but found " + Intrinsics.referencedNames(node)
          + " in " + node, "reference " + name);
    }
    return this;
  }

  /** Asserts the node's text, or the text of the Fn::Sub it holds, contains {@code fragment}. */
  public NodeAssert textContains(String fragment) {
    exists();
    JsonNode sub = node.path("Fn::Sub");
    String text = node.isTextual() ? node.asText()
        : sub.isArray() ? sub.path(0).asText() : sub.asText(node.toString());
    if (!text.contains(fragment)) {
      throw fail("expected text containing '" + fragment + "' but was " + node,
          "include '" + fragment + "'");
    }
    return this;
  }

  /**
   * Asserts a policy document (this node) has a statement containing {@code statement}.
   * Single strings in Action, NotAction, Resource and NotResource match as one-element lists.
   */
  public NodeAssert hasStatement(Object statement) {
    JsonNode want = normalised(JsonMatch.toNode(statement));
    for (JsonNode s : statements()) {
      if (JsonMatch.contains(s, want)) {
        return this;
      }
    }
    throw fail("no statement contains " + want + "; statements: " + node.path("Statement"),
        "add a statement that grants exactly this");
  }

  /** Asserts no statement of a policy document (this node) contains {@code statement}. */
  public NodeAssert hasNoStatement(Object statement) {
    JsonNode bad = normalised(JsonMatch.toNode(statement));
    for (JsonNode s : statements()) {
      if (JsonMatch.contains(s, bad)) {
        throw fail("a statement contains " + bad + ": " + s, "narrow or remove that statement");
      }
    }
    return this;
  }

  /** The statements of a policy document (this node), list fields normalised to arrays. */
  public List<JsonNode> statements() {
    exists();
    JsonNode raw = node.path("Statement");
    List<JsonNode> out = new java.util.ArrayList<>();
    for (JsonNode s : raw.isArray() ? raw : Template.MAPPER.createArrayNode().add(raw)) {
      out.add(normalised(s));
    }
    return out;
  }

  /** A statement with single-valued list fields (Action, Resource...) turned into one-element lists. */
  private static JsonNode normalised(JsonNode statement) {
    if (!statement.isObject()) {
      return statement;
    }
    ObjectNode copy = statement.deepCopy();
    for (String field : LIST_FIELDS) {
      JsonNode v = copy.path(field);
      if (!v.isMissingNode() && !v.isArray()) {
        ArrayNode arr = Template.MAPPER.createArrayNode().add(v);
        copy.set(field, arr);
      }
    }
    return copy;
  }

  /** Descends to a child path of this node. */
  public NodeAssert at(String childPath) {
    return new NodeAssert(template, JsonPaths.join(path, childPath), JsonPaths.at(node, childPath));
  }

  private TemplateAssertionError fail(String problem, String fix) {
    return new TemplateAssertionError(template.name(), path, problem, fix);
  }
}
