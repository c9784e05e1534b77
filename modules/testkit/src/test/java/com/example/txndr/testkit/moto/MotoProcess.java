package com.example.txndr.testkit.moto;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One {@code moto_server} process for a test suite: on a free loopback port
 * ({@code moto_server -H 127.0.0.1 -p <port>}, endpoint {@code http://localhost:<port>}), its log
 * in {@code target/moto-server-<port>.log}, ready once {@code /moto-api/} answers 200, reset with
 * {@code POST /moto-api/reset}, its IAM enforcement switched with {@code POST /moto-api/reset-auth},
 * stopped by its process (and its children) on {@link #close()}. The one launcher of moto_server:
 * tests use it through the {@link Moto} extension, which adds the lifecycle, the resets and the
 * optional {@link WireProxy}.
 */
public final class MotoProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final URI endpoint;

  private MotoProcess(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Starts moto_server and waits until it answers; fails with what to do when it cannot. */
  public static MotoProcess start() {
    try {
      int port = freePort();
      File log = new File("target/moto-server-" + port + ".log");
      log.getParentFile().mkdirs();
      Process process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
          .redirectErrorStream(true)
          .redirectOutput(log)
          .start();
      URI endpoint = URI.create("http://localhost:" + port);
      Instant deadline = Instant.now().plus(START_TIMEOUT);
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("moto_server exited with " + process.exitValue() + "; see " + log);
        }
        try {
          HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
          connection.setConnectTimeout(500);
          if (connection.getResponseCode() == 200) {
            connection.disconnect();
            return new MotoProcess(process, endpoint);
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

  /** A port nothing listens on now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** {@code http://localhost:<port>}. */
  public URI endpoint() {
    return endpoint;
  }

  /** Forgets every resource: the next test starts from an empty account. */
  public void reset() throws IOException {
    post("/moto-api/reset", "");
  }

  /**
   * From the next request on, every request must be signed with an access key of one of moto's
   * IAM users and be allowed by that user's policies ({@code POST /moto-api/reset-auth} with 0:
   * no more unauthenticated requests).
   */
  public void enforceIam() throws IOException {
    post("/moto-api/reset-auth", "0");
  }

  /** Back to accepting any credentials, moto's default ({@code POST /moto-api/reset-auth} with inf). */
  public void stopEnforcingIam() throws IOException {
    post("/moto-api/reset-auth", "inf");
  }

  private void post(String path, String body) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
    connection.setRequestMethod("POST");
    // moto reads reset-auth's count from the raw body, which a form content type would hide.
    connection.setRequestProperty("Content-Type", "text/plain");
    connection.setDoOutput(true);
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body.getBytes(StandardCharsets.UTF_8));
    }
    int status = connection.getResponseCode();
    connection.disconnect();
    if (status != 200) {
      throw new IOException("moto " + path + " answered " + status);
    }
  }

  /** Stops the process and its children: politely, then forcibly after 10 s. */
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
