package com.example.txndr.globaltable.internal;

import java.util.List;
import java.util.Map;

/**
 * A DynamoDB error as it goes on the wire: the error code ({@code __type} after the {@code #}),
 * the message, and the members some errors carry ({@code Item} of a failed condition,
 * {@code CancellationReasons} of a cancelled transaction).
 */
public final class DynamoException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The prefix of every feature this model refuses rather than models loosely. */
  public static final String UNSUPPORTED = "MemoryDynamoDb does not support ";

  private final String code;
  private final transient Map<String, Value> item;
  private final transient List<Reason> reasons;

  /** One entry of CancellationReasons: code {@code None} for an action that did not fail. */
  public static final class Reason {
    public final String code;
    public final String message;
    public final Map<String, Value> item;

    public Reason(String code, String message, Map<String, Value> item) {
      this.code = code;
      this.message = message;
      this.item = item;
    }
  }

  DynamoException(String code, String message, Map<String, Value> item, List<Reason> reasons) {
    super(message, null, false, false);
    this.code = code;
    this.item = item;
    this.reasons = reasons;
  }

  public static DynamoException validation(String message) {
    return new DynamoException("ValidationException", message, null, null);
  }

  /** A feature outside the modelled subset: a ValidationException that names it. */
  public static DynamoException unsupported(String feature) {
    return validation(UNSUPPORTED + feature);
  }

  public static DynamoException notFound(String message) {
    return new DynamoException("ResourceNotFoundException", message, null, null);
  }

  public static DynamoException inUse(String message) {
    return new DynamoException("ResourceInUseException", message, null, null);
  }

  public static DynamoException conditionFailed(Map<String, Value> item) {
    return new DynamoException("ConditionalCheckFailedException", "The conditional request failed", item, null);
  }

  public static DynamoException idempotentMismatch() {
    return new DynamoException("IdempotentParameterMismatchException",
        "Request parameters do not match the original request for this client request token", null, null);
  }

  public static DynamoException cancelled(List<Reason> reasons) {
    StringBuilder codes = new StringBuilder();
    for (Reason r : reasons) {
      if (codes.length() > 0) {
        codes.append(", ");
      }
      codes.append(r.code);
    }
    return new DynamoException("TransactionCanceledException",
        "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]", null, reasons);
  }

  public String code() {
    return code;
  }

  /** The item returned with a failed condition, or null. */
  public Map<String, Value> item() {
    return item;
  }

  /** The cancellation reasons of a cancelled transaction, or null. */
  public List<Reason> reasons() {
    return reasons;
  }
}
