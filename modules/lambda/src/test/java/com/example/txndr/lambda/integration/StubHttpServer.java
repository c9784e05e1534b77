package com.example.txndr.lambda.integration;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server standing in for a peer region's API ({@code GET /health} answers
 * {@link #healthStatus}) and for CloudFormation's pre-signed response URL (records PUTs).
 */
final class StubHttpServer implements AutoCloseable {
  /** One recorded request. */
  static final class Recorded {
    final String method;
    final String path;
    final String contentType;
    final String body;

    Recorded(String method, String path, String contentType, String body) {
      this.method = method;
      this.path = path;
      this.contentType = contentType;
      this.body = body;
    }
  }

  final AtomicInteger healthStatus = new AtomicInteger(200);
  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  StubHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", exchange -> {
      try (exchange) {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
            exchange.getRequestHeaders().getFirst("Content-Type"), body));
        int status = exchange.getRequestURI().getPath().endsWith("/health") ? healthStatus.get() : 200;
        byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
      }
    });
    server.start();
  }

  URI url(String path) {
    return URI.create("http://localhost:" + server.getAddress().getPort() + path);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
