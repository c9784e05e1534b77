package com.example.txndr.globaltable.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all its
 * expressions, with the set of placeholders the expressions used: DynamoDB refuses a request
 * that defines a placeholder no expression uses.
 */
public final class Placeholders {
  private final Map<String, String> names;
  private final Map<String, Value> values;
  private final Set<String> usedNames = new TreeSet<>();
  private final Set<String> usedValues = new TreeSet<>();
  private int expressions;

  private Placeholders(Map<String, String> names, Map<String, Value> values) {
    this.names = names;
    this.values = values;
  }

  /** Reads {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues} of a request object. */
  public static Placeholders of(JsonNode request) {
    JsonNode n = request.get("ExpressionAttributeNames");
    JsonNode v = request.get("ExpressionAttributeValues");
    Map<String, String> names = null;
    Map<String, Value> values = null;
    if (n != null && !n.isNull()) {
      if (n.size() == 0) {
        throw DynamoException.validation("ExpressionAttributeNames must not be empty");
      }
      names = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        names.put(e.getKey(), e.getValue().asText());
      }
    }
    if (v != null && !v.isNull()) {
      if (v.size() == 0) {
        throw DynamoException.validation("ExpressionAttributeValues must not be empty");
      }
      values = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        values.put(e.getKey(), Wire.value(e.getValue()));
      }
    }
    return new Placeholders(names, values);
  }

  /** Counts an expression of the request (placeholders without any expression are refused). */
  void expressionSeen() {
    expressions++;
  }

  String name(String placeholder, String kind) {
    String name = names == null ? null : names.get(placeholder);
    if (name == null) {
      throw DynamoException.validation("Invalid " + kind
          + ": An expression attribute name used in the document path is not defined; attribute name: " + placeholder);
    }
    usedNames.add(placeholder);
    return name;
  }

  Value value(String placeholder, String kind) {
    Value value = values == null ? null : values.get(placeholder);
    if (value == null) {
      throw DynamoException.validation("Invalid " + kind
          + ": An expression attribute value used in expression is not defined; attribute value: " + placeholder);
    }
    usedValues.add(placeholder);
    return value;
  }

  /** After all expressions of the request are parsed: refuses unused placeholders, as DynamoDB does. */
  public void checkAllUsed() {
    if (expressions == 0) {
      if (names != null) {
        throw DynamoException.validation("ExpressionAttributeNames can only be specified when using expressions");
      }
      if (values != null) {
        throw DynamoException.validation("ExpressionAttributeValues can only be specified when using expressions");
      }
      return;
    }
    if (names != null && usedNames.size() < names.size()) {
      Set<String> unused = new TreeSet<>(names.keySet());
      unused.removeAll(usedNames);
      throw DynamoException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
          + String.join(", ", unused) + "}");
    }
    if (values != null && usedValues.size() < values.size()) {
      Set<String> unused = new TreeSet<>(values.keySet());
      unused.removeAll(usedValues);
      throw DynamoException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
          + String.join(", ", unused) + "}");
    }
  }
}
