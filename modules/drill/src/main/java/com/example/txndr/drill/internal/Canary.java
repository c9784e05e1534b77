package com.example.txndr.drill.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Canary transactions: a one-cent deposit to a dedicated account through a region's API,
 * SigV4-signed (the business routes use IAM authorization), and reading it back. A retry uses
 * the same idempotency key, so a canary is never applied twice.
 */
public final class Canary {
  public static final String AMOUNT = "0.01";
  public static final String CURRENCY = "USD";

  private final Services services;
  private final Targets targets;
  private final String account;

  public Canary(Services services, Targets targets, String account) {
    this.services = services;
    this.targets = targets;
    this.account = account;
  }

  /** A committed canary: its transaction id, the region and epoch it was written under. */
  public record Commit(String transactionId, String region, String epoch) {}

  /** An attempt: the commit, or why not (status and error code). */
  public record Attempt(Commit commit, String observed) {
    public boolean committed() {
      return commit != null;
    }
  }

  /** The request body: a deposit of {@value #AMOUNT} {@value #CURRENCY} to the canary account. */
  public String body() {
    return "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"" + account + "\",\"amount\":\"" + AMOUNT
        + "\",\"currency\":\"" + CURRENCY + "\"}";
  }

  /**
   * Posts the canary to {@code region}'s API with {@code idempotencyKey}. Committed only on
   * {@code 201} written by {@code region} itself.
   */
  public Attempt commit(String region, String idempotencyKey) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Idempotency-Key", idempotencyKey);
    Http.Answer answer = services.http().signed("POST", URI.create(targets.api(region) + "/transactions"),
        "execute-api", region, headers, body());
    Map<String, Object> json = JsonText.objectOrEmpty(answer.body());
    if (answer.status() != 201) {
      return new Attempt(null, "POST /transactions in " + region + " answered " + answer.status() + errorOf(json));
    }
    String writtenBy = JsonText.string(json, "region");
    Commit commit = new Commit(JsonText.string(json, "transactionId"), writtenBy, JsonText.string(json, "epoch"));
    if (!region.equals(writtenBy)) {
      return new Attempt(null, "POST /transactions in " + region + " answered 201 written by " + writtenBy);
    }
    return new Attempt(commit, "transaction " + commit.transactionId() + " committed in " + writtenBy + " at epoch "
        + commit.epoch());
  }

  /** True when {@code GET /transactions/{id}} in {@code region} finds the transaction; else the answer. */
  public Attempt read(String region, Commit commit) {
    Http.Answer answer = services.http().signed("GET",
        URI.create(targets.api(region) + "/transactions/" + commit.transactionId()), "execute-api", region, Map.of(),
        null);
    if (answer.status() == 200) {
      return new Attempt(commit, "transaction " + commit.transactionId() + " readable in " + region);
    }
    return new Attempt(null, "GET /transactions/" + commit.transactionId() + " in " + region + " answered "
        + answer.status() + errorOf(JsonText.objectOrEmpty(answer.body())));
  }

  private static String errorOf(Map<String, Object> json) {
    if (json.get("error") instanceof Map<?, ?> error && error.get("code") != null) {
      return " " + error.get("code");
    }
    return "";
  }
}
