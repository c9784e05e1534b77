package com.example.txndr.drill.internal;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@code moto_server} for the integration tests (the real AWS wire protocol on loopback):
 * started with {@code moto_server -H 127.0.0.1 -p <free port>} before the first test, reset
 * ({@code POST /moto-api/reset}) before each test, stopped by its process id when the run ends.
 */
final class MotoServer implements BeforeAllCallback, BeforeEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoServer.class);
  private Running running;

  /** The process; JUnit closes it with the root context. */
  static final class Running implements AutoCloseable {
    final Process process;
    final URI endpoint;

    Running(Process process, URI endpoint) {
      this.process = process;
      this.endpoint = endpoint;
    }

    @Override
    public void close() {
      process.toHandle().descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (process.waitFor(10, TimeUnit.SECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> start(), Running.class);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection) running.endpoint.resolve("/moto-api/reset").toURL().openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.getOutputStream().close();
    int status = connection.getResponseCode();
    connection.disconnect();
    if (status != 200) {
      throw new IOException("moto reset answered " + status);
    }
  }

  /** {@code http://localhost:<port>}: every AWS client's endpoint. */
  URI endpoint() {
    return running.endpoint;
  }

  private static Running start() {
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      File log = new File("target/moto-server-" + port + ".log");
      log.getParentFile().mkdirs();
      Process process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
          .redirectErrorStream(true)
          .redirectOutput(log)
          .start();
      URI endpoint = URI.create("http://localhost:" + port);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("moto_server exited with " + process.exitValue() + "; see " + log);
        }
        try {
          HttpURLConnection connection =
              (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
          connection.setConnectTimeout(500);
          if (connection.getResponseCode() == 200) {
            connection.disconnect();
            return new Running(process, endpoint);
          }
        } catch (IOException e) {
          // not listening yet
        }
        if (Instant.now().isAfter(deadline)) {
          process.destroyForcibly();
          throw new IllegalStateException("moto_server did not answer within 60 s; see " + log);
        }
        Thread.sleep(100);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start moto_server (is it on PATH? pip install 'moto[server]')", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
