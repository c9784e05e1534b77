package com.example.txndr.contracts;

import com.example.txndr.template.Composition;
import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A whole system as it is deployed, read from a {@code *.system.json}: the steps in order (a
 * template, the regions it is deployed in, its parameters, which may name an earlier step's
 * output as {@code {{Step.Outputs.Name}}}), the primary and secondary regions, and the
 * scenarios (parameter values applied to every step whose template declares them; the first
 * deploy is the one whose creation order matters) and the external resources the system relies
 * on but does not create, each with the reason. Template paths are relative to the repository
 * root, or to the description's folder when they start with a dot.
 */
record SystemDescription(Path file, String description, String primary, String secondary,
    List<StepSpec> steps, List<Scenario> scenarios, List<CrossRegionContract.External> externals) {

  /** One deployment step as described. */
  record StepSpec(String name, Path template, List<String> regions, Map<String, Object> parameters) {}

  /** Parameter values for every step that declares them; {@code firstDeploy} when nothing exists yet. */
  record Scenario(String name, Map<String, String> parameters, boolean firstDeploy) {
    @Override
    public String toString() {
      return name;
    }
  }

  static SystemDescription load(Path file) {
    JsonNode root = Repository.readJson(file);
    List<StepSpec> steps = new ArrayList<>();
    for (JsonNode s : root.path("steps")) {
      String path = s.path("template").asText();
      Path template = path.startsWith(".") ? file.getParent().resolve(path).normalize()
          : RepoRoot.find().resolve(path);
      List<String> regions = new ArrayList<>();
      s.path("regions").forEach(r -> regions.add(r.asText()));
      Map<String, Object> parameters = new LinkedHashMap<>();
      s.path("parameters").fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
      steps.add(new StepSpec(s.path("name").asText(), template, regions, parameters));
    }
    List<Scenario> scenarios = new ArrayList<>();
    for (JsonNode s : root.path("scenarios")) {
      Map<String, String> parameters = new LinkedHashMap<>();
      s.path("parameters").fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
      scenarios.add(new Scenario(s.path("name").asText(), parameters, s.path("firstDeploy").asBoolean()));
    }
    List<CrossRegionContract.External> externals = new ArrayList<>();
    for (JsonNode e : root.path("external")) {
      externals.add(new CrossRegionContract.External(e.path("scope").asText(), e.path("type").asText(),
          e.path("name").asText(null), e.path("arn").asText(null), e.path("reason").asText()));
    }
    return new SystemDescription(file, root.path("description").asText(),
        root.path("regions").path("primary").asText(), root.path("regions").path("secondary").asText(),
        steps, scenarios, externals);
  }

  /** The file name, for test names. */
  String name() {
    return file.getFileName().toString();
  }

  @Override
  public String toString() {
    return name();
  }

  /** The same system with {@code parameters} set on every step whose name starts with {@code prefix}. */
  SystemDescription withParameters(String prefix, Map<String, Object> parameters) {
    List<StepSpec> changed = new ArrayList<>();
    for (StepSpec s : steps) {
      Map<String, Object> p = new LinkedHashMap<>(s.parameters());
      if (s.name().startsWith(prefix)) {
        p.putAll(parameters);
      }
      changed.add(new StepSpec(s.name(), s.template(), s.regions(), p));
    }
    return new SystemDescription(file, description, primary, secondary, changed, scenarios, externals);
  }

  /** The template files the description names that do not exist (yet). */
  List<String> missingTemplates() {
    return steps.stream().map(StepSpec::template).filter(p -> !Files.isRegularFile(p))
        .map(Path::toString).toList();
  }

  /** The templates of the steps. */
  Set<Path> templates() {
    Set<Path> out = new LinkedHashSet<>();
    steps.forEach(s -> out.add(s.template().toAbsolutePath().normalize()));
    return out;
  }

  /** Deploys the system on paper in a scenario; required parameters no one gives get {@link Samples}. */
  Composition deploy(Scenario scenario) {
    Set<String> applied = new LinkedHashSet<>();
    List<Composition.Step> out = new ArrayList<>();
    for (StepSpec spec : steps) {
      Template template = Template.load(spec.template());
      Map<String, Object> parameters = new LinkedHashMap<>(spec.parameters());
      scenario.parameters().forEach((k, v) -> {
        if (template.section("Parameters").has(k)) {
          parameters.put(k, v);
          applied.add(k);
        }
      });
      out.add(new Composition.Step(spec.name(), template, spec.regions(), Samples.forRequired(template, parameters)));
    }
    for (String k : scenario.parameters().keySet()) {
      if (!applied.contains(k)) {
        throw new IllegalStateException(name() + ": scenario " + scenario.name() + " sets " + k
            + ", which no step's template declares");
      }
    }
    return Composition.deploy(out, CustomResources.MODELS);
  }
}
