package com.example.txndr.lambda.bench;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table behind a {@link StubDynamoDbHttpClient} that keeps items: what the handler's own
 * requests leave in DynamoDB. Every {@code TransactWriteItems} succeeds (no condition is
 * evaluated): a Put stores its item, an Update applies its {@code SET} and {@code ADD} clauses to
 * the stored item (creating it), a Delete removes it, a ConditionCheck changes nothing.
 * {@code GetItem} answers the stored item. Items are in DynamoDB's JSON wire format
 * ({@code {"pk": {"S": "..."}, "balance": {"N": "12.5"}}}). Anything the handler does not send
 * (other clauses, operands other than one value) is refused rather than modelled loosely.
 */
public final class StubDynamoDbTable {
  private static final Pattern CLAUSE = Pattern.compile("\\b(SET|ADD|REMOVE|DELETE)\\b", Pattern.CASE_INSENSITIVE);

  private final Map<String, Map<String, Object>> items = new ConcurrentHashMap<>();

  /** The stored item with this key (wire format), or an empty map. */
  public Map<String, Object> item(Map<String, Object> key) {
    Map<String, Object> item = items.get(identity(key));
    return item == null ? Map.of() : Map.copyOf(item);
  }

  /** Items stored. */
  public int size() {
    return items.size();
  }

  /** Applies the actions of one {@code TransactWriteItems} request body. */
  void transactWrite(Map<String, Object> request) {
    for (Object entry : (List<?>) request.get("TransactItems")) {
      Map<?, ?> action = (Map<?, ?>) entry;
      for (Map.Entry<?, ?> kind : action.entrySet()) {
        Map<?, ?> details = (Map<?, ?>) kind.getValue();
        switch (String.valueOf(kind.getKey())) {
          case "Put":
            Map<String, Object> item = wire(details.get("Item"));
            items.put(identity(item), compact(item));
            break;
          case "Update":
            Map<String, Object> key = wire(details.get("Key"));
            items.compute(identity(key), (id, stored) -> {
              Map<String, Object> updated = stored == null ? compact(key) : stored;
              update(updated, String.valueOf(details.get("UpdateExpression")), wire(details.get("ExpressionAttributeNames")),
                  wire(details.get("ExpressionAttributeValues")));
              return updated;
            });
            break;
          case "Delete":
            items.remove(identity(wire(details.get("Key"))));
            break;
          case "ConditionCheck":
            break;
          default:
            throw new IllegalArgumentException("Unknown TransactWriteItems action " + kind.getKey());
        }
      }
    }
  }

  /** The {@code GetItem} response to one request body: {@code {"Item": ...}}, or {@code {}} if there is none. */
  Map<String, Object> getItem(Map<String, Object> request) {
    Map<String, Object> item = item(wire(request.get("Key")));
    return item.isEmpty() ? Map.of() : Map.of("Item", item);
  }

  /**
   * Applies an update expression of the forms the handler sends: {@code SET #a = :v, ...},
   * {@code ADD #n :v, ...} (numbers add up; a missing attribute takes the value), {@code REMOVE #a, ...}.
   */
  static void update(Map<String, Object> item, String expression, Map<String, Object> names, Map<String, Object> values) {
    Matcher clause = CLAUSE.matcher(expression);
    if (!clause.find() || clause.start() != 0 && !expression.substring(0, clause.start()).isBlank()) {
      throw unsupported(expression);
    }
    while (true) {
      String keyword = clause.group(1).toUpperCase(Locale.ROOT);
      int start = clause.end();
      boolean more = clause.find();
      String body = expression.substring(start, more ? clause.start() : expression.length()).trim();
      for (String part : body.split(",")) {
        String[] tokens = part.trim().split("\\s*=\\s*|\\s+");
        switch (keyword) {
          case "SET":
            if (tokens.length != 2 || !part.contains("=")) {
              throw unsupported(expression);
            }
            item.put(name(tokens[0], names, expression), Map.copyOf((Map<?, ?>) value(tokens[1], values, expression)));
            break;
          case "ADD":
            if (tokens.length != 2 || part.contains("=")) {
              throw unsupported(expression);
            }
            add(item, name(tokens[0], names, expression), value(tokens[1], values, expression), expression);
            break;
          case "REMOVE":
            if (tokens.length != 1) {
              throw unsupported(expression);
            }
            item.remove(name(tokens[0], names, expression));
            break;
          default:
            throw unsupported(expression);
        }
      }
      if (!more) {
        return;
      }
    }
  }

  private static void add(Map<String, Object> item, String name, Object operand, String expression) {
    Object stored = item.get(name);
    String addend = (String) ((Map<?, ?>) operand).get("N");
    if (addend == null) {
      throw unsupported(expression);
    }
    if (stored == null) {
      item.put(name, Map.of("N", addend));
      return;
    }
    String current = (String) ((Map<?, ?>) stored).get("N");
    if (current == null) {
      throw unsupported(expression);
    }
    item.put(name, Map.of("N", new BigDecimal(current).add(new BigDecimal(addend)).toPlainString()));
  }

  private static String name(String token, Map<String, Object> names, String expression) {
    if (!token.startsWith("#")) {
      return token;
    }
    Object name = names.get(token);
    if (name == null) {
      throw unsupported(expression);
    }
    return (String) name;
  }

  private static Object value(String token, Map<String, Object> values, String expression) {
    Object value = values.get(token);
    if (!token.startsWith(":") || value == null) {
      throw unsupported(expression);
    }
    return value;
  }

  private static IllegalArgumentException unsupported(String expression) {
    return new IllegalArgumentException("The stub table does not model the update expression \"" + expression + "\"");
  }

  /** A mutable copy of a parsed item whose attribute values are immutable (and small: the table keeps every item). */
  private static Map<String, Object> compact(Map<String, Object> item) {
    Map<String, Object> copy = new LinkedHashMap<>(item.size() * 2);
    item.forEach((name, value) -> copy.put(name, Map.copyOf((Map<?, ?>) value)));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> wire(Object map) {
    return map == null ? Map.of() : (Map<String, Object>) map;
  }

  /** The table's key of an item: its partition and sort key values. */
  private static String identity(Map<String, Object> item) {
    return scalar(item.get("pk")) + "\n" + scalar(item.get("sk"));
  }

  private static String scalar(Object attribute) {
    if (!(attribute instanceof Map) || ((Map<?, ?>) attribute).size() != 1) {
      throw new IllegalArgumentException("Not a key attribute: " + attribute);
    }
    return String.valueOf(((Map<?, ?>) attribute).values().iterator().next());
  }
}
