package com.example.txndr.simulation.world;

import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.domain.Caller;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A client of the API as a bank's system is written: it calls the failover name (resolved through
 * its own caching resolver), sends every request with an idempotency key and reuses the key on
 * every retry, retries what is not definitive (no answer, 5xx, 429, 409 in progress or conflict)
 * with exponential back-off and full jitter, honouring Retry-After, and so follows a failover when
 * DNS moves. It gives up on a request after {@link #GIVE_UP_MILLIS}.
 */
public final class SimClient {
  public static final long GIVE_UP_MILLIS = 10 * 60_000;
  /** The longest back-off between two attempts (a Retry-After may ask for longer). */
  public static final long BACK_OFF_CEILING_MILLIS = 5_000;
  /** How long an attempt to a region that does not answer takes to fail. */
  public static final long TIMEOUT_MILLIS = 3_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Caller caller;
  private final Scheduler scheduler;
  private final Route53 dns;
  private final Endpoints endpoints;
  private final History history;
  private final Random random;
  private int sequence;

  public SimClient(String name, Scheduler scheduler, Route53 dns, Endpoints endpoints, History history, Random random) {
    this.name = name;
    this.caller = new Caller("jwt:https://idp.example|" + name);
    this.scheduler = scheduler;
    this.dns = dns;
    this.endpoints = endpoints;
    this.history = history;
    this.random = random;
  }

  public Caller caller() {
    return caller;
  }

  /** Sends one request until it is definitive; records it in the history. */
  public void send(int opId, Workload.Request request) {
    String key = name + "-" + (++sequence);
    long invoked = scheduler.now();
    String body = request.json();
    int attempts = 0;
    while (true) {
      attempts++;
      String region = dns.resolve(name);
      Optional<ApiResponse> answer = endpoints.call(region, new ApiRequest("POST", "/transactions",
          Map.of("content-type", "application/json", "idempotency-key", key), body,
          body.getBytes(StandardCharsets.UTF_8).length, caller));
      int status = answer.map(ApiResponse::status).orElse(-1);
      String code = answer.map(SimClient::errorCode).orElse(null);
      history.attempt(new History.Attempt(opId, scheduler.now(), region, status, code));
      History.Outcome outcome = null;
      if (status == 201 || status == 200) {
        outcome = History.Outcome.OK;
      } else if (status == 422 && "INSUFFICIENT_FUNDS".equals(code)) {
        outcome = History.Outcome.DECLINED;
      } else if (status >= 400 && status < 500 && status != 409 && status != 429) {
        outcome = History.Outcome.REFUSED;
      }
      if (outcome == null && scheduler.now() - invoked > GIVE_UP_MILLIS) {
        outcome = History.Outcome.UNKNOWN;
      }
      if (outcome != null) {
        JsonNode json = answer.map(SimClient::json).orElse(null);
        history.op(new History.Op(opId, name, caller.id(), key, request.type(), request.source(),
            request.destination(), request.amount(), invoked, scheduler.now(), outcome, status,
            outcome == History.Outcome.OK ? json.path("transactionId").asText() : null, region,
            outcome == History.Outcome.OK ? json.path("epoch").asLong() : 0,
            answer.map(r -> "true".equals(r.header("Idempotent-Replayed"))).orElse(false), attempts));
        return;
      }
      scheduler.sleep(backOff(attempts, answer.map(r -> r.header("Retry-After")).orElse(null)));
    }
  }

  private long backOff(int attempts, String retryAfter) {
    long ceiling = Math.min(BACK_OFF_CEILING_MILLIS, 200L << Math.min(attempts - 1, 10));
    long jittered = 1 + (long) (random.nextDouble() * ceiling);
    if (retryAfter != null) {
      try {
        jittered = Math.max(jittered, Long.parseLong(retryAfter) * 1000);
      } catch (NumberFormatException e) {
        // ignore a malformed header
      }
    }
    return jittered;
  }

  private static JsonNode json(ApiResponse response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String errorCode(ApiResponse response) {
    JsonNode error = json(response).path("error").path("code");
    return error.isMissingNode() ? null : error.asText();
  }
}
