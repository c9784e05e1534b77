package com.example.txndr.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One IAM policy document (identity, resource, trust or key policy), evaluated for one request:
 * a principal, an action, a resource ARN and the request context (condition keys in lower case,
 * each with its values). Supports Principal, Action/NotAction, Resource/NotResource, and the
 * string, ARN, Bool, Null and numeric condition operators with their {@code Not},
 * {@code IfExists}, {@code ForAnyValue} and {@code ForAllValues} forms. A condition key the
 * context lacks is read by the {@link Reading} asked for: the safe reading depends on the
 * question (can a publisher deliver, or can an attacker reach).
 */
record IamPolicy(String name, JsonNode document) {
  private static final Set<String> KNOWN_OPERATORS = Set.of("StringEquals", "StringLike", "ArnEquals", "ArnLike",
      "Bool", "StringEqualsIgnoreCase", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
      "NumericGreaterThanEquals", "NumericEquals", "Null");

  /**
   * Who makes a request: a service principal, or an IAM role by ARN. {@code viaAccount}: a
   * statement naming the role's account (its root) matches it, as when asking whether a resource
   * policy lets the account's IAM policies decide; without it, only a statement naming the role
   * itself (or {@code *}) does, as when asking whether the resource policy alone grants it.
   */
  record Principal(boolean isService, String value, boolean viaAccount) {
    static Principal service(String name) {
      return new Principal(true, name, false);
    }

    static Principal role(String arn) {
      return new Principal(false, arn, true);
    }

    static Principal roleItself(String arn) {
      return new Principal(false, arn, false);
    }

    String account() {
      String[] parts = value.split(":");
      return parts.length > 4 ? parts[4] : "";
    }
  }

  /** How a condition on a key the request context lacks is read. */
  enum Reading {
    /** Fails an Allow, meets a Deny: for "does this request surely work" (a path that must exist). */
    ACCESS_UNPROVEN,
    /** Meets an Allow, fails a Deny: for "can this request never work" (a path that must not exist). */
    ACCESS_ASSUMED
  }

  /** Whether a policy allows a request, whether it denies it, and why. */
  record Decision(boolean allowed, boolean denied, String why) {}

  Decision decide(Principal principal, String action, String resource, Map<String, List<String>> context) {
    return decide(principal, action, resource, context, Reading.ACCESS_UNPROVEN);
  }

  Decision decide(Principal principal, String action, String resource, Map<String, List<String>> context,
      Reading reading) {
    boolean allowed = false;
    List<String> near = new ArrayList<>();
    for (JsonNode statement : statements()) {
      if (statement.has("NotPrincipal")) {
        throw new IllegalStateException(name + ": NotPrincipal is not supported; write the statement with Principal"
            + " and an aws:PrincipalArn condition");
      }
      boolean deny = "Deny".equals(statement.path("Effect").asText());
      if (!matchesPrincipal(statement.path("Principal"), principal)
          || !matches(statement, "Action", action, true)
          || !matches(statement, "Resource", resource, false)) {
        continue;
      }
      Optional<String> failed = failedCondition(statement.path("Condition"), context, deny, reading);
      String sid = statement.path("Sid").asText("(no Sid)");
      if (deny && failed.isEmpty()) {
        return new Decision(false, true, "denies it in statement " + sid);
      }
      if (!deny) {
        if (failed.isEmpty()) {
          allowed = true;
        } else {
          near.add(sid + " (" + failed.get() + ")");
        }
      }
    }
    if (allowed) {
      return new Decision(true, false, "allows it");
    }
    return new Decision(false, false, "has no statement allowing " + principal.value() + " " + action + " on "
        + resource + (near.isEmpty() ? "" : "; statements whose conditions fail: " + String.join(", ", near)));
  }

  /** The statements, whether the document holds one or a list. */
  List<JsonNode> statements() {
    JsonNode statement = document.path("Statement");
    List<JsonNode> out = new ArrayList<>();
    if (statement.isArray()) {
      statement.forEach(out::add);
    } else if (statement.isObject()) {
      out.add(statement);
    }
    return out;
  }

  /** The statement's Action (or NotAction) matches: {@code field} is Action or Resource. */
  private static boolean matches(JsonNode statement, String field, String value, boolean ignoreCase) {
    if (statement.has("Not" + field)) {
      return !matchesAny(statement.get("Not" + field), value, ignoreCase);
    }
    return matchesAny(statement.path(field), value, ignoreCase);
  }

  private static boolean matchesPrincipal(JsonNode node, Principal principal) {
    if (node.isMissingNode()) {
      // An identity policy: it applies to its own principal.
      return !principal.isService();
    }
    if (node.isTextual()) {
      return "*".equals(node.asText());
    }
    if (principal.isService()) {
      return contains(node.path("Service"), principal.value()) || contains(node.path("AWS"), "*");
    }
    for (JsonNode aws : list(node.path("AWS"))) {
      String value = aws.asText();
      boolean account = value.equals(principal.account())
          || value.equals("arn:aws:iam::" + principal.account() + ":root");
      if (value.equals("*") || value.equals(principal.value()) || (account && principal.viaAccount())) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(JsonNode node, String value) {
    for (JsonNode item : list(node)) {
      if (item.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  static List<JsonNode> list(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(out::add);
    } else if (!node.isMissingNode() && !node.isNull()) {
      out.add(node);
    }
    return out;
  }

  private static boolean matchesAny(JsonNode patterns, String value, boolean ignoreCase) {
    for (JsonNode pattern : list(patterns)) {
      if (glob(pattern.asText(), value, ignoreCase)) {
        return true;
      }
    }
    return false;
  }

  static boolean glob(String pattern, String value, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (char ch : pattern.toCharArray()) {
      regex.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
    }
    return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0).matcher(value).matches();
  }

  /**
   * The first condition the request does not meet, if any. A key the context lacks: with
   * {@link Reading#ACCESS_UNPROVEN}, met for a Deny and for a negated operator, failed otherwise;
   * with {@link Reading#ACCESS_ASSUMED}, met for an Allow and failed for a Deny.
   */
  private static Optional<String> failedCondition(JsonNode conditions, Map<String, List<String>> context,
      boolean deny, Reading reading) {
    var operators = conditions.fields();
    while (operators.hasNext()) {
      var operator = operators.next();
      String op = operator.getKey();
      var keys = operator.getValue().fields();
      while (keys.hasNext()) {
        var key = keys.next();
        String name = key.getKey().toLowerCase(Locale.ROOT);
        List<String> actual = context.get(name);
        List<String> expected = list(key.getValue()).stream().map(JsonNode::asText).toList();
        if (actual == null) {
          boolean met = reading == Reading.ACCESS_ASSUMED ? !deny : deny || op.contains("Not");
          if (met) {
            continue;
          }
          return Optional.of(key.getKey() + " is not in the request");
        }
        if (op.equals("Null")) {
          if (actual.isEmpty() != Boolean.parseBoolean(expected.get(0))) {
            return Optional.of("Null " + key.getKey() + " " + expected + " is not met by " + actual);
          }
          continue;
        }
        if (!meets(op, actual, expected)) {
          return Optional.of(op + " " + key.getKey() + " " + expected + " is not met by " + actual);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean meets(String operator, List<String> actual, List<String> expected) {
    boolean all = operator.startsWith("ForAllValues:");
    String op = operator.replace("ForAnyValue:", "").replace("ForAllValues:", "").replace("IfExists", "");
    boolean negated = op.contains("Not");
    String base = op.replace("Not", "");
    if (!KNOWN_OPERATORS.contains(base)) {
      throw new IllegalStateException("condition operator " + operator + " is not supported by the policy evaluator");
    }
    if (base.startsWith("Numeric")) {
      return actual.stream().allMatch(a -> expected.stream().anyMatch(e -> numeric(base, a, e)) != negated);
    }
    boolean like = base.endsWith("Like");
    boolean ignoreCase = base.endsWith("IgnoreCase") || base.equals("Bool");
    if (all) {
      // Every value in the request matches one of the expected (negated: none does).
      return actual.stream().allMatch(a -> matchesOne(a, expected, like, ignoreCase) != negated);
    }
    boolean any = actual.stream().anyMatch(a -> matchesOne(a, expected, like, ignoreCase));
    return negated != any;
  }

  private static boolean matchesOne(String actual, List<String> expected, boolean like, boolean ignoreCase) {
    return expected.stream().anyMatch(e -> like ? glob(e, actual, false)
        : ignoreCase ? e.equalsIgnoreCase(actual) : e.equals(actual));
  }

  private static boolean numeric(String base, String actual, String expected) {
    int c = new BigDecimal(actual).compareTo(new BigDecimal(expected));
    return switch (base) {
      case "NumericLessThan" -> c < 0;
      case "NumericLessThanEquals" -> c <= 0;
      case "NumericGreaterThan" -> c > 0;
      case "NumericGreaterThanEquals" -> c >= 0;
      default -> c == 0;
    };
  }
}
