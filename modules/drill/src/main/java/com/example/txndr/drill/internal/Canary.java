package com.example.txndr.drill.internal;

import com.example.txndr.client.LookupOutcome;
import com.example.txndr.client.Refused;
import com.example.txndr.client.RetryPolicy;
import com.example.txndr.client.TransactionClient;
import com.example.txndr.client.TransferOutcome;
import com.example.txndr.client.Unknown;
import java.net.URI;
import java.time.Duration;
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
  /** How long one canary attempt waits for its answer. */
  static final Duration TIMEOUT = Duration.ofSeconds(15);

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

  /**
   * One attempt through the API's client ({@code modules/client}): the key and the reading of the
   * answer are the ones every client of the API has; the drill's own loop ({@link Watch}) retries
   * with the same key, so the client makes a single attempt.
   */
  private TransactionClient client(URI base, String region) {
    return TransactionClient.builder(base)
        .transport(new SignedApiTransport(services.http(), region))
        .policy(RetryPolicy.singleAttempt(TIMEOUT))
        .build();
  }

  private Attempt post(URI base, String region, String what, String idempotencyKey) {
    TransferOutcome outcome = client(base, region).postCanary(idempotencyKey);
    if (!(outcome instanceof TransferOutcome.Committed committed)) {
      return new Attempt(null, what + " " + describe(outcome));
    }
    Commit commit = new Commit(committed.transactionId(), committed.region(), Long.toString(committed.epoch()));
    if (!region.equals(committed.region())) {
      return new Attempt(null, what + " answered 201 written by " + committed.region());
    }
    return new Attempt(commit, "transaction " + commit.transactionId() + " committed in " + committed.region()
        + " at epoch " + commit.epoch() + (what.startsWith("POST /canary in ") ? "" : " (" + what + ")"));
  }

  /**
   * True when {@code GET /canary/{id}} in {@code region} finds the canary transaction; else the answer. The canary
   * route is AWS_IAM in every mode (ADR 14), so the operator's SigV4 signature for {@code region} is accepted there,
   * while {@code GET /transactions/{id}} takes a JWT by default.
   */
  public Attempt read(String region, Commit commit) {
    LookupOutcome outcome = client(targets.api(region), region).canary(commit.transactionId());
    if (outcome instanceof LookupOutcome.Found) {
      return new Attempt(commit, "transaction " + commit.transactionId() + " readable in " + region);
    }
    return new Attempt(null, "GET /canary/" + commit.transactionId() + " in " + region + " " + describe(outcome));
  }

  /** What an answer that is not the one awaited was, for the drill's log: "answered 503 NOT_ACTIVE_REGION". */
  private static String describe(Object outcome) {
    if (outcome instanceof Refused refused) {
      return "answered " + refused.status() + (refused.code() == null ? "" : " " + refused.code());
    }
    if (outcome instanceof Unknown unknown) {
      return unknown.lastStatus() < 0 ? "got " + unknown.lastSeen() : "answered " + unknown.lastSeen();
    }
    if (outcome instanceof TransferOutcome.Declined declined) {
      return "answered 422 " + declined.code();
    }
    if (outcome instanceof LookupOutcome.NotFoundInRegion) {
      return "answered 404 NOT_FOUND";
    }
    return "answered " + outcome;
  }
}
