package com.example.txndr.globaltable.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The SDK's model types to and from the internal ones, for the direct API. */
public final class SdkValues {
  private SdkValues() {
  }

  public static Map<String, Value> item(Map<String, AttributeValue> item) {
    Map<String, Value> out = new TreeMap<>();
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      out.put(e.getKey(), value(e.getValue()));
    }
    return out;
  }

  /** Goes through the wire codec so that the direct API validates exactly as the protocol does. */
  public static Value value(AttributeValue v) {
    return Wire.value(json(v));
  }

  public static Map<String, AttributeValue> sdkItem(Map<String, Value> item) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : item.entrySet()) {
      out.put(e.getKey(), sdk(e.getValue()));
    }
    return out;
  }

  public static AttributeValue sdk(Value v) {
    switch (v.type()) {
      case S:
        return AttributeValue.fromS(v.s());
      case N:
        return AttributeValue.fromN(Numbers.format(v.n()));
      case B:
        return AttributeValue.fromB(SdkBytes.fromByteArray(v.b().toArray()));
      case BOOL:
        return AttributeValue.fromBool(v.bool());
      case NULL:
        return AttributeValue.fromNul(true);
      case M:
        return AttributeValue.fromM(sdkItem(v.m()));
      case L: {
        List<AttributeValue> l = new ArrayList<>();
        for (Value e : v.l()) {
          l.add(sdk(e));
        }
        return AttributeValue.fromL(l);
      }
      case SS: {
        List<String> l = new ArrayList<>();
        for (Object e : v.set()) {
          l.add((String) e);
        }
        return AttributeValue.fromSs(l);
      }
      case NS: {
        List<String> l = new ArrayList<>();
        for (Object e : v.set()) {
          l.add(Numbers.format((BigDecimal) e));
        }
        return AttributeValue.fromNs(l);
      }
      default: {
        List<SdkBytes> l = new ArrayList<>();
        for (Object e : v.set()) {
          l.add(SdkBytes.fromByteArray(((Value.Bytes) e).toArray()));
        }
        return AttributeValue.fromBs(l);
      }
    }
  }

  /**
   * Any SDK request object as the JSON the SDK would send: its fields by wire name, unset and
   * auto-constructed empty collections left out.
   */
  public static JsonNode json(SdkPojo pojo) {
    ObjectNode node = Wire.JSON.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object v = field.getValueOrDefault(pojo);
      JsonNode j = jsonOf(v);
      if (j != null) {
        node.set(field.locationName(), j);
      }
    }
    return node;
  }

  private static JsonNode jsonOf(Object v) {
    if (v == null || v instanceof SdkAutoConstructList || v instanceof SdkAutoConstructMap) {
      return null;
    }
    if (v instanceof SdkPojo) {
      return json((SdkPojo) v);
    }
    if (v instanceof String) {
      return Wire.JSON.textNode((String) v);
    }
    if (v instanceof Boolean) {
      return Wire.JSON.booleanNode((Boolean) v);
    }
    if (v instanceof Integer || v instanceof Long) {
      return Wire.JSON.numberNode(((Number) v).longValue());
    }
    if (v instanceof Double || v instanceof Float) {
      return Wire.JSON.numberNode(((Number) v).doubleValue());
    }
    if (v instanceof SdkBytes) {
      return Wire.JSON.textNode(java.util.Base64.getEncoder().encodeToString(((SdkBytes) v).asByteArray()));
    }
    if (v instanceof Instant) {
      return Wire.JSON.numberNode(((Instant) v).getEpochSecond());
    }
    if (v instanceof Collection) {
      ArrayNode a = Wire.JSON.arrayNode();
      for (Object e : (Collection<?>) v) {
        a.add(jsonOf(e));
      }
      return a;
    }
    if (v instanceof Map) {
      ObjectNode o = Wire.JSON.objectNode();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        o.set(e.getKey().toString(), jsonOf(e.getValue()));
      }
      return o;
    }
    throw new IllegalArgumentException("Cannot convert " + v.getClass().getName() + " to JSON");
  }
}
