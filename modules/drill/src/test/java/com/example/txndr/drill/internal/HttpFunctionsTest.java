package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Lambda's Invoke as it reaches a server (a local one standing in for Lambda's REST API). */
class HttpFunctionsTest {
  private final Map<String, List<String>> received = new ConcurrentHashMap<>();
  private final StringBuilder path = new StringBuilder();
  private HttpServer server;
  private int status = 200;
  private String functionError;
  private HttpFunctions functions;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestHeaders().forEach((name, values) -> received.put(name.toLowerCase(Locale.ROOT), values));
      path.append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI().getRawPath());
      exchange.getRequestBody().readAllBytes();
      if (functionError != null) {
        exchange.getResponseHeaders().add("X-Amz-Function-Error", functionError);
      }
      byte[] answer = (status == 200 ? "{\"outcome\":\"RECONCILED\"}" : "{\"Message\":\"Function not found\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
    SignedHttp http = new SignedHttp(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")));
    functions = new HttpFunctions(http, URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void anInvocationPostsToTheFunctionsInvocationsSignedForLambdaInItsRegion() {
    functions.invoke("us-west-2", "txn-dr-prod-reconciler", "{}");

    assertThat(path).hasToString("POST /2015-03-31/functions/txn-dr-prod-reconciler/invocations");
    assertThat(received.get("authorization").get(0)).contains("/us-west-2/lambda/aws4_request");
    assertThat(received.get("x-amz-invocation-type")).containsExactly("RequestResponse");
  }

  @Test
  void theFunctionsOutputIsTheAnswer() {
    Functions.Invocation invocation = functions.invoke("us-east-1", "f", "{}");

    assertThat(invocation).isEqualTo(new Functions.Invocation("{\"outcome\":\"RECONCILED\"}", null));
  }

  @Test
  void aFailedFunctionSaysSo() {
    functionError = "Unhandled";

    assertThat(functions.invoke("us-east-1", "f", "{}").failed()).isTrue();
  }

  @Test
  void aCallLambdaRefusesFailsWithItsAnswer() {
    status = 404;

    assertThatThrownBy(() -> functions.invoke("us-east-1", "missing", "{}"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Lambda Invoke of missing in us-east-1 answered 404: {\"Message\":\"Function not found\"}");
  }

  @Test
  void withoutAnEndpointOverrideTheRegionalEndpointIsUsed() {
    HttpFunctions real = new HttpFunctions(null, null);

    assertThat(real.url("us-west-2", "txn-dr-prod-reconciler")).hasToString(
        "https://lambda.us-west-2.amazonaws.com/2015-03-31/functions/txn-dr-prod-reconciler/invocations");
  }
}
