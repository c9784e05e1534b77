package com.example.txndr.lambda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The hand-written SSM client sends what the SDK's SSM client sends (same method, path, target,
 * content type and JSON body, a SigV4 signature for {@code ssm} in the region with the session
 * token), and reads SSM's answers and errors.
 */
class SsmJsonClientTest {
  private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
      AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "session-token"));
  private static final String GET_ANSWER = "{\"InvalidParameters\":[\"/p/missing\"],\"Parameters\":[{\"ARN\":"
      + "\"arn:aws:ssm:us-west-2:123456789012:parameter/p/api-endpoint\",\"DataType\":\"text\",\"LastModifiedDate\":"
      + "1.7E9,\"Name\":\"/p/api-endpoint\",\"Type\":\"String\",\"Value\":\"https://a1b2c3d4e5.execute-api"
      + ".us-west-2.amazonaws.com\",\"Version\":3}]}";

  /** Records each request and answers from a queue of (status, body). */
  static final class Recording implements SdkHttpClient {
    final List<HttpExecuteRequest> requests = new ArrayList<>();
    final List<String> bodies = new ArrayList<>();
    final Deque<Object[]> answers = new ArrayDeque<>();

    Recording answer(int status, String body) {
      answers.add(new Object[] {status, body});
      return this;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      requests.add(request);
      try {
        bodies.add(request.contentStreamProvider().isEmpty() ? ""
            : new String(request.contentStreamProvider().get().newStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Object[] answer = answers.isEmpty() ? new Object[] {200, "{}"} : answers.pop();
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() throws IOException {
          if (answer[1] instanceof IOException) {
            throw (IOException) answer[1];
          }
          byte[] bytes = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
          return HttpExecuteResponse.builder()
              .response(SdkHttpResponse.builder().statusCode((Integer) answer[0])
                  .putHeader("Content-Type", "application/x-amz-json-1.1")
                  .putHeader("Content-Length", Integer.toString(bytes.length)).build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {}
  }

  private static SsmClient sdk(Recording http) {
    return SsmClient.builder().region(Region.US_WEST_2).credentialsProvider(CREDENTIALS).httpClient(http)
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)).build();
  }

  private static void assertSameWire(Recording sdk, Recording ours) throws Exception {
    HttpExecuteRequest expected = sdk.requests.get(0);
    HttpExecuteRequest actual = ours.requests.get(0);
    assertThat(actual.httpRequest().method()).isEqualTo(expected.httpRequest().method());
    assertThat(actual.httpRequest().getUri()).isEqualTo(expected.httpRequest().getUri());
    for (String header : List.of("X-Amz-Target", "Content-Type", "Host", "X-Amz-Security-Token")) {
      assertThat(actual.httpRequest().firstMatchingHeader(header)).as(header)
          .isEqualTo(expected.httpRequest().firstMatchingHeader(header));
    }
    assertThat(Json.parseObject(ours.bodies.get(0))).isEqualTo(Json.parseObject(sdk.bodies.get(0)));
    String authorization = actual.httpRequest().firstMatchingHeader("Authorization").orElseThrow();
    assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        .contains("/us-west-2/ssm/aws4_request, SignedHeaders=").contains("x-amz-target")
        .contains("x-amz-security-token");
  }

  @Test
  void getParametersSendsWhatTheSdksClientSends() throws Exception {
    Recording sdkWire = new Recording().answer(200, GET_ANSWER);
    Recording ourWire = new Recording().answer(200, GET_ANSWER);
    List<String> names = List.of("/p/api-endpoint", "/p/missing");

    sdk(sdkWire).getParameters(r -> r.names(names).withDecryption(false));
    Map<String, String> values = new SsmJsonClient(ourWire, CREDENTIALS, "us-west-2", null).getParameters(names);

    assertSameWire(sdkWire, ourWire);
    assertThat(values).containsExactly(Map.entry("/p/api-endpoint", "https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com"));
  }

  @Test
  void putParameterSendsWhatTheSdksClientSends() throws Exception {
    Recording sdkWire = new Recording().answer(200, "{\"Tier\":\"Standard\",\"Version\":2}");
    Recording ourWire = new Recording().answer(200, "{\"Tier\":\"Standard\",\"Version\":2}");

    sdk(sdkWire).putParameter(r -> r.name("/p/peer/api-endpoint").value("v").type(ParameterType.STRING).overwrite(true));
    new SsmJsonClient(ourWire, CREDENTIALS, "us-west-2", null).putParameter("/p/peer/api-endpoint", "v");

    assertSameWire(sdkWire, ourWire);
  }

  @Test
  void endpointIsTheRegionsInItsPartitionOrTheOverride() {
    assertThat(SsmJsonClient.endpoint("us-west-2")).isEqualTo(URI.create("https://ssm.us-west-2.amazonaws.com"));
    assertThat(SsmJsonClient.endpoint("cn-north-1")).isEqualTo(URI.create("https://ssm.cn-north-1.amazonaws.com.cn"));
    assertThat(new SsmJsonClient(new Recording(), CREDENTIALS, "us-east-1", URI.create("http://localhost:5000"))
        .endpoint()).isEqualTo(URI.create("http://localhost:5000"));
  }

  @Test
  void throttlingAndServerErrorsAreRetried() {
    Recording wire = new Recording()
        .answer(400, "{\"__type\":\"com.amazonaws.ssm#ThrottlingException\",\"message\":\"Rate exceeded\"}")
        .answer(503, "")
        .answer(200, GET_ANSWER);

    Map<String, String> values = new SsmJsonClient(wire, CREDENTIALS, "us-west-2", null)
        .getParameters(List.of("/p/api-endpoint"));

    assertThat(wire.requests).hasSize(3);
    assertThat(values).containsKey("/p/api-endpoint");
  }

  @Test
  void anErrorAnswerFailsWithSsmsTypeAndMessageWithoutRetrying() {
    Recording wire = new Recording().answer(400, "{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:"
        + "sts::123456789012:assumed-role/r/f is not authorized to perform: ssm:PutParameter\"}");

    assertThatThrownBy(() -> new SsmJsonClient(wire, CREDENTIALS, "us-west-2", null).putParameter("/p/x", "v"))
        .isInstanceOf(ParameterStore.ParameterStoreException.class)
        .hasMessage("SSM PutParameter in us-west-2 failed: HTTP 400 AccessDeniedException: User: arn:aws:sts::"
            + "123456789012:assumed-role/r/f is not authorized to perform: ssm:PutParameter");
    assertThat(wire.requests).hasSize(1);
  }

  @Test
  void ioErrorsFailAfterThreeAttempts() {
    Recording wire = new Recording();
    for (int i = 0; i < 3; i++) {
      wire.answers.add(new Object[] {0, new IOException("connection reset")});
    }

    assertThatThrownBy(() -> new SsmJsonClient(wire, CREDENTIALS, "us-west-2", null).getParameters(List.of("/p/x")))
        .isInstanceOf(ParameterStore.ParameterStoreException.class)
        .hasMessage("SSM GetParameters in us-west-2 failed: java.io.IOException: connection reset")
        .hasCauseInstanceOf(IOException.class);
    assertThat(wire.requests).hasSize(3);
  }
}
