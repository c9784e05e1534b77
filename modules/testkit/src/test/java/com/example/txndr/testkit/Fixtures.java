package com.example.txndr.testkit;

import com.example.txndr.template.Template;
import java.net.URISyntaxException;
import java.nio.file.Path;

final class Fixtures {
  private Fixtures() {}

  static Path path(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Template load(String name) {
    return Template.load(path(name));
  }
}
