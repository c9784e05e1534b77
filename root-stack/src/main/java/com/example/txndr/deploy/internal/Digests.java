package com.example.txndr.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** SHA-256 of files and bytes, as lowercase hex (manifest, metadata) or base64 (S3 checksum). */
public final class Digests {
  private Digests() {}

  /** The SHA-256 of a file's content, lowercase hex. */
  public static String sha256Hex(Path file) {
    MessageDigest digest = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The SHA-256 of a stream's remaining bytes and their count; reads the stream to its end. */
  public static Read sha256Hex(InputStream in) throws IOException {
    MessageDigest digest = sha256();
    long size = 0;
    byte[] buffer = new byte[64 * 1024];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      digest.update(buffer, 0, n);
      size += n;
    }
    return new Read(HexFormat.of().formatHex(digest.digest()), size);
  }

  /** What was read: the SHA-256 (lowercase hex) and the number of bytes. */
  public record Read(String sha256, long size) {}

  /** The SHA-256 of bytes, lowercase hex. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /** The base64 form S3 uses for {@code x-amz-checksum-sha256}, from the hex form. */
  public static String hexToBase64(String hex) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
  }

  /** A fresh SHA-256 digest. */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
