package com.example.txndr.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code moto_server} (real S3 and IAM wire protocol) on a free loopback port: started before the
 * class's tests, reset (state and IAM enforcement) before each test, stopped by its PID after.
 * Its log goes to {@code target/moto-<port>.log}.
 */
final class MotoServer implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  /** Credentials moto accepts while it does not enforce IAM. */
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;
  private int port;

  /** The endpoint the clients use. */
  URI endpoint() {
    return URI.create("http://localhost:" + port);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Path.of("target", "moto-" + port + ".log");
    Files.createDirectories(log.getParent());
    process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!answers()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server exited with " + process.exitValue() + "; see " + log);
      }
      if (System.nanoTime() > deadline) {
        stop();
        throw new IllegalStateException("moto_server did not answer on port " + port + " within "
            + START_TIMEOUT.toSeconds() + " s; see " + log);
      }
      Thread.sleep(200);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    stopEnforcingIam();
    post("/moto-api/reset", "");
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    stop();
  }

  /** From now on every request must be signed by an IAM user of moto and allowed by its policies. */
  void enforceIam() {
    post("/moto-api/reset-auth", "0");
  }

  /** Back to accepting any credentials. */
  void stopEnforcingIam() {
    post("/moto-api/reset-auth", "inf");
  }

  private boolean answers() {
    try {
      HttpResponse<Void> response = http.send(
          HttpRequest.newBuilder(endpoint().resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void post(String path, String body) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint().resolve(path))
              .header("Content-Type", "text/plain")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("moto " + path + " answered " + response.statusCode() + ": "
            + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    ProcessHandle handle = process.toHandle();
    handle.descendants().forEach(ProcessHandle::destroy);
    handle.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      handle.descendants().forEach(ProcessHandle::destroyForcibly);
      handle.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    process = null;
  }
}
