package com.example.txndr.testkit;

import com.example.txndr.template.Intrinsics;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates resource {@code Properties} against the CloudFormation provider schemas that the
 * pinned cfn-lint ships (exported into this jar at build time by ci/cfn-lint/export-schemas.py).
 *
 * <p>Intrinsic functions cannot be checked against a schema without evaluating them, so a
 * violation is ignored where the value at its location is an intrinsic, and a violation of a
 * combining keyword (anyOf, oneOf, allOf, not, if/then/else) is ignored where an intrinsic lies
 * below its location. Everything else, unknown and missing properties and wrong literal types
 * and values included, is reported.
 */
public final class ProviderSchemas {
  /** The regions every resource type must be available in. */
  public static final List<String> REGIONS = List.of("us-east-1", "us-west-2");

  private static final Set<String> COMBINING = Set.of("anyOf", "oneOf", "allOf", "not", "if", "then", "else");
  private static final ProviderSchemas SHARED = new ProviderSchemas();

  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> typesByRegion = new ConcurrentHashMap<>();

  private ProviderSchemas() {}

  /** The instance backed by the schemas in this jar. */
  public static ProviderSchemas shared() {
    return SHARED;
  }

  /** The cfn-lint version the schemas came from. */
  public String version() {
    return readResource("VERSION").trim();
  }

  /** Every violation in the template, one line each: logical ID, JSON path, message. */
  public List<String> validate(Template template) {
    List<String> problems = new ArrayList<>();
    template.resources().forEach((id, resource) -> {
      String type = resource.path("Type").asText();
      if (type.startsWith("Custom::") || type.equals("AWS::CloudFormation::CustomResource")) {
        return;
      }
      for (String region : REGIONS) {
        if (!types(region).contains(type)) {
          problems.add(id + ": type " + type + " is not available in " + region);
        }
      }
      if (!types(REGIONS.get(0)).contains(type)) {
        return;
      }
      JsonNode properties = resource.path("Properties");
      if (properties.isMissingNode()) {
        properties = Template.MAPPER.createObjectNode();
      }
      for (Error error : schema(type).validate(properties)) {
        String location = error.getInstanceLocation().toString();
        JsonNode at = pointer(properties, location);
        if (Intrinsics.isIntrinsic(at)
            || COMBINING.contains(error.getKeyword()) && Intrinsics.containsIntrinsic(at)) {
          continue;
        }
        problems.add(id + " (" + type + "): Properties" + location + ": " + error.getMessage());
      }
    });
    return problems;
  }

  /** The node at a JSON Pointer instance location such as {@code /Replicas/0/KeyId}. */
  private static JsonNode pointer(JsonNode properties, String location) {
    JsonNode node = properties;
    for (String raw : location.split("/", -1)) {
      if (raw.isEmpty()) {
        continue;
      }
      String segment = raw.replace("~1", "/").replace("~0", "~");
      node = node.isArray() && segment.chars().allMatch(Character::isDigit)
          ? node.path(Integer.parseInt(segment)) : node.path(segment);
    }
    return node;
  }

  private Schema schema(String type) {
    return schemas.computeIfAbsent(type, t -> {
      String resource = String.join("/", t.split("::")) + ".json";
      try (InputStream in = open(resource)) {
        JsonNode node = Template.MAPPER.readTree(in);
        // Some provider schemas name a remote meta-schema; validation is draft-07 offline.
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove("$schema");
        javaPatterns(node);
        return registry.getSchema(node);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read provider schema of " + t, e);
      }
    });
  }

  /** Rewrites every {@code pattern} of a schema in place with {@link #javaPattern(String)}. */
  private static void javaPatterns(JsonNode node) {
    if (node.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode object = (com.fasterxml.jackson.databind.node.ObjectNode) node;
      if (object.path("pattern").isTextual()) {
        object.put("pattern", javaPattern(object.get("pattern").asText()));
      }
      object.forEach(ProviderSchemas::javaPatterns);
    } else if (node.isArray()) {
      node.forEach(ProviderSchemas::javaPatterns);
    }
  }

  /**
   * An ECMA-262 pattern (what JSON Schema specifies) in a form java.util.regex reads the same
   * way: inside a character class ECMA takes {@code [} and {@code &&} literally, where Java would
   * start a nested class or an intersection (AWS::EC2::SecurityGroup's GroupDescription pattern
   * has {@code [...@[\]+=&...]}). Both are escaped there; everything else is left as it is.
   */
  static String javaPattern(String ecma) {
    StringBuilder out = new StringBuilder();
    boolean inClass = false;
    for (int i = 0; i < ecma.length(); i++) {
      char c = ecma.charAt(i);
      if (c == '\\' && i + 1 < ecma.length()) {
        out.append(c).append(ecma.charAt(++i));
      } else if (inClass && c == '[') {
        out.append("\\[");
      } else if (inClass && c == '&' && i + 1 < ecma.length() && ecma.charAt(i + 1) == '&') {
        out.append("&\\&");
        i++;
      } else {
        if (c == '[' && !inClass) {
          inClass = true;
        } else if (c == ']' && inClass) {
          inClass = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  private Set<String> types(String region) {
    return typesByRegion.computeIfAbsent(region,
        r -> new HashSet<>(List.of(readResource("types-" + r + ".txt").split("\n"))));
  }

  private static String readResource(String name) {
    try (InputStream in = open(name);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      StringBuilder out = new StringBuilder();
      reader.lines().forEach(line -> out.append(line).append('\n'));
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String name) {
    InputStream in = ProviderSchemas.class.getResourceAsStream("/cfn-schemas/" + name);
    if (in == null) {
      throw new IllegalStateException("provider schema resource cfn-schemas/" + name
          + " is missing: build modules/testkit (it exports the schemas of the pinned cfn-lint)");
    }
    return in;
  }
}
