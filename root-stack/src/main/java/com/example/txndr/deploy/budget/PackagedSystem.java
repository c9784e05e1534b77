package com.example.txndr.deploy.budget;

import com.example.txndr.deploy.Packager;
import com.example.txndr.deploy.internal.TemplateRewriter;
import com.example.txndr.template.Composition;
import com.example.txndr.template.CompositionException;
import com.example.txndr.template.DeployedStack;
import com.example.txndr.template.Nesting;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The packaged system of {@code dist/templates/} deployed on paper by the kit's
 * {@link Composition}: the root template in the primary region with concrete root parameters,
 * every nested stack and StackSet instance expanded with the values its parent passes.
 *
 * <p>Packaged templates name their children by artifact URL
 * ({@link TemplateRewriter#templateUrl(String)}), which the kit cannot follow. The templates are
 * therefore copied to a working folder where each such URL is put back to the child's file name
 * (all packaged templates share one folder); nothing else changes.
 */
public final class PackagedSystem {
  /** The stack path of the root step in the composition. */
  public static final String ROOT = "Root";
  /** The root template's file name in {@code dist/templates/}. */
  public static final String ROOT_TEMPLATE = "root.template.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PackagedSystem() {}

  /** The packaged root template of a dist folder; fails when packaging has not run. */
  public static Template rootTemplate(Path dist) {
    Path file = dist.resolve(Packager.TEMPLATES).resolve(ROOT_TEMPLATE);
    if (!Files.isRegularFile(file)) {
      throw new BudgetException("no " + Packager.TEMPLATES + ROOT_TEMPLATE + " in " + dist
          + ": run ./mvnw package (or the package command) first");
    }
    return Template.load(file);
  }

  /**
   * Deploys the packaged root template on paper in {@code region} with {@code parameters} (every
   * parameter without a Default must be given). {@code work} receives the working copies.
   */
  public static Composition deploy(Path dist, Path work, String region, Map<String, String> parameters) {
    Path templates = dist.resolve(Packager.TEMPLATES);
    try {
      Files.createDirectories(work);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(templates, "*.template.json")) {
        for (Path file : files) {
          ObjectNode template = (ObjectNode) MAPPER.readTree(Files.readString(file));
          localTemplateUrls(template);
          Files.writeString(work.resolve(file.getFileName().toString()), MAPPER.writeValueAsString(template));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the packaged templates of " + dist + " to " + work, e);
    }
    Template root = Template.load(work.resolve(ROOT_TEMPLATE));
    try {
      return Composition.deploy(List.of(new Composition.Step(ROOT, root, List.of(region), parameters)));
    } catch (CompositionException e) {
      throw new BudgetException("the packaged templates do not deploy on paper with these parameters: "
          + e.getMessage());
    }
  }

  /** The file name of the template a stack deploys (the same in dist/templates/). */
  public static String fileName(DeployedStack stack) {
    return stack.template().file().getFileName().toString();
  }

  /** Deletes a working folder made by {@link #deploy}. */
  public static void delete(Path work) {
    if (!Files.exists(work)) {
      return;
    }
    try (Stream<Path> all = Files.walk(work)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + work, e);
    }
  }

  private static void localTemplateUrls(ObjectNode template) {
    for (Map.Entry<String, JsonNode> resource : template.path("Resources").properties()) {
      String type = resource.getValue().path("Type").asText();
      if (!Nesting.STACK.equals(type) && !Nesting.STACK_SET.equals(type)) {
        continue;
      }
      JsonNode properties = resource.getValue().path("Properties");
      JsonNode url = properties.path("TemplateURL");
      String sub = url.path("Fn::Sub").asText("");
      int at = sub.lastIndexOf("templates/");
      if (at < 0) {
        continue;
      }
      String name = sub.substring(at + "templates/".length());
      if (url.equals(TemplateRewriter.templateUrl(name))) {
        ((ObjectNode) properties).put("TemplateURL", name);
      }
    }
  }
}
