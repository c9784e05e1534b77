package com.example.txndr.lambda.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HttpApiEventsTest {
  private static String event(String stage, String rawPath, String body, boolean base64) {
    return "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"" + rawPath + "\","
        + "\"headers\":{\"content-type\":\"application/json\",\"idempotency-key\":\"k-1\"},"
        + "\"requestContext\":{\"stage\":\"" + stage + "\",\"http\":{\"method\":\"POST\",\"path\":\"" + rawPath + "\"}},"
        + "\"body\":" + (body == null ? "null" : "\"" + body + "\"") + ",\"isBase64Encoded\":" + base64 + "}";
  }

  @Test
  void requestIsReadFromAPayloadTwoEvent() throws Exception {
    ApiRequest request = HttpApiEvents.parse(event("$default", "/transactions", "{}", false));

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/transactions");
    assertThat(request.header("Idempotency-Key")).isEqualTo("k-1");
    assertThat(request.body()).isEqualTo("{}");
    assertThat(request.bodyBytes()).isEqualTo(2);
  }

  @Test
  void base64BodyIsDecoded() throws Exception {
    String encoded = Base64.getEncoder().encodeToString("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8));

    ApiRequest request = HttpApiEvents.parse(event("$default", "/transactions", encoded, true));

    assertThat(request.body()).isEqualTo("{\"a\":\"é\"}");
    assertThat(request.bodyBytes()).isEqualTo(10);
  }

  @Test
  void namedStageIsStrippedFromThePath() throws Exception {
    assertThat(HttpApiEvents.parse(event("prod", "/prod/transactions", null, false)).path()).isEqualTo("/transactions");
  }

  @Test
  void eventWithoutMethodIsRejected() {
    assertThatThrownBy(() -> HttpApiEvents.parse("{\"rawPath\":\"/\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Not an API Gateway HTTP API payload 2.0 event: requestContext.http.method and rawPath are required");
  }

  @Test
  void responseIsAPayloadTwoResponse() {
    ApiResponse response = ApiResponse.json(201, "{\"ok\":true}").withHeader("Location", "/transactions/1");

    assertThat(HttpApiEvents.format(response)).isEqualTo("{\"statusCode\":201,\"headers\":{\"Content-Type\":"
        + "\"application/json\",\"Location\":\"/transactions/1\"},\"body\":\"{\\\"ok\\\":true}\",\"isBase64Encoded\":false}");
  }

  private static String withAuthorizer(String authorizer) {
    return "{\"version\":\"2.0\",\"rawPath\":\"/transactions\",\"headers\":{},"
        + "\"requestContext\":{\"stage\":\"$default\",\"http\":{\"method\":\"GET\"},\"authorizer\":"
        + authorizer + "}}";
  }

  @Test
  void aJwtCallerIsItsIssuerAndSubject() throws Exception {
    ApiRequest request = HttpApiEvents.parse(withAuthorizer(
        "{\"jwt\":{\"claims\":{\"iss\":\"https://idp.example\",\"sub\":\"client-7\"},\"scopes\":null}}"));

    assertThat(request.caller().id()).isEqualTo("jwt:https://idp.example|client-7");
  }

  @Test
  void anIamCallerIsItsUserArn() throws Exception {
    ApiRequest request = HttpApiEvents.parse(withAuthorizer(
        "{\"iam\":{\"userArn\":\"arn:aws:sts::111122223333:assumed-role/r/s\",\"userId\":\"AROA:s\"}}"));

    assertThat(request.caller().id()).isEqualTo("iam:arn:aws:sts::111122223333:assumed-role/r/s");
  }

  @Test
  void aJwtWithoutAnIssuerOrASubjectIsRefused() {
    for (String claims : java.util.List.of("{\"sub\":\"client-7\"}", "{\"iss\":\"https://idp.example\"}",
        "{\"iss\":\"\",\"sub\":\"client-7\"}", "{}")) {
      assertThatThrownBy(() -> HttpApiEvents.parse(withAuthorizer("{\"jwt\":{\"claims\":" + claims + "}}")))
          .as(claims)
          .isInstanceOf(HttpApiEvents.UnauthenticatedException.class)
          .hasMessage("The token must carry an issuer (iss) and a subject (sub) claim");
    }
  }
}
