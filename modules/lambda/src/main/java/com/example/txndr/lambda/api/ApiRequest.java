package com.example.txndr.lambda.api;

import com.example.txndr.lambda.domain.Caller;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as the handler sees it, from API Gateway (payload 2.0) or the local server.
 *
 * @param method upper-cased
 * @param headers names in any case; looked up case-insensitively ({@link #header})
 * @param body the body as text, or null when absent or too large to read
 * @param bodyBytes the body's size in bytes (more than the limit when it was not read)
 * @param caller who sent it, as the authorizer established ({@link Caller#ANONYMOUS} without one)
 */
public record ApiRequest(String method, String path, Map<String, String> headers, String body, int bodyBytes,
    Caller caller) {
  /** Largest accepted request body. */
  public static final int MAX_BODY_BYTES = 8 * 1024;

  public ApiRequest {
    method = method.toUpperCase(Locale.ROOT);
    TreeMap<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(headers);
    headers = Collections.unmodifiableSortedMap(byName);
  }

  /** A request without an authorizer's caller (local mode, the health route). */
  public ApiRequest(String method, String path, Map<String, String> headers, String body, int bodyBytes) {
    this(method, path, headers, body, bodyBytes, Caller.ANONYMOUS);
  }

  /** The header's value, or null. */
  public String header(String name) {
    return headers.get(name);
  }
}
