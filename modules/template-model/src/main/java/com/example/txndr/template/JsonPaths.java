package com.example.txndr.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Dotted paths into JSON: {@code Replicas[0].PointInTimeRecoverySpecification.Enabled}.
 *
 * <p>Segments are separated by dots; {@code [n]} indexes an array. Keys containing dots are
 * not supported (CloudFormation property names have none).
 */
public final class JsonPaths {
  private JsonPaths() {}

  /** The node at {@code path} below {@code root}, or a missing node. */
  public static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (Object segment : parse(path)) {
      if (node == null || node.isMissingNode()) {
        return MissingNode.getInstance();
      }
      node = segment instanceof Integer i ? node.path(i) : node.path((String) segment);
    }
    return node == null ? MissingNode.getInstance() : node;
  }

  /** Joins two paths with a dot, ignoring empty parts. */
  public static String join(String parent, String child) {
    if (parent == null || parent.isEmpty()) {
      return child;
    }
    if (child == null || child.isEmpty()) {
      return parent;
    }
    return child.startsWith("[") ? parent + child : parent + "." + child;
  }

  static List<Object> parse(String path) {
    List<Object> segments = new ArrayList<>();
    if (path == null || path.isEmpty()) {
      return segments;
    }
    for (String part : path.split("\\.", -1)) {
      int bracket = part.indexOf('[');
      String key = bracket < 0 ? part : part.substring(0, bracket);
      if (!key.isEmpty()) {
        segments.add(key);
      }
      while (bracket >= 0) {
        int close = part.indexOf(']', bracket);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed [ in path: " + path);
        }
        segments.add(Integer.parseInt(part.substring(bracket + 1, close)));
        bracket = part.indexOf('[', close);
      }
    }
    return segments;
  }
}
