package com.example.txndr.globaltable;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A {@code moto_server} on a free loopback port ({@code moto_server -H 127.0.0.1 -p <port>},
 * endpoint {@code http://localhost:<port>}), reset with {@code POST /moto-api/reset}, stopped
 * by its process id on {@link #close()}.
 */
final class MotoServer implements AutoCloseable {
  private final Process process;
  final URI endpoint;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  static MotoServer start() {
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      new File("target").mkdirs();
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
            return new MotoServer(process, endpoint);
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

  /** Forgets every resource. */
  void reset() {
    try {
      HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/reset").toURL().openConnection();
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.getOutputStream().close();
      int status = connection.getResponseCode();
      connection.disconnect();
      if (status != 200) {
        throw new IllegalStateException("moto reset answered " + status);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  DynamoDbClient client(String region) {
    return DynamoDbClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  @Override
  public void close() throws InterruptedException {
    process.toHandle().descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
