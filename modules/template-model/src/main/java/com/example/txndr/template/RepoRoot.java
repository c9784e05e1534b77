package com.example.txndr.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Locates the root of the checkout (the folder holding {@code mvnw} and {@code modules/}). */
public final class RepoRoot {
  private RepoRoot() {}

  /** The repository root, found by walking up from the working directory. */
  public static Path find() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("modules"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no repository root (a folder with mvnw and modules/) above " + start);
  }

  /** The source template of a service module: {@code modules/<name>/templates/<name>.template.json}. */
  public static Path moduleTemplate(String module) {
    return find().resolve("modules").resolve(module).resolve("templates")
        .resolve(module + ".template.json");
  }

  /** Every deployable template of the repository: *.template.json outside target/ (fixtures are *.fixture.json). */
  public static List<Template> templates() {
    try {
      return CanonicalJson.templateFiles(find().toString()).stream().map(Template::load).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
