package com.example.txndr.client;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HTTPS with the JDK's {@link HttpClient}, HTTP/1.1 (a SigV4 signature covers the {@code Host}
 * header, which HTTP/2 replaces). {@link #reconnect} replaces the client, and with it its pool of
 * connections, so that the next attempt resolves the failover name again.
 *
 * <p>The JVM caches name lookups itself ({@code networkaddress.cache.ttl}, 30 s by default without
 * a security manager). A failover reaches a client only once both that cache and the record's TTL
 * (60 s) have run out; a cache that never expires ({@code -1}) would keep this client on the failed
 * region forever, so it is refused at construction, as is one longer than {@value #MAX_DNS_CACHE_SECONDS} s.
 */
public final class JdkTransport implements Transport {
  /** The longest JVM DNS cache this transport accepts: the failover record's TTL. */
  public static final int MAX_DNS_CACHE_SECONDS = 60;
  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

  private final Duration connectTimeout;
  private volatile HttpClient client;

  /** Connections time out after 5 s. */
  public JdkTransport() {
    this(Duration.ofSeconds(5));
  }

  public JdkTransport(Duration connectTimeout) {
    checkDnsCache(Security.getProperty("networkaddress.cache.ttl"), System.getProperty("sun.net.inetaddr.ttl"));
    this.connectTimeout = connectTimeout;
    this.client = newClient();
  }

  /**
   * Refuses a JVM DNS cache that would outlive a failover: {@code networkaddress.cache.ttl} (or the
   * legacy {@code sun.net.inetaddr.ttl}) of {@code -1} (forever) or over {@value #MAX_DNS_CACHE_SECONDS} s.
   */
  static void checkDnsCache(String securityTtl, String legacyTtl) {
    String value = securityTtl != null ? securityTtl : legacyTtl;
    String name = securityTtl != null ? "networkaddress.cache.ttl" : "sun.net.inetaddr.ttl";
    if (value == null) {
      return;
    }
    long seconds;
    try {
      seconds = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return;
    }
    if (seconds < 0 || seconds > MAX_DNS_CACHE_SECONDS) {
      throw new IllegalStateException("The JVM caches DNS answers for " + (seconds < 0 ? "ever" : seconds + " s")
          + " (" + name + "=" + value + "): this client would not follow a failover of the name it calls. Set the"
          + " security property networkaddress.cache.ttl to at most " + MAX_DNS_CACHE_SECONDS + " (in"
          + " $JAVA_HOME/conf/security/java.security, or java.security.Security.setProperty before the first"
          + " lookup)");
    }
  }

  private HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public Reply send(Call call, Duration timeout) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(call.uri()).timeout(timeout)
        .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
    call.headers().forEach((name, value) -> {
      if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        request.header(name, value);
      }
    });
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
      if (!header.getValue().isEmpty()) {
        headers.put(header.getKey(), header.getValue().get(0));
      }
    }
    return new Reply(response.statusCode(), headers, response.body());
  }

  @Override
  public void reconnect() {
    client = newClient();
  }
}
