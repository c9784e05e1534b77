package com.example.txndr.drill.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Canary transactions: a one-cent deposit to a dedicated account through a region's API or
 * through the failover name, SigV4-signed (the business routes use IAM authorization), and
 * reading it back. A retry uses the same idempotency key, so a canary is never applied twice.
 * The canaries are the drill's only money-moving calls.
 */
public final class Canary {
  public static final String AMOUNT = "0.01";
  public static final String CURRENCY = "USD";

  private final Services services;
  private final Targets targets;
  private final String account;

  private final Observer observer;

  public Canary(Services services, Targets targets, Observer observer, String account) {
    this.services = services;
    this.targets = targets;
    this.observer = observer;
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
    return post(targets.api(region), region, "POST /transactions in " + region, idempotencyKey);
  }

  /**
   * Posts the canary through the failover name, as a client of that name would, signed for
   * {@code region} (SigV4 is scoped to one region: a request signed for the region that does not
   * answer is refused). With a custom domain, to {@code https://<name>}, whose answer says which
   * region wrote it. Without one, the name is a CNAME to a region's execute-api host, which
   * serves only its own name: the client follows the CNAME as this machine's resolvers answer it
   * (with what they cache: the TTL) and posts to the host it names. Committed only on {@code 201}
   * written by {@code region}.
   */
  public Attempt commitThroughFailoverName(String region, String idempotencyKey) {
    String name = targets.failoverRecordName();
    if (targets.failoverIsAlias()) {
      return post(URI.create("https://" + name), region, "POST https://" + name + "/transactions", idempotencyKey);
    }
    Optional<String> host = services.resolver().cname(name);
    if (host.isEmpty()) {
      return new Attempt(null, "the failover name " + name + " resolves to no CNAME");
    }
    String answering = observer.regionOfHost(host.get());
    if (!region.equals(answering)) {
      return new Attempt(null, "the failover name " + name + " resolves to " + host.get()
          + (answering == null ? "" : " (" + answering + ")"));
    }
    return post(URI.create("https://" + host.get()), region, "POST /transactions through " + name + " (CNAME "
        + host.get() + ")", idempotencyKey);
  }

  private Attempt post(URI base, String region, String what, String idempotencyKey) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Idempotency-Key", idempotencyKey);
    Http.Answer answer = services.http().signed("POST", URI.create(base + "/transactions"), "execute-api", region,
        headers, body());
    Map<String, Object> json = JsonText.objectOrEmpty(answer.body());
    if (answer.status() != 201) {
      return new Attempt(null, what + " answered " + answer.status() + errorOf(json));
    }
    String writtenBy = JsonText.string(json, "region");
    Commit commit = new Commit(JsonText.string(json, "transactionId"), writtenBy, JsonText.string(json, "epoch"));
    if (!region.equals(writtenBy)) {
      return new Attempt(null, what + " answered 201 written by " + writtenBy);
    }
    return new Attempt(commit, "transaction " + commit.transactionId() + " committed in " + writtenBy + " at epoch "
        + commit.epoch() + (what.startsWith("POST /transactions in ") ? "" : " (" + what + ")"));
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
