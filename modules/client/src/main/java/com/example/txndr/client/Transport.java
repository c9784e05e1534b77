package com.example.txndr.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a request reaches the API: {@link JdkTransport} over HTTPS in production, a simulated
 * network in the two-region simulation. A transport sends one attempt; the retries, the key and
 * the back-off are {@link TransactionClient}'s.
 */
public interface Transport {
  /**
   * Sends one attempt and waits at most {@code timeout} for its answer, whatever its status; an
   * {@link IOException} when none came (refused, reset, timed out), which leaves it unknown whether
   * the API applied the request.
   */
  Reply send(Call call, Duration timeout) throws IOException, InterruptedException;

  /**
   * Forgets the connections kept for reuse, so that the next attempt resolves the name again and
   * connects to whatever it names now. Called after an attempt that a failover may explain: without
   * it a pooled connection keeps reaching the region DNS has moved away from.
   */
  default void reconnect() {}

  /** One attempt: method, absolute URI, headers, and a body or null. */
  record Call(String method, URI uri, Map<String, String> headers, String body) {
    public Call {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(uri, "uri");
      headers = Map.copyOf(headers);
    }

    /** The same call with one more header (or {@code name} replaced). */
    public Call withHeader(String name, String value) {
      Map<String, String> copy = new LinkedHashMap<>();
      headers.forEach((n, v) -> {
        if (!n.equalsIgnoreCase(name)) {
          copy.put(n, v);
        }
      });
      copy.put(name, value);
      return new Call(method, uri, copy, body);
    }

    /** A header of the call, whatever the case of its name; null when absent. */
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue).findFirst().orElse(null);
    }
  }

  /** An answer: status, headers (the first value of each, names in lower case) and body. */
  record Reply(int status, Map<String, String> headers, String body) {
    public Reply {
      Map<String, String> lower = new LinkedHashMap<>();
      headers.forEach((name, value) -> lower.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
      headers = Map.copyOf(lower);
      body = body == null ? "" : body;
    }

    /** A header of the answer, whatever the case of its name; null when absent. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }
}
