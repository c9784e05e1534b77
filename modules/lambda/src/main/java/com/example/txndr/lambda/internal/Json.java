package com.example.txndr.lambda.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict, small JSON codec on jackson-core's streaming API (no databind: smaller jar, faster
 * cold start). Objects are {@code LinkedHashMap<String, Object>}, arrays {@code List<Object>},
 * every number a {@link BigDecimal} (never a binary floating-point value), plus String, Boolean
 * and null. Duplicate keys and trailing content are errors.
 */
public final class Json {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  private Json() {}

  /** A document that is not well-formed JSON; the message says where and why. */
  public static final class MalformedJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message) {
      super(message);
    }
  }

  /** Parses one JSON document. */
  public static Object parse(String text) throws MalformedJsonException {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new MalformedJsonException("the document is empty");
      }
      Object value = readValue(parser);
      if (parser.nextToken() != null) {
        throw new MalformedJsonException(
            "unexpected content after the JSON value at line "
                + parser.currentTokenLocation().getLineNr()
                + ", column "
                + parser.currentTokenLocation().getColumnNr());
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new MalformedJsonException(e.getOriginalMessage() + location(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a JSON document that must be an object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) throws MalformedJsonException {
    Object value = parse(text);
    if (!(value instanceof Map)) {
      throw new MalformedJsonException("the document must be a JSON object");
    }
    return (Map<String, Object>) value;
  }

  private static String location(JsonProcessingException e) {
    if (e.getLocation() == null) {
      return "";
    }
    return " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  private static Object readValue(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          object.put(name, readValue(parser));
        }
        return object;
      case START_ARRAY:
        List<Object> array = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(readValue(parser));
        }
        return array;
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return parser.getDecimalValue();
      case VALUE_TRUE:
        return true;
      case VALUE_FALSE:
        return false;
      case VALUE_NULL:
        return null;
      default:
        throw new IllegalStateException("Unexpected JSON token " + token);
    }
  }

  /** Serialises maps, lists, strings, numbers, booleans and null, compactly. */
  public static String write(Object value) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      writeValue(generator, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeValue(JsonGenerator generator, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof String) {
      generator.writeString((String) value);
    } else if (value instanceof Map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        generator.writeFieldName(String.valueOf(entry.getKey()));
        writeValue(generator, entry.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof Iterable) {
      generator.writeStartArray();
      for (Object element : (Iterable<?>) value) {
        writeValue(generator, element);
      }
      generator.writeEndArray();
    } else if (value instanceof BigDecimal) {
      generator.writeNumber((BigDecimal) value);
    } else if (value instanceof Integer || value instanceof Long) {
      generator.writeNumber(((Number) value).longValue());
    } else if (value instanceof Boolean) {
      generator.writeBoolean((Boolean) value);
    } else {
      throw new IllegalArgumentException("Cannot write " + value.getClass().getName() + " as JSON");
    }
  }

  /** Type name of a parsed JSON value, for error messages. */
  public static String typeName(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof String) {
      return "a string";
    } else if (value instanceof BigDecimal) {
      return "a number";
    } else if (value instanceof Boolean) {
      return "a boolean";
    } else if (value instanceof Map) {
      return "an object";
    } else {
      return "an array";
    }
  }
}
