package com.example.txndr.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The two boundaries between the repository's Maven modules, read from the poms and the Java
 * sources: a module with production code ({@code src/main/java}) depends on a test kit (the
 * {@code template-testkit} artifact, or any {@code test-jar}) in test scope only; and no source,
 * main or test, imports an {@code internal} package of another module. A module that owns no
 * code (the coverage aggregator) is not held to the first.
 */
final class ModuleBoundaries {
  static final String TEST_KIT = "template-testkit";
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

  private ModuleBoundaries() {}

  /** Every violation under {@code root}, one line each, {@code "<module>: <what>"}; empty when both hold. */
  static List<String> check(Path root) {
    List<Path> modules = modules(root);
    Map<String, Path> owners = new HashMap<>();
    for (Path module : modules) {
      for (Path source : sources(module.resolve("src/main/java"))) {
        packageOf(source).ifPresent(name -> owners.putIfAbsent(name, module));
      }
    }
    List<String> violations = new ArrayList<>();
    for (Path module : modules) {
      String name = root.relativize(module).toString().replace('\\', '/');
      if (Files.isDirectory(module.resolve("src/main/java"))) {
        for (String dependency : testKitsOutsideTestScope(module.resolve("pom.xml"))) {
          violations.add(name + ": depends on the test kit " + dependency + " outside test scope");
        }
      }
      for (String tree : List.of("src/main/java", "src/test/java")) {
        for (Path source : sources(module.resolve(tree))) {
          for (String imported : imports(source)) {
            String internal = internalPackage(imported);
            if (internal == null) {
              continue;
            }
            Path owner = owners.get(internal);
            if (owner != null && !owner.equals(module)) {
              violations.add(name + ": " + module.relativize(source).toString().replace('\\', '/') + " imports "
                  + imported + ", internal to " + root.relativize(owner).toString().replace('\\', '/'));
            }
          }
        }
      }
    }
    return violations;
  }

  /** The directories under {@code root} (itself excluded) that hold a pom.xml, outside build output and sources. */
  private static List<Path> modules(Path root) {
    try (Stream<Path> poms = Files.walk(root, 3)) {
      return poms.filter(p -> p.getFileName().toString().equals("pom.xml"))
          .map(Path::getParent)
          .filter(dir -> !dir.equals(root))
          .filter(dir -> {
            List<String> parts = List.of(root.relativize(dir).toString().replace('\\', '/').split("/"));
            return parts.size() <= 2 && !parts.contains("target") && !parts.contains("src");
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> sources(Path tree) {
    if (!Files.isDirectory(tree)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(tree)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<String> packageOf(Path source) {
    Matcher matcher = PACKAGE.matcher(read(source));
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  private static List<String> imports(Path source) {
    List<String> names = new ArrayList<>();
    Matcher matcher = IMPORT.matcher(read(source));
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /** The package up to and including its {@code internal} segment, or null when it has none. */
  private static String internalPackage(String imported) {
    String[] parts = imported.split("\\.");
    StringBuilder name = new StringBuilder();
    for (String part : parts) {
      if (!name.isEmpty()) {
        name.append('.');
      }
      name.append(part);
      if (part.equals("internal")) {
        return name.toString();
      }
    }
    return null;
  }

  /**
   * The project dependencies (not the managed ones) on the test kit or on a test-jar whose scope
   * is not test, as {@code artifactId[:test-jar] (scope)}.
   */
  private static List<String> testKitsOutsideTestScope(Path pom) {
    List<String> found = new ArrayList<>();
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
      for (Element dependencies : children(project, "dependencies")) {
        for (Element dependency : children(dependencies, "dependency")) {
          String artifact = text(dependency, "artifactId");
          String type = text(dependency, "type");
          String scope = text(dependency, "scope");
          boolean testKit = TEST_KIT.equals(artifact) || "test-jar".equals(type);
          if (testKit && !"test".equals(scope)) {
            found.add(artifact + ("test-jar".equals(type) ? ":test-jar" : "") + " ("
                + (scope == null ? "compile" : scope) + ")");
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
    }
    return found;
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> elements = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        elements.add(element);
      }
    }
    return elements;
  }

  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0).getTextContent().trim();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
