package com.example.txndr.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a template's intrinsic functions for concrete parameter values and a region, the
 * way CloudFormation would at deploy time.
 *
 * <p>Supported: {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::Join},
 * {@code Fn::Select}, {@code Fn::Split}, {@code Fn::If}, {@code Fn::FindInMap},
 * {@code Fn::GetAZs}, {@code Fn::Cidr} (IPv4), {@code Fn::Base64}, conditions ({@code Fn::Equals}, {@code Fn::Not},
 * {@code Fn::And}, {@code Fn::Or}, {@code Condition}) and the pseudo parameters. Values known
 * only after creation are symbolic: {@code Ref} to a resource gives {@code {{Id}}} and
 * {@code GetAtt} gives {@code {{Id.Attribute}}}, so a resolved name reads like
 * {@code arn:aws:s3:::{{DocumentBucket}}}. {@code AWS::NoValue} removes the key or element.
 * An unsupported function or an unknown reference fails with the template name and path.
 *
 * <p>{@link References} give values of resources known from outside the template (a nested
 * stack's output, a custom resource's attribute); without them every resource stays symbolic.
 */
public final class Evaluator {
  /** Values of {@code Ref} and {@code GetAtt} on resources, known from outside the template. */
  @FunctionalInterface
  public interface References {
    /** The value of {@code GetAtt logicalId.attribute} ({@code Ref} when attribute is null), or null to stay symbolic. */
    JsonNode value(String logicalId, String attribute);
  }

  private static final References SYMBOLIC = (id, attribute) -> null;

  /** The account ID the evaluation uses for {@code AWS::AccountId}. */
  public static final String ACCOUNT_ID = "123456789012";

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern IPV4_BLOCK =
      Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})$");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonNode NO_VALUE = MissingNode.getInstance();

  private final Template template;
  private final String region;
  private final Map<String, JsonNode> parameters = new LinkedHashMap<>();
  private final Map<String, Boolean> conditions = new HashMap<>();
  private final Set<String> evaluating = new HashSet<>();
  private final References references;

  private Evaluator(Template template, String region, Map<String, ?> values, References references) {
    this.template = template;
    this.region = region;
    this.references = references;
    JsonNode declared = template.section("Parameters");
    for (String name : values.keySet()) {
      if (!declared.has(name)) {
        throw new IllegalArgumentException(template.name() + ": no parameter " + name
            + "; parameters: " + fieldNames(declared));
      }
    }
    declared.fields().forEachRemaining(e -> {
      String name = e.getKey();
      JsonNode definition = e.getValue();
      Object given = values.get(name);
      JsonNode value = given != null ? JsonMatch.toNode(given) : definition.path("Default");
      if (value.isMissingNode()) {
        throw new IllegalArgumentException(template.name() + ": parameter " + name
            + " has no Default and no value was given");
      }
      if (definition.path("Type").asText().startsWith("List<")
          || definition.path("Type").asText().equals("CommaDelimitedList")) {
        value = value.isArray() ? value : splitList(value.asText());
      } else if (value.isNumber() || value.isBoolean()) {
        value = TextNode.valueOf(value.asText());
      }
      parameters.put(name, value);
    });
  }

  /** An evaluator for {@code template} in {@code region}; parameters not given take their Default. */
  public static Evaluator of(Template template, String region, Map<String, ?> parameterValues) {
    return new Evaluator(template, region, parameterValues, SYMBOLIC);
  }

  /** As {@link #of(Template, String, Map)}, with resource values that {@code references} knows. */
  public static Evaluator of(Template template, String region, Map<String, ?> parameterValues,
      References references) {
    return new Evaluator(template, region, parameterValues, references);
  }

  /** The region the template is evaluated in. */
  public String region() {
    return region;
  }

  /** The template evaluated. */
  public Template template() {
    return template;
  }

  /** The value of a parameter (given or default), as text. */
  public String parameter(String name) {
    JsonNode value = parameters.get(name);
    if (value == null) {
      throw new IllegalArgumentException(template.name() + ": no parameter " + name);
    }
    return value.isArray() ? String.join(",", texts(value)) : value.asText();
  }

  /** Whether a named condition holds. */
  public boolean condition(String name) {
    Boolean known = conditions.get(name);
    if (known != null) {
      return known;
    }
    JsonNode expression = template.section("Conditions").path(name);
    if (expression.isMissingNode()) {
      throw new IllegalArgumentException(template.name() + ": no condition " + name);
    }
    if (!evaluating.add("Condition:" + name)) {
      throw new IllegalStateException(template.name() + ": condition " + name + " refers to itself");
    }
    boolean value = truth(expression, "Conditions." + name);
    evaluating.remove("Condition:" + name);
    conditions.put(name, value);
    return value;
  }

  /**
   * The AssertDescription of every rule assertion that fails for these parameter values: what
   * CloudFormation would reject the stack with. A rule applies when its RuleCondition holds.
   * Rule functions: Fn::Equals, Fn::Not, Fn::And, Fn::Or, Fn::Contains, Fn::EachMemberIn.
   */
  public List<String> failedRules() {
    List<String> failed = new ArrayList<>();
    template.section("Rules").fields().forEachRemaining(rule -> {
      String path = "Rules." + rule.getKey();
      JsonNode when = rule.getValue().path("RuleCondition");
      if (!when.isMissingNode() && !truth(when, path + ".RuleCondition")) {
        return;
      }
      JsonNode assertions = rule.getValue().path("Assertions");
      for (int i = 0; i < assertions.size(); i++) {
        JsonNode assertion = assertions.get(i);
        if (!truth(assertion.path("Assert"), path + ".Assertions[" + i + "].Assert")) {
          failed.add(assertion.path("AssertDescription").asText(path + ".Assertions[" + i + "]"));
        }
      }
    });
    return failed;
  }

  /** Whether the resource is created (it has no Condition, or its Condition holds). */
  public boolean exists(String logicalId) {
    JsonNode resource = template.resource(logicalId);
    if (resource.isMissingNode()) {
      return false;
    }
    JsonNode condition = resource.path("Condition");
    return condition.isMissingNode() || condition(condition.asText());
  }

  /** The logical IDs of the resources of a type that are created. */
  public List<String> existingResourcesOfType(String type) {
    return template.resourceIdsOfType(type).stream().filter(this::exists).toList();
  }

  /** A resource's resolved Properties (an empty object when it has none). */
  public JsonNode properties(String logicalId) {
    if (template.resource(logicalId).isMissingNode()) {
      throw new IllegalArgumentException(template.name() + ": no resource " + logicalId);
    }
    JsonNode properties = template.resource(logicalId).path("Properties");
    JsonNode resolved = resolve(properties, "Resources." + logicalId + ".Properties");
    return resolved.isMissingNode() ? NODES.objectNode() : resolved;
  }

  /** The resolved property at a dotted path below a resource's Properties, or a missing node. */
  public JsonNode property(String logicalId, String path) {
    return JsonPaths.at(properties(logicalId), path);
  }

  /** The resolved value of an output (missing when the output's condition does not hold). */
  public JsonNode output(String name) {
    JsonNode output = template.section("Outputs").path(name);
    if (output.isMissingNode()) {
      throw new IllegalArgumentException(template.name() + ": no output " + name);
    }
    if (output.has("Condition") && !condition(output.get("Condition").asText())) {
      return NO_VALUE;
    }
    return resolve(output.path("Value"), "Outputs." + name + ".Value");
  }

  /** Resolves any template JSON; {@code path} names it in errors. */
  public JsonNode resolve(JsonNode node, String path) {
    if (Intrinsics.isIntrinsic(node)) {
      Map.Entry<String, JsonNode> call = node.fields().next();
      return call(call.getKey(), call.getValue(), path);
    }
    if (node.isObject()) {
      ObjectNode out = NODES.objectNode();
      node.fields().forEachRemaining(e -> {
        JsonNode value = resolve(e.getValue(), JsonPaths.join(path, e.getKey()));
        if (!value.isMissingNode()) {
          out.set(e.getKey(), value);
        }
      });
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        JsonNode value = resolve(node.get(i), path + "[" + i + "]");
        if (!value.isMissingNode()) {
          out.add(value);
        }
      }
      return out;
    }
    return node;
  }

  private JsonNode call(String function, JsonNode arg, String path) {
    String at = JsonPaths.join(path, function);
    switch (function) {
      case "Ref":
        return ref(arg.asText(), at);
      case "Fn::GetAtt": {
        String joined = arg.isArray()
            ? resolve(arg.get(0), at).asText() + "." + resolve(arg.get(1), at).asText()
            : arg.asText();
        String[] parts = joined.split("\\.", 2);
        requireResource(parts[0], at);
        JsonNode known = parts.length == 2 ? references.value(parts[0], parts[1]) : null;
        return known != null ? known : TextNode.valueOf("{{" + joined + "}}");
      }
      case "Fn::Sub":
        return TextNode.valueOf(sub(arg, at));
      case "Fn::Join": {
        List<String> parts = texts(resolve(arg.get(1), at));
        return TextNode.valueOf(String.join(resolve(arg.get(0), at).asText(), parts));
      }
      case "Fn::Select": {
        int index = Integer.parseInt(resolve(arg.get(0), at).asText());
        JsonNode list = resolve(arg.get(1), at);
        if (!list.isArray() || index < 0 || index >= list.size()) {
          throw error(at, "index " + index + " is outside " + list);
        }
        return list.get(index);
      }
      case "Fn::Split": {
        String delimiter = resolve(arg.get(0), at).asText();
        return splitOn(resolve(arg.get(1), at).asText(), delimiter, false);
      }
      case "Fn::If": {
        boolean holds = condition(arg.get(0).asText());
        return resolve(arg.get(holds ? 1 : 2), JsonPaths.join(at, holds ? "[1]" : "[2]"));
      }
      case "Fn::FindInMap": {
        JsonNode map = template.section("Mappings").path(resolve(arg.get(0), at).asText());
        JsonNode value = map.path(resolve(arg.get(1), at).asText()).path(resolve(arg.get(2), at).asText());
        if (value.isMissingNode()) {
          throw error(at, "no mapping entry " + resolve(arg, at));
        }
        return value;
      }
      case "Fn::GetAZs":
        return NODES.arrayNode().add(region + "a").add(region + "b").add(region + "c");
      case "Fn::Cidr":
        return cidr(resolve(arg.get(0), at).asText(), Integer.parseInt(resolve(arg.get(1), at).asText()),
            Integer.parseInt(resolve(arg.get(2), at).asText()), at);
      case "Fn::Base64":
        return resolve(arg, at);
      case "Fn::Equals":
      case "Fn::Not":
      case "Fn::And":
      case "Fn::Or":
        return TextNode.valueOf(Boolean.toString(truth(JsonMatch.toNode(Map.of(function, arg)), path)));
      default:
        throw error(at, "unsupported function " + function);
    }
  }

  /**
   * {@code Fn::Cidr [block, count, cidrBits]} for IPv4 as CloudFormation computes it: {@code count}
   * consecutive blocks of {@code 2^cidrBits} addresses from the start of {@code block}.
   */
  private JsonNode cidr(String block, int count, int cidrBits, String at) {
    Matcher m = IPV4_BLOCK.matcher(block);
    if (!m.matches()) {
      throw error(at, "Fn::Cidr needs an IPv4 CIDR block, got \"" + block + "\"");
    }
    long start = 0;
    for (int i = 1; i <= 4; i++) {
      start = start << 8 | Integer.parseInt(m.group(i));
    }
    int prefix = Integer.parseInt(m.group(5));
    int subnetPrefix = 32 - cidrBits;
    if (count < 1 || count > 256 || cidrBits < 0 || subnetPrefix < prefix
        || (long) count << cidrBits > 1L << (32 - prefix)) {
      throw error(at, "Fn::Cidr cannot cut " + count + " blocks of /" + subnetPrefix + " from " + block);
    }
    start &= prefix == 0 ? 0 : 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
    ArrayNode out = NODES.arrayNode();
    for (int i = 0; i < count; i++) {
      long address = start + ((long) i << cidrBits);
      out.add((address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "."
          + (address & 255) + "/" + subnetPrefix);
    }
    return out;
  }

  private JsonNode ref(String name, String at) {
    switch (name) {
      case "AWS::Region":
        return TextNode.valueOf(region);
      case "AWS::AccountId":
        return TextNode.valueOf(ACCOUNT_ID);
      case "AWS::Partition":
        return TextNode.valueOf("aws");
      case "AWS::URLSuffix":
        return TextNode.valueOf("amazonaws.com");
      case "AWS::StackName":
        return TextNode.valueOf("{{AWS::StackName}}");
      case "AWS::StackId":
        return TextNode.valueOf("{{AWS::StackId}}");
      case "AWS::NotificationARNs":
        return NODES.arrayNode();
      case "AWS::NoValue":
        return NO_VALUE;
      default:
        break;
    }
    if (parameters.containsKey(name)) {
      return parameters.get(name);
    }
    requireResource(name, at);
    JsonNode known = references.value(name, null);
    return known != null ? known : TextNode.valueOf("{{" + name + "}}");
  }

  private void requireResource(String name, String at) {
    if (template.resource(name).isMissingNode()) {
      throw error(at, "reference to " + name + ", which is neither a parameter, a pseudo parameter nor a resource");
    }
  }

  private String sub(JsonNode arg, String at) {
    String text = arg.isArray() ? arg.get(0).asText() : arg.asText();
    Map<String, JsonNode> local = new HashMap<>();
    if (arg.isArray() && arg.size() > 1) {
      arg.get(1).fields().forEachRemaining(e -> local.put(e.getKey(), resolve(e.getValue(), at)));
    }
    StringBuilder out = new StringBuilder();
    Matcher m = SUB_VARIABLE.matcher(text);
    int last = 0;
    while (m.find()) {
      out.append(text, last, m.start());
      String variable = m.group(1);
      if (variable.startsWith("!")) {
        out.append("${").append(variable.substring(1)).append('}');
      } else if (local.containsKey(variable)) {
        out.append(local.get(variable).asText());
      } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
        out.append(call("Fn::GetAtt", TextNode.valueOf(variable), at).asText());
      } else {
        JsonNode value = ref(variable, at);
        out.append(value.isArray() ? String.join(",", texts(value)) : value.asText());
      }
      last = m.end();
    }
    return out.append(text.substring(last)).toString();
  }

  private boolean truth(JsonNode expression, String path) {
    if (expression.has("Condition") && expression.size() == 1) {
      return condition(expression.get("Condition").asText());
    }
    if (!Intrinsics.isIntrinsic(expression)) {
      return Boolean.parseBoolean(expression.asText());
    }
    Map.Entry<String, JsonNode> call = expression.fields().next();
    JsonNode args = call.getValue();
    String at = JsonPaths.join(path, call.getKey());
    switch (call.getKey()) {
      case "Fn::Equals":
        return JsonMatch.equals(resolve(args.get(0), at), resolve(args.get(1), at));
      case "Fn::Not":
        return !truth(args.get(0), at);
      case "Fn::And": {
        for (JsonNode a : args) {
          if (!truth(a, at)) {
            return false;
          }
        }
        return true;
      }
      case "Fn::Or": {
        for (JsonNode a : args) {
          if (truth(a, at)) {
            return true;
          }
        }
        return false;
      }
      case "Fn::Contains": {
        JsonNode list = resolve(args.get(0), at);
        JsonNode value = resolve(args.get(1), at);
        for (JsonNode item : list) {
          if (JsonMatch.equals(item, value)) {
            return true;
          }
        }
        return false;
      }
      case "Fn::EachMemberIn": {
        JsonNode members = resolve(args.get(0), at);
        JsonNode allowed = resolve(args.get(1), at);
        for (JsonNode member : members) {
          if (!JsonMatch.contains(allowed, NODES.arrayNode().add(member))) {
            return false;
          }
        }
        return true;
      }
      default:
        return Boolean.parseBoolean(resolve(expression, path).asText());
    }
  }

  private IllegalStateException error(String path, String problem) {
    return new IllegalStateException(template.name() + ": " + path + ": " + problem);
  }

  /** A CommaDelimitedList value: CloudFormation trims each member. */
  private static ArrayNode splitList(String text) {
    return text.isEmpty() ? NODES.arrayNode() : splitOn(text, ",", true);
  }

  private static ArrayNode splitOn(String text, String delimiter, boolean trim) {
    ArrayNode out = NODES.arrayNode();
    for (String part : text.split(Pattern.quote(delimiter), -1)) {
      out.add(trim ? part.trim() : part);
    }
    return out;
  }

  private static List<String> texts(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : list) {
      out.add(item.asText());
    }
    return out;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }
}
