package com.example.txndr.testkit.moto.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * DynamoDB's JSON protocol by hand (the test kit has no AWS SDK): requests carry a SigV4-shaped
 * {@code Authorization} header naming an access key moto has never issued, which moto accepts
 * while it does not enforce IAM and refuses (403 InvalidClientTokenId) when it does.
 */
final class DynamoDbWire {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  record Answer(int status, String body) {}

  private DynamoDbWire() {}

  static Answer call(URI endpoint, String operation, String json) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", "DynamoDB_20120810." + operation)
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDNEVERISSUED/20260101/us-east-1/dynamodb/aws4_request,"
            + " SignedHeaders=host, Signature=0000")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  static Answer listTables(URI endpoint) throws IOException, InterruptedException {
    return call(endpoint, "ListTables", "{}");
  }

  static Answer createTable(URI endpoint, String name) throws IOException, InterruptedException {
    return call(endpoint, "CreateTable", "{\"TableName\":\"" + name + "\","
        + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
        + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
        + "\"BillingMode\":\"PAY_PER_REQUEST\"}");
  }

  /** The names ListTables answers, as its JSON array's text: {@code []} for none. */
  static String tableNames(URI endpoint) throws IOException, InterruptedException {
    Answer answer = listTables(endpoint);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.body().replaceAll("(?s).*\"TableNames\":\\s*(\\[[^]]*]).*", "$1");
  }
}
