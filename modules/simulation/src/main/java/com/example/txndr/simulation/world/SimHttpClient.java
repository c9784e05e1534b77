package com.example.txndr.simulation.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;

/**
 * The network between one region's functions and a DynamoDB endpoint (the region's replica of the
 * transactions table, or the arbiter), under the SDK: each request waits its outbound latency
 * (virtual), meets the faults in effect, is applied by the backend at that instant, has its
 * writes captured for replication at that same instant, and waits its return latency. A fault
 * after the request was applied loses the response, as a real timeout does.
 */
public final class SimHttpClient implements SdkHttpClient {
  /** What the client talks to. */
  public enum Target { REPLICA, ARBITER }

  private static final ObjectMapper JSON = new ObjectMapper();


  private final String region;
  private final String component;
  private final Target target;
  private final SdkHttpClient backend;
  private final Scheduler scheduler;
  private final Network network;
  private final Latency latency;
  private final Random random;
  private final WriteCapture capture;

  /** Receives the keys a successful write wrote, at the instant it was applied. */
  @FunctionalInterface
  public interface WriteCapture {
    void written(String region, String table, List<JsonNode> keys, long appliedAt);
  }

  /** Latency of one direction of one request, in virtual ms. */
  @FunctionalInterface
  public interface Latency {
    long millis(Target target, Random random);
  }

  public SimHttpClient(String region, String component, Target target, SdkHttpClient backend, Scheduler scheduler,
      Network network, Latency latency, Random random, WriteCapture capture) {
    this.region = region;
    this.component = component;
    this.target = target;
    this.backend = backend;
    this.scheduler = scheduler;
    this.network = network;
    this.latency = latency;
    this.random = random;
    this.capture = capture;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        return execute(request);
      }

      @Override
      public void abort() {}
    };
  }

  private HttpExecuteResponse execute(HttpExecuteRequest request) throws IOException {
    byte[] body = request.contentStreamProvider().isPresent()
        ? request.contentStreamProvider().get().newStream().readAllBytes() : new byte[0];
    String operation = request.httpRequest().firstMatchingHeader("X-Amz-Target")
        .map(t -> t.substring(t.indexOf('.') + 1)).orElse("");
    long out = latency.millis(target, random);
    if (network.slowWriteMillis() > 0 && isWrite(operation) && random.nextInt(20) == 0) {
      out += network.slowWriteMillis();
    }
    scheduler.sleep(out);
    if (network.down(region)) {
      throw new IOException("connect timed out: region " + region + " is down");
    }
    if (component.equals("keeper") && network.keeperCrashed(region, scheduler.now())) {
      throw new IOException("the keeper of " + region + " crashed");
    }
    if (target == Target.ARBITER && network.arbiterCut(region)) {
      throw new IOException(region + " reaches neither the other replica nor the witness of the control table");
    }
    Optional<HttpExecuteResponse> conflict = injectedConflict(operation, body);
    HttpExecuteResponse response;
    if (conflict.isPresent()) {
      response = conflict.get();
    } else {
      HttpExecuteRequest forwarded = HttpExecuteRequest.builder()
          .request(request.httpRequest())
          .contentStreamProvider(() -> new ByteArrayInputStream(body))
          .build();
      response = buffered(backend.prepareRequest(forwarded).call());
      if (target == Target.REPLICA && response.httpResponse().statusCode() == 200 && isWrite(operation)) {
        capture(operation, body);
      }
      if (target == Target.ARBITER && component.equals("keeper") && response.httpResponse().statusCode() == 200
          && operation.equals("PutItem") && JSON.readTree(body).path("Item").path("pk").path("S").asText().equals("LEASE")) {
        network.arbiterWritten(region, scheduler.now());
      }
    }
    scheduler.sleep(latency.millis(target, random));
    if (network.down(region)) {
      throw new IOException("read timed out: region " + region + " went down before the response arrived");
    }
    return response;
  }

  private static boolean isWrite(String operation) {
    return switch (operation) {
      case "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem" -> true;
      default -> false;
    };
  }

  /**
   * Under load (the region's conflict rate), a write meets a transaction in progress on its items:
   * DynamoDB answers TransactionConflictException to a single-item write, and cancels a
   * transaction with reason TransactionConflict on its first action.
   */
  private Optional<HttpExecuteResponse> injectedConflict(String operation, byte[] body) throws IOException {
    double rate = network.conflictRate(region);
    if (target != Target.REPLICA || rate <= 0 || !isWrite(operation) || random.nextDouble() >= rate) {
      return Optional.empty();
    }
    String json;
    if (operation.equals("TransactWriteItems")) {
      int actions = JSON.readTree(body).path("TransactItems").size();
      StringBuilder reasons = new StringBuilder("[{\"Code\":\"TransactionConflict\",\"Message\":\"Transaction is"
          + " ongoing for the item\"}");
      for (int i = 1; i < actions; i++) {
        reasons.append(",{\"Code\":\"None\"}");
      }
      reasons.append(']');
      json = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\",\"message\":"
          + "\"Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]\","
          + "\"CancellationReasons\":" + reasons + "}";
    } else if (operation.equals("BatchWriteItem")) {
      return Optional.empty();
    } else {
      json = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionConflictException\",\"message\":"
          + "\"Transaction is ongoing for the item\"}";
    }
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    SdkHttpFullResponse http = SdkHttpFullResponse.builder().statusCode(400)
        .putHeader("Content-Type", "application/x-amz-json-1.0")
        .putHeader("x-amzn-RequestId", "sim-conflict")
        .build();
    return Optional.of(HttpExecuteResponse.builder().response(http)
        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes))).build());
  }

  private static HttpExecuteResponse buffered(HttpExecuteResponse response) throws IOException {
    byte[] bytes;
    try (InputStream in = response.responseBody().map(b -> (InputStream) b).orElse(InputStream.nullInputStream())) {
      bytes = in.readAllBytes();
    }
    return HttpExecuteResponse.builder().response(response.httpResponse())
        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes))).build();
  }

  private void capture(String operation, byte[] body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, List<JsonNode>> byTable = new java.util.LinkedHashMap<>();
    switch (operation) {
      case "PutItem" -> add(byTable, json.path("TableName").asText(), keyOf(json.path("Item")));
      case "UpdateItem", "DeleteItem" -> add(byTable, json.path("TableName").asText(), keyOf(json.path("Key")));
      case "TransactWriteItems" -> {
        for (JsonNode action : json.path("TransactItems")) {
          if (action.has("Put")) {
            add(byTable, action.path("Put").path("TableName").asText(), keyOf(action.path("Put").path("Item")));
          } else if (action.has("Update")) {
            add(byTable, action.path("Update").path("TableName").asText(), keyOf(action.path("Update").path("Key")));
          } else if (action.has("Delete")) {
            add(byTable, action.path("Delete").path("TableName").asText(), keyOf(action.path("Delete").path("Key")));
          }
        }
      }
      case "BatchWriteItem" -> json.path("RequestItems").fields().forEachRemaining(table -> {
        for (JsonNode write : table.getValue()) {
          JsonNode item = write.has("PutRequest") ? write.path("PutRequest").path("Item")
              : write.path("DeleteRequest").path("Key");
          add(byTable, table.getKey(), keyOf(item));
        }
      });
      default -> { }
    }
    long now = scheduler.now();
    byTable.forEach((table, keys) -> capture.written(region, table, keys, now));
  }

  private static void add(Map<String, List<JsonNode>> byTable, String table, JsonNode key) {
    byTable.computeIfAbsent(table, t -> new ArrayList<>()).add(key);
  }

  /** The key attributes ({@code pk}, {@code sk}) of an item in the wire format. */
  private static JsonNode keyOf(JsonNode item) {
    com.fasterxml.jackson.databind.node.ObjectNode key = JSON.createObjectNode();
    key.set("pk", item.path("pk"));
    key.set("sk", item.path("sk"));
    return key;
  }

  @Override
  public String clientName() {
    return "simulation";
  }

  @Override
  public void close() {}
}
