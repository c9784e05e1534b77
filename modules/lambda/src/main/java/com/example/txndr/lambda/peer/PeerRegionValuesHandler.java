package com.example.txndr.lambda.peer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.internal.Log;
import com.example.txndr.lambda.internal.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code Custom::PeerRegionValues} (root stack, primary region; docs/conventions.md,
 * "Peer-values custom resource"). CloudFormation cannot read another region; on Create and
 * Update this reads {@code <ParameterPrefix>/<name>} for each name of {@code Read} in
 * {@code Region} and returns them as attributes in UpperCamelCase ({@code api-endpoint} is
 * {@code ApiEndpoint}), and writes each {@code name: value} of {@code Write} to
 * {@code <ParameterPrefix>/peer/<name>} in {@code Region} (String, overwrite). Delete changes
 * nothing and succeeds (the written values are retained, like every resource).
 *
 * <p>It always responds to the pre-signed ResponseURL: any failure, an {@link Error} or a failed
 * initialisation included, becomes a FAILED response whose Reason says what was wrong, so a stack
 * never waits for the custom-resource timeout (the root stack's {@code ServiceTimeout} bounds what
 * is left: a class that cannot load at all, or a function that never runs). A response that would
 * exceed CloudFormation's 4 KB limit is a FAILED response saying so. It answers only an HTTPS URL
 * on an S3 host ({@link #isPresignedS3Url}), the only kind CloudFormation sends; any other URL is
 * logged and refused, so whoever may invoke the function cannot make it PUT elsewhere.
 *
 * <p>An {@code api-endpoint} value, read or written, must be an execute-api URL
 * ({@link #isExecuteApiEndpoint}: {@code https://<10-character api id>.execute-api.<region>.amazonaws.com},
 * of {@code Region} when read); anything else fails the resource, so a forged parameter cannot
 * become the root stack's endpoint output that the drill CLI signs its requests to. No function
 * decides writability or promotion from these values (docs/adr/0011).
 */
public final class PeerRegionValuesHandler implements RequestStreamHandler {
  /** CloudFormation rejects a response document above this size. */
  public static final int MAX_RESPONSE_BYTES = 4096;
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");
  private static final Pattern PREFIX = Pattern.compile("/[A-Za-z0-9_.\\-/]+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*");
  private static final int MAX_REASON = 1000;
  /** The parameter whose value is an API endpoint, validated by {@link #isExecuteApiEndpoint}. */
  static final String API_ENDPOINT = "api-endpoint";
  /**
   * S3 host names of CloudFormation's pre-signed response URLs: virtual-hosted style
   * {@code <bucket>.s3.amazonaws.com}, {@code <bucket>.s3-<region>.amazonaws.com} and
   * {@code <bucket>.s3.<region>.amazonaws.com} (and {@code .amazonaws.com.cn}).
   */
  private static final Pattern S3_HOST =
      Pattern.compile("[a-z0-9][a-z0-9.-]*\\.s3([.-][a-z0-9-]+)?\\.amazonaws\\.com(\\.cn)?");

  /** Delivers the response document to the ResponseURL. */
  public interface Responder {
    void send(URI responseUrl, String body) throws IOException;
  }

  private final Function<String, ParameterStore> ssmForRegion;
  private final Responder responder;
  private final Predicate<URI> acceptedResponseUrl;
  private final Throwable initFailure;

  /**
   * The Lambda runtime's constructor. It never throws: a configuration that cannot be read is kept
   * and answered as a FAILED response to the first event, instead of an init error that leaves
   * CloudFormation waiting.
   */
  public PeerRegionValuesHandler() {
    this(fromEnvironment());
  }

  public PeerRegionValuesHandler(Config config) {
    this(config, PeerRegionValuesHandler::isPresignedS3Url);
  }

  /** With another response URL policy: for tests that answer a local stub instead of S3. */
  public PeerRegionValuesHandler(Config config, Predicate<URI> acceptedResponseUrl) {
    this(cached(region -> AwsClients.parameterStore(config, region)), PeerRegionValuesHandler::put, acceptedResponseUrl, null);
  }

  public PeerRegionValuesHandler(Function<String, ParameterStore> ssmForRegion, Responder responder) {
    this(ssmForRegion, responder, PeerRegionValuesHandler::isPresignedS3Url, null);
  }

  private PeerRegionValuesHandler(Initialised initialised) {
    this(initialised.ssmForRegion, PeerRegionValuesHandler::put, PeerRegionValuesHandler::isPresignedS3Url,
        initialised.failure);
  }

  PeerRegionValuesHandler(Function<String, ParameterStore> ssmForRegion, Responder responder,
      Predicate<URI> acceptedResponseUrl, Throwable initFailure) {
    this.ssmForRegion = ssmForRegion;
    this.responder = responder;
    this.acceptedResponseUrl = acceptedResponseUrl;
    this.initFailure = initFailure;
  }

  /** What the no-argument constructor could build; a failure is kept, never thrown. */
  private static final class Initialised {
    final Function<String, ParameterStore> ssmForRegion;
    final Throwable failure;

    Initialised(Function<String, ParameterStore> ssmForRegion, Throwable failure) {
      this.ssmForRegion = ssmForRegion;
      this.failure = failure;
    }
  }

  private static Initialised fromEnvironment() {
    try {
      Config config = Config.fromEnvironment(System.getenv());
      return new Initialised(cached(region -> AwsClients.parameterStore(config, region)), null);
    } catch (Throwable e) {
      Log.error("Peer-values function could not initialise; every event is answered FAILED", e, Map.of());
      return new Initialised(region -> {
        throw new IllegalStateException("unreachable: initialisation failed");
      }, e);
    }
  }

  /**
   * True for the only kind of URL CloudFormation sends as ResponseURL: {@code https}, an S3 host
   * name, no user information and the default port.
   */
  public static boolean isPresignedS3Url(URI url) {
    return url != null
        && "https".equals(url.getScheme())
        && url.getRawUserInfo() == null
        && (url.getPort() == -1 || url.getPort() == 443)
        && url.getHost() != null
        && S3_HOST.matcher(url.getHost()).matches();
  }

  /**
   * True for {@code https://<api id>.execute-api.<region>.amazonaws.com} (a trailing slash allowed),
   * the API id being 10 lowercase letters or digits; of {@code region}, or of any region when null.
   */
  public static boolean isExecuteApiEndpoint(String value, String region) {
    String regionPattern = region == null ? REGION.pattern() : Pattern.quote(region);
    return value != null && value.matches("https://[a-z0-9]{10}\\.execute-api\\." + regionPattern
        + "\\.amazonaws\\.com/?");
  }

  private static Function<String, ParameterStore> cached(Function<String, ParameterStore> factory) {
    Map<String, ParameterStore> clients = new ConcurrentHashMap<>();
    return region -> clients.computeIfAbsent(region, factory);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Log.begin(context);
    try {
      answer(input);
    } finally {
      Log.end();
    }
  }

  private void answer(InputStream input) throws IOException {
    Map<String, Object> event;
    try {
      event = Json.parseObject(new String(input.readAllBytes(), StandardCharsets.UTF_8));
    } catch (Json.MalformedJsonException e) {
      Log.warn("Not a custom resource event (no ResponseURL to answer)", Map.of("error", e.getMessage()));
      return;
    }
    handle(event);
  }

  /**
   * Handles one event and sends its response; returns the response sent (null if none could be:
   * no ResponseURL, or one that is not a pre-signed S3 URL).
   */
  public Map<String, Object> handle(Map<String, Object> event) {
    Object url = event.get("ResponseURL");
    if (!(url instanceof String)) {
      Log.warn("Custom resource event without ResponseURL: nothing to answer", Map.of());
      return null;
    }
    URI responseUrl;
    try {
      responseUrl = new URI((String) url);
    } catch (java.net.URISyntaxException e) {
      responseUrl = null;
    }
    if (responseUrl == null || !acceptedResponseUrl.test(responseUrl)) {
      Log.warn("Refused to answer a ResponseURL that is not an HTTPS pre-signed S3 URL",
          Map.of("host", responseUrl == null || responseUrl.getHost() == null ? "(none)" : responseUrl.getHost()));
      return null;
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("StackId", event.get("StackId"));
    response.put("RequestId", event.get("RequestId"));
    response.put("LogicalResourceId", event.get("LogicalResourceId"));
    try {
      if (initFailure != null) {
        throw new IllegalStateException("The peer-values function could not initialise: " + describe(initFailure)
            + " (check its environment variables and its deployment package)", initFailure);
      }
      Map<String, String> data = process(event, response);
      response.put("Status", "SUCCESS");
      response.put("Reason", "Read " + data.size() + " parameter(s)");
      response.put("NoEcho", false);
      response.put("Data", data);
    } catch (Throwable e) {
      Log.error("Custom resource failed", e, Map.of("requestType", String.valueOf(event.get("RequestType"))));
      String reason = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      response.put("Status", "FAILED");
      response.put("Reason", reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason);
      response.putIfAbsent("PhysicalResourceId", physicalIdOnFailure(event));
    }
    String body = Json.write(response);
    if (body.getBytes(StandardCharsets.UTF_8).length > MAX_RESPONSE_BYTES) {
      response.remove("Data");
      response.put("Status", "FAILED");
      response.put("Reason", "The values read exceed CloudFormation's " + MAX_RESPONSE_BYTES
          + "-byte response limit: read fewer parameters");
      body = Json.write(response);
    }
    for (int attempt = 1; ; attempt++) {
      try {
        responder.send(responseUrl, body);
        return response;
      } catch (Throwable e) {
        if (attempt == 3) {
          Log.error("Could not deliver the custom resource response", e, Map.of());
          return response;
        }
        sleep(attempt * 500L);
      }
    }
  }

  private Map<String, String> process(Map<String, Object> event, Map<String, Object> response) {
    Object type = event.get("RequestType");
    if (!"Create".equals(type) && !"Update".equals(type) && !"Delete".equals(type)) {
      throw new IllegalArgumentException("RequestType must be Create, Update or Delete: got " + type);
    }
    if ("Delete".equals(type)) {
      response.put("PhysicalResourceId", physicalIdOnFailure(event));
      return Map.of();
    }
    Map<?, ?> properties = event.get("ResourceProperties") instanceof Map
        ? (Map<?, ?>) event.get("ResourceProperties") : Map.of();
    String region = required(properties, "Region", REGION, "a region such as us-west-2");
    String prefix = trimSlash(required(properties, "ParameterPrefix", PREFIX, "a path such as /txn-dr/prod"));
    response.put("PhysicalResourceId", "peer-values:" + region + ":" + prefix);
    List<String> read = names(properties.get("Read"));
    Map<String, String> write = values(properties.get("Write"));
    ParameterStore ssm = ssmForRegion.apply(region);

    Map<String, String> values = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (int from = 0; from < read.size(); from += 10) {
      List<String> batch = new ArrayList<>();
      for (String name : read.subList(from, Math.min(read.size(), from + 10))) {
        batch.add(prefix + "/" + name);
      }
      Map<String, String> byName = ssm.getParameters(batch);
      for (String full : batch) {
        if (byName.containsKey(full)) {
          values.put(full.substring(prefix.length() + 1), byName.get(full));
        } else {
          missing.add(full);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("Parameters not found in " + region + ": " + String.join(", ", missing)
          + " (deploy that region first; its ssm stack writes them)");
    }
    if (values.containsKey(API_ENDPOINT) && !isExecuteApiEndpoint(values.get(API_ENDPOINT), region)) {
      throw new IllegalStateException("Parameter " + prefix + "/" + API_ENDPOINT + " in " + region + " is not the"
          + " execute-api URL of an HTTP API in " + region + " (https://<api id>.execute-api." + region
          + ".amazonaws.com): refused; check who wrote it (CloudTrail PutParameter)");
    }
    if (write.containsKey(API_ENDPOINT) && !isExecuteApiEndpoint(write.get(API_ENDPOINT), null)) {
      throw new IllegalArgumentException("Write " + API_ENDPOINT + " must be an execute-api URL"
          + " (https://<api id>.execute-api.<region>.amazonaws.com): got " + write.get(API_ENDPOINT));
    }
    for (Map.Entry<String, String> value : write.entrySet()) {
      String name = prefix + "/peer/" + value.getKey();
      ssm.putParameter(name, value.getValue());
    }
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach((name, value) -> data.put(pascalCase(name), value));
    return data;
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static String physicalIdOnFailure(Map<String, Object> event) {
    Object existing = event.get("PhysicalResourceId");
    if (existing instanceof String && !((String) existing).isEmpty()) {
      return (String) existing;
    }
    return "peer-values:" + event.get("RequestId");
  }

  private static String required(Map<?, ?> properties, String name, Pattern pattern, String example) {
    String value = optional(properties, name, pattern, example);
    if (value == null) {
      throw new IllegalArgumentException("Property " + name + " is required (" + example + ")");
    }
    return value;
  }

  private static String optional(Map<?, ?> properties, String name, Pattern pattern, String example) {
    Object value = properties.get(name);
    if (value == null || "".equals(value)) {
      return null;
    }
    if (!(value instanceof String) || !pattern.matcher((String) value).matches()) {
      throw new IllegalArgumentException("Property " + name + " must be " + example + ": got " + value);
    }
    return (String) value;
  }

  private static List<String> names(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List)) {
      throw new IllegalArgumentException("Property Read must be a list of parameter names: got " + Json.typeName(value));
    }
    List<String> names = new ArrayList<>();
    for (Object name : (List<?>) value) {
      if (!(name instanceof String) || !NAME.matcher((String) name).matches()) {
        throw new IllegalArgumentException("Property Read has an invalid parameter name: " + name);
      }
      names.add((String) name);
    }
    return names;
  }

  private static Map<String, String> values(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("Property Write must be an object {name: value}: got " + Json.typeName(value));
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
      String name = String.valueOf(entry.getKey());
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("Property Write has an invalid parameter name: " + name);
      }
      if (!(entry.getValue() instanceof String) || ((String) entry.getValue()).isEmpty()) {
        throw new IllegalArgumentException("Property Write." + name + " must be a non-empty string");
      }
      values.put(name, (String) entry.getValue());
    }
    return values;
  }

  private static String trimSlash(String prefix) {
    return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  /** {@code api-endpoint} to {@code ApiEndpoint}; {@code peer/kms-key-arn} to {@code PeerKmsKeyArn}. */
  static String pascalCase(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("[-/_.]", -1)) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return out.toString();
  }

  /** PUT to the pre-signed S3 URL; an empty Content-Type, as the URL's signature expects. */
  static void put(URI url, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
    try {
      connection.setRequestMethod("PUT");
      connection.setDoOutput(true);
      connection.setConnectTimeout(5000);
      connection.setReadTimeout(10000);
      connection.setRequestProperty("Content-Type", "");
      connection.setFixedLengthStreamingMode(bytes.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(bytes);
      }
      int status = connection.getResponseCode();
      if (status / 100 != 2) {
        throw new IOException("PUT " + url.getHost() + " answered " + status);
      }
    } finally {
      connection.disconnect();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
