package com.example.txndr.lambda.integration;

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
 * One {@code moto_server} for the whole test run (real AWS wire protocol on loopback): started
 * on a free port before the first integration test, reset ({@code POST /moto-api/reset})
 * before every test, stopped by its process id when the run ends. Clients reach it through a
 * {@link WireProxy} (serialised, with fault injection). Endpoints use host {@code localhost}.
 */
public final class MotoServer implements BeforeAllCallback, BeforeEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoServer.class);
  private Running running;

  /** The moto_server process; closed by JUnit when the root context closes. */
  static final class Running implements AutoCloseable {
    final Process process;
    final URI endpoint;
    final WireProxy proxy;

    Running(Process process, URI endpoint, WireProxy proxy) {
      this.process = process;
      this.endpoint = endpoint;
      this.proxy = proxy;
    }

    @Override
    public void close() throws InterruptedException {
      proxy.close();
      process.toHandle().descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> start(), Running.class);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    running.proxy.clearFaults();
    reset();
  }

  /** The endpoint for clients: the {@link WireProxy} in front of moto. */
  public URI endpoint() {
    return running.proxy.endpoint();
  }

  /** moto_server itself, bypassing the proxy. */
  URI motoEndpoint() {
    return running.endpoint;
  }

  WireProxy proxy() {
    return running.proxy;
  }

  /** Forgets every resource: each test starts from an empty account. */
  void reset() throws IOException {
    HttpURLConnection connection = (HttpURLConnection) motoEndpoint().resolve("/moto-api/reset").toURL().openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.getOutputStream().close();
    int status = connection.getResponseCode();
    connection.disconnect();
    if (status != 200) {
      throw new IOException("moto reset answered " + status);
    }
  }

  /** A moto_server (behind its proxy) outside JUnit, for the benchmarks; close it to stop it. */
  static Running startStandalone() {
    return start();
  }

  private static Running start() {
    try {
      int port = freePort();
      File log = new File("target/moto-server-" + port + ".log");
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
          HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
          connection.setConnectTimeout(500);
          if (connection.getResponseCode() == 200) {
            connection.disconnect();
            return new Running(process, endpoint, new WireProxy(endpoint));
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

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
