package com.example.txndr.lambda.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * An SDK HTTP client in front of another (here {@code MemoryDynamoDb.httpClient()}) that hands
 * every request it executes, as the SDK sent it (marshalled and signed), to a recorder while one
 * is set; without a recorder it only delegates. The wrapped client answers: this class changes
 * no request and no response.
 */
public final class RecordingHttpClient implements SdkHttpClient {
  private static final byte[] NO_BODY = new byte[0];

  /**
   * One request as sent, and the status the wrapped client answered it with.
   *
   * @param operation the {@code X-Amz-Target} without its service prefix, e.g. {@code TransactWriteItems}
   * @param http the request line and headers (the signature included)
   * @param body the body bytes
   * @param status the HTTP status of the answer
   */
  public record Sent(String operation, SdkHttpRequest http, byte[] body, int status) {
    /** The same request again, to send to a client directly (without the SDK). */
    public HttpExecuteRequest request() {
      return HttpExecuteRequest.builder().request(http).contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(body))
          .build();
    }
  }

  private final SdkHttpClient wire;
  private volatile Consumer<Sent> recorder;

  public RecordingHttpClient(SdkHttpClient wire) {
    this.wire = wire;
  }

  /** Hands every later request to {@code recorder}; {@code null} stops recording. */
  public void record(Consumer<Sent> recorder) {
    this.recorder = recorder;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    Consumer<Sent> listener = recorder;
    if (listener == null) {
      return wire.prepareRequest(request);
    }
    byte[] body = request.contentStreamProvider().map(RecordingHttpClient::read).orElse(NO_BODY);
    SdkHttpRequest http = request.httpRequest();
    String target = http.firstMatchingHeader("X-Amz-Target").orElse("");
    String operation = target.substring(target.indexOf('.') + 1);
    ExecutableHttpRequest delegate = wire.prepareRequest(HttpExecuteRequest.builder().request(http)
        .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(body)).build());
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        HttpExecuteResponse response = delegate.call();
        listener.accept(new Sent(operation, http, body, response.httpResponse().statusCode()));
        return response;
      }

      @Override
      public void abort() {
        delegate.abort();
      }
    };
  }

  private static byte[] read(ContentStreamProvider provider) {
    try (InputStream in = provider.newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the request body", e);
    }
  }

  @Override
  public String clientName() {
    return "Recording(" + wire.clientName() + ")";
  }

  @Override
  public void close() {
    wire.close();
  }
}
