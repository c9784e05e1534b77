package com.example.txndr.lambda.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.peer.PeerRegionValuesHandler;
import com.example.txndr.testkit.moto.Moto;
import com.example.txndr.testkit.moto.MotoProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The root stack's custom resource, answering a recorded pre-signed URL. */
class PeerRegionValuesIntegrationTest {
  @RegisterExtension
  static final Moto MOTO = Moto.builder().wireProxy().build();

  private StubHttpServer cloudFormation;
  private SsmClient west;
  private SsmClient east;
  private PeerRegionValuesHandler handler;

  @BeforeEach
  void deployPeer() throws IOException {
    cloudFormation = new StubHttpServer();
    Config config = TestEnv.config(MOTO.endpoint(), TestEnv.PRIMARY);
    west = AwsClients.configure(SsmClient.builder(), config, TestEnv.SECONDARY, Duration.ofSeconds(5), 3).build();
    east = AwsClients.configure(SsmClient.builder(), config, TestEnv.PRIMARY, Duration.ofSeconds(5), 3).build();
    put(west, "/txn-dr/dev/api-endpoint", "https://abc123defg.execute-api.us-west-2.amazonaws.com");
    put(west, "/txn-dr/dev/kms-key-arn", "arn:aws:kms:us-west-2:123456789012:key/k-1");
    handler = new PeerRegionValuesHandler(config, PeerRegionValuesIntegrationTest::isStub);
  }

  @AfterEach
  void close() {
    cloudFormation.close();
    west.close();
    east.close();
  }

  /** The stub stands in for S3's pre-signed URL, which the production policy would require. */
  private static boolean isStub(URI url) {
    return "http".equals(url.getScheme()) && "localhost".equals(url.getHost());
  }

  private static void put(SsmClient ssm, String name, String value) {
    ssm.putParameter(r -> r.name(name).value(value).type(ParameterType.STRING).overwrite(true));
  }

  private Map<String, Object> event(String type, Map<String, Object> properties) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("RequestType", type);
    event.put("ResponseURL", cloudFormation.url("/cfn-response?X-Amz-Signature=abc").toString());
    event.put("StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/txn-dr/1");
    event.put("RequestId", "req-1");
    event.put("LogicalResourceId", "PeerRegionValues");
    event.put("ResourceType", "Custom::PeerRegionValues");
    event.put("ResourceProperties", properties);
    return event;
  }

  private static Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:txn-dr-dev-peer-values");
    properties.put("Region", "us-west-2");
    properties.put("ParameterPrefix", "/txn-dr/dev");
    properties.put("Read", List.of("api-endpoint", "kms-key-arn"));
    properties.put("Write", Map.of("api-endpoint", "https://xyz789abcd.execute-api.us-east-1.amazonaws.com"));
    return properties;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> sentResponse() throws Exception {
    assertThat(cloudFormation.requests).hasSize(1);
    StubHttpServer.Recorded request = cloudFormation.requests.get(0);
    assertThat(request.method).isEqualTo("PUT");
    assertThat(request.path).isEqualTo("/cfn-response?X-Amz-Signature=abc");
    return (Map<String, Object>) Json.parse(request.body);
  }

  @Test
  void createReturnsThePeerValuesAsAttributes() throws Exception {
    handler.handle(event("Create", properties()));

    Map<String, Object> response = sentResponse();
    assertThat(response).containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", "peer-values:us-west-2:/txn-dr/dev")
        .containsEntry("StackId", "arn:aws:cloudformation:us-east-1:123456789012:stack/txn-dr/1")
        .containsEntry("RequestId", "req-1").containsEntry("LogicalResourceId", "PeerRegionValues")
        .containsEntry("Data", Map.of(
            "ApiEndpoint", "https://abc123defg.execute-api.us-west-2.amazonaws.com",
            "KmsKeyArn", "arn:aws:kms:us-west-2:123456789012:key/k-1"));
  }

  @Test
  void responseIsSentWithAnEmptyContentType() throws Exception {
    handler.handle(event("Create", properties()));

    assertThat(cloudFormation.requests.get(0).contentType).isEmpty();
  }

  @Test
  void createWritesThePrimarysValuesAsPeerValuesInTheRegion() throws Exception {
    handler.handle(event("Create", properties()));

    assertThat(sentResponse()).containsEntry("Status", "SUCCESS");
    assertThat(west.getParameter(r -> r.name("/txn-dr/dev/peer/api-endpoint")).parameter().value())
        .isEqualTo("https://xyz789abcd.execute-api.us-east-1.amazonaws.com");
  }

  @Test
  void nothingIsWrittenToTheRegionTheFunctionRunsIn() throws Exception {
    handler.handle(event("Create", properties()));

    assertThat(east.getParametersByPath(r -> r.path("/txn-dr/dev").recursive(true)).parameters()).isEmpty();
  }

  @Test
  void responseAboveFourKilobytesFailsSayingSo() throws Exception {
    put(west, "/txn-dr/dev/big", "x".repeat(4000));
    Map<String, Object> properties = properties();
    properties.put("Read", List.of("api-endpoint", "big"));

    handler.handle(event("Create", properties));

    assertThat(sentResponse()).containsEntry("Status", "FAILED").doesNotContainKey("Data").containsEntry("Reason",
        "The values read exceed CloudFormation's 4096-byte response limit: read fewer parameters");
  }

  @Test
  void missingParameterFailsNamingIt() throws Exception {
    Map<String, Object> properties = properties();
    properties.put("Read", List.of("api-endpoint", "health-check-id"));

    handler.handle(event("Update", properties));

    assertThat(sentResponse()).containsEntry("Status", "FAILED").containsEntry("Reason",
        "Parameters not found in us-west-2: /txn-dr/dev/health-check-id (deploy that region first; its ssm stack"
            + " writes them)");
  }

  @Test
  void invalidPropertyFailsSayingWhatIsExpected() throws Exception {
    Map<String, Object> properties = properties();
    properties.put("Region", "mars");

    handler.handle(event("Create", properties));

    assertThat(sentResponse()).containsEntry("Status", "FAILED")
        .containsEntry("Reason", "Property Region must be a region such as us-west-2: got mars")
        .containsEntry("PhysicalResourceId", "peer-values:req-1");
  }

  @Test
  void deleteSucceedsWithoutReadingOrWriting() throws Exception {
    Map<String, Object> event = event("Delete", properties());
    event.put("PhysicalResourceId", "peer-values:us-west-2:/txn-dr/dev");
    west.deleteParameter(r -> r.name("/txn-dr/dev/api-endpoint"));

    handler.handle(event);

    assertThat(sentResponse()).containsEntry("Status", "SUCCESS")
        .containsEntry("PhysicalResourceId", "peer-values:us-west-2:/txn-dr/dev");
    assertThat(west.getParametersByPath(r -> r.path("/txn-dr/dev/peer")).parameters()).isEmpty();
  }

  @Test
  void unreachableParameterStoreStillGetsAFailedResponse() throws Exception {
    Map<String, String> env = TestEnv.env(URI.create("http://localhost:" + MotoProcess.freePort()), TestEnv.PRIMARY);
    PeerRegionValuesHandler offline =
        new PeerRegionValuesHandler(Config.fromEnvironment(env), PeerRegionValuesIntegrationTest::isStub);

    offline.handleRequest(new ByteArrayInputStream(
        Json.write(event("Create", properties())).getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);

    assertThat(sentResponse()).containsEntry("Status", "FAILED");
    assertThat((String) sentResponse().get("Reason")).startsWith("SSM GetParameters in us-west-2 failed: java.net.ConnectException");
  }
}
