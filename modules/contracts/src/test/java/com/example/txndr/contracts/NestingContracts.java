package com.example.txndr.contracts;

import com.example.txndr.template.Composition;
import com.example.txndr.template.CompositionException;
import com.example.txndr.template.Nesting;
import com.example.txndr.template.Template;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The parts of the nesting contract that need more than one template. */
final class NestingContracts {
  private NestingContracts() {}

  /**
   * Nesting templates that no other template nests and no system description deploys: their
   * wiring would escape the cross-region contract.
   */
  static List<String> notDeployedByASystem(List<Template> nestingTemplates, List<SystemDescription> systems) {
    Set<Path> nested = new HashSet<>();
    for (Template t : nestingTemplates) {
      for (Nesting.Child c : Nesting.children(t)) {
        c.templateFile().ifPresent(f -> nested.add(f.toAbsolutePath().normalize()));
      }
    }
    Set<Path> deployed = new HashSet<>();
    systems.forEach(s -> deployed.addAll(s.templates()));
    List<String> out = new ArrayList<>();
    for (Template t : nestingTemplates) {
      Path file = t.file().toAbsolutePath().normalize();
      if (!nested.contains(file) && !deployed.contains(file)) {
        out.add(t.name() + " nests stacks but no system description deploys it. Fix: add it as a step of a"
            + " *.system.json in modules/contracts/src/test/resources/systems");
      }
    }
    return out;
  }

  /**
   * Why the template cannot be deployed in some scenario: a nested output read where its
   * Condition does not hold, a required child parameter that a condition leaves unset, a child
   * whose Rules reject what is passed, a reference to a resource that is not created. One line
   * per distinct problem (the same in another region counts once), naming the first scenario
   * that shows it.
   */
  static List<String> failuresInScenarios(Template template) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> out = new ArrayList<>();
    for (Scenarios.Scenario scenario : Scenarios.of(template)) {
      try {
        Composition.deploy(List.of(new Composition.Step(template.file().getFileName().toString(), template,
            List.of(scenario.region()), scenario.parameters())), CustomResources.MODELS);
      } catch (CompositionException e) {
        if (seen.add(e.getMessage().replace(scenario.region(), "<region>"))) {
          out.add(e.getMessage() + " [scenario: " + scenario + "]");
        }
      }
    }
    return out;
  }
}
