package com.example.txndr.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A repository checkout in a temporary folder, made of fixture templates and a fixture jar. */
final class FixtureRepo {
  /** The content of the fixture Lambda jar; its SHA-256 is {@link #JAR_SHA256}. */
  static final String JAR_CONTENT = "fixture lambda jar\n";
  /** SHA-256 of {@link #JAR_CONTENT} (sha256sum). */
  static final String JAR_SHA256 = "576bb6b7d2722b87e040c231941b9330d93c085c244e2fb410c1fd21c7d015e9";
  /** The file names of {@link #standard}'s templates, in name order, with their fixtures. */
  private static final List<String> STANDARD_TEMPLATES = List.of("kms", "lambda", "regional", "root");
  /**
   * The release of {@link #standard}, computed here as README.md describes it: SHA-256 over each
   * template sorted by file name (name, NUL, bytes), then the jar's SHA-256 in hex; 12 hex characters.
   */
  static final String RELEASE = standardRelease();
  /** The key prefix of {@link #standard} packaged with the base prefix {@code transaction-dr/}. */
  static final String KEY_PREFIX = "transaction-dr/" + RELEASE + "/";
  /** The path of the jar of {@link #standard} in dist/: its name carries its own content address. */
  static final String JAR_PATH = "lambda/transaction-dr-lambda-" + JAR_SHA256.substring(0, 12) + ".jar";
  /**
   * The key of the jar of {@link #standard}: below the base prefix {@code transaction-dr/}, not the
   * release, so a release that changes only templates reuses the uploaded jar and Lambda version.
   */
  static final String JAR_KEY = "transaction-dr/" + JAR_PATH;

  private final Path root;

  private FixtureRepo(Path root) {
    this.root = root;
  }

  /** An empty checkout in {@code root}. */
  static FixtureRepo in(Path root) {
    return new FixtureRepo(root);
  }

  /**
   * The usual checkout: a kms and a lambda module, the regional template in stacksets/ and the
   * root template in root-stack/, plus the shaded Lambda jar.
   */
  static FixtureRepo standard(Path root) {
    // The templates of STANDARD_TEMPLATES.
    return in(root)
        .template("modules/kms/templates/kms.template.json", "kms")
        .template("modules/lambda/templates/lambda.template.json", "lambda")
        .template("stacksets/templates/regional.template.json", "regional")
        .template("root-stack/templates/root.template.json", "root")
        .file("modules/lambda/target/transaction-dr-lambda.jar", JAR_CONTENT);
  }

  /** Copies {@code fixtures/<fixture>.fixture.json} to {@code path} below the root. */
  FixtureRepo template(String path, String fixture) {
    return file(path, fixture(fixture));
  }

  /** Writes a file below the root. */
  FixtureRepo file(String path, String content) {
    try {
      Path file = root.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  Path root() {
    return root;
  }

  Path lambdaJar() {
    return root.resolve("modules/lambda/target/transaction-dr-lambda.jar");
  }

  private static String standardRelease() {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (String name : STANDARD_TEMPLATES) {
      digest.update((name + ".template.json").getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(fixture(name).getBytes(StandardCharsets.UTF_8));
    }
    digest.update(JAR_SHA256.getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
  }

  /** The text of {@code fixtures/<name>.fixture.json}. */
  static String fixture(String name) {
    String resource = "/fixtures/" + name + ".fixture.json";
    try (InputStream in = FixtureRepo.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
