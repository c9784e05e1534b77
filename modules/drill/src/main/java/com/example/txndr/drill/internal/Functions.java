package com.example.txndr.drill.internal;

/** Lambda: a synchronous invocation of a region's function. */
public interface Functions {
  /**
   * Invokes {@code functionName} in {@code region} with {@code payload} (RequestResponse) and
   * waits for its answer; fails when Lambda does not accept the call (not found, not allowed).
   */
  Invocation invoke(String region, String functionName, String payload);

  /**
   * The function's answer: its output, and the kind of error when the function failed
   * ({@code Unhandled}; the output is then Lambda's error object), else null.
   */
  record Invocation(String payload, String functionError) {
    public boolean failed() {
      return functionError != null;
    }
  }
}
