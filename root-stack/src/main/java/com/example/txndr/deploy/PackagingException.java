package com.example.txndr.deploy;

/** Packaging cannot go on; the message names the file at fault and what to change. */
public final class PackagingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by its message alone. */
  public PackagingException(String message) {
    super(message);
  }

  /** A failure with the I/O or parse error behind it. */
  public PackagingException(String message, Throwable cause) {
    super(message, cause);
  }
}
