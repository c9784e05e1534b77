package com.example.txndr.lambda.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.globaltable.MemoryDynamoDb;
import com.example.txndr.lambda.bench.RecordingHttpClient;
import com.example.txndr.lambda.local.ResourceBootstrap;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The benchmarks' wire: MemoryDynamoDb behind a recorder of the requests as the SDK sent them. */
class RecordingHttpClientTest {
  private static final Map<String, AttributeValue> KEY =
      Map.of("pk", AttributeValue.fromS("ACCT#a"), "sk", AttributeValue.fromS("BAL#USD#E000000000001"));

  private final MemoryDynamoDb memory = new MemoryDynamoDb();
  private final RecordingHttpClient wire = new RecordingHttpClient(memory.httpClient());
  private final DynamoDbClient dynamoDb = DynamoDbClient.builder()
      .httpClient(wire)
      .region(Region.US_EAST_1)
      .endpointOverride(URI.create("http://dynamodb.memory"))
      .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
      .build();

  @AfterEach
  void close() {
    dynamoDb.close();
  }

  @Test
  void requestsAreRecordedAsSentWhileARecorderIsSet() {
    ResourceBootstrap.createTable(dynamoDb, "txn");
    List<RecordingHttpClient.Sent> sent = new ArrayList<>();
    wire.record(sent::add);
    dynamoDb.putItem(r -> r.tableName("txn").item(Map.of("pk", KEY.get("pk"), "sk", KEY.get("sk"),
        "delta", AttributeValue.fromN("5"))));
    wire.record(null);
    dynamoDb.getItem(r -> r.tableName("txn").key(KEY));

    assertThat(sent).extracting(RecordingHttpClient.Sent::operation).containsExactly("PutItem");
    assertThat(new String(sent.get(0).body(), StandardCharsets.UTF_8)).contains("\"TableName\":\"txn\"", "\"delta\":{\"N\":\"5\"}");
    assertThat(sent.get(0).status()).isEqualTo(200);
  }

  @Test
  void theWrappedServiceAnswersAndKeepsTheWrites() {
    ResourceBootstrap.createTable(dynamoDb, "txn");
    wire.record(s -> { });
    dynamoDb.putItem(r -> r.tableName("txn").item(Map.of("pk", KEY.get("pk"), "sk", KEY.get("sk"),
        "delta", AttributeValue.fromN("5"))));

    assertThat(memory.getItem("us-east-1", "txn", KEY)).hasValueSatisfying(item ->
        assertThat(item).containsEntry("delta", AttributeValue.fromN("5")));
    assertThat(dynamoDb.getItem(r -> r.tableName("txn").key(KEY).consistentRead(true)).item())
        .containsEntry("delta", AttributeValue.fromN("5"));
  }

  @Test
  void aRecordedRequestSentAgainStraightToTheServiceGetsTheSameAnswer() throws Exception {
    ResourceBootstrap.createTable(dynamoDb, "txn");
    List<RecordingHttpClient.Sent> sent = new ArrayList<>();
    wire.record(sent::add);
    dynamoDb.putItem(r -> r.tableName("txn").item(Map.of("pk", KEY.get("pk"), "sk", KEY.get("sk"))).conditionExpression(
        "attribute_not_exists(pk)"));

    // Sent again (no SDK in between), the conditional put now finds the item: 400, ConditionalCheckFailed.
    HttpExecuteResponse again = memory.httpClient().prepareRequest(sent.get(0).request()).call();

    assertThat(again.httpResponse().statusCode()).isEqualTo(400);
    try (InputStream body = again.responseBody().orElseThrow()) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).contains("ConditionalCheckFailedException");
    }
  }
}
