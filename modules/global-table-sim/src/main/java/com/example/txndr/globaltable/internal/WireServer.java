package com.example.txndr.globaltable.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The DynamoDB JSON protocol (awsJson1_0) in front of an {@link Engine}, as an
 * {@link SdkHttpClient}: the operation from {@code X-Amz-Target}, the region from the SigV4
 * credential scope, errors as HTTP 400 with {@code __type} and {@code message}. One request at a
 * time (the engine's monitor).
 */
public final class WireServer implements SdkHttpClient {
  private static final String TARGET_PREFIX = "DynamoDB_20120810.";
  private static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";
  private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/,]*/[^/,]*/([^/,]+)/dynamodb/aws4_request");
  static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final Engine engine;
  private final Object lock;
  private long requests;

  public WireServer(Engine engine, Object lock) {
    this.engine = engine;
    this.lock = lock;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        byte[] body = request.contentStreamProvider().isPresent() ? readAll(request.contentStreamProvider().get().newStream()) : new byte[0];
        synchronized (lock) {
          return respond(request.httpRequest(), body);
        }
      }

      @Override
      public void abort() {
      }
    };
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private HttpExecuteResponse respond(SdkHttpRequest http, byte[] body) {
    String requestId = String.format("MEMORYDYNAMODB%018d", ++requests);
    int status;
    ObjectNode out;
    try {
      String target = http.firstMatchingHeader("X-Amz-Target").orElse("");
      if (!target.startsWith(TARGET_PREFIX)) {
        throw DynamoException.unsupported("requests without an X-Amz-Target of DynamoDB_20120810 (got '" + target + "')");
      }
      String region = region(http);
      JsonNode request;
      try {
        request = body.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(body);
      } catch (IOException e) {
        throw new DynamoException("SerializationException", "Malformed JSON request body", null, null);
      }
      out = engine.handle(region, target.substring(TARGET_PREFIX.length()), request);
      status = 200;
    } catch (DynamoException e) {
      out = error(e);
      status = 400;
    }
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    SdkHttpResponse response = SdkHttpResponse.builder()
        .statusCode(status)
        .statusText(status == 200 ? "OK" : "Bad Request")
        .putHeader("Content-Type", "application/x-amz-json-1.0")
        .putHeader("Content-Length", Integer.toString(bytes.length))
        .putHeader("x-amzn-RequestId", requestId)
        .build();
    return HttpExecuteResponse.builder()
        .response(response)
        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
        .build();
  }

  /** The region of the SigV4 credential scope: {@code Credential=<key>/<date>/<region>/dynamodb/aws4_request}. */
  static String region(SdkHttpRequest http) {
    Optional<String> authorization = http.firstMatchingHeader("Authorization");
    if (authorization.isPresent()) {
      Matcher m = CREDENTIAL_SCOPE.matcher(authorization.get());
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new DynamoException("MissingAuthenticationTokenException",
        "Request is missing Authentication Token (MemoryDynamoDb reads the region from the SigV4 credential scope)", null, null);
  }

  static ObjectNode error(DynamoException e) {
    ObjectNode out = Wire.JSON.objectNode();
    out.put("__type", ERROR_PREFIX + e.code());
    out.put("message", e.getMessage());
    if (e.item() != null) {
      out.set("Item", Wire.item(e.item()));
    }
    if (e.reasons() != null) {
      ArrayNode reasons = out.putArray("CancellationReasons");
      for (DynamoException.Reason r : e.reasons()) {
        ObjectNode o = reasons.addObject();
        o.put("Code", r.code);
        if (r.message != null) {
          o.put("Message", r.message);
        }
        if (r.item != null) {
          o.set("Item", Wire.item(r.item));
        }
      }
    }
    return out;
  }

  @Override
  public String clientName() {
    return "MemoryDynamoDb";
  }

  @Override
  public void close() {
  }
}
