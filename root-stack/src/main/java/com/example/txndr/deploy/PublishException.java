package com.example.txndr.deploy;

/** Publishing cannot go on; the message names the bucket, the region and what to do. */
public final class PublishException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by its message alone. */
  public PublishException(String message) {
    super(message);
  }

  /** A failure with the SDK or I/O error behind it. */
  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
