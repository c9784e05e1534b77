package com.example.txndr.lambda.reconcile;

import static com.example.txndr.lambda.store.TableLayout.n;
import static com.example.txndr.lambda.store.TableLayout.number;
import static com.example.txndr.lambda.store.TableLayout.s;
import static com.example.txndr.lambda.store.TableLayout.string;

import com.example.txndr.lambda.store.TableLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The findings of reconciliations, in the transactions table ({@code RECON#<epoch>}). */
public final class FindingStore {
  private final DynamoDbClient dynamoDb;
  private final String tableName;
  private final String region;

  public FindingStore(DynamoDbClient dynamoDb, String tableName, String region) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
    this.region = region;
  }

  /**
   * Records {@code finding} unless this epoch recorded it; returns it. The key carries the epoch
   * that records it, so that each item has one writer region even if two epochs find the same.
   */
  public Finding record(Finding finding, long recordedInEpoch) {
    recordNew(finding, recordedInEpoch);
    return finding;
  }

  /** Records {@code finding} unless this epoch recorded it; true if this call recorded it (a new finding). */
  public boolean recordNew(Finding finding, long recordedInEpoch) {
    Map<String, AttributeValue> item = new HashMap<>(TableLayout.findingKey(finding.epoch(),
        finding.kind() + "#" + finding.subject() + "#E" + TableLayout.epochKey(recordedInEpoch)));
    item.put("epoch", n(finding.epoch()));
    item.put("kind", s(finding.kind().name()));
    item.put("subject", s(finding.subject()));
    if (finding.compensation() != null) {
      item.put("compensation", s(finding.compensation()));
    }
    item.put("detail", s(finding.detail()));
    item.put("region", s(region));
    try {
      dynamoDb.putItem(r -> r.tableName(tableName).item(item).conditionExpression("attribute_not_exists(pk)"));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false; // found before
    }
  }

  /** Every finding about {@code epoch}. */
  public List<Finding> about(long epoch) {
    List<Finding> found = new ArrayList<>();
    dynamoDb.queryPaginator(r -> r.tableName(tableName).consistentRead(true)
            .keyConditionExpression("#pk = :pk")
            .expressionAttributeNames(TableLayout.names(TableLayout.PK))
            .expressionAttributeValues(Map.of(":pk", s("RECON#" + epoch))))
        .items()
        .forEach(item -> found.add(new Finding(number(item, "epoch", 0), Finding.Kind.valueOf(string(item, "kind")),
            string(item, "subject"), string(item, "compensation"), string(item, "detail"))));
    return found;
  }
}
