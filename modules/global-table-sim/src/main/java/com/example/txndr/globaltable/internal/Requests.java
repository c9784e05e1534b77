package com.example.txndr.globaltable.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/** Reading request members: refusing the ones outside the modelled subset, checking enumerations. */
final class Requests {
  private Requests() {
  }

  /** Refuses every present member not in {@code allowed}: an unmodelled parameter fails loudly. */
  static void only(JsonNode request, String operation, Set<String> allowed) {
    String first = null;
    for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!allowed.contains(field) && !request.get(field).isNull() && (first == null || field.compareTo(first) < 0)) {
        first = field;
      }
    }
    if (first != null) {
      // The first in name order, so the message does not depend on the client's member order.
      throw DynamoException.unsupported("the " + first + " parameter of " + operation);
    }
  }

  static String text(JsonNode request, String field) {
    JsonNode n = request.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  static String required(JsonNode request, String field, String what) {
    String v = text(request, field);
    if (v == null) {
      throw DynamoException.validation("1 validation error detected: Value null at '" + what + "' failed to satisfy constraint: Member must not be null");
    }
    return v;
  }

  static boolean bool(JsonNode request, String field) {
    JsonNode n = request.get(field);
    return n != null && n.asBoolean();
  }

  /** ReturnConsumedCapacity and ReturnItemCollectionMetrics: only NONE is modelled. */
  static void noMetrics(JsonNode request, String operation) {
    for (String field : new String[] {"ReturnConsumedCapacity", "ReturnItemCollectionMetrics"}) {
      String v = text(request, field);
      if (v != null && !v.equals("NONE")) {
        throw DynamoException.unsupported(field + "=" + v + " in " + operation);
      }
    }
  }

  /** ReturnValuesOnConditionCheckFailure: true for ALL_OLD. */
  static boolean returnOldOnFailure(JsonNode request) {
    String v = text(request, "ReturnValuesOnConditionCheckFailure");
    if (v == null || v.equals("NONE")) {
      return false;
    }
    if (v.equals("ALL_OLD")) {
      return true;
    }
    throw DynamoException.validation("1 validation error detected: Value '" + v
        + "' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]");
  }
}
