package com.example.txndr.lambda.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per event on standard output (CloudWatch Logs in Lambda). Deliberately tiny:
 * no logging framework to load at cold start.
 */
public final class Log {
  private Log() {}

  public static void info(String message, Map<String, ?> fields) {
    emit("INFO", message, fields);
  }

  public static void warn(String message, Map<String, ?> fields) {
    emit("WARN", message, fields);
  }

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
    line.putAll(fields);
    System.out.println(Json.write(line));
  }
}
