package com.example.txndr.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The canonical text of a template: two-space indent, one array element per line, {@code "key": value},
 * top-level sections in house order, a final newline. Run as a program it rewrites templates.
 */
public final class CanonicalJson {
  /** The documented command that rewrites every template in canonical form. */
  public static final String FORMAT_COMMAND = "ci/format-templates";

  /** House order of the top-level sections; other keys keep their order after these. */
  public static final List<String> SECTION_ORDER = List.of("AWSTemplateFormatVersion", "Description",
      "Transform", "Metadata", "Parameters", "Rules", "Mappings", "Conditions", "Resources", "Outputs");

  private static final ObjectWriter WRITER;

  static {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter)
        .withSeparators(separators);
    WRITER = Template.MAPPER.writer(printer);
  }

  private CanonicalJson() {}

  /** The canonical text of a template document. */
  public static String format(ObjectNode root) {
    ObjectNode ordered = Template.MAPPER.createObjectNode();
    for (String section : SECTION_ORDER) {
      if (root.has(section)) {
        ordered.set(section, root.get(section));
      }
    }
    root.fields().forEachRemaining(e -> {
      if (!ordered.has(e.getKey())) {
        ordered.set(e.getKey(), e.getValue());
      }
    });
    return write(ordered);
  }

  /** The canonical text of any JSON value. */
  public static String write(JsonNode node) {
    try {
      return WRITER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Where two texts first differ, as "line N: expected ... but was ...". */
  public static String firstDifference(String actual, String expected) {
    String[] a = actual.split("\n", -1);
    String[] e = expected.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, e.length); i++) {
      String left = i < a.length ? a[i] : "<end of file>";
      String right = i < e.length ? e[i] : "<end of file>";
      if (!left.equals(right)) {
        return "line " + (i + 1) + ": expected `" + right.strip() + "` but was `" + left.strip() + "`";
      }
    }
    return "line endings differ";
  }

  /** Rewrites the templates below the given paths (default: the repository) in canonical form. */
  public static void main(String[] args) throws IOException {
    int changed = 0;
    List<Path> files = templateFiles(args);
    for (Path file : files) {
      Template template = Template.load(file);
      String canonical = format(template.root());
      if (!canonical.equals(template.text())) {
        Files.writeString(file, canonical);
        changed++;
        System.out.println("formatted " + template.name());
      }
    }
    System.out.println(files.size() + " template(s) checked, " + changed + " rewritten");
  }

  /** The *.template.json files below the given files or folders (default: the repository), target/ excluded. */
  public static List<Path> templateFiles(String... paths) throws IOException {
    List<Path> roots = new ArrayList<>();
    for (String arg : paths) {
      roots.add(Path.of(arg));
    }
    if (roots.isEmpty()) {
      roots.add(RepoRoot.find());
    }
    List<Path> files = new ArrayList<>();
    for (Path root : roots) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> p.getFileName().toString().endsWith(".template.json"))
            .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
            .sorted().forEach(files::add);
      }
    }
    return files;
  }
}
