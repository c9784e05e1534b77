package com.example.txndr.globaltable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** What the differential tests share: table contents, and the named list of known differences. */
final class Differential {
  private Differential() {
  }

  /**
   * Where moto_server departs from DynamoDB's documented behaviour. The memory model follows
   * DynamoDB; these cases are excluded from the comparison by name (README, "Known differences").
   */
  enum KnownDifference {
    /** moto computes {@code a - b} in binary floating point: 0.3 - 0.1 = 0.19999999999999998. */
    FLOAT_SUBTRACTION,
    /** moto echoes numbers as sent ("10.00"); DynamoDB trims leading and trailing zeros ("10"). Compared numerically. */
    NUMBER_WIRE_FORM,
    /** moto omits LastEvaluatedKey when Limit equals the items left; DynamoDB stops at Limit without looking further. */
    LAST_KEY_AT_EXACT_LIMIT,
    /** moto fails with HTTP 500 on {@code <}, {@code >}, BETWEEN across types; DynamoDB evaluates them to false. */
    CROSS_TYPE_ORDERING,
    /** moto stores numbers of more than 38 significant digits; DynamoDB refuses them. */
    MORE_THAN_38_DIGITS,
    /** moto fails with HTTP 500 on an undefined :value or #name; DynamoDB answers ValidationException. */
    UNDEFINED_PLACEHOLDER,
    /** moto fails with HTTP 500 on a syntax error in an expression; DynamoDB answers ValidationException. */
    SYNTAX_ERROR,
    /** moto does not check ExpressionAttributeValues unused by a ConditionExpression alone; DynamoDB refuses them. */
    UNUSED_VALUE_IN_CONDITION,
    /** moto ignores ClientRequestToken; DynamoDB makes TransactWriteItems idempotent per token for 10 minutes. */
    CLIENT_REQUEST_TOKEN,
    /** moto answers a Query whose key value has the wrong type with no items; DynamoDB refuses it (ValidationException). */
    KEY_CONDITION_TYPE_MISMATCH,
    /** moto returns the items of a Scan with Select=COUNT; DynamoDB returns only Count and ScannedCount. */
    SCAN_SELECT_COUNT,
    /**
     * moto fails a request whose condition or filter applies size() to a missing attribute
     * (ValidationException); the memory model treats it as a missing operand, so the comparison is false.
     */
    SIZE_OF_MISSING_ATTRIBUTE,
    /**
     * UpdateItem that creates the item with ReturnValues=UPDATED_NEW: moto returns the key
     * attributes too; DynamoDB documents "only the updated attributes", which the memory model returns.
     */
    UPDATED_NEW_OF_A_NEW_ITEM,
    /** DynamoDB's scan order is unspecified (hash order); the memory model scans in key order. Compared as sets. */
    SCAN_ORDER
  }

  /** Every item of a table, canonical and sorted (scan order is not compared: SCAN_ORDER). */
  static List<String> contents(DynamoDbClient client, String table) {
    List<String> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      ScanResponse page = client.scan(r -> r.tableName(table).exclusiveStartKey(from));
      page.items().forEach(i -> items.add(Outcomes.item(i)));
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    items.sort(null);
    return items;
  }
}
