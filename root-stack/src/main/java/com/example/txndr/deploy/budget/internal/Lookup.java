package com.example.txndr.deploy.budget.internal;

import com.example.txndr.deploy.budget.MissingSource;
import com.example.txndr.deploy.budget.PackagedSystem;
import com.example.txndr.deploy.budget.Report.Input;
import com.example.txndr.deploy.budget.Report.Source;
import com.example.txndr.template.Composition;
import com.example.txndr.template.DeployedResource;
import com.example.txndr.template.DeployedStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds resources of the packaged system and reads their resolved properties as inputs with
 * their sources. A resource or property that is not there is a {@link MissingSource} naming the
 * source template that must declare it.
 */
public final class Lookup {
  private final Composition composition;
  private final Map<String, String> sourcePaths;

  /**
   * A lookup over a composition.
   *
   * @param composition the packaged system deployed on paper
   * @param sourcePaths the repository path of each source template, by file name (a name that is
   *     not there is shown as {@code templates/<name>} of dist)
   */
  public Lookup(Composition composition, Map<String, String> sourcePaths) {
    this.composition = composition;
    this.sourcePaths = Map.copyOf(sourcePaths);
  }

  /** The repository path of a template file, else its path in dist. */
  public String sourcePath(String fileName) {
    return sourcePaths.getOrDefault(fileName, "templates/" + fileName);
  }

  /**
   * The one resource {@code logicalId} created by a stack of template {@code fileName} in
   * {@code region}.
   */
  public DeployedResource resource(String fileName, String logicalId, String region) throws MissingSource {
    List<DeployedResource> found = new ArrayList<>();
    List<String> stacks = new ArrayList<>();
    for (DeployedStack s : composition.stacks()) {
      if (PackagedSystem.fileName(s).equals(fileName) && s.region().equals(region)) {
        stacks.add(s.path());
        s.resource(logicalId).ifPresent(found::add);
      }
    }
    if (found.size() == 1) {
      return found.get(0);
    }
    if (found.isEmpty()) {
      throw new MissingSource(sourcePath(fileName) + " must declare " + logicalId + ": no stack of it in "
          + region + " creates " + logicalId + (stacks.isEmpty() ? " (the root deploys none there)"
          : " (" + String.join(", ", stacks) + ")"));
    }
    throw new MissingSource(sourcePath(fileName) + ": more than one stack in " + region + " creates " + logicalId
        + " (" + String.join(", ", found.stream().map(r -> r.stack().path()).toList())
        + "); the budget cannot tell which one counts");
  }

  /** The resolved property, as a number in {@code unit}. */
  public Input number(String name, String unit, DeployedResource resource, String property) throws MissingSource {
    return number(name, unit, resource, property, "");
  }

  /**
   * The resolved property, as a number in {@code unit}; {@code hint} is appended to the
   * missing-source message (why it is not assumed).
   */
  public Input number(String name, String unit, DeployedResource resource, String property, String hint)
      throws MissingSource {
    JsonNode value = value(name, resource, property, hint);
    try {
      return new Input(name, new BigDecimal(value.asText().strip()), unit, source(resource, property, value));
    } catch (NumberFormatException e) {
      throw new MissingSource(name + ": " + where(resource, property) + " is \"" + value.asText()
          + "\", not a number");
    }
  }

  /** The resolved property as text, for a value that is interpreted (a schedule) or shown. */
  public Input text(String name, DeployedResource resource, String property, String hint) throws MissingSource {
    JsonNode value = value(name, resource, property, hint);
    return new Input(name, null, "", source(resource, property, value));
  }

  /** The source of a resolved property. */
  public Source source(DeployedResource resource, String property, JsonNode value) {
    return Source.template(sourcePath(PackagedSystem.fileName(resource.stack())), resource.stack().path(),
        resource.region(), resource.logicalId(), property, value.isValueNode() ? value.asText() : value.toString());
  }

  /** {@code <LogicalId>.Properties.<property> (<stack path>, <region>)}. */
  public String where(DeployedResource resource, String property) {
    return resource.logicalId() + ".Properties." + property + " (" + resource.stack().path() + ", "
        + resource.region() + ")";
  }

  private JsonNode value(String name, DeployedResource resource, String property, String hint) throws MissingSource {
    JsonNode value = resource.property(property);
    if (value.isMissingNode() || value.isNull()) {
      throw new MissingSource(name + ": " + sourcePath(PackagedSystem.fileName(resource.stack())) + " must declare "
          + where(resource, property) + hint);
    }
    if (value.isTextual() && value.asText().contains("{{")) {
      throw new MissingSource(name + ": " + where(resource, property) + " is known only after deploy ("
          + value.asText() + "); " + sourcePath(PackagedSystem.fileName(resource.stack()))
          + " must set it from a parameter or a literal");
    }
    return value;
  }
}
