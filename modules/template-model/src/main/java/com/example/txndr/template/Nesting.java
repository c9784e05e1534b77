package com.example.txndr.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nested stacks and StackSets of a template ({@code AWS::CloudFormation::Stack} and
 * {@code AWS::CloudFormation::StackSet} with a local relative {@code TemplateURL}), and the
 * structural contract between a parent and its children: every parameter passed is declared by
 * the child, every required child parameter (no Default) is passed, every
 * {@code GetAtt X.Outputs.Y} names an output the child declares.
 *
 * <p>Messages name the parent file, the logical ID and the child file, and say the fix.
 */
public final class Nesting {
  /** A nested stack. */
  public static final String STACK = "AWS::CloudFormation::Stack";
  /** A StackSet: its instances deploy the child template to other regions. */
  public static final String STACK_SET = "AWS::CloudFormation::StackSet";

  private static final Pattern ABSOLUTE_URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");
  private static final Map<Path, Template> CACHE = new ConcurrentHashMap<>();

  private Nesting() {}

  /** One nesting resource of a parent template. */
  public record Child(Template parent, String logicalId, String type, JsonNode resource) {
    /** Whether this is a StackSet (instances in other regions, no outputs). */
    public boolean isStackSet() {
      return STACK_SET.equals(type);
    }

    /** The resource's Condition, if any. */
    public Optional<String> condition() {
      JsonNode c = resource.path("Condition");
      return c.isTextual() ? Optional.of(c.asText()) : Optional.empty();
    }

    /** The logical IDs in the resource's DependsOn. */
    public List<String> dependsOn() {
      return Nesting.dependsOn(resource);
    }

    /** The TemplateURL as written (text), or an empty string when it is not text. */
    public String templateUrl() {
      JsonNode url = resource.path("Properties").path("TemplateURL");
      return url.isTextual() ? url.asText() : "";
    }

    /** The child template file, or empty when the TemplateURL is not a local relative path. */
    public Optional<Path> templateFile() {
      String url = templateUrl();
      if (url.isEmpty() || ABSOLUTE_URL.matcher(url).matches()) {
        return Optional.empty();
      }
      try {
        return Optional.of(parent.file().toAbsolutePath().getParent().resolve(url).normalize());
      } catch (InvalidPathException e) {
        return Optional.empty();
      }
    }

    /** Why the child template cannot be read, or empty when it can. */
    public Optional<String> templateProblem() {
      Optional<Path> file = templateFile();
      if (file.isEmpty()) {
        JsonNode url = resource.path("Properties").path("TemplateURL");
        return Optional.of(parent.name() + ": " + logicalId + ": TemplateURL " + url
            + " is not a local relative path. Fix: name the child template by a path relative to "
            + "the folder of " + parent.file().getFileName() + "; packaging turns it into an S3 URL");
      }
      if (!Files.isRegularFile(file.get())) {
        return Optional.of(parent.name() + ": " + logicalId + ": TemplateURL " + templateUrl()
            + " names no file (resolves to " + display(file.get()) + "). Fix: correct the relative path");
      }
      return Optional.empty();
    }

    /** The child template; fails with {@link #templateProblem()} when it cannot be read. */
    public Template template() {
      Optional<String> problem = templateProblem();
      if (problem.isPresent()) {
        throw new IllegalStateException(problem.get());
      }
      return CACHE.computeIfAbsent(templateFile().get(), Template::load);
    }

    /**
     * The parameters passed, unresolved, by name: a Stack's {@code Parameters} object; a
     * StackSet's {@code Parameters} list of {@code {ParameterKey, ParameterValue}} and the
     * {@code ParameterOverrides} of its instance groups.
     */
    public Map<String, JsonNode> passedParameters() {
      Map<String, JsonNode> passed = new LinkedHashMap<>();
      JsonNode parameters = resource.path("Properties").path("Parameters");
      if (isStackSet()) {
        keyValueList(parameters, passed);
        for (JsonNode group : resource.path("Properties").path("StackInstancesGroup")) {
          keyValueList(group.path("ParameterOverrides"), passed);
        }
      } else {
        parameters.fields().forEachRemaining(e -> passed.put(e.getKey(), e.getValue()));
      }
      return passed;
    }

    @Override
    public String toString() {
      return parent.name() + ": " + logicalId;
    }
  }

  /** Whether the template has a nested stack or a StackSet. */
  public static boolean nests(Template template) {
    return !children(template).isEmpty();
  }

  /** The nested stacks and StackSets of a template, in template order. */
  public static List<Child> children(Template template) {
    List<Child> children = new ArrayList<>();
    template.resources().forEach((id, resource) -> {
      String type = resource.path("Type").asText();
      if (STACK.equals(type) || STACK_SET.equals(type)) {
        children.add(new Child(template, id, type, resource));
      }
    });
    return children;
  }

  /** The nesting resource with this logical ID; fails when there is none. */
  public static Child child(Template template, String logicalId) {
    return children(template).stream().filter(c -> c.logicalId().equals(logicalId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(template.name() + ": no nested stack " + logicalId));
  }

  /** Children whose TemplateURL is not a local relative path to an existing file. */
  public static List<String> unreadableTemplates(Template template) {
    List<String> problems = new ArrayList<>();
    for (Child child : children(template)) {
      child.templateProblem().ifPresent(problems::add);
    }
    return problems;
  }

  /** Parameters a parent passes that its child does not declare. */
  public static List<String> undeclaredParameters(Template template) {
    List<String> problems = new ArrayList<>();
    for (Child child : readableChildren(template)) {
      JsonNode declared = child.template().section("Parameters");
      for (String name : child.passedParameters().keySet()) {
        if (!declared.has(name)) {
          problems.add(template.name() + ": " + child.logicalId() + " passes parameter " + name
              + ", which " + child.template().name() + " does not declare. Fix: remove it or declare it"
              + " in the child; the child declares " + fieldNames(declared));
        }
      }
    }
    return problems;
  }

  /** Required parameters (no Default) of a child that its parent does not pass. */
  public static List<String> missingRequiredParameters(Template template) {
    List<String> problems = new ArrayList<>();
    for (Child child : readableChildren(template)) {
      Map<String, JsonNode> passed = child.passedParameters();
      child.template().section("Parameters").fields().forEachRemaining(e -> {
        if (!e.getValue().has("Default") && !passed.containsKey(e.getKey())) {
          problems.add(template.name() + ": " + child.logicalId() + " does not pass parameter "
              + e.getKey() + ", which " + child.template().name() + " requires (it has no Default)."
              + " Fix: pass it in " + child.logicalId() + ".Properties.Parameters");
        }
      });
    }
    return problems;
  }

  /**
   * Every {@code GetAtt X.Outputs.Y} (also as {@code ${X.Outputs.Y}} in Fn::Sub) that names no
   * output of X's template, or a StackSet (which returns no outputs), or no nesting resource.
   */
  public static List<String> missingOutputs(Template template) {
    List<String> problems = new ArrayList<>();
    Map<String, Child> byId = new LinkedHashMap<>();
    children(template).forEach(c -> byId.put(c.logicalId(), c));
    for (OutputReference ref : outputReferences(template)) {
      Child child = byId.get(ref.stack());
      String at = template.name() + ": " + ref.path() + ": GetAtt " + ref.stack() + ".Outputs." + ref.output();
      if (child == null) {
        problems.add(at + ": " + ref.stack() + " is not a nested stack of this template");
      } else if (child.isStackSet()) {
        problems.add(at + ": " + ref.stack() + " is a StackSet, which returns no outputs."
            + " Fix: read the value from SSM in the StackSet's region");
      } else if (child.templateProblem().isEmpty()
          && !child.template().section("Outputs").has(ref.output())) {
        problems.add(at + ": " + child.template().name() + " has no output " + ref.output()
            + ". Fix: add the output or correct the name; its outputs are "
            + fieldNames(child.template().section("Outputs")));
      }
    }
    return problems;
  }

  /** A {@code GetAtt X.Outputs.Y} in a template, with the dotted path where it is written. */
  public record OutputReference(String path, String stack, String output) {}

  /** Every {@code GetAtt X.Outputs.Y} and {@code ${X.Outputs.Y}} of the template's Resources and Outputs. */
  public static List<OutputReference> outputReferences(Template template) {
    Set<OutputReference> refs = new LinkedHashSet<>();
    for (String section : List.of("Resources", "Outputs")) {
      Intrinsics.walk(template.section(section), section, (path, node) -> {
        if (!Intrinsics.isIntrinsic(node)) {
          return;
        }
        String function = node.fieldNames().next();
        JsonNode arg = node.get(function);
        if (function.equals("Fn::GetAtt")) {
          String joined = arg.isArray() ? arg.path(0).asText() + "." + arg.path(1).asText() : arg.asText();
          outputReference(path, joined).ifPresent(refs::add);
        } else if (function.equals("Fn::Sub")) {
          String text = arg.isArray() ? arg.path(0).asText() : arg.asText();
          Matcher m = SUB_VARIABLE.matcher(text);
          while (m.find()) {
            outputReference(path, m.group(1).trim()).ifPresent(refs::add);
          }
        }
      });
    }
    return new ArrayList<>(refs);
  }

  private static Optional<OutputReference> outputReference(String path, String joined) {
    String[] parts = joined.split("\\.", 3);
    if (parts.length == 3 && parts[1].equals("Outputs")) {
      return Optional.of(new OutputReference(path, parts[0], parts[2]));
    }
    return Optional.empty();
  }

  static List<String> dependsOn(JsonNode resource) {
    JsonNode d = resource.path("DependsOn");
    List<String> ids = new ArrayList<>();
    if (d.isTextual()) {
      ids.add(d.asText());
    } else {
      d.forEach(n -> ids.add(n.asText()));
    }
    return ids;
  }

  private static List<Child> readableChildren(Template template) {
    return children(template).stream().filter(c -> c.templateProblem().isEmpty()).toList();
  }

  private static void keyValueList(JsonNode list, Map<String, JsonNode> into) {
    for (JsonNode item : list) {
      into.put(item.path("ParameterKey").asText(), item.path("ParameterValue"));
    }
  }

  static String display(Path file) {
    try {
      Path root = RepoRoot.find();
      return file.startsWith(root) ? root.relativize(file).toString() : file.toString();
    } catch (IllegalStateException e) {
      return file.toString();
    }
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }
}
