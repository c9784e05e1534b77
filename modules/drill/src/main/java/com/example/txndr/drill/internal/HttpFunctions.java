package com.example.txndr.drill.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lambda's Invoke, called on its REST API ({@code POST /2015-03-31/functions/<name>/invocations})
 * with a SigV4-signed request, as the CLI calls Backup's and Lambda's account settings: the Maven
 * registry this build uses has no Lambda client of the SDK release the project pins.
 */
public final class HttpFunctions implements Functions {
  /** How long a synchronous invocation may take to answer (the reconciler's lock lasts 5 minutes). */
  static final Duration TIMEOUT = Duration.ofMinutes(6);

  private final Http http;
  private final URI endpointOverride;

  public HttpFunctions(Http http, URI endpointOverride) {
    this.http = http;
    this.endpointOverride = endpointOverride;
  }

  /** The Invoke URL of {@code functionName} in {@code region}. */
  URI url(String region, String functionName) {
    URI base = endpointOverride != null ? endpointOverride : URI.create("https://lambda." + region + ".amazonaws.com");
    return URI.create(base + "/2015-03-31/functions/" + URLEncoder.encode(functionName, StandardCharsets.UTF_8)
        + "/invocations");
  }

  @Override
  public Invocation invoke(String region, String functionName, String payload) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-Amz-Invocation-Type", "RequestResponse");
    Http.Answer answer = http.signed("POST", url(region, functionName), "lambda", region, headers, payload, TIMEOUT);
    if (answer.status() != 200) {
      throw new IllegalStateException("Lambda Invoke of " + functionName + " in " + region + " answered "
          + answer.status() + ": " + answer.body());
    }
    return new Invocation(answer.body(), answer.header("X-Amz-Function-Error"));
  }
}
