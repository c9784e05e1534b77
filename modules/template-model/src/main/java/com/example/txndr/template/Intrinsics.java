package com.example.txndr.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recognises and collects CloudFormation intrinsic functions in template JSON. */
public final class Intrinsics {
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

  private Intrinsics() {}

  /** Whether {@code node} is an intrinsic function call: a one-key object {@code Ref} or {@code Fn::*}. */
  public static boolean isIntrinsic(JsonNode node) {
    if (node == null || !node.isObject() || node.size() != 1) {
      return false;
    }
    String key = node.fieldNames().next();
    return key.equals("Ref") || key.startsWith("Fn::");
  }

  /** Whether {@code node} or anything below it is an intrinsic function call. */
  public static boolean containsIntrinsic(JsonNode node) {
    if (isIntrinsic(node)) {
      return true;
    }
    for (JsonNode child : node) {
      if (containsIntrinsic(child)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code node} is {@code {"Ref": name}}. */
  public static boolean isRef(JsonNode node, String name) {
    return isIntrinsic(node) && node.has("Ref") && node.get("Ref").asText().equals(name);
  }

  /** Every name referenced below {@code node}: {@code Ref} targets, {@code GetAtt} resources and {@code Sub} variables (before any dot). */
  public static List<String> referencedNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    walk(node, "", (path, n) -> {
      if (!isIntrinsic(n)) {
        return;
      }
      Map.Entry<String, JsonNode> call = n.fields().next();
      JsonNode arg = call.getValue();
      switch (call.getKey()) {
        case "Ref" -> names.add(arg.asText());
        case "Fn::GetAtt" -> names.add(arg.isArray() ? arg.path(0).asText()
            : arg.asText().split("\\.", 2)[0]);
        case "Fn::Sub" -> {
          String text = arg.isArray() ? arg.path(0).asText() : arg.asText();
          Matcher m = SUB_VARIABLE.matcher(text);
          while (m.find()) {
            String variable = m.group(1).trim();
            boolean local = arg.isArray() && arg.path(1).has(variable);
            if (!local) {
              names.add(variable.split("\\.", 2)[0]);
            }
          }
        }
        default -> { }
      }
    });
    return names;
  }

  /** Visits every node below {@code node} (itself included) with its dotted path. */
  public static void walk(JsonNode node, String path, BiConsumer<String, JsonNode> visitor) {
    visitor.accept(path, node);
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> walk(e.getValue(), JsonPaths.join(path, e.getKey()), visitor));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]", visitor);
      }
    }
  }
}
