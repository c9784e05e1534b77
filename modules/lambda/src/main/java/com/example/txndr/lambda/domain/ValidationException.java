package com.example.txndr.lambda.domain;

/** A request the API rejects with 400; {@link #code()} is the API error code. */
public final class ValidationException extends Exception {
  private static final long serialVersionUID = 1L;

  public static final String VALIDATION_FAILED = "VALIDATION_FAILED";
  public static final String IDEMPOTENCY_KEY_REQUIRED = "IDEMPOTENCY_KEY_REQUIRED";

  private final String code;

  public ValidationException(String code, String message) {
    super(message);
    this.code = code;
  }

  public static ValidationException invalid(String message) {
    return new ValidationException(VALIDATION_FAILED, message);
  }

  public String code() {
    return code;
  }
}
