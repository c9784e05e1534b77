package com.example.txndr.globaltable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * What the differential tests compare: a response or error reduced to a canonical string. Numbers
 * compare as exact decimals (moto echoes "10.00", DynamoDB and the memory model say "10": see
 * README, known difference NUMBER_WIRE_FORM); sets compare as sets; scans compare as sets of items
 * (DynamoDB's scan order is unspecified); errors compare by exception class, error code, the
 * cancellation reason codes and the items they carry, not by message.
 */
final class Outcomes {
  private Outcomes() {
  }

  /** A step of a history: a description (printed on failure) and the call. */
  record Step(String description, Function<DynamoDbClient, Object> call) {
    @Override
    public String toString() {
      return description;
    }
  }

  static String run(DynamoDbClient client, Step step) {
    try {
      return "ok " + response(step.call().apply(client));
    } catch (TransactionCanceledException e) {
      List<String> reasons = new ArrayList<>();
      for (CancellationReason r : e.cancellationReasons()) {
        reasons.add(r.code() + (r.hasItem() && !r.item().isEmpty() ? " " + item(r.item()) : ""));
      }
      return "TransactionCanceledException " + reasons;
    } catch (ConditionalCheckFailedException e) {
      return "ConditionalCheckFailedException" + (e.hasItem() && !e.item().isEmpty() ? " " + item(e.item()) : "");
    } catch (DynamoDbException e) {
      return e.getClass().getSimpleName() + " " + e.awsErrorDetails().errorCode();
    }
  }

  static String response(Object r) {
    if (r instanceof GetItemResponse) {
      GetItemResponse g = (GetItemResponse) r;
      return "item=" + (g.hasItem() ? item(g.item()) : "none");
    }
    if (r instanceof PutItemResponse) {
      return attributes(((PutItemResponse) r).hasAttributes(), ((PutItemResponse) r).attributes());
    }
    if (r instanceof UpdateItemResponse) {
      return attributes(((UpdateItemResponse) r).hasAttributes(), ((UpdateItemResponse) r).attributes());
    }
    if (r instanceof DeleteItemResponse) {
      return attributes(((DeleteItemResponse) r).hasAttributes(), ((DeleteItemResponse) r).attributes());
    }
    if (r instanceof QueryResponse) {
      QueryResponse q = (QueryResponse) r;
      return "items=" + items(q.items(), false) + " count=" + q.count() + " scanned=" + q.scannedCount()
          + " last=" + (q.hasLastEvaluatedKey() ? item(q.lastEvaluatedKey()) : "none");
    }
    if (r instanceof ScanResponse) {
      ScanResponse s = (ScanResponse) r;
      return "items=" + items(s.items(), true) + " count=" + s.count() + " scanned=" + s.scannedCount();
    }
    if (r instanceof DifferentialPropertyIntegrationTest.Limited) {
      DifferentialPropertyIntegrationTest.Limited l = (DifferentialPropertyIntegrationTest.Limited) r;
      String inner = response(l.response());
      return l.limit() == 0 ? inner : inner.replaceFirst(" last=", " limit=" + l.limit() + " last=");
    }
    if (r instanceof TransactGetItemsResponse) {
      List<String> out = new ArrayList<>();
      ((TransactGetItemsResponse) r).responses().forEach(x -> out.add(x.hasItem() ? item(x.item()) : "none"));
      return out.toString();
    }
    return r.getClass().getSimpleName();
  }

  private static String attributes(boolean has, Map<String, AttributeValue> attributes) {
    return "attributes=" + (has && !attributes.isEmpty() ? item(attributes) : "none");
  }

  static String items(List<Map<String, AttributeValue>> items, boolean asSet) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(item(i)));
    if (asSet) {
      out.sort(null);
    }
    return out.toString();
  }

  static String item(Map<String, AttributeValue> item) {
    Map<String, String> sorted = new TreeMap<>();
    item.forEach((k, v) -> sorted.put(k, value(v)));
    return sorted.toString();
  }

  static String value(AttributeValue v) {
    switch (v.type()) {
      case S:
        return "S:" + v.s();
      case N:
        return "N:" + number(v.n());
      case B:
        return "B:" + Base64.getEncoder().encodeToString(v.b().asByteArray());
      case BOOL:
        return "BOOL:" + v.bool();
      case NUL:
        return "NULL";
      case M:
        return "M:" + item(v.m());
      case L: {
        List<String> l = new ArrayList<>();
        v.l().forEach(e -> l.add(value(e)));
        return "L:" + l;
      }
      case SS: {
        List<String> l = new ArrayList<>(v.ss());
        l.sort(null);
        return "SS:" + l;
      }
      case NS: {
        List<BigDecimal> l = new ArrayList<>();
        v.ns().forEach(x -> l.add(new BigDecimal(x)));
        l.sort(null);
        List<String> out = new ArrayList<>();
        l.forEach(x -> out.add(number(x.toPlainString())));
        return "NS:" + out;
      }
      case BS: {
        List<String> l = new ArrayList<>();
        v.bs().forEach(x -> l.add(Base64.getEncoder().encodeToString(x.asByteArray())));
        l.sort(null);
        return "BS:" + l;
      }
      default:
        throw new IllegalArgumentException(v.toString());
    }
  }

  private static String number(String n) {
    BigDecimal d = new BigDecimal(n);
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }
}
