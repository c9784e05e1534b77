package com.example.txndr.lambda.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that answers DynamoDB without I/O: a control shard for GetItem, success
 * for TransactWriteItems. The SDK still marshals, signs (SigV4) and unmarshals every call, so a
 * benchmark through it measures the handler's CPU work per request, network excluded.
 */
final class StubDynamoDbHttpClient implements SdkHttpClient {
  private static final byte[] CONTROL_ITEM = ("{\"Item\":{\"pk\":{\"S\":\"CONTROL#0\"},\"sk\":{\"S\":\"ACTIVE_REGION\"},"
      + "\"region\":{\"S\":\"us-east-1\"},\"epoch\":{\"N\":\"1\"}}}").getBytes(StandardCharsets.UTF_8);
  private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
    byte[] body = target.endsWith("GetItem") ? CONTROL_ITEM : EMPTY;
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        request.contentStreamProvider().ifPresent(provider -> {
          try {
            provider.newStream().readAllBytes();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        return HttpExecuteResponse.builder()
            .response(SdkHttpResponse.builder().statusCode(200)
                .putHeader("Content-Type", "application/x-amz-json-1.0").build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public void close() {}
}
