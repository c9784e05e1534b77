package com.example.txndr.globaltable.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable DynamoDB attribute value. Numbers are held normalised (exact {@link BigDecimal}
 * without trailing zeros), so equal numbers are equal values whatever their wire spelling; sets
 * keep their first-seen order for stable output and compare as sets; maps are sorted by name.
 */
public final class Value {
  /** The DynamoDB data types, named as on the wire. */
  public enum Type { S, N, B, BOOL, NULL, M, L, SS, NS, BS }

  public static final Value NULL = new Value(Type.NULL, true);
  public static final Value TRUE = new Value(Type.BOOL, true);
  public static final Value FALSE = new Value(Type.BOOL, false);

  private final Type type;
  private final Object v;
  private int hash;

  private Value(Type type, Object v) {
    this.type = type;
    this.v = v;
  }

  public static Value s(String s) {
    return new Value(Type.S, Objects.requireNonNull(s));
  }

  /** A number, already checked against DynamoDB's limits by {@link Numbers}. */
  public static Value n(BigDecimal n) {
    return new Value(Type.N, Numbers.normalise(n));
  }

  public static Value b(byte[] bytes) {
    return new Value(Type.B, new Bytes(bytes.clone()));
  }

  public static Value bool(boolean b) {
    return b ? TRUE : FALSE;
  }

  public static Value m(Map<String, Value> map) {
    return new Value(Type.M, Collections.unmodifiableMap(new TreeMap<>(map)));
  }

  public static Value l(List<Value> list) {
    return new Value(Type.L, List.copyOf(list));
  }

  public static Value ss(Set<String> set) {
    return new Value(Type.SS, Collections.unmodifiableSet(new LinkedHashSet<>(set)));
  }

  public static Value ns(Set<BigDecimal> set) {
    Set<BigDecimal> normalised = new LinkedHashSet<>();
    for (BigDecimal n : set) {
      normalised.add(Numbers.normalise(n));
    }
    return new Value(Type.NS, Collections.unmodifiableSet(normalised));
  }

  public static Value bs(Set<Bytes> set) {
    return new Value(Type.BS, Collections.unmodifiableSet(new LinkedHashSet<>(set)));
  }

  /** A set of the given set type from elements (which must be of the element type). */
  @SuppressWarnings("unchecked")
  static Value set(Type setType, Set<?> elements) {
    switch (setType) {
      case SS:
        return ss((Set<String>) elements);
      case NS:
        return ns((Set<BigDecimal>) elements);
      case BS:
        return bs((Set<Bytes>) elements);
      default:
        throw new IllegalArgumentException(setType.name());
    }
  }

  public Type type() {
    return type;
  }

  public String s() {
    return (String) v;
  }

  public BigDecimal n() {
    return (BigDecimal) v;
  }

  public Bytes b() {
    return (Bytes) v;
  }

  public boolean bool() {
    return (Boolean) v;
  }

  @SuppressWarnings("unchecked")
  public Map<String, Value> m() {
    return (Map<String, Value>) v;
  }

  @SuppressWarnings("unchecked")
  public List<Value> l() {
    return (List<Value>) v;
  }

  /** The elements of an SS (String), NS (BigDecimal) or BS ({@link Bytes}). */
  public Set<?> set() {
    return (Set<?>) v;
  }

  public boolean isSet() {
    return type == Type.SS || type == Type.NS || type == Type.BS;
  }

  /** S, N or B: the types that order (and may be keys). */
  public boolean isScalarKeyType() {
    return type == Type.S || type == Type.N || type == Type.B;
  }

  /** DynamoDB's order for two values of the same key type: S by UTF-8 bytes, N numerically, B by unsigned bytes. */
  public static int compare(Value a, Value b) {
    if (a.type != b.type) {
      throw new IllegalArgumentException("compare " + a.type + " with " + b.type);
    }
    switch (a.type) {
      case S:
        return compareUtf8(a.s(), b.s());
      case N:
        return a.n().compareTo(b.n());
      case B:
        return a.b().compareTo(b.b());
      default:
        throw new IllegalArgumentException("no order for " + a.type);
    }
  }

  /** Compares as the UTF-8 encodings would, which is code point order (not UTF-16 unit order). */
  static int compareUtf8(String x, String y) {
    int i = 0;
    int j = 0;
    while (i < x.length() && j < y.length()) {
      int cx = x.codePointAt(i);
      int cy = y.codePointAt(j);
      if (cx != cy) {
        return Integer.compare(cx, cy);
      }
      i += Character.charCount(cx);
      j += Character.charCount(cy);
    }
    return Integer.compare(x.length() - i, y.length() - j);
  }

  /** DynamoDB's item-size contribution of this value (names are counted by the caller). */
  public int size() {
    switch (type) {
      case S:
        return utf8Length(s());
      case N:
        return Numbers.size(n());
      case B:
        return b().length();
      case BOOL:
      case NULL:
        return 1;
      case SS: {
        int total = 0;
        for (Object e : set()) {
          total += utf8Length((String) e);
        }
        return total;
      }
      case NS: {
        int total = 0;
        for (Object e : set()) {
          total += Numbers.size((BigDecimal) e);
        }
        return total;
      }
      case BS: {
        int total = 0;
        for (Object e : set()) {
          total += ((Bytes) e).length();
        }
        return total;
      }
      case L: {
        int total = 3;
        for (Value e : l()) {
          total += 1 + e.size();
        }
        return total;
      }
      case M: {
        int total = 3;
        for (Map.Entry<String, Value> e : m().entrySet()) {
          total += 1 + utf8Length(e.getKey()) + e.getValue().size();
        }
        return total;
      }
      default:
        throw new IllegalStateException(type.name());
    }
  }

  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** The size of an item: attribute names plus values. */
  public static int itemSize(Map<String, Value> item) {
    int total = 0;
    for (Map.Entry<String, Value> e : item.entrySet()) {
      total += utf8Length(e.getKey()) + e.getValue().size();
    }
    return total;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Value)) {
      return false;
    }
    Value other = (Value) o;
    return type == other.type && v.equals(other.v);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = 31 * type.hashCode() + v.hashCode();
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    switch (type) {
      case N:
        return "{N:" + n().toPlainString() + "}";
      case SS:
      case NS:
      case BS: {
        List<String> parts = new ArrayList<>();
        for (Object e : set()) {
          parts.add(e instanceof BigDecimal ? ((BigDecimal) e).toPlainString() : e.toString());
        }
        return "{" + type + ":" + parts + "}";
      }
      default:
        return "{" + type + ":" + v + "}";
    }
  }

  /** Immutable bytes with value equality and unsigned lexicographic order. */
  public static final class Bytes implements Comparable<Bytes> {
    private final byte[] bytes;

    public Bytes(byte[] bytes) {
      this.bytes = bytes;
    }

    public byte[] toArray() {
      return bytes.clone();
    }

    public int length() {
      return bytes.length;
    }

    byte at(int i) {
      return bytes[i];
    }

    public boolean startsWith(Bytes prefix) {
      if (prefix.bytes.length > bytes.length) {
        return false;
      }
      return Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    public boolean contains(Bytes part) {
      outer:
      for (int i = 0; i + part.bytes.length <= bytes.length; i++) {
        for (int j = 0; j < part.bytes.length; j++) {
          if (bytes[i + j] != part.bytes[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }

    @Override
    public int compareTo(Bytes o) {
      return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes && Arrays.equals(bytes, ((Bytes) o).bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    /** For diagnostics only. */
    String utf8() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
