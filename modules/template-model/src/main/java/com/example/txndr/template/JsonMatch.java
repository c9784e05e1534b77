package com.example.txndr.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Partial structural matching of JSON, the default comparison of the template assertions. */
public final class JsonMatch {
  private JsonMatch() {}

  /** Parses JSON text, for expected values in tests: {@code json("{\"Ref\": \"DataKey\"}")}. */
  public static JsonNode json(String text) {
    try {
      return Template.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + text, e);
    }
  }

  /** A Java value (String, Number, Boolean, Map, List or JsonNode) as JSON. */
  public static JsonNode toNode(Object value) {
    return value instanceof JsonNode node ? node : Template.MAPPER.valueToTree(value);
  }

  /**
   * Whether {@code actual} contains {@code expected}: objects match when every expected field
   * matches (extra actual fields allowed); arrays when every expected element matches some
   * actual element; scalars when equal (numbers by value).
   */
  public static boolean contains(JsonNode actual, JsonNode expected) {
    if (expected.isObject()) {
      if (!actual.isObject()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        if (!actual.has(e.getKey()) || !contains(actual.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (expected.isArray()) {
      if (!actual.isArray()) {
        return false;
      }
      for (JsonNode want : expected) {
        boolean found = false;
        for (JsonNode have : actual) {
          if (contains(have, want)) {
            found = true;
            break;
          }
        }
        if (!found) {
          return false;
        }
      }
      return true;
    }
    return scalarEquals(actual, expected);
  }

  /** Exact equality, numbers compared by value. */
  public static boolean equals(JsonNode actual, JsonNode expected) {
    if (expected.isObject() || expected.isArray()) {
      if (actual.getNodeType() != expected.getNodeType() || actual.size() != expected.size()) {
        return false;
      }
      if (expected.isArray()) {
        for (int i = 0; i < expected.size(); i++) {
          if (!equals(actual.get(i), expected.get(i))) {
            return false;
          }
        }
        return true;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        if (!actual.has(e.getKey()) || !equals(actual.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
      return true;
    }
    return scalarEquals(actual, expected);
  }

  private static boolean scalarEquals(JsonNode actual, JsonNode expected) {
    if (expected.isNumber() && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    return expected.equals(actual);
  }
}
