package com.example.txndr.contracts;

import com.example.txndr.template.JsonMatch;
import com.example.txndr.template.Nesting;
import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The templates of the repository, the system descriptions and the test fixtures. */
final class Repository {
  private Repository() {}

  /** Every template that nests another (a Stack or a StackSet), found by scanning, never listed. */
  static List<Template> nestingTemplates() {
    return RepoRoot.templates().stream().filter(Nesting::nests).toList();
  }

  /** A repository path relative to the root, with / separators. */
  static String relative(Path file) {
    return RepoRoot.find().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  /** The system descriptions: src/test/resources/systems/*.system.json. */
  static List<Path> systemFiles() {
    try (Stream<Path> files = Files.list(resource("systems"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".system.json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture template from the test resources, e.g. {@code fixture("nesting/parent.fixture.json")}. */
  static Template fixture(String name) {
    return Template.load(resource("fixtures/" + name));
  }

  /** A JSON file from the test resources. */
  static JsonNode json(String name) {
    return readJson(resource(name));
  }

  static JsonNode readJson(Path file) {
    try {
      return JsonMatch.json(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path resource(String name) {
    try {
      return Path.of(Repository.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("no test resource " + name, e);
    }
  }
}
