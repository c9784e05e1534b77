package com.example.txndr.lambda.domain;

/** The {@code Idempotency-Key} header: 1 to 128 printable ASCII characters. */
public final class IdempotencyKey {
  public static final int MAX_LENGTH = 128;

  private final String value;

  private IdempotencyKey(String value) {
    this.value = value;
  }

  /** The key in a header value (null when the header is absent). */
  public static IdempotencyKey parse(String header) throws ValidationException {
    if (header == null || header.isEmpty()) {
      throw new ValidationException(
          ValidationException.IDEMPOTENCY_KEY_REQUIRED,
          "The Idempotency-Key header is required on POST /transactions: send a unique value"
              + " (such as a UUID) per transaction and reuse it only to retry that transaction");
    }
    if (header.length() > MAX_LENGTH) {
      throw ValidationException.invalid(
          "Idempotency-Key must be at most " + MAX_LENGTH + " characters: got " + header.length());
    }
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw ValidationException.invalid(
            "Idempotency-Key must contain printable ASCII characters only: character "
                + (i + 1) + " is U+" + String.format("%04X", (int) c));
      }
    }
    return new IdempotencyKey(header);
  }

  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdempotencyKey && ((IdempotencyKey) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
