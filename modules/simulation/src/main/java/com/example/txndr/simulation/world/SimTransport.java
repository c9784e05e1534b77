package com.example.txndr.simulation.world;

import com.example.txndr.client.Transport;
import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.api.HttpApiEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One client's way to the API in the simulation: the failover name resolved through the client's
 * caching resolver ({@link Route53#resolve}), the JWT authorizer of the region it names
 * ({@link SimJwtAuthorizer}), the payload 2.0 event the function receives (parsed by the function's
 * own {@link HttpApiEvents}, so the caller is the one the function derives from the claims), and the
 * internet's latency and faults ({@link Endpoints}). Every attempt is recorded in the history with
 * the region it reached and the idempotency key it carried. Resolution happens per attempt, so
 * {@link #reconnect} has nothing to drop: the resolver's TTL is what a failover waits for.
 */
public final class SimTransport implements Transport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String client;
  private final Route53 dns;
  private final Endpoints endpoints;
  private final History history;
  private final Scheduler scheduler;
  private int op;
  private String lastRegion;
  private int lastStatus = -1;

  public SimTransport(String client, Route53 dns, Endpoints endpoints, History history, Scheduler scheduler) {
    this.client = client;
    this.dns = dns;
    this.endpoints = endpoints;
    this.history = history;
    this.scheduler = scheduler;
  }

  /** The attempts from now on belong to request {@code id} of the history. */
  public void request(int id) {
    this.op = id;
  }

  /** The status of the last attempt's answer, -1 when it got none. */
  public int lastStatus() {
    return lastStatus;
  }

  /** The region the last attempt reached. */
  public String lastRegion() {
    return lastRegion;
  }

  @Override
  public Reply send(Call call, Duration timeout) throws IOException {
    String region = dns.resolve(client);
    lastRegion = region;
    Optional<Map<String, String>> claims = SimJwtAuthorizer.claims(call.header("Authorization"));
    Optional<ApiResponse> answer;
    if (claims.isEmpty()) {
      answer = Optional.of(new ApiResponse(401, Map.of("Content-Type", "application/json"),
          "{\"message\":\"Unauthorized\"}"));
    } else {
      Optional<ApiRequest> request = request(call, claims.get());
      // Claims without an issuer or a subject: the function's entry point answers 401 itself.
      answer = request.isPresent() ? endpoints.call(region, request.get())
          : Optional.of(ApiResponse.error(401, "UNAUTHENTICATED", "The token must carry an issuer (iss) and a"
              + " subject (sub) claim"));
    }
    int status = answer.map(ApiResponse::status).orElse(-1);
    lastStatus = status;
    history.attempt(new History.Attempt(op, scheduler.now(), region, status, answer.map(SimTransport::errorCode)
        .orElse(null), call.header("Idempotency-Key")));
    if (answer.isEmpty()) {
      throw new IOException("no answer from " + region);
    }
    return new Reply(status, answer.get().headers(), answer.get().body());
  }

  /**
   * The request the function sees in the payload 2.0 event API Gateway sends for {@code call};
   * empty when the function would refuse the claims as unauthenticated.
   */
  private static Optional<ApiRequest> request(Call call, Map<String, String> claims) throws IOException {
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("method", call.method());
    http.put("path", call.uri().getRawPath());
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("stage", "$default");
    context.put("http", http);
    context.put("authorizer", Map.of("jwt", Map.of("claims", claims)));
    Map<String, String> headers = new LinkedHashMap<>();
    call.headers().forEach((name, value) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), value));
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "2.0");
    event.put("rawPath", call.uri().getRawPath());
    event.put("headers", headers);
    event.put("requestContext", context);
    event.put("isBase64Encoded", false);
    if (call.body() != null) {
      event.put("body", call.body());
    }
    try {
      return Optional.of(HttpApiEvents.parse(JSON.writeValueAsString(event)));
    } catch (HttpApiEvents.UnauthenticatedException e) {
      return Optional.empty();
    } catch (Exception e) {
      throw new IllegalStateException("the simulated API Gateway built an event the function refuses: " + e, e);
    }
  }

  private static String errorCode(ApiResponse response) {
    try {
      JsonNode code = JSON.readTree(response.body()).path("error").path("code");
      return code.isMissingNode() ? null : code.asText();
    } catch (IOException e) {
      return null;
    }
  }
}
