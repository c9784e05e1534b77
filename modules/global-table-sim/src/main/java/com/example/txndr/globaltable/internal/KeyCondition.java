package com.example.txndr.globaltable.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A Query's KeyConditionExpression reduced to what DynamoDB allows: {@code hash = :v}, optionally
 * AND one range condition ({@code = < <= > >=}, {@code BETWEEN}, {@code begins_with}).
 */
final class KeyCondition {
  final Value hash;
  private Ast.Comparator op;
  private Value low;
  private Value high;
  /** The begins_with prefix, or null. */
  Value prefix;

  private KeyCondition(Value hash) {
    this.hash = hash;
  }

  static KeyCondition of(Ast.Cond cond, KeySchema key) {
    List<Ast.Cond> parts = new ArrayList<>();
    flatten(cond, parts);
    Value hash = null;
    Ast.Cond rangePart = null;
    for (Ast.Cond c : parts) {
      String attribute = attributeOf(c);
      if (attribute.equals(key.hashName)) {
        if (hash != null) {
          throw DynamoException.validation("KeyConditionExpressions must only contain one condition per key");
        }
        if (!(c instanceof Ast.Compare) || ((Ast.Compare) c).op != Ast.Comparator.EQ) {
          throw DynamoException.validation("Query key condition not supported");
        }
        hash = literal(((Ast.Compare) c).right, key.hashType);
      } else if (attribute.equals(key.rangeName)) {
        if (rangePart != null) {
          throw DynamoException.validation("KeyConditionExpressions must only contain one condition per key");
        }
        rangePart = c;
      } else {
        throw DynamoException.validation("Query condition missed key schema element: " + (hash == null ? key.hashName : key.rangeName));
      }
    }
    if (hash == null) {
      throw DynamoException.validation("Query condition missed key schema element: " + key.hashName);
    }
    KeyCondition k = new KeyCondition(hash);
    if (rangePart instanceof Ast.Compare) {
      k.op = ((Ast.Compare) rangePart).op;
      k.low = literal(((Ast.Compare) rangePart).right, key.rangeType);
    } else if (rangePart instanceof Ast.Between) {
      k.low = literal(((Ast.Between) rangePart).low, key.rangeType);
      k.high = literal(((Ast.Between) rangePart).high, key.rangeType);
    } else if (rangePart instanceof Ast.BeginsWith) {
      if (key.rangeType == Value.Type.N) {
        throw DynamoException.validation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
      }
      k.prefix = literal(((Ast.BeginsWith) rangePart).prefix, key.rangeType);
    }
    return k;
  }

  private static void flatten(Ast.Cond c, List<Ast.Cond> out) {
    if (c instanceof Ast.And) {
      flatten(((Ast.And) c).left, out);
      flatten(((Ast.And) c).right, out);
    } else if (c instanceof Ast.Or) {
      throw DynamoException.validation("Invalid operator used in KeyConditionExpression: OR");
    } else if (c instanceof Ast.Not) {
      throw DynamoException.validation("Invalid operator used in KeyConditionExpression: NOT");
    } else if (c instanceof Ast.In) {
      throw DynamoException.validation("Invalid operator used in KeyConditionExpression: IN");
    } else if (c instanceof Ast.Exists) {
      throw DynamoException.validation("Invalid operator used in KeyConditionExpression: "
          + (((Ast.Exists) c).exists ? "attribute_exists" : "attribute_not_exists"));
    } else if (c instanceof Ast.AttributeType) {
      throw DynamoException.validation("Invalid operator used in KeyConditionExpression: attribute_type");
    } else if (c instanceof Ast.Contains) {
      throw DynamoException.validation("Invalid operator used in KeyConditionExpression: contains");
    } else if (c instanceof Ast.Compare && ((Ast.Compare) c).op == Ast.Comparator.NE) {
      throw DynamoException.validation("Unsupported operator on KeyConditionExpression: operator: <>");
    } else {
      out.add(c);
    }
  }

  /** The key attribute a condition constrains: its left operand must be a path, the rest values. */
  private static String attributeOf(Ast.Cond c) {
    Ast.Operand subject;
    List<Ast.Operand> values = new ArrayList<>();
    if (c instanceof Ast.Compare) {
      subject = ((Ast.Compare) c).left;
      values.add(((Ast.Compare) c).right);
    } else if (c instanceof Ast.Between) {
      subject = ((Ast.Between) c).subject;
      values.add(((Ast.Between) c).low);
      values.add(((Ast.Between) c).high);
    } else {
      subject = ((Ast.BeginsWith) c).subject;
      values.add(((Ast.BeginsWith) c).prefix);
    }
    if (!(subject instanceof Ast.Path)) {
      throw DynamoException.unsupported("a key condition whose left operand is not the key attribute (write `key = :value`)");
    }
    for (Ast.Operand v : values) {
      if (!(v instanceof Ast.Literal)) {
        throw DynamoException.validation("Invalid KeyConditionExpression: Key conditions can only compare a key attribute with an expression attribute value");
      }
    }
    return ((Ast.Path) subject).name;
  }

  private static Value literal(Ast.Operand operand, Value.Type type) {
    Value v = ((Ast.Literal) operand).value;
    if (v.type() != type) {
      throw DynamoException.validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
    }
    return v;
  }

  /** The part of a table partition (range key to item) the range condition admits. */
  NavigableMap<Value, Map<String, Value>> bound(NavigableMap<Value, Map<String, Value>> p) {
    if (prefix != null) {
      return p.tailMap(prefix, true);
    }
    if (high != null) {
      return p.subMap(low, true, high, true);
    }
    if (op == null) {
      return p;
    }
    switch (op) {
      case EQ:
        return p.subMap(low, true, low, true);
      case LT:
        return p.headMap(low, false);
      case LE:
        return p.headMap(low, true);
      case GT:
        return p.tailMap(low, false);
      default:
        return p.tailMap(low, true);
    }
  }

  /** The same for an index partition, whose entries sort by index range key then table key. */
  NavigableMap<Table.Entry, Map<String, Value>> boundIndex(NavigableMap<Table.Entry, Map<String, Value>> p) {
    if (prefix != null) {
      return p.tailMap(before(prefix), true);
    }
    if (high != null) {
      return p.subMap(before(low), true, after(high), true);
    }
    if (op == null) {
      return p;
    }
    switch (op) {
      case EQ:
        return p.subMap(before(low), true, after(low), true);
      case LT:
        return p.headMap(before(low), false);
      case LE:
        return p.headMap(after(low), false);
      case GT:
        return p.tailMap(after(low), false);
      default:
        return p.tailMap(before(low), true);
    }
  }

  private static Table.Entry before(Value range) {
    return new Table.Entry(range, null, null, -1);
  }

  private static Table.Entry after(Value range) {
    return new Table.Entry(range, null, null, 1);
  }
}
