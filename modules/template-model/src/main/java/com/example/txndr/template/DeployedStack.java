package com.example.txndr.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One stack of a {@link Composition}: a template deployed in a region with resolved parameters,
 * at a path such as {@code Root}, {@code Root/KmsStack} or
 * {@code Root/SecondaryStackSet[us-west-2]/KmsStack} (a StackSet instance is named by its region).
 */
public final class DeployedStack {
  private final Composition composition;
  private final int step;
  private final String path;
  private final DeployedStack parent;
  private final String container;
  private final Template template;
  private final String region;
  private final Evaluator evaluator;
  private Evaluator resolving;
  private final Map<String, JsonNode> parameters;
  private final List<DeployedStack> children = new ArrayList<>();
  private final Map<String, DeployedResource> resources = new LinkedHashMap<>();
  private final Map<String, Set<String>> dependencies = new HashMap<>();

  DeployedStack(Composition composition, int step, String path, DeployedStack parent, String container,
      Template template, String region, Evaluator evaluator, Map<String, JsonNode> parameters) {
    this.composition = composition;
    this.step = step;
    this.path = path;
    this.parent = parent;
    this.container = container;
    this.template = template;
    this.region = region;
    this.evaluator = evaluator;
    this.parameters = parameters;
    for (String id : template.resources().keySet()) {
      if (evaluator.exists(id)) {
        resources.put(id, new DeployedResource(composition, this, id));
      }
    }
  }

  /** The stack's path in the composition. */
  public String path() {
    return path;
  }

  /** The index of the composition step this stack belongs to (steps deploy in sequence). */
  public int step() {
    return step;
  }

  /** The stack that nests this one, or null for a step's own stack. */
  public DeployedStack parent() {
    return parent;
  }

  /** The logical ID of the Stack or StackSet resource in the parent that creates this stack, or null. */
  public String container() {
    return container;
  }

  /** The stacks this one nests (StackSet instances included). */
  public List<DeployedStack> children() {
    return List.copyOf(children);
  }

  /** The template deployed. */
  public Template template() {
    return template;
  }

  /** The region the stack is deployed in. */
  public String region() {
    return region;
  }

  /**
   * The evaluator of the template with this stack's region and parameters. Resources stay
   * symbolic ({@code {{Id}}}, {@code {{Id.Attribute}}}), which is how dependencies are found.
   */
  public Evaluator evaluator() {
    return evaluator;
  }

  /**
   * The evaluator that also knows nested outputs and modelled custom resource attributes, so
   * that Fn::Split or Fn::Select on them see the real text.
   */
  public Evaluator resolvingEvaluator() {
    return resolving;
  }

  /** The parameters passed to this stack, resolved (not including defaults), in the order passed. */
  public Map<String, JsonNode> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** The resources the stack creates (their Condition holds), in template order. */
  public List<DeployedResource> resources() {
    return List.copyOf(resources.values());
  }

  /** The created resource with this logical ID, or empty when it is not created. */
  public Optional<DeployedResource> resource(String logicalId) {
    return Optional.ofNullable(resources.get(logicalId));
  }

  /** An output's value with physical names resolved; a missing node when its Condition does not hold. */
  public JsonNode output(String name) {
    JsonNode value = resolving.output(name);
    return value.isMissingNode() ? MissingNode.getInstance()
        : composition.physical(composition.qualify(value, this));
  }

  /** The created resources {@code logicalId} depends on directly: DependsOn, Ref, GetAtt and Sub. */
  public Set<String> dependencies(String logicalId) {
    return dependencies.computeIfAbsent(logicalId, id -> {
      Set<String> out = new LinkedHashSet<>();
      DeployedResource resource = resources.get(id);
      if (resource == null) {
        return out;
      }
      for (String d : Nesting.dependsOn(template.resource(id))) {
        if (resources.containsKey(d)) {
          out.add(d);
        }
      }
      Intrinsics.walk(resource.evaluated(), "", (p, node) -> {
        if (node.isTextual()) {
          for (String token : Composition.tokens(node.asText())) {
            String head = token.split("\\.", 2)[0];
            if (resources.containsKey(head) && !head.equals(id)) {
              out.add(head);
            }
          }
        }
      });
      return out;
    });
  }

  /** Whether {@code logicalId} depends on {@code other}, directly or through other resources. */
  public boolean dependsOn(String logicalId, String other) {
    Set<String> seen = new HashSet<>();
    List<String> todo = new ArrayList<>(dependencies(logicalId));
    while (!todo.isEmpty()) {
      String next = todo.remove(todo.size() - 1);
      if (next.equals(other)) {
        return true;
      }
      if (seen.add(next)) {
        todo.addAll(dependencies(next));
      }
    }
    return false;
  }

  void resolveWith(Evaluator resolving) {
    this.resolving = resolving;
  }

  void addChild(DeployedStack child) {
    children.add(child);
  }

  @Override
  public String toString() {
    return path + " (" + template.name() + " in " + region + ")";
  }
}
