package com.example.txndr.lambda.bench;

import com.example.txndr.lambda.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiConsumer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that answers DynamoDB without I/O, with success. The SDK still marshals,
 * signs (SigV4) and unmarshals every call, so the handler behind it does all its own work and
 * sends its real requests; only the network and DynamoDB are left out. Two modes:
 *
 * <ul>
 *   <li>{@link #StubDynamoDbHttpClient()}: constant answers, nothing kept (the JMH benchmark, which
 *       measures the handler's CPU time and must not measure a growing table): a control shard
 *       for GetItem, success for TransactWriteItems.
 *   <li>{@link #StubDynamoDbHttpClient(StubDynamoDbTable)}: answers from a {@link StubDynamoDbTable}
 *       that applies every TransactWriteItems (the sample of the handler's DynamoDB requests).
 * </ul>
 *
 * <p>Either way, {@link #record} hands each request's operation and body, as sent, to a recorder.
 */
public final class StubDynamoDbHttpClient implements SdkHttpClient {
  private static final byte[] CONTROL_ITEM = ("{\"Item\":{\"pk\":{\"S\":\"CONTROL#0\"},\"sk\":{\"S\":\"ACTIVE_REGION\"},"
      + "\"region\":{\"S\":\"us-east-1\"},\"epoch\":{\"N\":\"1\"}}}").getBytes(StandardCharsets.UTF_8);
  private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

  private final StubDynamoDbTable table;
  private volatile BiConsumer<String, byte[]> recorder;

  /** Constant answers: a control shard for GetItem, success for everything else; nothing kept. */
  public StubDynamoDbHttpClient() {
    this.table = null;
  }

  /** Answers GetItem from {@code table} and applies every TransactWriteItems to it; other operations fail. */
  public StubDynamoDbHttpClient(StubDynamoDbTable table) {
    this.table = table;
  }

  /** Hands every later request's operation (e.g. {@code TransactWriteItems}) and body to {@code recorder} (null: stop). */
  public void record(BiConsumer<String, byte[]> recorder) {
    this.recorder = recorder;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
    String operation = target.substring(target.indexOf('.') + 1);
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        byte[] body = request.contentStreamProvider().map(provider -> {
          try {
            return provider.newStream().readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }).orElse(EMPTY);
        BiConsumer<String, byte[]> listener = recorder;
        if (listener != null) {
          listener.accept(operation, body);
        }
        byte[] answer = table == null ? constantAnswer(operation) : tableAnswer(operation, body);
        return HttpExecuteResponse.builder()
            .response(SdkHttpResponse.builder().statusCode(200)
                .putHeader("Content-Type", "application/x-amz-json-1.0").build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  private static byte[] constantAnswer(String operation) {
    return operation.equals("GetItem") ? CONTROL_ITEM : EMPTY;
  }

  private byte[] tableAnswer(String operation, byte[] body) {
    Map<String, Object> request;
    try {
      request = Json.parseObject(new String(body, StandardCharsets.UTF_8));
    } catch (Json.MalformedJsonException e) {
      throw new IllegalStateException(operation + " body is not JSON", e);
    }
    switch (operation) {
      case "GetItem":
        return Json.write(table.getItem(request)).getBytes(StandardCharsets.UTF_8);
      case "TransactWriteItems":
        table.transactWrite(request);
        return EMPTY;
      default:
        throw new IllegalStateException("The stub table does not model " + operation);
    }
  }

  @Override
  public void close() {}
}
