package com.example.txndr.constraints;

import com.example.txndr.template.JsonMatch;
import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The templates of the repository and the test fixtures. */
final class Repository {
  private Repository() {}

  /** docs/shared-parameters.json: the shared parameter, rule and condition definitions. */
  static JsonNode sharedDefinitions() {
    try {
      return JsonMatch.json(Files.readString(RepoRoot.find().resolve("docs/shared-parameters.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture from the test resources. */
  static Template fixture(String name) {
    return Template.load(resource(name));
  }

  static Path resource(String name) {
    try {
      return Path.of(Repository.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("no test resource " + name, e);
    }
  }
}
