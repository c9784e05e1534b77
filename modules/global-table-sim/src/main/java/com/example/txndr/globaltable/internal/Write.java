package com.example.txndr.globaltable.internal;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One validated write (Put, Update, Delete or ConditionCheck) of a single-item operation or a
 * transaction: first {@link #evaluate} (read the item, test the condition, compute the new
 * item), then {@link #apply}. Nothing is stored before apply.
 */
final class Write {
  enum Kind { CHECK, PUT, UPDATE, DELETE }

  /** The largest item DynamoDB stores: 400 KB. */
  static final int MAX_ITEM_BYTES = 400 * 1024;

  final Kind kind;
  final Table table;
  final PrimaryKey key;
  final Ast.Cond condition;
  final boolean returnOldOnFailure;
  private final Map<String, Value> putItem;
  private final Ast.Update update;
  private final Map<String, Value> keyMap;

  Map<String, Value> old;
  Map<String, Value> next;

  private Write(Kind kind, Table table, PrimaryKey key, Map<String, Value> keyMap, Ast.Cond condition, boolean returnOldOnFailure,
      Map<String, Value> putItem, Ast.Update update) {
    this.kind = kind;
    this.table = table;
    this.key = key;
    this.keyMap = keyMap;
    this.condition = condition;
    this.returnOldOnFailure = returnOldOnFailure;
    this.putItem = putItem;
    this.update = update;
  }

  static Write put(Table table, Map<String, Value> item, Ast.Cond condition, boolean returnOldOnFailure) {
    PrimaryKey key = table.key.keyOfItem(item);
    checkSize(item, "Item size has exceeded the maximum allowed size");
    table.checkIndexKeys(item);
    return new Write(Kind.PUT, table, key, table.key.keyMap(item), condition, returnOldOnFailure, item, null);
  }

  static Write update(Table table, Map<String, Value> keyMap, Ast.Update update, Ast.Cond condition, boolean returnOldOnFailure) {
    PrimaryKey key = table.key.keyOf(keyMap);
    if (update != null) {
      for (String target : update.targets()) {
        if (table.key.isKeyAttribute(target)) {
          throw DynamoException.validation("One or more parameter values were invalid: Cannot update attribute " + target
              + ". This attribute is part of the key");
        }
      }
    }
    return new Write(Kind.UPDATE, table, key, keyMap, condition, returnOldOnFailure, null, update);
  }

  static Write delete(Table table, Map<String, Value> keyMap, Ast.Cond condition, boolean returnOldOnFailure) {
    return new Write(Kind.DELETE, table, table.key.keyOf(keyMap), keyMap, condition, returnOldOnFailure, null, null);
  }

  static Write check(Table table, Map<String, Value> keyMap, Ast.Cond condition, boolean returnOldOnFailure) {
    return new Write(Kind.CHECK, table, table.key.keyOf(keyMap), keyMap, condition, returnOldOnFailure, null, null);
  }

  private static void checkSize(Map<String, Value> item, String message) {
    if (Value.itemSize(item) > MAX_ITEM_BYTES) {
      throw DynamoException.validation(message);
    }
  }

  /**
   * Reads the current item and tests the condition: false if it failed. When it held, computes
   * the new item (which may throw a ValidationException for a type error of the update).
   */
  boolean evaluate() {
    old = table.get(key);
    Map<String, Value> current = old == null ? Collections.emptyMap() : old;
    if (condition != null && !condition.test(current)) {
      return false;
    }
    switch (kind) {
      case PUT:
        next = putItem;
        break;
      case UPDATE: {
        Map<String, Value> base = old == null ? keyMap : old;
        next = update == null ? new TreeMap<>(base) : update.apply(base);
        checkSize(next, "Item size to update has exceeded the maximum allowed size");
        table.checkIndexKeys(next);
        break;
      }
      default:
        next = null;
        break;
    }
    return true;
  }

  /** For writes without a condition. */
  void evaluateAndApply() {
    evaluate();
    apply();
  }

  void apply() {
    switch (kind) {
      case PUT:
      case UPDATE:
        table.put(key, next);
        break;
      case DELETE:
        table.delete(key);
        break;
      default:
        break;
    }
  }

  /** The item to return with a failed condition (ReturnValuesOnConditionCheckFailure=ALL_OLD). */
  Map<String, Value> failureItem() {
    return returnOldOnFailure ? old : null;
  }

  /** UPDATED_OLD / UPDATED_NEW: the updated attributes of the old or the new item. */
  Map<String, Value> updated(boolean newValues) {
    Map<String, Value> source = newValues ? next : old;
    Map<String, Value> out = new TreeMap<>();
    if (source == null || update == null) {
      return out;
    }
    List<String> targets = update.targets();
    for (String t : targets) {
      Value v = source.get(t);
      if (v != null) {
        out.put(t, v);
      }
    }
    return out;
  }
}
