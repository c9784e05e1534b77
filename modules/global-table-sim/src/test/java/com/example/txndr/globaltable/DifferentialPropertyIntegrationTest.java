package com.example.txndr.globaltable;

import static com.example.txndr.globaltable.Fixture.item;
import static com.example.txndr.globaltable.Fixture.n;
import static com.example.txndr.globaltable.Fixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.globaltable.Outcomes.Step;
import com.example.txndr.testkit.moto.Moto;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Random short histories (puts, updates, deletes, gets, queries, scans, transactions over nine
 * keys) sent to moto_server and to MemoryDynamoDb; after every step the outcome and the whole
 * table must agree. Seeded: a failure prints the seed and jqwik shrinks it to a smallest history.
 * Numbers are multiples of 0.25, exact in binary floating point, so moto's float subtraction
 * (FLOAT_SUBTRACTION) cannot show; size() is only applied where the attribute exists
 * (SIZE_OF_MISSING_ATTRIBUTE); LAST_KEY_AT_EXACT_LIMIT is recognised by name below.
 */
class DifferentialPropertyIntegrationTest {
  /** jqwik is not JUnit's Jupiter engine: the test kit's Moto started by hand, reset before every try. */
  private static Moto moto;
  private static DynamoDbClient motoClient;

  @BeforeContainer
  static void startMoto() {
    moto = Moto.builder().start();
    motoClient = Fixture.client(moto.endpoint(), "us-east-1");
  }

  @AfterContainer
  static void stopMoto() {
    moto.close();
  }

  @Property(tries = 60, seed = "20260601")
  void historiesAgreeStepByStep(@ForAll("histories") List<Step> history) throws IOException {
    moto.reset();
    DynamoDbClient memoryClient = Fixture.client(new MemoryDynamoDb(), "us-east-1");
    motoClient.createTable(Fixture.rangeTable("events", ScalarAttributeType.N));
    memoryClient.createTable(Fixture.rangeTable("events", ScalarAttributeType.N));
    List<String> seen = new ArrayList<>();
    for (Step step : history) {
      String expected = Outcomes.run(motoClient, step);
      String actual = Outcomes.run(memoryClient, step);
      seen.add(step + " -> moto: " + expected + " | memory: " + actual);
      String context = String.join("\n", seen);
      if (!lastKeyAtExactLimit(expected, actual) && !updatedNewOfANewItem(step, expected, actual)) {
        assertThat(actual).as("outcome of '%s'; history:%n%s", step, context).isEqualTo(expected);
      }
      assertThat(Differential.contents(memoryClient, "events")).as("table after '%s'; history:%n%s", step, context)
          .isEqualTo(Differential.contents(motoClient, "events"));
    }
  }

  /**
   * Known difference LAST_KEY_AT_EXACT_LIMIT: the same page, but the memory model (like DynamoDB)
   * returns LastEvaluatedKey because Limit was reached and moto does not because nothing is left.
   */
  private static boolean lastKeyAtExactLimit(String moto, String memory) {
    return moto.endsWith(" last=none") && !memory.endsWith(" last=none") && memory.contains(" limit=")
        && memory.replaceFirst(" last=\\{.*}$", " last=none").equals(moto);
  }

  /**
   * Known difference UPDATED_NEW_OF_A_NEW_ITEM: an update that creates the item, with
   * ReturnValues=UPDATED_NEW; moto also returns the key attributes, the memory model only the
   * updated ones.
   */
  private static boolean updatedNewOfANewItem(Step step, String moto, String memory) {
    if (!step.description().startsWith("update ") || !step.description().endsWith(" UPDATED_NEW")) {
      return false;
    }
    String withoutKey = moto.replaceAll("pk=S:[abc](, )?", "").replaceAll("sk=N:[123](, )?", "").replace(", }", "}");
    return withoutKey.replace("attributes={}", "attributes=none").equals(memory);
  }

  private static final Arbitrary<String> PK = Arbitraries.of("a", "b", "c");
  private static final Arbitrary<String> SK = Arbitraries.of("1", "2", "3");
  /** Multiples of 0.25 in several spellings (moto echoes the spelling, compared numerically). */
  private static final Arbitrary<String> NUMBER = Arbitraries.of("0", "1", "-2", "0.25", "1.50", "-2.75", "10.00", "3");

  @Provide
  Arbitrary<List<Step>> histories() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, put()),
        net.jqwik.api.Tuple.of(4, update()),
        net.jqwik.api.Tuple.of(1, delete()),
        net.jqwik.api.Tuple.of(1, get()),
        net.jqwik.api.Tuple.of(2, query()),
        net.jqwik.api.Tuple.of(1, scan()),
        net.jqwik.api.Tuple.of(2, transaction())).list().ofMinSize(1).ofMaxSize(14);
  }

  private static Map<String, AttributeValue> key(String pk, String sk) {
    return item("pk", s(pk), "sk", n(sk));
  }

  private static Map<String, AttributeValue> valuesFor(String expression, Map<String, AttributeValue> candidates) {
    Map<String, AttributeValue> used = new HashMap<>();
    candidates.forEach((k, v) -> {
      if (expression.matches(".*" + k + "\\b.*")) {
        used.put(k, v);
      }
    });
    return used.isEmpty() ? null : used;
  }

  private Arbitrary<Step> put() {
    return Combinators.combine(PK, SK, NUMBER, Arbitraries.of("", "attribute_not_exists(pk)", "v >= :x", "attribute_exists(w)"), NUMBER)
        .as((pk, sk, v, condition, x) -> new Step("put " + pk + sk + " v=" + v + (condition.isEmpty() ? "" : " if " + condition + " :x=" + x),
            c -> c.putItem(r -> r.tableName("events").item(item("pk", s(pk), "sk", n(sk), "v", n(v)))
                .conditionExpression(condition.isEmpty() ? null : condition)
                .expressionAttributeValues(valuesFor(condition, Map.of(":x", n(x))))
                .returnValues(ReturnValue.ALL_OLD)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))));
  }

  private static final List<String> UPDATES = List.of("ADD v :d", "SET v = v + :d", "SET v = v - :d", "SET v = if_not_exists(v, :z) + :d",
      "SET w = :s", "REMOVE w", "SET w = :s, v = :d", "REMOVE v ADD n :d", "ADD tags :t", "DELETE tags :t", "SET l = list_append(if_not_exists(l, :e), :m)");

  private Arbitrary<Step> update() {
    return Combinators.combine(PK, SK, Arbitraries.of(UPDATES), NUMBER, Arbitraries.of("", "attribute_exists(v)", "v > :x", "NOT contains(tags, :tag)"),
        NUMBER, Arbitraries.of(ReturnValue.NONE, ReturnValue.ALL_OLD, ReturnValue.ALL_NEW, ReturnValue.UPDATED_OLD, ReturnValue.UPDATED_NEW))
        .as((pk, sk, expression, d, condition, x, rv) -> {
          Map<String, AttributeValue> candidates = Map.of(":d", n(d), ":z", n("0"), ":s", s("w" + d), ":x", n(x),
              ":t", AttributeValue.fromSs(List.of("t" + sk, "t" + pk)), ":tag", s("ta"), ":e", AttributeValue.fromL(List.of()),
              ":m", AttributeValue.fromL(List.of(n(d))));
          String both = expression + " " + condition;
          return new Step("update " + pk + sk + " " + expression + " :d=" + d + (condition.isEmpty() ? "" : " if " + condition + " :x=" + x) + " " + rv,
              c -> c.updateItem(r -> r.tableName("events").key(key(pk, sk)).updateExpression(expression)
                  .conditionExpression(condition.isEmpty() ? null : condition)
                  .expressionAttributeValues(valuesFor(both, candidates)).returnValues(rv)
                  .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        });
  }

  private Arbitrary<Step> delete() {
    return Combinators.combine(PK, SK, Arbitraries.of("", "attribute_exists(w)", "v = :x"), NUMBER)
        .as((pk, sk, condition, x) -> new Step("delete " + pk + sk + (condition.isEmpty() ? "" : " if " + condition + " :x=" + x),
            c -> c.deleteItem(r -> r.tableName("events").key(key(pk, sk)).conditionExpression(condition.isEmpty() ? null : condition)
                .expressionAttributeValues(valuesFor(condition, Map.of(":x", n(x)))).returnValues(ReturnValue.ALL_OLD))));
  }

  private Arbitrary<Step> get() {
    return Combinators.combine(PK, SK).as((pk, sk) -> new Step("get " + pk + sk,
        c -> c.getItem(r -> r.tableName("events").key(key(pk, sk)).consistentRead(true))));
  }

  private Arbitrary<Step> query() {
    return Combinators.combine(PK, Arbitraries.of("", " AND sk = :k", " AND sk < :k", " AND sk <= :k", " AND sk > :k", " AND sk >= :k",
        " AND sk BETWEEN :k AND :h"), SK, Arbitraries.integers().between(0, 3), Arbitraries.of(true, false), Arbitraries.of("", "v >= :x", "attribute_exists(w)"), NUMBER)
        .as((pk, range, k, limit, forward, filter, x) -> {
          String condition = "pk = :p" + range;
          Map<String, AttributeValue> candidates = Map.of(":p", s(pk), ":k", n(k), ":h", n("3"), ":x", n(x));
          String description = "query " + condition + " :p=" + pk + " :k=" + k + (filter.isEmpty() ? "" : " filter " + filter + " :x=" + x)
              + (forward ? "" : " backwards") + (limit == 0 ? "" : " limit=" + limit);
          return new Step(description, c -> {
            Object response = c.query(r -> r.tableName("events").keyConditionExpression(condition)
                .filterExpression(filter.isEmpty() ? null : filter).expressionAttributeValues(valuesFor(condition + " " + filter, candidates))
                .scanIndexForward(forward).limit(limit == 0 ? null : limit));
            return new Limited(response, limit);
          });
        });
  }

  /** A query response with the Limit it was asked for, so that the outcome names it. */
  record Limited(Object response, int limit) {
  }

  private Arbitrary<Step> scan() {
    return Combinators.combine(Arbitraries.of("", "v >= :x", "attribute_not_exists(w) OR v < :x", "attribute_exists(tags) AND size(tags) > :one"), NUMBER)
        .as((filter, x) -> new Step("scan" + (filter.isEmpty() ? "" : " filter " + filter + " :x=" + x),
            c -> c.scan(r -> r.tableName("events").filterExpression(filter.isEmpty() ? null : filter)
                .expressionAttributeValues(valuesFor(filter, Map.of(":x", n(x), ":one", n("1")))))));
  }

  private Arbitrary<TransactWriteItem> action(String pk, String sk) {
    return Combinators.combine(Arbitraries.of("put", "debit", "credit", "delete", "check"), NUMBER).as((kind, amount) -> {
      switch (kind) {
        case "put":
          return TransactWriteItem.builder().put(p -> p.tableName("events").item(item("pk", s(pk), "sk", n(sk), "v", n(amount)))
              .conditionExpression("attribute_not_exists(pk)").returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
        case "debit":
          return TransactWriteItem.builder().update(u -> u.tableName("events").key(key(pk, sk)).updateExpression("SET v = v - :a")
              .conditionExpression("v >= :a").expressionAttributeValues(Map.of(":a", n(amount)))
              .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
        case "credit":
          return TransactWriteItem.builder().update(u -> u.tableName("events").key(key(pk, sk)).updateExpression("ADD v :a")
              .expressionAttributeValues(Map.of(":a", n(amount)))).build();
        case "delete":
          return TransactWriteItem.builder().delete(d -> d.tableName("events").key(key(pk, sk))).build();
        default:
          return TransactWriteItem.builder().conditionCheck(x -> x.tableName("events").key(key(pk, sk)).conditionExpression("attribute_exists(v)")
              .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE)).build();
      }
    });
  }

  private Arbitrary<Step> transaction() {
    return Combinators.combine(PK, SK, PK, SK).as((p1, s1, p2, s2) -> List.of(p1 + s1, p2 + s2)).flatMap(keys -> {
      String k1 = keys.get(0);
      String k2 = keys.get(1);
      Arbitrary<TransactWriteItem> a1 = action(k1.substring(0, 1), k1.substring(1));
      Arbitrary<TransactWriteItem> a2 = action(k2.substring(0, 1), k2.substring(1));
      return Combinators.combine(a1, a2).as((x, y) -> new Step("transact [" + describe(k1, x) + ", " + describe(k2, y) + "]",
          c -> c.transactWriteItems(r -> r.transactItems(x, y))));
    });
  }

  private static String describe(String key, TransactWriteItem a) {
    if (a.put() != null) {
      return "put " + key + " v=" + a.put().item().get("v").n() + " if new";
    }
    if (a.update() != null) {
      return "update " + key + " " + a.update().updateExpression() + " :a=" + a.update().expressionAttributeValues().get(":a").n()
          + (a.update().conditionExpression() == null ? "" : " if " + a.update().conditionExpression());
    }
    if (a.delete() != null) {
      return "delete " + key;
    }
    return "check " + key + " attribute_exists(v)";
  }
}
