package com.example.txndr.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A CloudFormation JSON template read from a file. */
public final class Template {
  /** The JSON mapper the model and the test kit share (configured once, never reconfigured). */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path file;
  private final String text;
  private final ObjectNode root;

  private Template(Path file, String text, ObjectNode root) {
    this.file = file;
    this.text = text;
    this.root = root;
  }

  /** Reads and parses the template at {@code file}; fails with the file name on bad JSON. */
  public static Template load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + file, e);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": a template must be a JSON object");
    }
    return new Template(file, text, (ObjectNode) root);
  }

  /** The source template of a service module, e.g. {@code ofModule("kms")}. */
  public static Template ofModule(String module) {
    return load(RepoRoot.moduleTemplate(module));
  }

  /** The file the template was read from. */
  public Path file() {
    return file;
  }

  /** The file name, for messages. */
  public String name() {
    Path root = null;
    try {
      root = RepoRoot.find();
    } catch (IllegalStateException e) {
      return file.toString();
    }
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
  }

  /** The text exactly as read. */
  public String text() {
    return text;
  }

  /** The parsed document. */
  public ObjectNode root() {
    return root;
  }

  /** A top-level section ({@code Parameters}, {@code Resources}...), or a missing node. */
  public JsonNode section(String name) {
    return root.path(name);
  }

  /** The resource with this logical ID, or a missing node. */
  public JsonNode resource(String logicalId) {
    return root.path("Resources").path(logicalId);
  }

  /** All resources by logical ID, in template order. */
  public Map<String, JsonNode> resources() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    root.path("Resources").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Logical IDs of the resources of the given type, in template order. */
  public List<String> resourceIdsOfType(String type) {
    List<String> ids = new ArrayList<>();
    resources().forEach((id, r) -> {
      if (type.equals(r.path("Type").asText())) {
        ids.add(id);
      }
    });
    return ids;
  }

  /** The resource type of a logical ID, or an empty string. */
  public String typeOf(String logicalId) {
    return resource(logicalId).path("Type").asText("");
  }

  @Override
  public String toString() {
    return name();
  }
}
