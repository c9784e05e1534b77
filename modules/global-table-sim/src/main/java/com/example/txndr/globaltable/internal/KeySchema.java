package com.example.txndr.globaltable.internal;

import java.util.Map;

/** A HASH [+ RANGE] key of a table or index, with the attribute types its definitions give. */
public final class KeySchema {
  public final String hashName;
  public final Value.Type hashType;
  /** Null for a hash-only key. */
  public final String rangeName;
  public final Value.Type rangeType;

  KeySchema(String hashName, Value.Type hashType, String rangeName, Value.Type rangeType) {
    this.hashName = hashName;
    this.hashType = hashType;
    this.rangeName = rangeName;
    this.rangeType = rangeType;
  }

  public boolean hasRange() {
    return rangeName != null;
  }

  public boolean isKeyAttribute(String name) {
    return name.equals(hashName) || name.equals(rangeName);
  }

  /**
   * The key of a GetItem, UpdateItem, DeleteItem or ConditionCheck: exactly the key attributes,
   * of the defined types, with no empty string or binary.
   */
  PrimaryKey keyOf(Map<String, Value> key) {
    if (key == null || key.size() != (hasRange() ? 2 : 1)) {
      throw DynamoException.validation("The provided key element does not match the schema");
    }
    Value h = key.get(hashName);
    Value r = hasRange() ? key.get(rangeName) : Value.NULL;
    if (h == null || r == null || h.type() != hashType || (hasRange() && r.type() != rangeType)) {
      throw DynamoException.validation("The provided key element does not match the schema");
    }
    checkKeyValue(hashName, h, true);
    if (hasRange()) {
      checkKeyValue(rangeName, r, false);
    }
    return new PrimaryKey(h, r);
  }

  /** The key of an item to put: both key attributes present, of the defined types. */
  PrimaryKey keyOfItem(Map<String, Value> item) {
    Value h = itemKeyAttribute(item, hashName, hashType, true);
    Value r = hasRange() ? itemKeyAttribute(item, rangeName, rangeType, false) : Value.NULL;
    return new PrimaryKey(h, r);
  }

  private static Value itemKeyAttribute(Map<String, Value> item, String name, Value.Type type, boolean hash) {
    Value v = item.get(name);
    if (v == null) {
      throw DynamoException.validation("One or more parameter values were invalid: Missing the key " + name + " in the item");
    }
    if (v.type() != type) {
      throw DynamoException.validation("One or more parameter values were invalid: Type mismatch for key " + name
          + " expected: " + type + " actual: " + v.type());
    }
    checkKeyValue(name, v, hash);
    return v;
  }

  static void checkKeyValue(String name, Value v, boolean hash) {
    int size = v.size();
    if (size == 0) {
      throw DynamoException.validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
          + (v.type() == Value.Type.S ? "string" : "binary") + " value. Key: " + name);
    }
    if (hash && size > 2048) {
      throw DynamoException.validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
    }
    if (!hash && size > 1024) {
      throw DynamoException.validation("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
    }
  }

  /** The key attributes of an item, as a key map. */
  Map<String, Value> keyMap(Map<String, Value> item) {
    Map<String, Value> key = new java.util.TreeMap<>();
    key.put(hashName, item.get(hashName));
    if (hasRange()) {
      key.put(rangeName, item.get(rangeName));
    }
    return key;
  }
}
