package com.example.txndr.lambda.integration;

import com.example.txndr.lambda.internal.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The {@code TransactWriteItems} requests the handler sent, as they went over the wire (recorded
 * by the stubbed wire of {@link TransferWriteSample}), reduced to the figures of
 * docs/measurements/README.md: actions per transaction, the largest item, and the item the most
 * actions touched. The figures come from the requests alone, not from consumed capacity.
 */
final class DynamoDbActions {
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger maxActions = new AtomicInteger();
  private final AtomicLong largestPutBytes = new AtomicLong();
  private final Map<String, AtomicInteger> actionsPerItem = new ConcurrentHashMap<>();
  /** The key of each item an Update or ConditionCheck touched: sized afterwards from the table. */
  private final Map<String, Map<String, Object>> keysToSize = new ConcurrentHashMap<>();

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
        actionsPerItem.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (kind.equals("Put")) {
          largestPutBytes.accumulateAndGet(size(item), Math::max);
        } else {
          keysToSize.putIfAbsent(key, item);
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
   * The largest item among the actions: Puts as sent, Updated and checked items as the table
   * holds them ({@code storedSize} sizes the stored item with this wire-format key).
   */
  long largestItemBytes(Function<Map<String, Object>, Long> storedSize) {
    long largest = largestPutBytes.get();
    for (Map<String, Object> key : keysToSize.values()) {
      largest = Math.max(largest, storedSize.apply(key));
    }
    return largest;
  }

  /** The item the most actions touched, e.g. {@code pk=CONTROL#7 sk=ACTIVE_REGION}. */
  String hottestItem() {
    return hottest().getKey();
  }

  /** Actions on the hottest item divided by {@code transfers}. */
  BigDecimal hottestItemActionsPerTransaction(long transfers) {
    return BigDecimal.valueOf(hottest().getValue().get()).divide(BigDecimal.valueOf(transfers), 4, RoundingMode.HALF_UP);
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

  /**
   * An item's size as DynamoDB counts it: for each attribute, the UTF-8 length of its name plus
   * its value (a string: its UTF-8 length; a number: 1 byte per two significant digits, plus 1).
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
      } else {
        throw new IllegalArgumentException("Unexpected attribute type in " + attribute);
      }
    }
    return bytes;
  }

  static long numberSize(String number) {
    String digits = number.replace("-", "").replace(".", "");
    digits = digits.replaceFirst("^0+", "").replaceFirst("0+$", "");
    return (digits.length() + 1) / 2 + 1;
  }
}
