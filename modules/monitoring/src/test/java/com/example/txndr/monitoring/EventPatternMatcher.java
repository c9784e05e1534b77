package com.example.txndr.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * EventBridge's matching of a resolved event pattern against an event, for the features the
 * project's patterns use: exact strings, {@code prefix}, {@code $or}, and event arrays (a field
 * whose value is an array matches when any element matches)
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
 */
final class EventPatternMatcher {
  private EventPatternMatcher() {
  }

  /** Whether {@code event} matches {@code pattern}. */
  static boolean matches(JsonNode pattern, JsonNode event) {
    Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals("$or")) {
        boolean any = false;
        for (JsonNode alternative : field.getValue()) {
          any |= matches(alternative, event);
        }
        if (!any) {
          return false;
        }
        continue;
      }
      JsonNode value = event.path(field.getKey());
      if (field.getValue().isObject()) {
        if (!value.isObject() || !matches(field.getValue(), value)) {
          return false;
        }
      } else if (!anyValueMatches(field.getValue(), value)) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyValueMatches(JsonNode matchers, JsonNode value) {
    if (value.isArray()) {
      for (JsonNode element : value) {
        if (anyValueMatches(matchers, element)) {
          return true;
        }
      }
      return false;
    }
    if (value.isMissingNode() || value.isContainerNode()) {
      return false;
    }
    for (JsonNode matcher : matchers) {
      if (matcher.isTextual() && matcher.asText().equals(value.asText())) {
        return true;
      }
      if (matcher.has("prefix") && value.asText().startsWith(matcher.path("prefix").asText())) {
        return true;
      }
      if (!matcher.isTextual() && !matcher.has("prefix")) {
        throw new IllegalArgumentException("the matcher does not know the pattern " + matcher);
      }
    }
    return false;
  }
}
