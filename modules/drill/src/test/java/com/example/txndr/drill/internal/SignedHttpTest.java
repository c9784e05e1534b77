package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** SigV4 requests as they reach a server (a local one standing in for API Gateway). */
class SignedHttpTest {
  private final Map<String, List<String>> received = new ConcurrentHashMap<>();
  private final StringBuilder body = new StringBuilder();
  private HttpServer server;
  private URI base;
  private final SignedHttp http = new SignedHttp(StaticCredentialsProvider.create(
      AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "session-token")));

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestHeaders().forEach((name, values) -> received.put(name.toLowerCase(Locale.ROOT), values));
      body.append(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] answer = "{\"transactionId\":\"t-1\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(201, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Http.Answer post() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Idempotency-Key", "drill-1");
    return http.signed("POST", URI.create(base + "/transactions"), "execute-api", "us-west-2", headers, "{\"a\":1}");
  }

  @Test
  void aSignedRequestCarriesAnAuthorizationScopedToTheRegionAndExecuteApi() {
    post();

    assertThat(received.get("authorization").get(0))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/us-west-2/execute-api/aws4_request");
  }

  @Test
  void theIdempotencyKeyIsSentAndSigned() {
    post();

    assertThat(received.get("idempotency-key")).containsExactly("drill-1");
    assertThat(received.get("authorization").get(0)).contains("idempotency-key");
  }

  @Test
  void sessionCredentialsSendTheirToken() {
    post();

    assertThat(received.get("x-amz-security-token")).containsExactly("session-token");
  }

  @Test
  void theBodyAndTheAnswerPassUnchanged() {
    Http.Answer answer = post();

    assertThat(body).hasToString("{\"a\":1}");
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body()).isEqualTo("{\"transactionId\":\"t-1\"}");
  }

  @Test
  void theAnswersHeadersAreKeptByLowerCaseName() {
    Http.Answer answer = post();

    assertThat(answer.header("Content-Length")).isEqualTo("23");
  }

  @Test
  void anUnsignedGetCarriesNoAuthorization() {
    http.get(URI.create(base + "/health"));

    assertThat(received).doesNotContainKey("authorization");
  }
}
