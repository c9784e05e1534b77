package com.example.txndr.lambda.integration;

import com.example.txndr.globaltable.MemoryDynamoDb;
import com.example.txndr.lambda.internal.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@code TransactWriteItems} requests the handler sent, as they went over the wire (recorded
 * by the {@code RecordingHttpClient} of {@link TransferWriteSample}), reduced to the figures of
 * docs/measurements/README.md: actions per transaction, the largest item, and the item the most
 * actions touched. The figures come from the requests alone (and, for the size of an updated or
 * checked item, from what the in-memory table holds afterwards), not from consumed capacity.
 */
final class DynamoDbActions {
  /** An item an Update, Delete or ConditionCheck touched: sized afterwards from the table. */
  private record Touched(String table, Map<String, AttributeValue> key) {}

  /** The largest item and its size. */
  record Largest(String item, long bytes) {}

  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger maxActions = new AtomicInteger();
  private final Map<String, AtomicInteger> actionsPerItem = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> actionsByKind = new ConcurrentHashMap<>();
  private volatile Largest largestPut = new Largest(null, 0);
  private final Map<String, Touched> touched = new ConcurrentHashMap<>();

  /** A recorder of requests as sent: the operation ({@code X-Amz-Target} without its prefix) and the body. */
  void accept(String operation, byte[] body) {
    if (!operation.equals("TransactWriteItems")) {
      return;
    }
    Map<String, Object> request;
    try {
      request = Json.parseObject(new String(body, StandardCharsets.UTF_8));
    } catch (Json.MalformedJsonException e) {
      throw new IllegalStateException("TransactWriteItems body is not JSON", e);
    }
    List<?> items = (List<?>) request.get("TransactItems");
    requests.incrementAndGet();
    maxActions.accumulateAndGet(items.size(), Math::max);
    for (Object entry : items) {
      Map<?, ?> action = (Map<?, ?>) entry;
      for (Object kind : action.keySet()) {
        Map<?, ?> details = (Map<?, ?>) action.get(kind);
        @SuppressWarnings("unchecked")
        Map<String, Object> item = (Map<String, Object>) (details.containsKey("Item") ? details.get("Item")
            : details.get("Key"));
        String key = describe(item);
        actionsByKind.computeIfAbsent(String.valueOf(kind), k -> new AtomicInteger()).incrementAndGet();
        actionsPerItem.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (kind.equals("Put")) {
          long bytes = size(item);
          synchronized (this) {
            if (bytes > largestPut.bytes()) {
              largestPut = new Largest(key, bytes);
            }
          }
        } else {
          touched.putIfAbsent(key, new Touched(String.valueOf(details.get("TableName")), sdkKey(item)));
        }
      }
    }
  }

  int requests() {
    return requests.get();
  }

  int actionsPerTransaction() {
    return maxActions.get();
  }

  /**
   * The largest item among the actions: Puts as sent, updated, deleted and checked items as
   * {@code memory} holds them in {@code region} (read with {@link MemoryDynamoDb#getItem}; an item
   * no longer there counts as empty). Ties go to the Put, then to the first item in key order.
   */
  Largest largestItem(MemoryDynamoDb memory, String region) {
    Largest largest = largestPut;
    for (Map.Entry<String, Touched> entry : new TreeMap<>(touched).entrySet()) {
      Touched item = entry.getValue();
      long bytes = memory.getItem(region, item.table(), item.key()).map(DynamoDbActions::storedSize).orElse(0L);
      if (bytes > largest.bytes()) {
        largest = new Largest(entry.getKey(), bytes);
      }
    }
    return largest;
  }

  /** The size of {@link #largestItem}. */
  long largestItemBytes(MemoryDynamoDb memory, String region) {
    return largestItem(memory, region).bytes();
  }

  /** The item the most actions touched, e.g. {@code pk=LEASE#us-east-1#7 sk=LEASE}. */
  String hottestItem() {
    return hottest().getKey();
  }

  /** Actions on the hottest item divided by {@code transfers}. */
  BigDecimal hottestItemActionsPerTransaction(long transfers) {
    return BigDecimal.valueOf(hottest().getValue().get()).divide(BigDecimal.valueOf(transfers), 4, RoundingMode.HALF_UP);
  }

  /** Actions per item, the most touched first (ties in key order). */
  Map<String, Integer> actionsPerItem() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    actionsPerItem.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, AtomicInteger>>comparingInt(e -> -e.getValue().get())
            .thenComparing(Map.Entry::getKey))
        .forEach(e -> counts.put(e.getKey(), e.getValue().get()));
    return counts;
  }

  /** Actions per kind ({@code ConditionCheck}, {@code Put}, {@code Update}, {@code Delete}), in name order. */
  Map<String, Integer> actionsByKind() {
    Map<String, Integer> counts = new TreeMap<>();
    actionsByKind.forEach((kind, count) -> counts.put(kind, count.get()));
    return counts;
  }

  private Map.Entry<String, AtomicInteger> hottest() {
    return actionsPerItem.entrySet().stream()
        .max(Comparator.<Map.Entry<String, AtomicInteger>>comparingInt(e -> e.getValue().get())
            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
        .orElseThrow(() -> new IllegalStateException("No TransactWriteItems was recorded"));
  }

  private static String describe(Map<String, Object> item) {
    return "pk=" + scalar(item.get("pk")) + " sk=" + scalar(item.get("sk"));
  }

  private static String scalar(Object attribute) {
    Map<?, ?> value = (Map<?, ?>) attribute;
    return String.valueOf(value.values().iterator().next());
  }

  /** A key in the wire format ({@code {"pk": {"S": "..."}}}) as the SDK's attribute values. */
  private static Map<String, AttributeValue> sdkKey(Map<String, Object> key) {
    Map<String, AttributeValue> sdk = new LinkedHashMap<>();
    key.forEach((name, attribute) -> {
      Map<?, ?> value = (Map<?, ?>) attribute;
      if (value.containsKey("S")) {
        sdk.put(name, AttributeValue.fromS((String) value.get("S")));
      } else if (value.containsKey("N")) {
        sdk.put(name, AttributeValue.fromN(String.valueOf(value.get("N"))));
      } else {
        throw new IllegalArgumentException("Unexpected key attribute type in " + name + "=" + value);
      }
    });
    return sdk;
  }

  /**
   * An item's size as DynamoDB counts it, from the wire format: for each attribute, the UTF-8
   * length of its name plus its value (a string: its UTF-8 length; a number: 1 byte per two
   * significant digits, plus 1; a boolean or null: 1 byte).
   */
  static long size(Map<String, Object> item) {
    long bytes = 0;
    for (Map.Entry<String, Object> attribute : item.entrySet()) {
      bytes += attribute.getKey().getBytes(StandardCharsets.UTF_8).length;
      Map<?, ?> value = (Map<?, ?>) attribute.getValue();
      if (value.containsKey("S")) {
        bytes += ((String) value.get("S")).getBytes(StandardCharsets.UTF_8).length;
      } else if (value.containsKey("N")) {
        bytes += numberSize(String.valueOf(value.get("N")));
      } else if (value.containsKey("BOOL") || value.containsKey("NULL")) {
        bytes += 1;
      } else {
        throw new IllegalArgumentException("Unexpected attribute type in " + attribute);
      }
    }
    return bytes;
  }

  /** The same size, of an item as the table holds it (the SDK's attribute values). */
  static long storedSize(Map<String, AttributeValue> item) {
    long bytes = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      bytes += attribute.getKey().getBytes(StandardCharsets.UTF_8).length;
      AttributeValue value = attribute.getValue();
      switch (value.type()) {
        case S:
          bytes += value.s().getBytes(StandardCharsets.UTF_8).length;
          break;
        case N:
          bytes += numberSize(value.n());
          break;
        case B:
          SdkBytes binary = value.b();
          bytes += binary.asByteArrayUnsafe().length;
          break;
        case BOOL:
        case NUL:
          bytes += 1;
          break;
        default:
          throw new IllegalArgumentException("Unexpected attribute type in " + attribute);
      }
    }
    return bytes;
  }

  static long numberSize(String number) {
    String digits = number.replace("-", "").replace(".", "");
    digits = digits.replaceFirst("^0+", "").replaceFirst("0+$", "");
    return (digits.length() + 1L) / 2 + 1;
  }
}
