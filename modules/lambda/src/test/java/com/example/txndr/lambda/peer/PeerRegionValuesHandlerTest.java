package com.example.txndr.lambda.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerRegionValuesHandlerTest {
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
    event.put("ResponseURL", "https://example.com/r");
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
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("RequestType", "Delete");
    event.put("ResponseURL", "https://example.com/r");
    event.put("PhysicalResourceId", "p-1");

    handler.handle(event);

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
