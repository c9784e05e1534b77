package com.example.txndr.globaltable.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** DynamoDB JSON attribute values ({@code {"S":"x"}}, {@code {"N":"1"}}, ...) to and from {@link Value}. */
public final class Wire {
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Wire() {
  }

  /** An item or key: a JSON object of attribute values. */
  public static Map<String, Value> item(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw DynamoException.validation("Expected an object of attribute values");
    }
    Map<String, Value> item = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      item.put(e.getKey(), value(e.getValue()));
    }
    return item;
  }

  public static Value value(JsonNode node) {
    if (node == null || !node.isObject() || node.size() == 0) {
      throw DynamoException.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    }
    if (node.size() > 1) {
      throw DynamoException.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
    }
    Map.Entry<String, JsonNode> e = node.fields().next();
    JsonNode v = e.getValue();
    switch (e.getKey()) {
      case "S":
        return Value.s(v.asText());
      case "N":
        return Value.n(Numbers.parse(v.asText()));
      case "B":
        return Value.b(decode(v.asText()));
      case "BOOL":
        return Value.bool(v.asBoolean());
      case "NULL":
        if (!v.asBoolean()) {
          throw DynamoException.validation("One or more parameter values were invalid: Null attribute value types must have the value of true");
        }
        return Value.NULL;
      case "M": {
        Map<String, Value> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          m.put(f.getKey(), value(f.getValue()));
        }
        return Value.m(m);
      }
      case "L": {
        List<Value> l = new ArrayList<>();
        for (JsonNode x : v) {
          l.add(value(x));
        }
        return Value.l(l);
      }
      case "SS": {
        Set<String> s = new LinkedHashSet<>();
        List<String> all = new ArrayList<>();
        for (JsonNode x : v) {
          s.add(x.asText());
          all.add(x.asText());
        }
        checkSet("string", s.size(), all);
        return Value.ss(s);
      }
      case "NS": {
        Set<BigDecimal> s = new LinkedHashSet<>();
        List<String> all = new ArrayList<>();
        for (JsonNode x : v) {
          s.add(Numbers.parse(x.asText()));
          all.add(x.asText());
        }
        checkSet("number", s.size(), all);
        return Value.ns(s);
      }
      case "BS": {
        Set<Value.Bytes> s = new LinkedHashSet<>();
        List<String> all = new ArrayList<>();
        for (JsonNode x : v) {
          s.add(new Value.Bytes(decode(x.asText())));
          all.add(x.asText());
        }
        checkSet("binary", s.size(), all);
        return Value.bs(s);
      }
      default:
        throw DynamoException.unsupported("the attribute value type " + e.getKey());
    }
  }

  private static void checkSet(String kind, int distinct, List<String> all) {
    if (all.isEmpty()) {
      throw DynamoException.validation("One or more parameter values were invalid: An " + kind + " set  may not be empty");
    }
    if (distinct != all.size()) {
      throw DynamoException.validation("One or more parameter values were invalid: Input collection " + all + " contains duplicates.");
    }
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw DynamoException.validation("Invalid base64 in a binary attribute value");
    }
  }

  public static ObjectNode item(Map<String, Value> item) {
    ObjectNode node = JSON.objectNode();
    for (Map.Entry<String, Value> e : item.entrySet()) {
      node.set(e.getKey(), json(e.getValue()));
    }
    return node;
  }

  public static ObjectNode json(Value value) {
    ObjectNode node = JSON.objectNode();
    switch (value.type()) {
      case S:
        node.put("S", value.s());
        break;
      case N:
        node.put("N", Numbers.format(value.n()));
        break;
      case B:
        node.put("B", value.b().toString());
        break;
      case BOOL:
        node.put("BOOL", value.bool());
        break;
      case NULL:
        node.put("NULL", true);
        break;
      case M:
        node.set("M", item(value.m()));
        break;
      case L: {
        ArrayNode a = node.putArray("L");
        for (Value e : value.l()) {
          a.add(json(e));
        }
        break;
      }
      case SS: {
        ArrayNode a = node.putArray("SS");
        for (Object e : value.set()) {
          a.add((String) e);
        }
        break;
      }
      case NS: {
        ArrayNode a = node.putArray("NS");
        for (Object e : value.set()) {
          a.add(Numbers.format((BigDecimal) e));
        }
        break;
      }
      case BS: {
        ArrayNode a = node.putArray("BS");
        for (Object e : value.set()) {
          a.add(e.toString());
        }
        break;
      }
      default:
        throw new IllegalStateException(value.type().name());
    }
    return node;
  }
}
