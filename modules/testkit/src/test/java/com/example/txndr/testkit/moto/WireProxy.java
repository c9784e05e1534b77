package com.example.txndr.testkit.moto;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback proxy in front of moto_server that forwards the bytes of every request and
 * response, with these additions:
 *
 * <ul>
 *   <li>Requests are processed by moto one at a time. moto_server serves requests on
 *       concurrent threads without locking its in-memory tables (observed: "RuntimeError:
 *       dictionary changed size during iteration", and a cancelled transaction restores a copy
 *       of the whole table, erasing concurrent commits), while DynamoDB transactions are
 *       serializable. The clients stay fully concurrent; only moto is serialised.
 *   <li>Faults can be injected per operation ({@code X-Amz-Target}): an error response instead
 *       of forwarding (throttling), or a response held back after moto has applied the request
 *       (a timeout after the commit).
 * </ul>
 *
 * <p>{@link Moto.Builder#wireProxy()} puts one in front of the extension's moto and drops its
 * pending faults before each test.
 */
public final class WireProxy implements AutoCloseable {
  private static final Set<String> HOP_HEADERS =
      Set.of("host", "connection", "content-length", "transfer-encoding", "keep-alive");

  private final URI target;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(64);
  private final ReentrantLock motoLock = new ReentrantLock(true);
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final AtomicInteger forwarded = new AtomicInteger();

  private static final class Fault {
    final String operation;
    final int status;
    final String body;
    final Duration delayAfterForwarding;

    Fault(String operation, int status, String body, Duration delayAfterForwarding) {
      this.operation = operation;
      this.status = status;
      this.body = body;
      this.delayAfterForwarding = delayAfterForwarding;
    }
  }

  /** A proxy on a free loopback port, forwarding to {@code target}; close it to stop it. */
  public WireProxy(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://localhost:<port>}: the clients' endpoint. */
  public URI endpoint() {
    return URI.create("http://localhost:" + server.getAddress().getPort());
  }

  /**
   * The next {@code times} calls of {@code operation} (the action of {@code X-Amz-Target}, e.g.
   * {@code TransactWriteItems}, so JSON-protocol services: DynamoDB, SSM, ...) get this error
   * (status and JSON body) instead of reaching moto.
   */
  public void failNext(String operation, int times, int status, String body) {
    for (int i = 0; i < times; i++) {
      faults.add(new Fault(operation, status, body, null));
    }
  }

  /** The next {@code times} calls of {@code operation} reach moto, but their response is held back. */
  public void delayResponseOfNext(String operation, int times, Duration delay) {
    for (int i = 0; i < times; i++) {
      faults.add(new Fault(operation, 0, null, delay));
    }
  }

  /** Forgets the faults not yet injected. */
  public void clearFaults() {
    faults.clear();
  }

  /** Requests forwarded to moto so far. */
  public int forwarded() {
    return forwarded.get();
  }

  private Fault takeFault(String operation) {
    for (Fault fault : faults) {
      if (fault.operation.equals(operation) && faults.remove(fault)) {
        return fault;
      }
    }
    return null;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String operation = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      operation = operation.contains(".") ? operation.substring(operation.indexOf('.') + 1) : operation;
      Fault fault = takeFault(operation);
      if (fault != null && fault.delayAfterForwarding == null) {
        byte[] error = fault.body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(fault.status, error.length);
        exchange.getResponseBody().write(error);
        return;
      }
      HttpURLConnection connection;
      int status;
      byte[] response;
      motoLock.lock();
      try {
        forwarded.incrementAndGet();
        connection = (HttpURLConnection) target.resolve(exchange.getRequestURI().toString()).toURL().openConnection();
        connection.setRequestMethod(exchange.getRequestMethod());
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
          if (!HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
            header.getValue().forEach(v -> connection.addRequestProperty(header.getKey(), v));
          }
        }
        if (body.length > 0) {
          connection.setDoOutput(true);
          try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
          }
        }
        status = connection.getResponseCode();
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
          response = in == null ? new byte[0] : in.readAllBytes();
        }
      } finally {
        motoLock.unlock();
      }
      if (fault != null) {
        sleep(fault.delayAfterForwarding);
      }
      for (Map.Entry<String, List<String>> header : connection.getHeaderFields().entrySet()) {
        if (header.getKey() != null && !HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
          exchange.getResponseHeaders().put(header.getKey(), header.getValue());
        }
      }
      exchange.sendResponseHeaders(status, response.length == 0 ? -1 : response.length);
      if (response.length > 0) {
        exchange.getResponseBody().write(response);
      }
    } catch (IOException e) {
      // The client went away (it timed out): nothing to answer.
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
