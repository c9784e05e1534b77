package com.example.txndr.lambda.internal;

import com.example.txndr.lambda.Config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the clients sign, seen on the wire of a loopback endpoint override: with
 * {@code AWS_ENDPOINT_URL} alone (a VPC or FIPS endpoint in Lambda) the default credentials chain
 * and its session token; static keys only with {@code TXNDR_LOCAL=true} (review F14).
 */
class AwsClientsCredentialsTest {
  private HttpServer server;
  private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      Map<String, String> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
      requests.add(headers);
      byte[] body = "{\"TableNames\":[]}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    // The default chain's first provider: the JVM's system properties.
    System.setProperty("aws.accessKeyId", "AKIDFROMCHAIN");
    System.setProperty("aws.secretAccessKey", "chain-secret");
    System.setProperty("aws.sessionToken", "chain-session-token");
  }

  @AfterEach
  void stop() {
    server.stop(0);
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("aws.sessionToken");
  }

  private Map<String, String> listTablesWith(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "us-east-1",
        "AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.getAddress().getPort()));
    env.putAll(extra);
    AwsClients.dynamoDb(Config.fromEnvironment(env)).listTables();
    return requests.get(requests.size() - 1);
  }

  @Test
  void anEndpointOverrideAloneKeepsTheDefaultCredentialsChainAndItsSessionToken() {
    Map<String, String> request = listTablesWith(Map.of());

    assertThat(request.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDFROMCHAIN/");
    assertThat(request.get("x-amz-security-token")).isEqualTo("chain-session-token");
  }

  @Test
  void anEndpointOverrideAloneIgnoresStaticKeysInTheConfiguration() {
    Map<String, String> request = listTablesWith(Map.of("AWS_ACCESS_KEY_ID", "static", "AWS_SECRET_ACCESS_KEY", "s"));

    assertThat(request.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDFROMCHAIN/");
  }

  @Test
  void localModeSignsWithTheConfigurationsStaticKeys() {
    Map<String, String> request = listTablesWith(Map.of("TXNDR_LOCAL", "true",
        "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));

    assertThat(request.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=test/");
    assertThat(request).doesNotContainKey("x-amz-security-token");
  }

  @Test
  void localModeWithoutKeysSignsWithTheDummyKeyLocal() {
    Map<String, String> request = listTablesWith(Map.of("TXNDR_LOCAL", "true"));

    assertThat(request.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=local/");
  }

  @Test
  void txndrLocalOtherThanTrueOrFalseIsRefused() {
    assertThatThrownBy(() -> AwsClients.dynamoDb(Config.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
        "TXNDR_LOCAL", "yes"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("TXNDR_LOCAL must be true or false: got \"yes\"");
  }
}
