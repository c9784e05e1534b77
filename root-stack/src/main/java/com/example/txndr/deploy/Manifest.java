package com.example.txndr.deploy;

import com.example.txndr.template.CanonicalJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code dist/manifest.json}: every published file with its S3 key, size and SHA-256, the project
 * version, the release and the key prefix, and the values {@code aws cloudformation deploy} must be
 * given for {@code ArtifactKeyPrefix} and {@code LambdaCodeKey}. Files are sorted by path and
 * nothing time-dependent is recorded, so the same inputs give the same bytes.
 *
 * @param projectVersion the Maven version that was packaged
 * @param release the content-addressed release ({@code Release}): 12 hex characters
 * @param keyPrefix the key prefix of every object, {@code <publish.keyPrefix><release>/}: the value
 *     of {@code ArtifactKeyPrefix}
 * @param lambdaCodeKey the content-addressed key of the Lambda jar: the value of {@code LambdaCodeKey}
 * @param files the files below {@code dist/}, without the manifest itself
 */
public record Manifest(String projectVersion, String release, String keyPrefix, String lambdaCodeKey,
    List<Entry> files) {
  /** The manifest's own file name in {@code dist/} and, after the key prefix, its key. */
  public static final String FILE_NAME = "manifest.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * One file of the tree.
   *
   * @param path the path below {@code dist/}, with {@code /} separators
   * @param key the S3 object key (key prefix + path)
   * @param size the size in bytes
   * @param sha256 the SHA-256 of the content, lowercase hex
   */
  public record Entry(String path, String key, long size, String sha256) {}

  /** A manifest with its files in path order. */
  public Manifest {
    files = files.stream().sorted(Comparator.comparing(Entry::path)).toList();
  }

  /** The key of the manifest itself in the buckets. */
  public String manifestKey() {
    return keyPrefix + FILE_NAME;
  }

  /**
   * The parameter overrides of a deploy of this release, one line:
   * {@code ArtifactKeyPrefix=<keyPrefix> LambdaCodeKey=<lambdaCodeKey>}, as
   * {@code aws cloudformation deploy --parameter-overrides} takes them. They must be given on every
   * deploy: for a parameter it is not given, the CLI keeps the stack's previous value
   * ({@code UsePreviousValue}), not the template's new default.
   */
  public String parameterOverrides() {
    return "ArtifactKeyPrefix=" + keyPrefix + " LambdaCodeKey=" + lambdaCodeKey;
  }

  /** The canonical JSON text. */
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("projectVersion", projectVersion);
    root.put("release", release);
    root.put("keyPrefix", keyPrefix);
    root.put("lambdaCodeKey", lambdaCodeKey);
    root.put("parameterOverrides", parameterOverrides());
    ArrayNode list = root.putArray("files");
    for (Entry e : files) {
      list.addObject().put("path", e.path()).put("key", e.key()).put("size", e.size())
          .put("sha256", e.sha256());
    }
    return CanonicalJson.write(root);
  }

  /** Reads {@code manifest.json} from a dist folder. */
  public static Manifest read(Path dist) {
    Path file = dist.resolve(FILE_NAME);
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new PublishException("no " + FILE_NAME + " in " + dist
          + ": run ./mvnw package (or the package command) first", e);
    } catch (IOException e) {
      throw new PublishException("cannot read " + file + ": " + e.getMessage()
          + "; run ./mvnw package again", e);
    }
    List<Entry> entries = new ArrayList<>();
    for (JsonNode e : root.path("files")) {
      entries.add(new Entry(e.path("path").asText(), e.path("key").asText(), e.path("size").asLong(),
          e.path("sha256").asText()));
    }
    return new Manifest(root.path("projectVersion").asText(), root.path("release").asText(),
        root.path("keyPrefix").asText(), root.path("lambdaCodeKey").asText(), entries);
  }
}
