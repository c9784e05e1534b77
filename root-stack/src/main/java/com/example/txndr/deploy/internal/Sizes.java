package com.example.txndr.deploy.internal;

import java.util.Locale;

/** Human-readable byte counts for progress lines: {@code 512 B}, {@code 12.3 KiB}, {@code 15.0 MiB}. */
public final class Sizes {
  private Sizes() {}

  /** The size in B, KiB or MiB, one decimal. */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
