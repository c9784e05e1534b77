package com.example.txndr.lambda.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * {@link ParameterStore} over SSM's AWS JSON 1.1 protocol: {@code POST /} with
 * {@code X-Amz-Target: AmazonSSM.<operation>}, signed with SigV4 ({@code ssm}, the region) by the
 * SDK's {@link AwsV4HttpSigner}, with the credentials of {@link AwsClients} (session token
 * included), sent by the SDK's HTTP client. The endpoint is {@code https://ssm.<region>.<partition's
 * DNS suffix>}, or the configuration's endpoint override. Up to {@link #MAX_ATTEMPTS} attempts, as
 * the SDK's standard retry strategy: I/O errors, 5xx, 429 and throttling answers are retried after
 * a jittered back-off; other answers fail with SSM's error type and message.
 */
final class SsmJsonClient implements ParameterStore {
  static final int MAX_ATTEMPTS = 3;
  /** The error types of SSM's throttling answers (HTTP 400), as the SDK classifies them. */
  private static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "TooManyUpdates",
      "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException",
      "ProvisionedThroughputExceededException", "SlowDown", "PriorRequestNotComplete");

  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final String region;
  private final URI endpoint;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  SsmJsonClient(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpointOverride) {
    this.http = http;
    this.credentials = credentials;
    this.region = region;
    this.endpoint = endpointOverride != null ? endpointOverride : endpoint(region);
  }

  /** SSM's regional endpoint: {@code https://ssm.us-west-2.amazonaws.com}, {@code ...amazonaws.com.cn}. */
  static URI endpoint(String region) {
    return URI.create("https://ssm." + region + "." + PartitionMetadata.of(Region.of(region)).dnsSuffix());
  }

  URI endpoint() {
    return endpoint;
  }

  @Override
  public Map<String, String> getParameters(List<String> names) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("Names", names);
    request.put("WithDecryption", false);
    Map<String, Object> answer = call("GetParameters", request);
    Map<String, String> values = new LinkedHashMap<>();
    if (answer.get("Parameters") instanceof List) {
      for (Object parameter : (List<?>) answer.get("Parameters")) {
        if (parameter instanceof Map && ((Map<?, ?>) parameter).get("Name") instanceof String
            && ((Map<?, ?>) parameter).get("Value") instanceof String) {
          values.put((String) ((Map<?, ?>) parameter).get("Name"), (String) ((Map<?, ?>) parameter).get("Value"));
        }
      }
    }
    return values;
  }

  @Override
  public void putParameter(String name, String value) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("Name", name);
    request.put("Value", value);
    request.put("Type", "String");
    request.put("Overwrite", true);
    call("PutParameter", request);
  }

  /** The signed request of one attempt (what {@link #call} sends). */
  SdkHttpFullRequest signedRequest(String operation, byte[] body) {
    SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(endpoint.resolve("/"))
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", "AmazonSSM." + operation)
        .putHeader("Content-Length", Integer.toString(body.length))
        .build();
    SignedRequest signed = signer.sign(r -> r
        .identity(credentials.resolveCredentials())
        .request(unsigned)
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ssm")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    return SdkHttpFullRequest.builder()
        .method(signed.request().method())
        .uri(signed.request().getUri())
        .headers(signed.request().headers())
        .contentStreamProvider(ContentStreamProvider.fromByteArray(body))
        .build();
  }

  private Map<String, Object> call(String operation, Map<String, Object> request) {
    byte[] body = Json.write(request).getBytes(StandardCharsets.UTF_8);
    String failure = null;
    Throwable cause = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (attempt > 1) {
        pause(attempt);
      }
      SdkHttpFullRequest signed = signedRequest(operation, body);
      int status;
      String text;
      try {
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
            .request(signed).contentStreamProvider(signed.contentStreamProvider().orElseThrow()).build()).call();
        status = response.httpResponse().statusCode();
        try (InputStream in = response.responseBody().orElse(null)) {
          text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        failure = "SSM " + operation + " in " + region + " failed: " + e;
        cause = e;
        continue;
      }
      Map<String, Object> answer = parse(text);
      if (status / 100 == 2) {
        return answer;
      }
      String type = errorType(answer);
      Object message = answer.containsKey("message") ? answer.get("message") : answer.get("Message");
      failure = "SSM " + operation + " in " + region + " failed: HTTP " + status + " " + type
          + (message == null ? "" : ": " + message);
      cause = null;
      if (!(status >= 500 || status == 429 || THROTTLING.contains(type))) {
        break;
      }
    }
    throw cause == null ? new ParameterStoreException(failure) : new ParameterStoreException(failure, cause);
  }

  private static Map<String, Object> parse(String text) {
    if (text.isBlank()) {
      return Map.of();
    }
    try {
      return Json.parseObject(text);
    } catch (Json.MalformedJsonException | RuntimeException e) {
      return Map.of("message", text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }
  }

  /** SSM's {@code __type}, without its namespace ({@code com.amazonaws.ssm#ParameterNotFound}). */
  private static String errorType(Map<String, Object> answer) {
    Object type = answer.get("__type");
    if (!(type instanceof String)) {
      return "(no error type)";
    }
    String name = (String) type;
    return name.substring(name.lastIndexOf('#') + 1);
  }

  /** Full jitter under 25 ms, then 50 ms (the SDK clients' back-off here, capped at 250 ms). */
  private static void pause(int attempt) {
    long cap = Math.min(250, 25L << (attempt - 2));
    try {
      Thread.sleep((long) (Math.random() * cap));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ParameterStoreException("interrupted between SSM attempts", e);
    }
  }
}
