package com.example.txndr.globaltable;

import com.example.txndr.globaltable.internal.DynamoException;
import com.example.txndr.globaltable.internal.Engine;
import com.example.txndr.globaltable.internal.SdkValues;
import com.example.txndr.globaltable.internal.Value;
import com.example.txndr.globaltable.internal.WireServer;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * An in-memory DynamoDB, one set of tables per region, that a real {@code DynamoDbClient} talks
 * to through {@link #httpClient()}; {@link #client(String)} builds such a client:
 *
 * <pre>{@code
 * MemoryDynamoDb memory = new MemoryDynamoDb();
 * DynamoDbClient client = DynamoDbClient.builder()
 *     .httpClient(memory.httpClient())
 *     .endpointOverride(URI.create("http://dynamodb.memory"))
 *     .region(Region.US_EAST_1)
 *     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
 *     .build();
 * }</pre>
 *
 * <p>Deterministic: no randomness, stable iteration order, and time only from the {@link Clock}
 * (used for the 10-minute ClientRequestToken window of TransactWriteItems). Requests outside the
 * modelled subset fail with a ValidationException whose message starts with
 * {@code "MemoryDynamoDb does not support "}. See the module README for the subset.
 *
 * <p>The direct methods below bypass the protocol and conditions (for harnesses and replicators);
 * they still check keys against the table's schema. Thread-safe: every call holds one lock.
 */
public final class MemoryDynamoDb {
  private final Object lock = new Object();
  private final Engine engine;
  private final SdkHttpClient httpClient;

  /** A model whose clock stands still at the epoch: ClientRequestTokens never expire. */
  public MemoryDynamoDb() {
    this(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
  }

  /** A model that reads time (table creation, ClientRequestToken expiry) from {@code clock}. */
  public MemoryDynamoDb(Clock clock) {
    this.engine = new Engine(clock);
    this.httpClient = new WireServer(engine, lock);
  }

  /** The SdkHttpClient to give {@code DynamoDbClient.builder().httpClient(...)}. Thread-safe. */
  public SdkHttpClient httpClient() {
    return httpClient;
  }

  /**
   * A client of {@code region}'s tables in this model, with static test credentials and no SDK
   * retries: a caller sees each answer of the model as it is.
   */
  public DynamoDbClient client(String region) {
    return DynamoDbClient.builder()
        .httpClient(httpClient)
        .endpointOverride(URI.create("http://dynamodb.memory"))
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** The item with this key, read directly (no protocol, no projection). */
  public Optional<Map<String, AttributeValue>> getItem(String region, String table, Map<String, AttributeValue> key) {
    return call(() -> Optional.ofNullable(engine.table(region, table).directGet(SdkValues.item(key))).map(SdkValues::sdkItem));
  }

  /** Stores the whole item unconditionally, replacing any item with its key. */
  public void putItem(String region, String table, Map<String, AttributeValue> item) {
    call(() -> {
      engine.table(region, table).directPut(SdkValues.item(item));
      return null;
    });
  }

  /** Deletes the item with this key, if any. */
  public void deleteItem(String region, String table, Map<String, AttributeValue> key) {
    call(() -> {
      engine.table(region, table).directDelete(SdkValues.item(key));
      return null;
    });
  }

  /** Every item of the table, ordered by partition key then sort key (DynamoDB's key order). */
  public List<Map<String, AttributeValue>> scan(String region, String table) {
    return call(() -> {
      List<Map<String, AttributeValue>> out = new ArrayList<>();
      for (Map<String, Value> item : engine.table(region, table).directScan()) {
        out.add(SdkValues.sdkItem(item));
      }
      return out;
    });
  }

  /** Creates a table exactly as the CreateTable operation would. */
  public void createTable(String region, CreateTableRequest request) {
    call(() -> engine.handle(region, "CreateTable", SdkValues.json(request)));
  }

  private <T> T call(Supplier<T> body) {
    synchronized (lock) {
      try {
        return body.get();
      } catch (DynamoException e) {
        throw sdkException(e);
      }
    }
  }

  /** The exception the SDK would have raised for the same error on the wire. */
  private static DynamoDbException sdkException(DynamoException e) {
    AwsErrorDetails details = AwsErrorDetails.builder()
        .errorCode(e.code())
        .errorMessage(e.getMessage())
        .serviceName("DynamoDb")
        .build();
    DynamoDbException.Builder builder;
    switch (e.code()) {
      case "ResourceNotFoundException":
        builder = ResourceNotFoundException.builder();
        break;
      case "ResourceInUseException":
        builder = ResourceInUseException.builder();
        break;
      default:
        builder = DynamoDbException.builder();
        break;
    }
    return (DynamoDbException) builder.message(e.getMessage()).statusCode(400).awsErrorDetails(details).build();
  }
}
