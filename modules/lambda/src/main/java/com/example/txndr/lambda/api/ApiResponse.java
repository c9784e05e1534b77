package com.example.txndr.lambda.api;

import com.example.txndr.lambda.internal.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Status, headers and a JSON body. Errors are {@code {"error": {"code", "message"}}}. */
public record ApiResponse(int status, Map<String, String> headers, String body) {
  public ApiResponse {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  public static ApiResponse json(int status, String body) {
    return new ApiResponse(status, Map.of("Content-Type", "application/json"), body);
  }

  public static ApiResponse json(int status, Object body) {
    return json(status, Json.write(body));
  }

  public static ApiResponse error(int status, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    return json(status, Map.of("error", error));
  }

  /** A copy with one more header. */
  public ApiResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new ApiResponse(status, copy, body);
  }

  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public String toString() {
    return status + " " + body;
  }
}
