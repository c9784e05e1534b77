package com.example.txndr.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole system deployed on paper: templates deployed as stacks in sequence ({@link Step}s),
 * each expanded through its nested stacks and StackSet instances (local {@code TemplateURL}s),
 * with parameters resolved the way CloudFormation passes them: a child sees the values its
 * parent resolves for the parent's region and parameters, nested outputs included.
 *
 * <p>Values known only after creation are tokens {@code {{<stack path>/<Id>}}} and
 * {@code {{<stack path>/<Id>.<Attribute>}}}; {@link #physical(JsonNode)} replaces a token by the
 * physical name or ARN where the template fixes it ({@link PhysicalNames}), so a resolved value
 * reads {@code arn:aws:s3:::txn-dr-prod-documents-123456789012-us-west-2}.
 *
 * <p>Building fails with a {@link CompositionException} wherever CloudFormation would: an
 * undeclared or missing child parameter, a {@code GetAtt X.Outputs.Y} the child does not create
 * (no such output, or its Condition does not hold for the values passed), a reference to a
 * resource whose Condition does not hold, a child whose Rules reject the values passed.
 */
public final class Composition {
  /** A top-level deployment: a template deployed as one stack in each of its regions. */
  public record Step(String name, Template template, List<String> regions, Map<String, ?> parameters) {
    /** Copies the lists; parameter values may hold {@code {{<earlier step>.Outputs.<name>}}}. */
    public Step {
      regions = List.copyOf(regions);
      parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
  }

  /** Whether one resource is created before another, and the comparison that decides it. */
  public record Order(boolean before, String explanation) {}

  /**
   * What a custom resource type returns: the value of {@code GetAtt resource.attribute}, or null
   * when unknown. A contract supplies one per type it models.
   */
  @FunctionalInterface
  public interface AttributeModel {
    /** The attribute's value, physical names resolved where known, or null. */
    String attribute(Composition composition, DeployedResource resource, String attribute);
  }

  private static final Pattern TOKEN = Pattern.compile("\\{\\{([^{}]+)}}");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final List<Step> steps;
  private final Map<String, AttributeModel> models;
  private final List<DeployedStack> stacks = new ArrayList<>();
  private final Map<String, DeployedStack> byPath = new LinkedHashMap<>();
  private final Set<String> resolving = new HashSet<>();

  private Composition(List<Step> steps, Map<String, AttributeModel> models) {
    this.steps = List.copyOf(steps);
    this.models = Map.copyOf(models);
  }

  /** Deploys the steps in order and expands every nested stack and StackSet instance. */
  public static Composition deploy(List<Step> steps) {
    return deploy(steps, Map.of());
  }

  /** Deploys the steps; {@code models} give the attributes of custom resource types, by type. */
  public static Composition deploy(List<Step> steps, Map<String, AttributeModel> models) {
    Composition composition = new Composition(steps, models);
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      for (String region : step.regions()) {
        String path = step.regions().size() == 1 ? step.name() : step.name() + "[" + region + "]";
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        step.parameters().forEach((k, v) -> parameters.put(k, composition.stepValue(step, region, JsonMatch.toNode(v))));
        composition.build(i, path, null, null, step.template(), region, parameters);
      }
    }
    return composition;
  }

  /** Deploys the steps in order. */
  public static Composition deploy(Step... steps) {
    return deploy(List.of(steps));
  }

  /** The steps, in deployment order. */
  public List<Step> steps() {
    return steps;
  }

  /** Every stack, each before the stacks it nests. */
  public List<DeployedStack> stacks() {
    return List.copyOf(stacks);
  }

  /** The stack at a path; fails naming the paths there are. */
  public DeployedStack stack(String path) {
    DeployedStack stack = byPath.get(path);
    if (stack == null) {
      throw new IllegalArgumentException("no stack " + path + "; stacks: " + byPath.keySet());
    }
    return stack;
  }

  /** Every created resource of every stack. */
  public List<DeployedResource> resources() {
    List<DeployedResource> all = new ArrayList<>();
    stacks.forEach(s -> all.addAll(s.resources()));
    return all;
  }

  /** The created resource a token names ({@code <stack path>/<Id>}, attribute ignored), if any. */
  public Optional<DeployedResource> resource(String token) {
    int slash = token.lastIndexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    DeployedStack stack = byPath.get(token.substring(0, slash));
    return stack == null ? Optional.empty()
        : stack.resource(token.substring(slash + 1).split("\\.", 2)[0]);
  }

  /** The contents of every {@code {{...}}} token in a text. */
  public static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The text with every token whose value is known replaced by that value. */
  public String physical(String text) {
    Matcher m = TOKEN.matcher(text);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      out.append(text, last, m.start());
      String value = resolveToken(m.group(1));
      out.append(value == null ? m.group() : value);
      last = m.end();
    }
    return out.append(text.substring(last)).toString();
  }

  /** Any JSON with {@link #physical(String)} applied to every text. */
  public JsonNode physical(JsonNode node) {
    return mapTexts(node, t -> physical(t));
  }

  /**
   * Whether {@code first} is created before {@code second}: an earlier step, or, in the stack
   * that holds both, the resource holding {@code second} depends (DependsOn, Ref, GetAtt, Sub,
   * transitively) on the resource holding {@code first}. Instances of one step or one StackSet
   * in different regions are not ordered.
   */
  public Order order(DeployedResource first, DeployedResource second) {
    List<DeployedStack> a = chain(first.stack());
    List<DeployedStack> b = chain(second.stack());
    if (a.get(0) != b.get(0)) {
      int sa = a.get(0).step();
      int sb = b.get(0).step();
      String explanation = "step " + a.get(0).path() + " (" + (sa + 1) + ") "
          + (sa < sb ? "comes before" : sa == sb ? "is deployed alongside" : "comes after")
          + " step " + b.get(0).path() + " (" + (sb + 1) + ")";
      return new Order(sa < sb, explanation);
    }
    int i = 0;
    while (i + 1 < a.size() && i + 1 < b.size() && a.get(i + 1) == b.get(i + 1)) {
      i++;
    }
    DeployedStack common = a.get(i);
    String holdsFirst = i + 1 < a.size() ? a.get(i + 1).container() : first.logicalId();
    String holdsSecond = i + 1 < b.size() ? b.get(i + 1).container() : second.logicalId();
    String in = "in " + common.path() + " (" + common.template().name() + ")";
    if (holdsFirst.equals(holdsSecond)) {
      return new Order(false, in + ", both are made by " + holdsFirst + " (instances in different regions are not ordered)");
    }
    boolean before = common.dependsOn(holdsSecond, holdsFirst);
    return new Order(before, in + ", " + holdsSecond + (before ? " depends on " : " does not depend on ") + holdsFirst);
  }

  /** Whether {@code first} is created before {@code second} (see {@link #order}). */
  public boolean createdBefore(DeployedResource first, DeployedResource second) {
    return order(first, second).before();
  }

  private static List<DeployedStack> chain(DeployedStack stack) {
    List<DeployedStack> chain = new ArrayList<>();
    for (DeployedStack s = stack; s != null; s = s.parent()) {
      chain.add(0, s);
    }
    return chain;
  }

  private DeployedStack build(int step, String path, DeployedStack parent, String container, Template template,
      String region, Map<String, JsonNode> parameters) {
    String where = path + " (" + template.name() + " in " + region + ")";
    Evaluator evaluator;
    try {
      evaluator = Evaluator.of(template, region, parameters);
    } catch (IllegalArgumentException e) {
      throw new CompositionException(where + ": " + e.getMessage());
    }
    List<String> failed = evaluator.failedRules();
    if (!failed.isEmpty()) {
      throw new CompositionException(where + ": the template's Rules reject the parameters passed "
          + parameters + ": " + failed);
    }
    DeployedStack stack = new DeployedStack(this, step, path, parent, container, template, region, evaluator, parameters);
    stack.resolveWith(Evaluator.of(template, region, parameters, (id, attribute) -> known(stack, id, attribute)));
    stacks.add(stack);
    byPath.put(path, stack);
    if (parent != null) {
      parent.addChild(stack);
    }
    checkReferencesToResources(stack);
    for (Nesting.Child child : nestedInCreationOrder(stack)) {
      Template childTemplate;
      try {
        childTemplate = child.template();
      } catch (IllegalStateException e) {
        throw new CompositionException(e.getMessage());
      }
      JsonNode properties = stack.resolvingEvaluator().properties(child.logicalId());
      if (child.isStackSet()) {
        for (JsonNode group : properties.path("StackInstancesGroup")) {
          Map<String, JsonNode> values = passed(stack, child, properties.path("Parameters"), true);
          values.putAll(passed(stack, child, group.path("ParameterOverrides"), true));
          for (JsonNode r : group.path("Regions")) {
            build(step, path + "/" + child.logicalId() + "[" + r.asText() + "]", stack, child.logicalId(),
                childTemplate, r.asText(), values);
          }
        }
      } else {
        build(step, path + "/" + child.logicalId(), stack, child.logicalId(), childTemplate, region,
            passed(stack, child, properties.path("Parameters"), false));
      }
    }
    checkNestedOutputReferences(stack);
    return stack;
  }

  private Map<String, JsonNode> passed(DeployedStack stack, Nesting.Child child, JsonNode parameters, boolean list) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    String where = stack.path() + " (" + stack.template().name() + "): " + child.logicalId();
    if (list) {
      for (JsonNode item : parameters) {
        String key = item.path("ParameterKey").asText();
        if (!item.has("ParameterValue")) {
          throw new CompositionException(where + " passes parameter " + key + " without a ParameterValue");
        }
        values.put(key, parameterValue(stack, item.get("ParameterValue"), where, key));
      }
    } else {
      parameters.fields().forEachRemaining(e ->
          values.put(e.getKey(), parameterValue(stack, e.getValue(), where, e.getKey())));
    }
    JsonNode declared = child.template().section("Parameters");
    for (String key : values.keySet()) {
      if (!declared.has(key)) {
        throw new CompositionException(where + " passes parameter " + key + ", which "
            + child.template().name() + " does not declare");
      }
    }
    return values;
  }

  private JsonNode parameterValue(DeployedStack stack, JsonNode value, String where, String key) {
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(v.asText()));
      value = TextNode.valueOf(String.join(",", parts));
    } else if (value.isObject()) {
      throw new CompositionException(where + " passes parameter " + key + " an object: " + value);
    } else if (!value.isTextual()) {
      value = TextNode.valueOf(value.asText());
    }
    return physical(qualify(value, stack));
  }

  private List<Nesting.Child> nestedInCreationOrder(DeployedStack stack) {
    Map<String, Nesting.Child> nested = new LinkedHashMap<>();
    for (Nesting.Child c : Nesting.children(stack.template())) {
      if (stack.resource(c.logicalId()).isPresent()) {
        nested.put(c.logicalId(), c);
      }
    }
    List<String> order = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (DeployedResource r : stack.resources()) {
      visit(stack, r.logicalId(), done, new LinkedHashSet<>(), order);
    }
    List<Nesting.Child> out = new ArrayList<>();
    order.stream().filter(nested::containsKey).forEach(id -> out.add(nested.get(id)));
    return out;
  }

  private void visit(DeployedStack stack, String id, Set<String> done, LinkedHashSet<String> path, List<String> order) {
    if (done.contains(id)) {
      return;
    }
    if (!path.add(id)) {
      throw new CompositionException(stack + ": circular dependency " + String.join(" -> ", path) + " -> " + id);
    }
    for (String d : stack.dependencies(id)) {
      visit(stack, d, done, path, order);
    }
    path.remove(id);
    done.add(id);
    order.add(id);
  }

  /** A Ref, GetAtt or Sub in a created resource or output that names a resource not created. */
  private void checkReferencesToResources(DeployedStack stack) {
    Template template = stack.template();
    forEachEvaluatedText(stack, (where, text) -> {
      for (String token : tokens(text)) {
        String head = token.split("\\.", 2)[0];
        if (!template.resource(head).isMissingNode() && stack.resource(head).isEmpty()) {
          throw new CompositionException(stack + ": " + where + ": refers to " + head + ", which is not created"
              + " (its Condition " + template.resource(head).path("Condition").asText() + " does not hold)");
        }
      }
    });
  }

  /** Every GetAtt X.Outputs.Y evaluated in this stack names an output X creates. */
  private void checkNestedOutputReferences(DeployedStack stack) {
    forEachEvaluatedText(stack, (where, text) -> {
      for (String token : tokens(text)) {
        String[] parts = token.split("\\.", 3);
        if (parts.length < 3 || !parts[1].equals("Outputs") || stack.template().resource(parts[0]).isMissingNode()) {
          continue;
        }
        String at = stack + ": " + where + ": GetAtt " + token;
        if (Nesting.STACK_SET.equals(stack.template().typeOf(parts[0]))) {
          throw new CompositionException(at + ": " + parts[0] + " is a StackSet, which returns no outputs");
        }
        DeployedStack child = byPath.get(stack.path() + "/" + parts[0]);
        if (child == null) {
          throw new CompositionException(at + ": " + parts[0] + " is not a nested stack");
        }
        JsonNode output = child.template().section("Outputs").path(parts[2]);
        if (output.isMissingNode()) {
          throw new CompositionException(at + ": " + child.template().name() + " has no output " + parts[2]);
        }
        if (child.evaluator().output(parts[2]).isMissingNode()) {
          throw new CompositionException(at + ": " + child + " does not create output " + parts[2]
              + ": its Condition " + output.path("Condition").asText() + " does not hold for the parameters passed "
              + child.parameters());
        }
      }
    });
  }

  private interface TextVisitor {
    void visit(String where, String text);
  }

  private static void forEachEvaluatedText(DeployedStack stack, TextVisitor visitor) {
    for (DeployedResource r : stack.resources()) {
      Intrinsics.walk(r.evaluated(), "Resources." + r.logicalId() + ".Properties", (p, n) -> {
        if (n.isTextual()) {
          visitor.visit(p, n.asText());
        }
      });
    }
    stack.template().section("Outputs").fieldNames().forEachRemaining(name ->
        Intrinsics.walk(stack.evaluator().output(name), "Outputs." + name + ".Value", (p, n) -> {
          if (n.isTextual()) {
            visitor.visit(p, n.asText());
          }
        }));
  }

  /** Tokens the stack's evaluator made ({@code {{Id...}}}) become {@code {{<stack path>/Id...}}}. */
  JsonNode qualify(JsonNode node, DeployedStack stack) {
    Template template = stack.template();
    return mapTexts(node, text -> {
      Matcher m = TOKEN.matcher(text);
      StringBuilder out = new StringBuilder();
      int last = 0;
      while (m.find()) {
        out.append(text, last, m.start());
        String token = m.group(1);
        String head = token.split("\\.", 2)[0];
        boolean own = !token.contains("/")
            && (!template.resource(head).isMissingNode() || token.startsWith("AWS::"));
        out.append(own ? "{{" + stack.path() + "/" + token + "}}" : m.group());
        last = m.end();
      }
      return out.append(text.substring(last)).toString();
    });
  }

  /** For the resolving evaluator: nested outputs and modelled custom resource attributes. */
  private JsonNode known(DeployedStack stack, String logicalId, String attribute) {
    Optional<DeployedResource> resource = stack.resource(logicalId);
    if (attribute == null || resource.isEmpty()) {
      return null;
    }
    boolean nestedOutput = attribute.startsWith("Outputs.") && Nesting.STACK.equals(resource.get().type());
    if (!nestedOutput && !models.containsKey(resource.get().type())) {
      return null;
    }
    String value = resolveToken(stack.path() + "/" + logicalId + "." + attribute);
    return value == null ? null : TextNode.valueOf(value);
  }

  private String resolveToken(String token) {
    int slash = token.lastIndexOf('/');
    if (slash < 0 || !resolving.add(token)) {
      return null;
    }
    try {
      DeployedStack stack = byPath.get(token.substring(0, slash));
      String rest = token.substring(slash + 1);
      if (stack == null || rest.startsWith("AWS::")) {
        return null;
      }
      String[] parts = rest.split("\\.", 2);
      if (parts.length == 2 && parts[1].startsWith("Outputs.")) {
        DeployedStack child = byPath.get(stack.path() + "/" + parts[0]);
        if (child == null || !child.template().section("Outputs").has(parts[1].substring("Outputs.".length()))) {
          return null;
        }
        JsonNode value = child.output(parts[1].substring("Outputs.".length()));
        return value.isValueNode() ? value.asText() : null;
      }
      Optional<DeployedResource> resource = stack.resource(parts[0]);
      if (resource.isEmpty()) {
        return null;
      }
      AttributeModel model = models.get(resource.get().type());
      String value = parts.length == 1 ? resource.get().ref()
          : model != null ? model.attribute(this, resource.get(), parts[1])
          : resource.get().attribute(parts[1]).orElse(null);
      return value == null || value.equals("{{" + token + "}}") ? null : physical(value);
    } finally {
      resolving.remove(token);
    }
  }

  private JsonNode stepValue(Step step, String region, JsonNode value) {
    if (!value.isTextual()) {
      return value;
    }
    Matcher m = TOKEN.matcher(value.asText());
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      out.append(value.asText(), last, m.start());
      String[] parts = m.group(1).split("\\.", 3);
      if (parts.length != 3 || !parts[1].equals("Outputs")) {
        throw new CompositionException("step " + step.name() + ": " + m.group()
            + " is not {{<earlier step>.Outputs.<name>}}");
      }
      DeployedStack source = byPath.containsKey(parts[0]) ? byPath.get(parts[0]) : byPath.get(parts[0] + "[" + region + "]");
      if (source == null) {
        throw new CompositionException("step " + step.name() + ": " + m.group() + " names no earlier step");
      }
      if (!source.template().section("Outputs").has(parts[2]) || source.output(parts[2]).isMissingNode()) {
        throw new CompositionException("step " + step.name() + ": " + m.group() + ": " + source
            + " does not create output " + parts[2]);
      }
      out.append(source.output(parts[2]).asText());
      last = m.end();
    }
    return TextNode.valueOf(out.append(value.asText().substring(last)).toString());
  }

  private interface TextMapper {
    String map(String text);
  }

  private static JsonNode mapTexts(JsonNode node, TextMapper mapper) {
    if (node.isTextual()) {
      return TextNode.valueOf(mapper.map(node.asText()));
    }
    if (node.isObject()) {
      ObjectNode out = NODES.objectNode();
      node.fields().forEachRemaining(e -> out.set(e.getKey(), mapTexts(e.getValue(), mapper)));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(n -> out.add(mapTexts(n, mapper)));
      return out;
    }
    return node;
  }
}
