package com.example.txndr.lambda.local;

import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP API on the JDK's built-in server, in front of the same {@link ApiHandler} Lambda
 * runs: the request becomes an {@link ApiRequest} (as the payload 2.0 event does in Lambda) and
 * the {@link ApiResponse} is written back as it is.
 */
public final class LocalServer implements AutoCloseable {
  static {
    // The JDK server writes a response's headers and body in two segments: without TCP_NODELAY
    // every answer waits out the client's delayed ACK (40 ms on Linux), the local mode's latency
    // floor. Read once, when the JVM's first HttpServer is made, so set before that.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final ApiHandler handler;

  public LocalServer(ApiHandler handler, String host, int port, int threads) throws IOException {
    this.handler = handler;
    this.server = HttpServer.create(new InetSocketAddress(host, port), 1024);
    this.executor = Executors.newFixedThreadPool(threads);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  public LocalServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new HashMap<>();
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        // As API Gateway does: repeated headers are joined with commas.
        headers.put(header.getKey(), String.join(",", header.getValue()));
      }
      byte[] body;
      int size;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(ApiRequest.MAX_BODY_BYTES + 1);
        size = body.length;
        if (size > ApiRequest.MAX_BODY_BYTES) {
          // Too large: count the rest without keeping it.
          size += (int) Math.min(Integer.MAX_VALUE - size, in.transferTo(java.io.OutputStream.nullOutputStream()));
          body = null;
        }
      }
      ApiRequest request = new ApiRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers,
          body == null || body.length == 0 ? null : new String(body, StandardCharsets.UTF_8), size);
      ApiResponse response = handler.handle(request);
      response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(response.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
