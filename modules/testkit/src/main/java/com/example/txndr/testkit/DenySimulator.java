package com.example.txndr.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which Deny statements of a resolved, deny-only resource policy match a request: actions and
 * NotActions with wildcards, resources as "bucket" or "object" (a resource ending in {@code /*}),
 * and the condition operators the project's bucket policies use, with IAM's semantics for a
 * missing key (negated operators match it, positive ones do not). Used by the bucket-policy
 * perimeter tests of the s3-crr and monitoring modules.
 */
public final class DenySimulator {
  private final JsonNode policy;

  public DenySimulator(JsonNode resolvedPolicyDocument) {
    this.policy = resolvedPolicyDocument;
  }

  /** A request with TLS 1.3 and header authentication by {@code principalArn}. */
  public static Map<String, String> request(String principalArn) {
    Map<String, String> context = new HashMap<>();
    context.put("aws:PrincipalArn", principalArn);
    context.put("aws:SecureTransport", "true");
    context.put("s3:TlsVersion", "1.3");
    context.put("s3:authType", "REST-HEADER");
    return context;
  }

  /** The Sids of the Deny statements that match {@code action} on an object or the bucket. */
  public List<String> denyingSids(String action, boolean onObject, Map<String, String> context) {
    List<String> sids = new ArrayList<>();
    for (JsonNode statement : policy.path("Statement")) {
      if (statement.path("Effect").asText().equals("Deny") && matchesAction(statement, action)
          && matchesResource(statement.path("Resource"), onObject) && conditionsHold(statement.path("Condition"), context)) {
        sids.add(statement.path("Sid").asText("(no Sid)"));
      }
    }
    return sids;
  }

  private static boolean matchesAction(JsonNode statement, String action) {
    if (statement.has("NotAction")) {
      return !anyMatches(statement.path("NotAction"), action);
    }
    return anyMatches(statement.path("Action"), action);
  }

  private static boolean matchesResource(JsonNode resources, boolean onObject) {
    for (JsonNode resource : resources.isArray() ? resources : List.of(resources)) {
      if (resource.asText().endsWith("/*") == onObject) {
        return true;
      }
    }
    return false;
  }

  private static boolean conditionsHold(JsonNode condition, Map<String, String> context) {
    var operators = condition.fields();
    while (operators.hasNext()) {
      var operator = operators.next();
      var keys = operator.getValue().fields();
      while (keys.hasNext()) {
        var key = keys.next();
        if (!holds(operator.getKey(), context.get(key.getKey()), key.getValue())) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean holds(String operator, String actual, JsonNode values) {
    List<String> expected = new ArrayList<>();
    (values.isArray() ? values : List.of(values)).forEach(v -> expected.add(v.asText()));
    switch (operator) {
      case "Null":
        return expected.get(0).equals("true") == (actual == null);
      case "Bool":
      case "StringEquals":
      case "ArnEquals":
        return actual != null && expected.contains(actual);
      case "StringNotEquals":
      case "ArnNotEquals":
        return actual == null || !expected.contains(actual);
      case "StringLike":
      case "ArnLike":
        return actual != null && expected.stream().anyMatch(e -> glob(e, actual));
      case "StringNotLike":
      case "ArnNotLike":
        return actual == null || expected.stream().noneMatch(e -> glob(e, actual));
      case "NumericLessThan":
        return actual != null && Double.parseDouble(actual) < Double.parseDouble(expected.get(0));
      default:
        throw new IllegalArgumentException("the simulator does not know condition operator " + operator);
    }
  }

  private static boolean anyMatches(JsonNode patterns, String action) {
    for (JsonNode pattern : patterns.isArray() ? patterns : List.of(patterns)) {
      if (glob(pattern.asText().toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static boolean glob(String pattern, String value) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return value.matches(regex.toString());
  }
}
