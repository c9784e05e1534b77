package com.example.txndr.deploy.internal;

import com.example.txndr.deploy.PackagingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The release of a packaging run: the first {@value #LENGTH} hex characters of a SHA-256 over the
 * inputs of the packaged tree, computed from the source templates (not the packaged ones, which
 * contain the release) and the Lambda jar. The effective key prefix is {@code <keyPrefix><release>/},
 * so any change to a template or to the code gives new object keys, hence new {@code TemplateURL}s
 * and a new {@code LambdaCodeKey}, hence an update of the StackSet and of every nested stack; the
 * same inputs give the same release, hence the same keys (nothing to upload again).
 */
public final class Release {
  /** Hex characters of a release. */
  public static final int LENGTH = 12;

  private Release() {}

  /**
   * The release of these inputs. The digest reads, for every template sorted by file name, the file
   * name (UTF-8), one NUL byte and the file's bytes; then the jar's SHA-256 as lowercase hex.
   *
   * @param templates the source templates (file names are unique, {@link SourceTemplates})
   * @param jarSha256 the SHA-256 of the Lambda jar, lowercase hex
   */
  public static String of(List<Path> templates, String jarSha256) {
    MessageDigest digest = Digests.sha256();
    List<Path> sorted = templates.stream()
        .sorted(Comparator.comparing((Path p) -> p.getFileName().toString())).toList();
    for (Path file : sorted) {
      digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      try {
        digest.update(Files.readAllBytes(file));
      } catch (IOException e) {
        throw new PackagingException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    digest.update(jarSha256.getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(digest.digest()).substring(0, LENGTH);
  }
}
