package com.example.txndr.drill.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/** JSON in and out: API bodies read leniently, the drill record written indented. */
public final class JsonText {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonText() {}

  /** The body as a JSON object, or an empty map when it is not one (an HTML error page, nothing). */
  public static Map<String, Object> objectOrEmpty(String body) {
    if (body == null || body.isBlank()) {
      return Map.of();
    }
    try {
      Map<String, Object> parsed = MAPPER.readValue(body, new TypeReference<Map<String, Object>>() {});
      return parsed == null ? Map.of() : parsed;
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }

  /** A string field of a JSON object, or null. */
  public static String string(Map<String, Object> object, String field) {
    Object value = object.get(field);
    return value == null ? null : value.toString();
  }

  /** The value as indented JSON with a final newline. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON: " + e.getMessage(), e);
    }
  }
}
