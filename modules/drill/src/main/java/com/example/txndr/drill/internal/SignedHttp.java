package com.example.txndr.drill.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * HTTPS with the JDK's client; signed requests carry SigV4 from the SDK's
 * {@link AwsV4HttpSigner} with the CLI's credentials (the API's business routes use IAM
 * authorization: {@code execute-api:Invoke}).
 */
public final class SignedHttp implements Http {
  /** Headers the JDK client sets itself and refuses from callers; the signed values are the same. */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  // HTTP/1.1: the signature covers the Host header, which HTTP/2 replaces by :authority.
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final AwsCredentialsProvider credentials;

  public SignedHttp(AwsCredentialsProvider credentials) {
    this.credentials = credentials;
  }

  @Override
  public Answer get(URI url) {
    return send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build());
  }

  @Override
  public Answer signed(String method, URI url, String service, String region, Map<String, String> headers,
      String body) {
    return signed(method, url, service, region, headers, body, TIMEOUT);
  }

  @Override
  public Answer signed(String method, URI url, String service, String region, Map<String, String> headers,
      String body, Duration timeout) {
    SignedRequest signed = sign(method, url, service, region, headers, body);
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        for (String value : header.getValue()) {
          request.header(header.getKey(), value);
        }
      }
    }
    return send(request.build());
  }

  /** The request as the SDK signs it: SigV4 headers (and the session token) added. */
  SignedRequest sign(String method, URI url, String service, String region, Map<String, String> headers, String body) {
    SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.fromValue(method))
        .uri(url);
    headers.forEach(request::putHeader);
    SdkHttpRequest unsigned = request.build();
    return signer.sign(r -> r
        .identity(credentials.resolveCredentials())
        .request(unsigned)
        .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Map<String, String> headers = new HashMap<>();
      response.headers().map().forEach((name, values) -> {
        if (!values.isEmpty()) {
          headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
        }
      });
      return new Answer(response.statusCode(), response.body(), headers);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + Watch.describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(request.method() + " " + request.uri() + " interrupted", e);
    }
  }
}
