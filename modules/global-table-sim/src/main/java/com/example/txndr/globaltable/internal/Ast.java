package com.example.txndr.globaltable.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed expressions and their evaluation against an item (a map of top-level attributes; an
 * absent item is the empty map). Operands evaluate to null for a missing attribute.
 */
public final class Ast {
  private Ast() {
  }

  /** A condition (ConditionExpression, FilterExpression, KeyConditionExpression). */
  public interface Cond {
    boolean test(Map<String, Value> item);
  }

  /** An operand of a condition or of an update's SET. */
  public interface Operand {
    /** The value, or null for a missing attribute. */
    Value eval(Map<String, Value> item);
  }

  /** A top-level attribute name (nested document paths are refused by the parser). */
  public static final class Path implements Operand {
    public final String name;

    Path(String name) {
      this.name = name;
    }

    @Override
    public Value eval(Map<String, Value> item) {
      return item.get(name);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** An expression attribute value. */
  public static final class Literal implements Operand {
    public final Value value;

    Literal(Value value) {
      this.value = value;
    }

    @Override
    public Value eval(Map<String, Value> item) {
      return value;
    }
  }

  /** {@code size(path)}: string length, binary length, element count of a set, list or map. */
  static final class Size implements Operand {
    final Path path;

    Size(Path path) {
      this.path = path;
    }

    @Override
    public Value eval(Map<String, Value> item) {
      Value v = path.eval(item);
      if (v == null) {
        return null;
      }
      switch (v.type()) {
        case S:
          return Value.n(java.math.BigDecimal.valueOf(v.s().codePointCount(0, v.s().length())));
        case B:
          return Value.n(java.math.BigDecimal.valueOf(v.b().length()));
        case SS:
        case NS:
        case BS:
          return Value.n(java.math.BigDecimal.valueOf(v.set().size()));
        case L:
          return Value.n(java.math.BigDecimal.valueOf(v.l().size()));
        case M:
          return Value.n(java.math.BigDecimal.valueOf(v.m().size()));
        default:
          // DynamoDB documents size() for S, B, sets, L and M only.
          throw DynamoException.unsupported("size() of an attribute of type " + v.type() + " (DynamoDB documents no result for it)");
      }
    }
  }

  /** The comparators of the condition grammar. */
  enum Comparator {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

    final String symbol;

    Comparator(String symbol) {
      this.symbol = symbol;
    }
  }

  static final class Compare implements Cond {
    final Comparator op;
    final Operand left;
    final Operand right;

    Compare(Comparator op, Operand left, Operand right) {
      this.op = op;
      this.left = left;
      this.right = right;
    }

    @Override
    public boolean test(Map<String, Value> item) {
      Value a = left.eval(item);
      Value b = right.eval(item);
      return compare(op, a, b);
    }
  }

  /**
   * DynamoDB's comparison: {@code =} is deep equality (false across types or with a missing
   * operand); {@code <>} is its negation (true when one side is missing, as DynamoDB and moto
   * both answer); ordering comparators hold only between two present values of the same type
   * among S, N and B.
   */
  static boolean compare(Comparator op, Value a, Value b) {
    switch (op) {
      case EQ:
        return a != null && b != null && a.equals(b);
      case NE:
        return !(a != null && b != null && a.equals(b));
      default:
        if (a == null || b == null || a.type() != b.type() || !a.isScalarKeyType()) {
          return false;
        }
        int c = Value.compare(a, b);
        switch (op) {
          case LT:
            return c < 0;
          case LE:
            return c <= 0;
          case GT:
            return c > 0;
          case GE:
            return c >= 0;
          default:
            throw new IllegalStateException(op.name());
        }
    }
  }

  static final class Between implements Cond {
    final Operand subject;
    final Operand low;
    final Operand high;

    Between(Operand subject, Operand low, Operand high) {
      this.subject = subject;
      this.low = low;
      this.high = high;
    }

    @Override
    public boolean test(Map<String, Value> item) {
      Value x = subject.eval(item);
      Value lo = low.eval(item);
      Value hi = high.eval(item);
      return compare(Comparator.GE, x, lo) && compare(Comparator.LE, x, hi);
    }
  }

  static final class In implements Cond {
    final Operand subject;
    final List<Operand> candidates;

    In(Operand subject, List<Operand> candidates) {
      this.subject = subject;
      this.candidates = candidates;
    }

    @Override
    public boolean test(Map<String, Value> item) {
      Value x = subject.eval(item);
      if (x == null) {
        return false;
      }
      for (Operand c : candidates) {
        if (x.equals(c.eval(item))) {
          return true;
        }
      }
      return false;
    }
  }

  static final class And implements Cond {
    final Cond left;
    final Cond right;

    And(Cond left, Cond right) {
      this.left = left;
      this.right = right;
    }

    @Override
    public boolean test(Map<String, Value> item) {
      return left.test(item) && right.test(item);
    }
  }

  static final class Or implements Cond {
    final Cond left;
    final Cond right;

    Or(Cond left, Cond right) {
      this.left = left;
      this.right = right;
    }

    @Override
    public boolean test(Map<String, Value> item) {
      return left.test(item) || right.test(item);
    }
  }

  static final class Not implements Cond {
    final Cond inner;

    Not(Cond inner) {
      this.inner = inner;
    }

    @Override
    public boolean test(Map<String, Value> item) {
      return !inner.test(item);
    }
  }

  static final class Exists implements Cond {
    final Path path;
    final boolean exists;

    Exists(Path path, boolean exists) {
      this.path = path;
      this.exists = exists;
    }

    @Override
    public boolean test(Map<String, Value> item) {
      return item.containsKey(path.name) == exists;
    }
  }

  static final class AttributeType implements Cond {
    final Path path;
    final Value.Type type;

    AttributeType(Path path, Value.Type type) {
      this.path = path;
      this.type = type;
    }

    @Override
    public boolean test(Map<String, Value> item) {
      Value v = path.eval(item);
      return v != null && v.type() == type;
    }
  }

  static final class BeginsWith implements Cond {
    final Operand subject;
    final Operand prefix;

    BeginsWith(Operand subject, Operand prefix) {
      this.subject = subject;
      this.prefix = prefix;
    }

    @Override
    public boolean test(Map<String, Value> item) {
      return beginsWith(subject.eval(item), prefix.eval(item));
    }
  }

  static boolean beginsWith(Value x, Value p) {
    if (x == null || p == null || x.type() != p.type()) {
      return false;
    }
    if (x.type() == Value.Type.S) {
      return x.s().startsWith(p.s());
    }
    if (x.type() == Value.Type.B) {
      return x.b().startsWith(p.b());
    }
    return false;
  }

  static final class Contains implements Cond {
    final Operand subject;
    final Operand operand;

    Contains(Operand subject, Operand operand) {
      this.subject = subject;
      this.operand = operand;
    }

    @Override
    public boolean test(Map<String, Value> item) {
      Value x = subject.eval(item);
      Value y = operand.eval(item);
      if (x == null || y == null) {
        return false;
      }
      switch (x.type()) {
        case S:
          return y.type() == Value.Type.S && x.s().contains(y.s());
        case B:
          return y.type() == Value.Type.B && x.b().contains(y.b());
        case SS:
          return y.type() == Value.Type.S && x.set().contains(y.s());
        case NS:
          return y.type() == Value.Type.N && x.set().contains(y.n());
        case BS:
          return y.type() == Value.Type.B && x.set().contains(y.b());
        case L:
          return x.l().contains(y);
        default:
          return false;
      }
    }
  }

  // ---- update expressions ----

  /** {@code a + b} or {@code a - b} in a SET action. */
  static final class Arithmetic implements Operand {
    final boolean plus;
    final Operand left;
    final Operand right;

    Arithmetic(boolean plus, Operand left, Operand right) {
      this.plus = plus;
      this.left = left;
      this.right = right;
    }

    @Override
    public Value eval(Map<String, Value> item) {
      Value a = required(left, item);
      Value b = required(right, item);
      if (a.type() != Value.Type.N || b.type() != Value.Type.N) {
        throw DynamoException.validation("An operand in the update expression has an incorrect data type");
      }
      // Exact: BigDecimal add/subtract never round (DynamoDB refuses results beyond 38 digits).
      return Value.n(Numbers.checked(plus ? a.n().add(b.n()) : a.n().subtract(b.n())));
    }
  }

  static final class IfNotExists implements Operand {
    final Path path;
    final Operand fallback;

    IfNotExists(Path path, Operand fallback) {
      this.path = path;
      this.fallback = fallback;
    }

    @Override
    public Value eval(Map<String, Value> item) {
      Value v = path.eval(item);
      return v != null ? v : required(fallback, item);
    }
  }

  static final class ListAppend implements Operand {
    final Operand first;
    final Operand second;

    ListAppend(Operand first, Operand second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public Value eval(Map<String, Value> item) {
      Value a = required(first, item);
      Value b = required(second, item);
      if (a.type() != Value.Type.L || b.type() != Value.Type.L) {
        throw DynamoException.validation("An operand in the update expression has an incorrect data type");
      }
      List<Value> all = new ArrayList<>(a.l());
      all.addAll(b.l());
      return Value.l(all);
    }
  }

  /** An operand of a SET action must exist (if_not_exists aside). */
  static Value required(Operand operand, Map<String, Value> item) {
    Value v = operand.eval(item);
    if (v == null) {
      throw DynamoException.validation("The provided expression refers to an attribute that does not exist in the item");
    }
    return v;
  }

  /** A parsed UpdateExpression: SET, REMOVE, ADD and DELETE actions. */
  public static final class Update {
    final List<Path> setPaths = new ArrayList<>();
    final List<Operand> setValues = new ArrayList<>();
    final List<Path> removes = new ArrayList<>();
    final List<Path> addPaths = new ArrayList<>();
    final List<Value> addValues = new ArrayList<>();
    final List<Path> deletePaths = new ArrayList<>();
    final List<Value> deleteValues = new ArrayList<>();

    /** Every attribute the update writes or removes, in expression order. */
    public List<String> targets() {
      List<String> all = new ArrayList<>();
      for (Path p : setPaths) {
        all.add(p.name);
      }
      for (Path p : removes) {
        all.add(p.name);
      }
      for (Path p : addPaths) {
        all.add(p.name);
      }
      for (Path p : deletePaths) {
        all.add(p.name);
      }
      return all;
    }

    /**
     * The item after the update. Every SET operand reads the item as it was before the update,
     * as in DynamoDB.
     */
    public Map<String, Value> apply(Map<String, Value> old) {
      Map<String, Value> next = new java.util.TreeMap<>(old);
      for (int i = 0; i < setPaths.size(); i++) {
        next.put(setPaths.get(i).name, setValues.get(i).eval(old));
      }
      for (Path p : removes) {
        next.remove(p.name);
      }
      for (int i = 0; i < addPaths.size(); i++) {
        String name = addPaths.get(i).name;
        Value add = addValues.get(i);
        Value current = old.get(name);
        if (current == null) {
          next.put(name, add);
        } else if (current.type() != add.type()) {
          throw DynamoException.validation("An operand in the update expression has an incorrect data type");
        } else if (add.type() == Value.Type.N) {
          next.put(name, Value.n(Numbers.checked(current.n().add(add.n()))));
        } else {
          Set<Object> union = new java.util.LinkedHashSet<>(current.set());
          union.addAll(add.set());
          next.put(name, Value.set(add.type(), union));
        }
      }
      for (int i = 0; i < deletePaths.size(); i++) {
        String name = deletePaths.get(i).name;
        Value remove = deleteValues.get(i);
        Value current = old.get(name);
        if (current == null) {
          continue;
        }
        if (current.type() != remove.type()) {
          throw DynamoException.validation("An operand in the update expression has an incorrect data type");
        }
        Set<Object> rest = new java.util.LinkedHashSet<>(current.set());
        rest.removeAll(remove.set());
        if (rest.isEmpty()) {
          next.remove(name);
        } else {
          next.put(name, Value.set(current.type(), rest));
        }
      }
      return next;
    }
  }
}
