package com.example.txndr.lambda.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerRegionValuesHandlerTest {
  private static final String RESPONSE_URL = "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/"
      + "arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/txn-dr/1%7CPeerValues%7Creq-1"
      + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc";

  private static Map<String, Object> deleteEvent(String responseUrl) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("RequestType", "Delete");
    event.put("ResponseURL", responseUrl);
    event.put("RequestId", "r-1");
    event.put("PhysicalResourceId", "p-1");
    return event;
  }

  private static Map<String, Object> createEvent() {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("RequestType", "Create");
    event.put("ResponseURL", RESPONSE_URL);
    event.put("RequestId", "r-1");
    event.put("ResourceProperties", Map.of("Region", "us-west-2", "ParameterPrefix", "/txn-dr/prod",
        "Read", List.of("api-endpoint")));
    return event;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com",
      "https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/"})
  void executeApiEndpointsOfTheRegionAreAccepted(String url) {
    assertThat(PeerRegionValuesHandler.isExecuteApiEndpoint(url, "us-west-2")).isTrue();
    assertThat(PeerRegionValuesHandler.isExecuteApiEndpoint(url, null)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://example.invalid",
      "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
      "http://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com",
      "https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com.attacker.example",
      "https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/prod",
      "https://abc123.execute-api.us-west-2.amazonaws.com",
      "https://A1B2C3D4E5.execute-api.us-west-2.amazonaws.com",
      "https://user@a1b2c3d4e5.execute-api.us-west-2.amazonaws.com"})
  void otherValuesAreNotTheRegionsExecuteApiEndpoint(String url) {
    assertThat(PeerRegionValuesHandler.isExecuteApiEndpoint(url, "us-west-2")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn?X-Amz-Signature=a",
      "https://cloudformation-custom-resource-response-uswest2.s3-us-west-2.amazonaws.com/arn?X-Amz-Signature=a",
      "https://cloudformation-custom-resource-response-uswest2.s3.us-west-2.amazonaws.com/arn?X-Amz-Signature=a",
      "https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com.cn/arn"})
  void presignedS3UrlsAreAccepted(String url) {
    assertThat(PeerRegionValuesHandler.isPresignedS3Url(URI.create(url))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn",
      "https://example.com/r",
      "https://s3.amazonaws.com.attacker.example/r",
      "https://bucket.s3.amazonaws.com.attacker.example/r",
      "https://bucket.s3.amazonaws.com:8443/r",
      "https://user@bucket.s3.amazonaws.com/r",
      "https://169.254.169.254/latest/meta-data",
      "file:///etc/passwd"})
  void otherUrlsAreNotPresignedS3Urls(String url) {
    assertThat(PeerRegionValuesHandler.isPresignedS3Url(URI.create(url))).isFalse();
  }

  @Test
  void responseUrlOutsideS3IsRefusedAndNothingIsSent() {
    List<String> sent = new ArrayList<>();
    PeerRegionValuesHandler handler = new PeerRegionValuesHandler(
        region -> { throw new AssertionError("no SSM call expected"); }, (url, body) -> sent.add(body));

    assertThat(handler.handle(deleteEvent("https://internal.example.com/collect"))).isNull();
    assertThat(sent).isEmpty();
  }

  @Test
  void errorWhileProcessingIsAnsweredFailed() {
    List<String> sent = new ArrayList<>();
    PeerRegionValuesHandler handler = new PeerRegionValuesHandler(
        region -> { throw new NoClassDefFoundError("software/amazon/awssdk/services/ssm/SsmClient"); },
        (url, body) -> sent.add(body));

    Map<String, Object> response = handler.handle(createEvent());

    assertThat(response).containsEntry("Status", "FAILED")
        .containsEntry("Reason", "software/amazon/awssdk/services/ssm/SsmClient");
    assertThat(sent).hasSize(1);
  }

  @Test
  void failedInitialisationIsAnsweredFailedWithItsCause() {
    List<String> sent = new ArrayList<>();
    PeerRegionValuesHandler handler = new PeerRegionValuesHandler(
        region -> { throw new AssertionError("no SSM call expected"); }, (url, body) -> sent.add(body),
        PeerRegionValuesHandler::isPresignedS3Url, new ExceptionInInitializerError("no region configured"));

    Map<String, Object> response = handler.handle(createEvent());

    assertThat(response).containsEntry("Status", "FAILED")
        .containsEntry("Reason", "The peer-values function could not initialise: ExceptionInInitializerError: "
            + "no region configured (check its environment variables and its deployment package)")
        .containsEntry("PhysicalResourceId", "peer-values:r-1");
    assertThat(sent).hasSize(1);
  }
  @Test
  void parameterNamesBecomePascalCaseAttributes() {
    assertThat(PeerRegionValuesHandler.pascalCase("api-endpoint")).isEqualTo("ApiEndpoint");
    assertThat(PeerRegionValuesHandler.pascalCase("peer/kms-key-arn")).isEqualTo("PeerKmsKeyArn");
  }

  @Test
  void unknownRequestTypeIsAnsweredFailed() {
    List<String> sent = new ArrayList<>();
    PeerRegionValuesHandler handler = new PeerRegionValuesHandler(
        region -> { throw new AssertionError("no SSM call expected"); }, (url, body) -> sent.add(body));
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("RequestType", "Upsert");
    event.put("ResponseURL", RESPONSE_URL);
    event.put("RequestId", "r-1");

    Map<String, Object> response = handler.handle(event);

    assertThat(response).containsEntry("Status", "FAILED")
        .containsEntry("Reason", "RequestType must be Create, Update or Delete: got Upsert")
        .containsEntry("PhysicalResourceId", "peer-values:r-1");
    assertThat(sent).hasSize(1);
  }

  @Test
  void failedDeliveryIsRetried() {
    List<String> attempts = new ArrayList<>();
    PeerRegionValuesHandler handler = new PeerRegionValuesHandler(region -> null, (url, body) -> {
      attempts.add(body);
      if (attempts.size() < 2) {
        throw new java.io.IOException("connection reset");
      }
    });
    handler.handle(deleteEvent(RESPONSE_URL));

    assertThat(attempts).hasSize(2);
  }

  @Test
  void eventWithoutResponseUrlCannotBeAnswered() {
    PeerRegionValuesHandler handler = new PeerRegionValuesHandler(region -> null, (url, body) -> {
      throw new AssertionError("nothing to send to");
    });

    assertThat(handler.handle(Map.of("RequestType", "Create"))).isNull();
  }
}
