package com.example.txndr.lambda.bench;

import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.internal.Config;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * CPU time of the transaction processor per request, I/O excluded: a payload 2.0 event in, the
 * response out, through {@link ApiHandler#handleRequest}, with DynamoDB answered in memory by
 * {@link StubDynamoDbHttpClient} (the SDK still marshals, signs and parses). Single thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandlerCpuBenchmark {
  private final AtomicLong sequence = new AtomicLong();
  private ApiHandler handler;
  private String transferPrefix;
  private byte[] getEvent;

  @Setup
  public void setUp() {
    Config config = Config.fromEnvironment(Map.of("TABLE_NAME", "txn-dr-bench-transactions",
        "AWS_REGION", "us-east-1", "PRIMARY_REGION", "us-east-1", "SECONDARY_REGION", "us-west-2"));
    DynamoDbClient dynamoDb = DynamoDbClient.builder()
        .httpClient(new StubDynamoDbHttpClient())
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://localhost"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .build();
    handler = new ApiHandler(config, dynamoDb, Clock.systemUTC());
    transferPrefix = "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/transactions\","
        + "\"requestContext\":{\"stage\":\"$default\",\"http\":{\"method\":\"POST\",\"path\":\"/transactions\"}},"
        + "\"isBase64Encoded\":false,\"body\":\"{\\\"type\\\":\\\"TRANSFER\\\",\\\"sourceAccount\\\":\\\"alice\\\","
        + "\\\"destinationAccount\\\":\\\"bob\\\",\\\"amount\\\":\\\"12.34\\\",\\\"currency\\\":\\\"USD\\\"}\","
        + "\"headers\":{\"content-type\":\"application/json\",\"idempotency-key\":\"bench-";
    getEvent = ("{\"version\":\"2.0\",\"rawPath\":\"/health\",\"headers\":{},"
        + "\"requestContext\":{\"stage\":\"$default\",\"http\":{\"method\":\"GET\"}}}").getBytes(StandardCharsets.UTF_8);
    String first;
    try {
      first = new String(postTransfer(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (!first.startsWith("{\"statusCode\":201")) {
      throw new IllegalStateException("The benchmark must measure the success path; got " + first);
    }
  }

  /** POST /transactions (a transfer): validation, fencing (cached), one TransactWriteItems, response. */
  @Benchmark
  public byte[] postTransfer() throws IOException {
    byte[] event = (transferPrefix + sequence.incrementAndGet() + "\"}}").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    handler.handleRequest(new ByteArrayInputStream(event), out, null);
    return out.toByteArray();
  }

  /** GET /health: one consistent GetItem of the control item. */
  @Benchmark
  public byte[] getHealth() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    handler.handleRequest(new ByteArrayInputStream(getEvent), out, null);
    return out.toByteArray();
  }
}
