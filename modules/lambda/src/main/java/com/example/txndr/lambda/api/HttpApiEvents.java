package com.example.txndr.lambda.api;

import com.example.txndr.lambda.domain.Caller;
import com.example.txndr.lambda.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** API Gateway HTTP API, payload format 2.0: the Lambda proxy event in, the response out. */
public final class HttpApiEvents {
  private HttpApiEvents() {}

  /**
   * An event whose JWT authorizer context lacks the issuer or the subject: no caller can be
   * established, so the request is refused (401) rather than served as someone else.
   */
  public static final class UnauthenticatedException extends Exception {
    private static final long serialVersionUID = 1L;

    UnauthenticatedException(String message) {
      super(message);
    }
  }

  /** The request in a payload 2.0 event. */
  public static ApiRequest parse(String event) throws Json.MalformedJsonException, UnauthenticatedException {
    Map<String, Object> root = Json.parseObject(event);
    Map<?, ?> context = map(root.get("requestContext"));
    Map<?, ?> http = map(context.get("http"));
    Object method = http.get("method");
    Object rawPath = root.get("rawPath");
    if (!(method instanceof String) || !(rawPath instanceof String)) {
      throw new IllegalArgumentException(
          "Not an API Gateway HTTP API payload 2.0 event: requestContext.http.method and rawPath are required");
    }
    String path = stripStage((String) rawPath, context.get("stage"));
    Map<String, String> headers = new HashMap<>();
    map(root.get("headers")).forEach((name, value) -> headers.put(String.valueOf(name), String.valueOf(value)));
    String body = root.get("body") instanceof String ? (String) root.get("body") : null;
    int bytes = 0;
    if (body != null) {
      if (Boolean.TRUE.equals(root.get("isBase64Encoded"))) {
        byte[] decoded = Base64.getDecoder().decode(body);
        bytes = decoded.length;
        body = new String(decoded, StandardCharsets.UTF_8);
      } else {
        bytes = body.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return new ApiRequest((String) method, path, headers, body, bytes, caller(map(context.get("authorizer"))));
  }

  /**
   * The caller the route's authorizer established: a JWT's issuer and subject, or the IAM
   * principal; anonymous for a route without an authorizer.
   */
  static Caller caller(Map<?, ?> authorizer) throws UnauthenticatedException {
    if (authorizer.containsKey("jwt")) {
      Map<?, ?> claims = map(map(authorizer.get("jwt")).get("claims"));
      if (!(claims.get("iss") instanceof String issuer) || issuer.isBlank()
          || !(claims.get("sub") instanceof String subject) || subject.isBlank()) {
        throw new UnauthenticatedException("The token must carry an issuer (iss) and a subject (sub) claim");
      }
      return new Caller("jwt:" + issuer + "|" + subject);
    }
    Map<?, ?> iam = map(authorizer.get("iam"));
    if (iam.get("userArn") instanceof String arn) {
      return new Caller("iam:" + arn);
    }
    if (iam.get("userId") instanceof String principal) {
      // IAM authorization without an ARN in the context: the principal's id (AROA...:session).
      return new Caller("iam-principal:" + principal);
    }
    return Caller.ANONYMOUS;
  }

  /** rawPath carries the stage name unless the stage is {@code $default}. */
  private static String stripStage(String rawPath, Object stage) {
    if (stage instanceof String && !"$default".equals(stage)) {
      String prefix = "/" + stage;
      if (rawPath.equals(prefix)) {
        return "/";
      }
      if (rawPath.startsWith(prefix + "/")) {
        return rawPath.substring(prefix.length());
      }
    }
    return rawPath;
  }

  private static Map<?, ?> map(Object value) {
    return value instanceof Map ? (Map<?, ?>) value : Map.of();
  }

  /** The payload 2.0 response of {@code response}, as JSON text. */
  public static String format(ApiResponse response) {
    return Json.write(payload(response));
  }

  /** The payload 2.0 response of {@code response}, as the map a {@code RequestHandler} returns. */
  public static Map<String, Object> payload(ApiResponse response) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("statusCode", response.status());
    out.put("headers", response.headers());
    out.put("body", response.body());
    out.put("isBase64Encoded", false);
    return out;
  }
}
