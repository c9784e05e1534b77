package com.example.txndr.deploy.internal;

import com.example.txndr.deploy.PackagingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The source templates of the repository: {@code modules/<m>/templates/*.template.json},
 * {@code stacksets/templates/*.template.json} and {@code root-stack/templates/*.template.json}.
 * Packaged templates share one folder, so file names must be unique across these.
 */
public final class SourceTemplates {
  /** The suffix that marks a template (fixtures use {@code .fixture.json}). */
  public static final String SUFFIX = ".template.json";

  private final Path repoRoot;
  private final Map<Path, Path> byPath;

  private SourceTemplates(Path repoRoot, List<Path> files) {
    this.repoRoot = repoRoot;
    this.byPath = new LinkedHashMap<>();
    files.forEach(f -> byPath.put(f, f));
  }

  /** Finds every source template below the repository root; fails on a file-name collision. */
  public static SourceTemplates find(Path repoRoot) {
    Path root = repoRoot.toAbsolutePath().normalize();
    List<Path> files = new ArrayList<>();
    for (Path module : children(root.resolve("modules"))) {
      files.addAll(templatesIn(module.resolve("templates")));
    }
    files.addAll(templatesIn(root.resolve("stacksets").resolve("templates")));
    files.addAll(templatesIn(root.resolve("root-stack").resolve("templates")));
    if (files.isEmpty()) {
      throw new PackagingException("no templates (*" + SUFFIX + ") in " + root
          + "/modules/*/templates, stacksets/templates or root-stack/templates");
    }
    Map<String, List<Path>> byName = files.stream().collect(Collectors.groupingBy(
        f -> f.getFileName().toString(), LinkedHashMap::new, Collectors.toList()));
    for (Map.Entry<String, List<Path>> e : byName.entrySet()) {
      if (e.getValue().size() > 1) {
        String where = e.getValue().stream().map(p -> relative(root, p))
            .collect(Collectors.joining(" and "));
        throw new PackagingException("template file name " + e.getKey() + " is used more than once: "
            + where + ". Packaged templates share one folder (templates/<file name>): rename one.");
      }
    }
    return new SourceTemplates(root, files);
  }

  /** Every template file, in discovery order (modules by name, then stacksets, then root-stack). */
  public List<Path> files() {
    return List.copyOf(byPath.keySet());
  }

  /** The template at this normalized absolute path, or null when none is there. */
  public Path at(Path normalized) {
    return byPath.get(normalized);
  }

  /** The path of a file relative to the repository root, with {@code /} separators. */
  public String relative(Path file) {
    return relative(repoRoot, file);
  }

  private static String relative(Path root, Path file) {
    Path rel = file.startsWith(root) ? root.relativize(file) : file;
    return rel.toString().replace('\\', '/');
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, Files::isDirectory)) {
      stream.forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return out;
  }

  private static List<Path> templatesIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      stream.forEach(p -> {
        if (Files.isRegularFile(p)) {
          out.add(p.toAbsolutePath().normalize());
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return out;
  }
}
