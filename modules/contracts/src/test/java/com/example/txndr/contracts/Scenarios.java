package com.example.txndr.contracts;

import com.example.txndr.template.Evaluator;
import com.example.txndr.template.Intrinsics;
import com.example.txndr.template.Nesting;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameter combinations a nesting template can be deployed with, as far as they change
 * what is created: every parameter that a Condition or Rule reads, in the template or (passed
 * on by Ref) in a template it nests, takes each of its AllowedValues, or its Default, a sample
 * when the Default is empty, and every literal a condition compares it with. Each combination
 * is tried in both regions; combinations the template's Rules reject are left out. Above
 * {@value #LIMIT} combinations, each parameter is varied alone from the defaults instead.
 */
final class Scenarios {
  static final int LIMIT = 256;
  static final List<String> REGIONS = List.of("us-east-1", "us-west-2");

  /** One deployable combination. */
  record Scenario(String region, Map<String, Object> parameters) {
    @Override
    public String toString() {
      return region + " " + parameters;
    }
  }

  private Scenarios() {}

  /** Every deployable combination of the parameters that change what the template and its children create. */
  static List<Scenario> of(Template template) {
    Map<String, List<String>> choices = new LinkedHashMap<>();
    Set<String> relevant = relevantParameters(template, new HashMap<>());
    template.section("Parameters").fields().forEachRemaining(e -> {
      if (relevant.contains(e.getKey())) {
        choices.put(e.getKey(), values(template, e.getKey(), e.getValue()));
      }
    });
    List<Map<String, Object>> combinations = new ArrayList<>();
    long size = choices.values().stream().mapToLong(List::size).reduce(1, (a, b) -> a * b);
    if (size <= LIMIT) {
      product(new ArrayList<>(choices.entrySet()), 0, new LinkedHashMap<>(), combinations);
    } else {
      combinations.add(new LinkedHashMap<>());
      choices.forEach((name, values) -> values.forEach(v -> {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(name, v);
        combinations.add(one);
      }));
    }
    List<Scenario> out = new ArrayList<>();
    for (String region : REGIONS) {
      for (Map<String, Object> combination : combinations) {
        Map<String, Object> parameters = Samples.forRequired(template, combination);
        if (Evaluator.of(template, region, parameters).failedRules().isEmpty()) {
          out.add(new Scenario(region, parameters));
        }
      }
    }
    return out;
  }

  private static void product(List<Map.Entry<String, List<String>>> choices, int i, Map<String, Object> current,
      List<Map<String, Object>> out) {
    if (i == choices.size()) {
      out.add(new LinkedHashMap<>(current));
      return;
    }
    for (String value : choices.get(i).getValue()) {
      current.put(choices.get(i).getKey(), value);
      product(choices, i + 1, current, out);
    }
    current.remove(choices.get(i).getKey());
  }

  private static List<String> values(Template template, String name, JsonNode definition) {
    Set<String> values = new LinkedHashSet<>();
    JsonNode allowed = definition.path("AllowedValues");
    if (allowed.isArray() && allowed.size() > 0) {
      allowed.forEach(v -> values.add(v.asText()));
      return new ArrayList<>(values);
    }
    String base = definition.has("Default") ? definition.get("Default").asText() : Samples.sample(name, definition);
    values.add(base);
    if (base.isEmpty()) {
      values.add("sample" + name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT));
    }
    Intrinsics.walk(template.section("Conditions"), "", (p, node) -> {
      if (Intrinsics.isIntrinsic(node) && node.has("Fn::Equals")) {
        JsonNode args = node.get("Fn::Equals");
        for (int i = 0; i < 2; i++) {
          if (Intrinsics.referencedNames(args.path(i)).contains(name) && args.path(1 - i).isValueNode()) {
            values.add(args.path(1 - i).asText());
          }
        }
      }
    });
    return new ArrayList<>(values);
  }

  /** Parameters read by a Condition or Rule here, or passed by Ref to a child parameter that is. */
  private static Set<String> relevantParameters(Template template, Map<Template, Set<String>> memo) {
    Set<String> known = memo.get(template);
    if (known != null) {
      return known;
    }
    Set<String> relevant = new LinkedHashSet<>();
    memo.put(template, relevant);
    relevant.addAll(Intrinsics.referencedNames(template.section("Conditions")));
    relevant.addAll(Intrinsics.referencedNames(template.section("Rules")));
    for (Nesting.Child child : Nesting.children(template)) {
      if (child.templateProblem().isPresent()) {
        continue;
      }
      Set<String> childRelevant = relevantParameters(child.template(), memo);
      child.passedParameters().forEach((name, value) -> {
        if (childRelevant.contains(name)) {
          relevant.addAll(Intrinsics.referencedNames(value));
        }
      });
      relevant.addAll(Intrinsics.referencedNames(child.resource().path("Properties").path("StackInstancesGroup")));
    }
    relevant.retainAll(fieldNames(template.section("Parameters")));
    return relevant;
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new LinkedHashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
