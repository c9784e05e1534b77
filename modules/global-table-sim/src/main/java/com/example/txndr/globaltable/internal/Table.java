package com.example.txndr.globaltable.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * One table of one region: items by hash key then range key (both in DynamoDB's key order, which
 * is also the deterministic scan order), and each global secondary index kept current on every
 * write. Items are immutable sorted maps; a write replaces the map.
 */
public final class Table {
  /** Orders key values of one type; {@link Value#NULL} stands for "no range key". */
  static final Comparator<Value> KEY_ORDER = (a, b) -> a.type() == Value.Type.NULL ? 0 : Value.compare(a, b);

  final String name;
  final KeySchema key;
  /** AttributeDefinitions in request order. */
  final Map<String, Value.Type> attributes;
  final Map<String, Gsi> indexes = new LinkedHashMap<>();
  /** The TableDescription fields echoed back as given (BillingMode, throughput, stream). */
  final ObjectNode echo;
  final long createdEpochSeconds;
  private final TreeMap<Value, TreeMap<Value, Map<String, Value>>> partitions = new TreeMap<>(KEY_ORDER);
  private int count;
  private long bytes;

  Table(String name, KeySchema key, Map<String, Value.Type> attributes, ObjectNode echo, long createdEpochSeconds) {
    this.name = name;
    this.key = key;
    this.attributes = attributes;
    this.echo = echo;
    this.createdEpochSeconds = createdEpochSeconds;
  }

  /** A global secondary index: entries by index hash key, then index range key, then table key. */
  static final class Gsi {
    final String name;
    final KeySchema key;
    /** ALL, KEYS_ONLY or INCLUDE. */
    final String projectionType;
    final List<String> nonKeyAttributes;
    final TreeMap<Value, TreeMap<Entry, Map<String, Value>>> partitions = new TreeMap<>(KEY_ORDER);
    private final KeySchema tableKey;
    int count;
    long bytes;

    Gsi(String name, KeySchema key, String projectionType, List<String> nonKeyAttributes, KeySchema tableKey) {
      this.name = name;
      this.key = key;
      this.projectionType = projectionType;
      this.nonKeyAttributes = nonKeyAttributes;
      this.tableKey = tableKey;
    }

    /** The entry of an item, or null when the item lacks an index key attribute (sparse index). */
    Entry entryOf(Map<String, Value> item) {
      Value h = item.get(key.hashName);
      Value r = key.hasRange() ? item.get(key.rangeName) : Value.NULL;
      if (h == null || r == null) {
        return null;
      }
      return new Entry(r, item.get(tableKey.hashName), tableKey.hasRange() ? item.get(tableKey.rangeName) : Value.NULL, 0);
    }

    /** The attributes the index holds of an item. */
    Map<String, Value> project(Map<String, Value> item) {
      if (projectionType.equals("ALL")) {
        return item;
      }
      Map<String, Value> projected = new TreeMap<>();
      for (Map.Entry<String, Value> e : item.entrySet()) {
        String n = e.getKey();
        if (tableKey.isKeyAttribute(n) || key.isKeyAttribute(n) || nonKeyAttributes.contains(n)) {
          projected.put(n, e.getValue());
        }
      }
      return projected;
    }

    /** Key attributes of the table and of the index: the LastEvaluatedKey of an index read. */
    Map<String, Value> positionOf(Map<String, Value> item) {
      Map<String, Value> k = tableKey.keyMap(item);
      k.putAll(key.keyMap(item));
      return k;
    }
  }

  /**
   * An index entry's sort position: index range key, then table key. {@code bias} -1 or +1 makes
   * a bound that sorts before or after every entry with the same index range key.
   */
  record Entry(Value range, Value tableHash, Value tableRange, int bias) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int c = KEY_ORDER.compare(range, o.range);
      if (c != 0) {
        return c;
      }
      if (bias != 0 || o.bias != 0) {
        return Integer.compare(bias, o.bias);
      }
      c = KEY_ORDER.compare(tableHash, o.tableHash);
      return c != 0 ? c : KEY_ORDER.compare(tableRange, o.tableRange);
    }
  }

  public String name() {
    return name;
  }

  Map<String, Value> get(PrimaryKey k) {
    TreeMap<Value, Map<String, Value>> partition = partitions.get(k.hash());
    return partition == null ? null : partition.get(k.range());
  }

  /** Stores an item (already validated), replacing any item with the same key. */
  void put(PrimaryKey k, Map<String, Value> item) {
    Map<String, Value> stored = Collections.unmodifiableMap(new TreeMap<>(item));
    Map<String, Value> old = partitions.computeIfAbsent(k.hash(), h -> new TreeMap<>(KEY_ORDER)).put(k.range(), stored);
    if (old != null) {
      count--;
      bytes -= Value.itemSize(old);
      unindex(old);
    }
    count++;
    bytes += Value.itemSize(stored);
    index(stored);
  }

  void delete(PrimaryKey k) {
    TreeMap<Value, Map<String, Value>> partition = partitions.get(k.hash());
    if (partition == null) {
      return;
    }
    Map<String, Value> old = partition.remove(k.range());
    if (partition.isEmpty()) {
      partitions.remove(k.hash());
    }
    if (old != null) {
      count--;
      bytes -= Value.itemSize(old);
      unindex(old);
    }
  }

  private void index(Map<String, Value> item) {
    for (Gsi g : indexes.values()) {
      Entry e = g.entryOf(item);
      if (e != null) {
        g.partitions.computeIfAbsent(item.get(g.key.hashName), h -> new TreeMap<>()).put(e, item);
        g.count++;
        g.bytes += Value.itemSize(item);
      }
    }
  }

  private void unindex(Map<String, Value> item) {
    for (Gsi g : indexes.values()) {
      Entry e = g.entryOf(item);
      if (e != null) {
        Value h = item.get(g.key.hashName);
        TreeMap<Entry, Map<String, Value>> p = g.partitions.get(h);
        p.remove(e);
        if (p.isEmpty()) {
          g.partitions.remove(h);
        }
        g.count--;
        g.bytes -= Value.itemSize(item);
      }
    }
  }

  /**
   * Checks that an item's index key attributes, where present, have the types the
   * AttributeDefinitions give and are not empty.
   */
  void checkIndexKeys(Map<String, Value> item) {
    for (Gsi g : indexes.values()) {
      checkIndexKey(g, g.key.hashName, item);
      if (g.key.hasRange()) {
        checkIndexKey(g, g.key.rangeName, item);
      }
    }
  }

  private void checkIndexKey(Gsi g, String attribute, Map<String, Value> item) {
    Value v = item.get(attribute);
    if (v == null || key.isKeyAttribute(attribute)) {
      return;
    }
    Value.Type expected = attributes.get(attribute);
    if (v.type() != expected) {
      throw DynamoException.validation("One or more parameter values were invalid: Type mismatch for Index Key " + attribute
          + " Expected: " + expected + " Actual: " + v.type() + " IndexName: " + g.name);
    }
    if (v.size() == 0) {
      throw DynamoException.validation("One or more parameter values are not valid. A value specified for a secondary index key is not supported. "
          + "The AttributeValue for a key attribute cannot contain an empty " + (v.type() == Value.Type.S ? "string" : "binary")
          + " value. IndexName: " + g.name + ", IndexKey: " + attribute);
    }
  }

  int count() {
    return count;
  }

  long bytes() {
    return bytes;
  }

  /** Every item in scan order (hash key order, then range key order). */
  Iterator<Map<String, Value>> scan(PrimaryKey after) {
    NavigableMap<Value, TreeMap<Value, Map<String, Value>>> from = after == null ? partitions : partitions.tailMap(after.hash(), true);
    return new Iterator<>() {
      private final Iterator<Map.Entry<Value, TreeMap<Value, Map<String, Value>>>> outer = from.entrySet().iterator();
      private Iterator<Map<String, Value>> inner = Collections.emptyIterator();
      private boolean first = true;

      @Override
      public boolean hasNext() {
        while (!inner.hasNext() && outer.hasNext()) {
          Map.Entry<Value, TreeMap<Value, Map<String, Value>>> e = outer.next();
          if (first && after != null && KEY_ORDER.compare(e.getKey(), after.hash()) == 0) {
            inner = key.hasRange() ? e.getValue().tailMap(after.range(), false).values().iterator() : Collections.emptyIterator();
          } else {
            inner = e.getValue().values().iterator();
          }
          first = false;
        }
        return inner.hasNext();
      }

      @Override
      public Map<String, Value> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return inner.next();
      }
    };
  }

  /** The items of one partition, in range key order, as a navigable map to bound and reverse. */
  NavigableMap<Value, Map<String, Value>> partition(Value hash) {
    TreeMap<Value, Map<String, Value>> p = partitions.get(hash);
    // An empty map with the key order: Collections.emptyNavigableMap() would compare Values naturally.
    return p == null ? new TreeMap<>(KEY_ORDER) : p;
  }

  // ---- direct access (MemoryDynamoDb's harness API): schema checks, no conditions ----

  public Map<String, Value> directGet(Map<String, Value> keyMap) {
    return get(key.keyOf(keyMap));
  }

  public void directPut(Map<String, Value> item) {
    Write.put(this, item, null, false).evaluateAndApply();
  }

  public void directDelete(Map<String, Value> keyMap) {
    delete(key.keyOf(keyMap));
  }

  public List<Map<String, Value>> directScan() {
    List<Map<String, Value>> all = new ArrayList<>(count);
    scan(null).forEachRemaining(all::add);
    return all;
  }
}
