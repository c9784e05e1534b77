package com.example.txndr.drill.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Canary transactions: {@code POST /canary} through a region's API or through the failover name,
 * SigV4-signed (IAM authorization), and reading it back. The route takes no body: the processor
 * deposits one cent into the region's canary account {@code canary-<region>} and nothing else
 * (docs/adr/0011), so the DR role that signs it cannot move money anywhere. A retry uses the same
 * idempotency key, so a canary is never applied twice. The canaries are the drill's only
 * money-moving calls.
 */
public final class Canary {
  public static final String AMOUNT = "0.01";
  public static final String CURRENCY = "USD";

  /** The canary route of the HTTP API. */
  public static final String PATH = "/canary";

  private final Services services;
  private final Targets targets;

  private final Observer observer;

  public Canary(Services services, Targets targets, Observer observer) {
    this.services = services;
    this.targets = targets;
    this.observer = observer;
  }

  /** The account the processor of {@code region} deposits a canary into. */
  public static String accountOf(String region) {
    return "canary-" + region;
  }

  /** A committed canary: its transaction id, the region and epoch it was written under. */
  public record Commit(String transactionId, String region, String epoch) {}

  /** An attempt: the commit, or why not (status and error code). */
  public record Attempt(Commit commit, String observed) {
    public boolean committed() {
      return commit != null;
    }
  }

  /**
   * Posts the canary to {@code region}'s API with {@code idempotencyKey}. Committed only on
   * {@code 201} written by {@code region} itself.
   */
  public Attempt commit(String region, String idempotencyKey) {
    return post(targets.api(region), region, "POST /canary in " + region, idempotencyKey);
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
    if (targets.hasCustomDomain()) {
      return post(URI.create("https://" + name), region, "POST https://" + name + PATH, idempotencyKey);
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
    return post(URI.create("https://" + host.get()), region, "POST /canary through " + name + " (CNAME "
        + host.get() + ")", idempotencyKey);
  }

  private Attempt post(URI base, String region, String what, String idempotencyKey) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Idempotency-Key", idempotencyKey);
    Http.Answer answer = services.http().signed("POST", URI.create(base + PATH), "execute-api", region, headers,
        null);
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
        + commit.epoch() + (what.startsWith("POST /canary in ") ? "" : " (" + what + ")"));
  }

  /**
   * True when {@code GET /canary/{id}} in {@code region} finds the canary transaction; else the answer. The canary
   * route is AWS_IAM in every mode (ADR 14), so the operator's SigV4 signature for {@code region} is accepted there,
   * while {@code GET /transactions/{id}} takes a JWT by default.
   */
  public Attempt read(String region, Commit commit) {
    Http.Answer answer = services.http().signed("GET",
        URI.create(targets.api(region) + "/canary/" + commit.transactionId()), "execute-api", region, Map.of(),
        null);
    if (answer.status() == 200) {
      return new Attempt(commit, "transaction " + commit.transactionId() + " readable in " + region);
    }
    return new Attempt(null, "GET /canary/" + commit.transactionId() + " in " + region + " answered "
        + answer.status() + errorOf(JsonText.objectOrEmpty(answer.body())));
  }

  private static String errorOf(Map<String, Object> json) {
    if (json.get("error") instanceof Map<?, ?> error && error.get("code") != null) {
      return " " + error.get("code");
    }
    return "";
  }
}
