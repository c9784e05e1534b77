package com.example.txndr.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The transaction API as a bank's system calls it. One base URI, the failover name: whichever
 * region is active answers it. Every money-moving request carries an {@code Idempotency-Key} chosen
 * once and sent unchanged on every attempt, so that however many attempts reach however many
 * regions, the request is applied at most once. What is not definitive is retried within the
 * {@link RetryPolicy}: no answer, 429, 409 (a request in progress under the key, or a conflict), and
 * 5xx (the standby's 503 {@code NOT_ACTIVE_REGION} during a failover among them), honouring
 * {@code Retry-After}. After no answer or a 5xx the transport drops its connections
 * ({@link Transport#reconnect}), so that the next attempt resolves the name again and reaches the
 * region DNS names now. The outcome is typed: {@link TransferOutcome} and {@link LookupOutcome}.
 *
 * <p>Thread-safe when its transport is ({@link JdkTransport} is).
 */
public final class TransactionClient {
  /** The API's answer header on a replay of an earlier request under the same key. */
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final String base;
  private final Transport transport;
  private final RequestSigner signer;
  private final RetryPolicy policy;
  private final ClientClock clock;
  private final RandomGenerator random;
  private final Supplier<String> keys;

  private TransactionClient(Builder builder) {
    String uri = builder.baseUri.toString();
    this.base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    this.transport = builder.transport != null ? builder.transport : new JdkTransport();
    this.signer = builder.signer;
    this.policy = builder.policy;
    this.clock = builder.clock;
    this.random = builder.random;
    this.keys = builder.keys;
  }

  /** A client of the API at {@code baseUri} (https, the failover name; a stage path may follow). */
  public static Builder builder(URI baseUri) {
    return new Builder(baseUri);
  }

  /** Submits {@code transfer} under a new idempotency key. */
  public TransferOutcome submit(Transfer transfer) {
    return submit(transfer, newKey());
  }

  /**
   * Submits {@code transfer} under {@code idempotencyKey}: a new one for a new request, the same one
   * to resume a request whose outcome was {@link Unknown}.
   */
  public TransferOutcome submit(Transfer transfer, String idempotencyKey) {
    Objects.requireNonNull(transfer, "transfer");
    return post("/transactions", idempotencyKey, transfer.json());
  }

  /** {@code POST /canary} under {@code idempotencyKey}: the region's one-cent canary deposit. */
  public TransferOutcome postCanary(String idempotencyKey) {
    return post("/canary", idempotencyKey, null);
  }

  /** {@code GET /transactions/{id}}: a transaction this caller created. */
  public LookupOutcome transaction(String transactionId) {
    return get("/transactions/", transactionId);
  }

  /** {@code GET /canary/{id}}: a canary deposit of either region. */
  public LookupOutcome canary(String transactionId) {
    return get("/canary/", transactionId);
  }

  /** A new idempotency key from the configured source. */
  public String newKey() {
    String key = keys.get();
    if (key == null || key.isBlank()) {
      throw new IllegalStateException("The idempotency key source returned no key");
    }
    return key;
  }

  private TransferOutcome post(String path, String key, String body) {
    Objects.requireNonNull(key, "idempotencyKey");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Idempotency-Key", key);
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    Exchange exchange = exchange(new Transport.Call("POST", URI.create(base + path), headers, body), key);
    if (exchange.unknown() != null) {
      return exchange.unknown();
    }
    Transport.Reply reply = exchange.reply();
    JsonNode json = json(reply);
    boolean replayed = "true".equalsIgnoreCase(reply.header(REPLAYED_HEADER));
    if (reply.status() == 200 || reply.status() == 201) {
      return new TransferOutcome.Committed(key, json.path("transactionId").asText(null),
          json.path("region").asText(null), json.path("epoch").asLong(0), replayed, exchange.attempts(), json);
    }
    String code = json.path("error").path("code").asText(null);
    String message = json.path("error").path("message").asText(reply.body());
    if (reply.status() == 422 && "INSUFFICIENT_FUNDS".equals(code)) {
      return new TransferOutcome.Declined(key, code, message, replayed, exchange.attempts());
    }
    return new Refused(reply.status(), code, message, exchange.attempts());
  }

  private LookupOutcome get(String path, String transactionId) {
    if (transactionId == null || !ID.matcher(transactionId).matches()) {
      throw new IllegalArgumentException("A transaction id is 1-64 letters, digits, '.', '_' or '-', starting with a"
          + " letter or digit: got " + (transactionId == null ? "null" : "\"" + transactionId + "\""));
    }
    Exchange exchange = exchange(new Transport.Call("GET", URI.create(base + path + transactionId), Map.of(), null),
        null);
    if (exchange.unknown() != null) {
      return exchange.unknown();
    }
    Transport.Reply reply = exchange.reply();
    JsonNode json = json(reply);
    String message = json.path("error").path("message").asText(reply.body());
    return switch (reply.status()) {
      case 200 -> new LookupOutcome.Found(json, exchange.attempts());
      case 404 -> new LookupOutcome.NotFoundInRegion(message, exchange.attempts());
      default -> new Refused(reply.status(), json.path("error").path("code").asText(null), message,
          exchange.attempts());
    };
  }

  /** A definitive answer, or the {@link Unknown} of a request that got none in time. */
  private record Exchange(Transport.Reply reply, Unknown unknown, int attempts) {}

  private Exchange exchange(Transport.Call call, String key) {
    long deadline = clock.nowMillis() + policy.deadline().toMillis();
    int attempt = 0;
    int lastStatus = -1;
    String lastSeen = "no attempt";
    while (true) {
      attempt++;
      long left = deadline - clock.nowMillis();
      Transport.Reply reply = null;
      try {
        Duration timeout = Duration.ofMillis(Math.max(1, Math.min(policy.attemptTimeout().toMillis(), left)));
        reply = transport.send(signer.sign(call), timeout);
      } catch (IOException e) {
        lastStatus = -1;
        lastSeen = "no answer (" + e.getMessage() + ")";
        transport.reconnect();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Exchange(null, new Unknown(key, lastStatus, "interrupted after: " + lastSeen, attempt), attempt);
      }
      if (reply != null) {
        if (!retryable(reply.status())) {
          return new Exchange(reply, null, attempt);
        }
        lastStatus = reply.status();
        String code = json(reply).path("error").path("code").asText(null);
        lastSeen = reply.status() + (code == null ? "" : " " + code);
        if (reply.status() >= 500) {
          transport.reconnect();
        }
      }
      if (attempt >= policy.maxAttempts()) {
        return new Exchange(null, new Unknown(key, lastStatus, lastSeen, attempt), attempt);
      }
      long now = clock.nowMillis();
      long wait = policy.delayMillis(attempt, reply == null ? null : reply.header("Retry-After"), now, random);
      if (now + wait >= deadline) {
        return new Exchange(null, new Unknown(key, lastStatus, lastSeen + "; the deadline of " + policy.deadline()
            + " leaves no time for another attempt", attempt), attempt);
      }
      try {
        clock.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Exchange(null, new Unknown(key, lastStatus, "interrupted after: " + lastSeen, attempt), attempt);
      }
    }
  }

  /** Not definitive: a retry with the same key may still get the answer. */
  static boolean retryable(int status) {
    return status == 409 || status == 429 || status >= 500;
  }

  private static JsonNode json(Transport.Reply reply) {
    try {
      JsonNode node = JSON.readTree(reply.body());
      return node == null ? JsonNodeFactory.instance.objectNode() : node;
    } catch (IOException e) {
      return JsonNodeFactory.instance.objectNode();
    }
  }

  /** The client's settings; every one has a default but the base URI. */
  public static final class Builder {
    private final URI baseUri;
    private Transport transport;
    private RequestSigner signer = RequestSigner.none();
    private RetryPolicy policy = RetryPolicy.standard();
    private ClientClock clock = ClientClock.SYSTEM;
    private RandomGenerator random = new Random();
    private Supplier<String> keys = () -> UUID.randomUUID().toString();

    private Builder(URI baseUri) {
      Objects.requireNonNull(baseUri, "baseUri");
      if (!baseUri.isAbsolute() || baseUri.getHost() == null) {
        throw new IllegalArgumentException("The base URI must be absolute with a host (https://<failover name>):"
            + " got " + baseUri);
      }
      if (baseUri.getQuery() != null || baseUri.getFragment() != null) {
        throw new IllegalArgumentException("The base URI takes no query or fragment: got " + baseUri);
      }
      this.baseUri = baseUri;
    }

    /** How attempts are sent; {@link JdkTransport} by default. */
    public Builder transport(Transport value) {
      this.transport = Objects.requireNonNull(value, "transport");
      return this;
    }

    /** What authorizes each attempt: {@link RequestSigner#bearer} for the failover name. */
    public Builder signer(RequestSigner value) {
      this.signer = Objects.requireNonNull(value, "signer");
      return this;
    }

    public Builder policy(RetryPolicy value) {
      this.policy = Objects.requireNonNull(value, "policy");
      return this;
    }

    public Builder clock(ClientClock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** The source of the back-off's jitter (seeded in tests and in the simulation). */
    public Builder random(RandomGenerator value) {
      this.random = Objects.requireNonNull(value, "random");
      return this;
    }

    /** Where new idempotency keys come from; random UUIDs by default. */
    public Builder keys(Supplier<String> value) {
      this.keys = Objects.requireNonNull(value, "keys");
      return this;
    }

    public TransactionClient build() {
      return new TransactionClient(this);
    }
  }
}
