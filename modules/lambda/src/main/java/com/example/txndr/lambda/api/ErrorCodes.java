package com.example.txndr.lambda.api;

/** The {@code error.code} values of the API. */
public final class ErrorCodes {
  public static final String VALIDATION_FAILED = "VALIDATION_FAILED";
  public static final String MALFORMED_JSON = "MALFORMED_JSON";
  public static final String IDEMPOTENCY_KEY_REQUIRED = "IDEMPOTENCY_KEY_REQUIRED";
  public static final String IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED";
  public static final String REQUEST_IN_PROGRESS = "REQUEST_IN_PROGRESS";
  public static final String TRANSACTION_CONFLICT = "TRANSACTION_CONFLICT";
  public static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";
  /** {@code POST /transactions} naming a canary account: those are {@code POST /canary}'s alone. */
  public static final String RESERVED_ACCOUNT = "RESERVED_ACCOUNT";
  public static final String NOT_FOUND = "NOT_FOUND";
  public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
  public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
  public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
  public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
  public static final String NOT_ACTIVE_REGION = "NOT_ACTIVE_REGION";
  public static final String SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  private ErrorCodes() {}
}
