package com.example.txndr.lambda.internal;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per event on standard output (CloudWatch Logs in Lambda). Deliberately tiny:
 * no logging framework to load at cold start.
 *
 * <p>Between {@link #begin(Context)} and {@link #end()} every line this thread prints carries the
 * invocation's {@code requestId} (Lambda's request id, as in its REPORT line) and {@code traceId}
 * (the X-Ray trace's root id), so that a line leads to the invocation and its trace. What a line
 * must never carry is the caller's business: no account id, no amount of an account, no
 * idempotency key (callers log with route templates such as {@code /accounts/{id}}).
 */
public final class Log {
  /** The system property in which Lambda's Java runtime puts each invocation's X-Ray trace header. */
  public static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
  /** The environment variable of the trace header (Lambda sets it; Java reads it only at start). */
  public static final String TRACE_HEADER_VARIABLE = "_X_AMZN_TRACE_ID";

  private static final ThreadLocal<Map<String, String>> INVOCATION = new ThreadLocal<>();

  private Log() {}

  /**
   * Until {@link #end()}, this thread's lines carry {@code context}'s request id and the trace id
   * of the invocation's trace header: the context's, else {@value #TRACE_HEADER_PROPERTY}, else
   * {@value #TRACE_HEADER_VARIABLE}. A null context (local mode) gives no request id.
   */
  public static void begin(Context context) {
    String header = context == null ? null : context.getXrayTraceId();
    if (header == null || header.isBlank()) {
      header = System.getProperty(TRACE_HEADER_PROPERTY);
    }
    if (header == null || header.isBlank()) {
      header = System.getenv(TRACE_HEADER_VARIABLE);
    }
    Map<String, String> ids = new LinkedHashMap<>();
    if (context != null && context.getAwsRequestId() != null) {
      ids.put("requestId", context.getAwsRequestId());
    }
    String traceId = traceId(header);
    if (traceId != null) {
      ids.put("traceId", traceId);
    }
    INVOCATION.set(ids);
  }

  /** Ends what {@link #begin(Context)} began: this thread's lines carry no invocation ids. */
  public static void end() {
    INVOCATION.remove();
  }

  /**
   * The root trace id of an X-Ray trace header, {@code 1-5759e988-bd862e3fe1be46a994272793} of
   * {@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}; null
   * without one.
   */
  static String traceId(String header) {
    if (header == null) {
      return null;
    }
    for (String field : header.split(";", -1)) {
      String trimmed = field.trim();
      if (trimmed.startsWith("Root=") && trimmed.length() > "Root=".length()) {
        return trimmed.substring("Root=".length());
      }
    }
    return null;
  }

  public static void info(String message, Map<String, ?> fields) {
    emit("INFO", message, fields);
  }

  public static void warn(String message, Map<String, ?> fields) {
    emit("WARN", message, fields);
  }

  /**
   * An error line with {@code error}'s class and message: the message of an exception the code
   * throws must not carry an account id or an amount either.
   */
  public static void error(String message, Throwable error, Map<String, ?> fields) {
    Map<String, Object> all = new LinkedHashMap<>(fields);
    all.put("error", error.getClass().getName() + ": " + error.getMessage());
    emit("ERROR", message, all);
  }

  private static void emit(String level, String message, Map<String, ?> fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("timestamp", Instant.now().toString());
    line.put("level", level);
    line.put("message", message);
    Map<String, String> invocation = INVOCATION.get();
    if (invocation != null) {
      line.putAll(invocation);
    }
    line.putAll(fields);
    System.out.println(Json.write(line));
  }
}
