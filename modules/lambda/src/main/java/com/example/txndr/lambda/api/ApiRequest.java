package com.example.txndr.lambda.api;

import com.example.txndr.lambda.domain.Caller;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** An HTTP request as the handler sees it, from API Gateway (payload 2.0) or the local server. */
public final class ApiRequest {
  private final String method;
  private final String path;
  private final Map<String, String> headers;
  private final String body;
  private final int bodyBytes;
  private final Caller caller;

  /**
   * @param headers names in any case; looked up case-insensitively
   * @param body the body as text, or null when absent or too large to read
   * @param bodyBytes the body's size in bytes (more than the limit when it was not read)
   */
  public ApiRequest(String method, String path, Map<String, String> headers, String body, int bodyBytes) {
    this(method, path, headers, body, bodyBytes, Caller.ANONYMOUS);
  }

  /** A request whose caller the authorizer identified. */
  public ApiRequest(String method, String path, Map<String, String> headers, String body, int bodyBytes,
      Caller caller) {
    this.method = method.toUpperCase(Locale.ROOT);
    this.path = path;
    this.headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    this.headers.putAll(headers);
    this.body = body;
    this.bodyBytes = bodyBytes;
    this.caller = caller;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The header's value, or null. */
  public String header(String name) {
    return headers.get(name);
  }

  public String body() {
    return body;
  }

  public int bodyBytes() {
    return bodyBytes;
  }

  /** Who sent it, as the authorizer established ({@link Caller#ANONYMOUS} without one). */
  public Caller caller() {
    return caller;
  }
}
