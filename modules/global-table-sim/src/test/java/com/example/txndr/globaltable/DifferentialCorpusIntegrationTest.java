package com.example.txndr.globaltable;

import static com.example.txndr.globaltable.Fixture.item;
import static com.example.txndr.globaltable.Fixture.n;
import static com.example.txndr.globaltable.Fixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.globaltable.Outcomes.Step;
import com.example.txndr.testkit.moto.Moto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Hand-written histories sent to moto_server and to MemoryDynamoDb: every step's outcome and the
 * final contents of every table must agree. Where moto departs from DynamoDB's documented
 * behaviour the case is in {@link #knownDifferences()} instead, which asserts the documented
 * behaviour for the memory model and that moto still differs (README, "Known differences").
 */
class DifferentialCorpusIntegrationTest {
  /** Its own moto_server, reset before every case. */
  @RegisterExtension
  static final Moto MOTO = Moto.builder().perClass().build();

  /** The tables every case starts with, empty. */
  private static void createTables(DynamoDbClient c) {
    c.createTable(Fixture.hashTable("accounts"));
    c.createTable(Fixture.rangeTable("events", ScalarAttributeType.N));
    c.createTable(Fixture.indexedTable("transfers", ProjectionType.ALL));
  }

  private static Step step(String description, java.util.function.Function<DynamoDbClient, Object> call) {
    return new Step(description, call);
  }

  private static Step put(String table, Map<String, AttributeValue> item) {
    return step("put " + table + " " + Outcomes.item(item), c -> c.putItem(r -> r.tableName(table).item(item)));
  }

  private static Step putIf(String table, Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
    return step("put " + table + " " + Outcomes.item(item) + " if " + condition, c -> c.putItem(r -> r.tableName(table).item(item)
        .conditionExpression(condition).expressionAttributeValues(values.isEmpty() ? null : values)
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
  }

  private static Step update(String pk, String expression, Map<String, AttributeValue> values, ReturnValue rv) {
    return step("update " + pk + " " + expression + " " + rv, c -> c.updateItem(r -> r.tableName("accounts").key(item("pk", s(pk)))
        .updateExpression(expression).expressionAttributeValues(values.isEmpty() ? null : values).returnValues(rv)));
  }

  private static Step get(String pk) {
    return step("get " + pk, c -> c.getItem(r -> r.tableName("accounts").key(item("pk", s(pk)))));
  }

  private static Step query(String description, java.util.function.Consumer<software.amazon.awssdk.services.dynamodb.model.QueryRequest.Builder> r) {
    return step("query " + description, c -> c.query(r));
  }

  private static final Step SEED_ACCOUNTS = step("seed accounts", c -> {
    c.putItem(r -> r.tableName("accounts").item(item("pk", s("a"), "balance", n("100"), "s", s("abcd"),
        "tags", AttributeValue.fromSs(List.of("x", "y")), "l", AttributeValue.fromL(List.of(n("1"), s("x"))), "flag", AttributeValue.fromBool(true))));
    c.putItem(r -> r.tableName("accounts").item(item("pk", s("b"), "balance", n("0"))));
    return c.getItem(r -> r.tableName("accounts").key(item("pk", s("a"))));
  });

  private static final Step SEED_EVENTS = step("seed events", c -> {
    for (String sk : List.of("10", "9", "-1.5", "100", "2", "3")) {
      c.putItem(r -> r.tableName("events").item(item("pk", s("p"), "sk", n(sk), "v", n(sk))));
    }
    c.putItem(r -> r.tableName("events").item(item("pk", s("q"), "sk", n("1"))));
    return c.getItem(r -> r.tableName("events").key(item("pk", s("p"), "sk", n("2"))));
  });

  private static final Step SEED_TRANSFERS = step("seed transfers", c -> {
    String[][] rows = {{"t1", "open", "3"}, {"t2", "open", "1"}, {"t3", "done", "2"}, {"t4", "open", "3"}};
    for (String[] row : rows) {
      c.putItem(r -> r.tableName("transfers").item(item("pk", s(row[0]), "status", s(row[1]), "at", n(row[2]), "amount", n("5"))));
    }
    c.putItem(r -> r.tableName("transfers").item(item("pk", s("t5"), "amount", n("1"))));
    return c.getItem(r -> r.tableName("transfers").key(item("pk", s("t5"))));
  });

  private static Map<String, AttributeValue> values(Object... kv) {
    return item(kv);
  }

  private static TransactWriteItem debit(String pk, String amount) {
    return TransactWriteItem.builder().update(u -> u.tableName("accounts").key(item("pk", s(pk)))
        .updateExpression("SET balance = balance - :x").conditionExpression("balance >= :x")
        .expressionAttributeValues(Map.of(":x", n(amount)))
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
  }

  private static TransactWriteItem credit(String pk, String amount) {
    return TransactWriteItem.builder().update(u -> u.tableName("accounts").key(item("pk", s(pk)))
        .updateExpression("ADD balance :x").expressionAttributeValues(Map.of(":x", n(amount)))).build();
  }

  private static Step transact(String description, TransactWriteItem... actions) {
    return step("transact " + description, c -> c.transactWriteItems(r -> r.transactItems(actions)));
  }

  static Stream<Arguments> compared() {
    List<Arguments> cases = new ArrayList<>();
    java.util.function.BiConsumer<String, List<Step>> add = (name, steps) -> cases.add(Arguments.of(Named.of(name, steps)));
    add.accept("put, get, overwrite", List.of(put("accounts", item("pk", s("a"), "v", n("1"))), get("a"),
        put("accounts", item("pk", s("a"), "w", s("x"))), get("a"), get("none")));
    add.accept("every attribute type", List.of(put("accounts", item("pk", s("a"), "s", s(""), "n", n("-1.5"),
        "b", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromUtf8String("x")), "bool", AttributeValue.fromBool(false),
        "nul", AttributeValue.fromNul(true), "m", AttributeValue.fromM(item("k", n("1"))), "l", AttributeValue.fromL(List.of(s("e"))),
        "ss", AttributeValue.fromSs(List.of("b", "a")), "ns", AttributeValue.fromNs(List.of("2", "1")))), get("a")));
    add.accept("put ALL_OLD", List.of(put("accounts", item("pk", s("a"), "v", n("1"))),
        step("put ALL_OLD", c -> c.putItem(r -> r.tableName("accounts").item(item("pk", s("a"), "v", n("2"))).returnValues(ReturnValue.ALL_OLD)))));
    add.accept("conditional put: attribute_not_exists", List.of(SEED_ACCOUNTS,
        putIf("accounts", item("pk", s("a")), "attribute_not_exists(pk)", Map.of()),
        putIf("accounts", item("pk", s("new")), "attribute_not_exists(pk)", Map.of())));
    for (String condition : List.of("balance = :v", "balance <> :v", "balance < :v", "balance <= :v", "balance > :v", "balance >= :v",
        "balance BETWEEN :lo AND :v", "balance IN (:lo, :v)", "nothere <> :v", "nothere = :v", "NOT balance = :v",
        "balance = :lo OR balance = :v AND NOT balance = :lo", "(balance = :lo OR balance = :v) AND balance = :lo",
        "attribute_exists(balance)", "attribute_exists(nothere)", "attribute_type(balance, :N)", "attribute_type(balance, :S)",
        "begins_with(s, :ab)", "begins_with(s, :x)", "contains(s, :ab)", "contains(tags, :x)", "contains(l, :one)", "contains(tags, :ab)",
        "size(s) = :four", "size(tags) > :one", "size(l) <= :one")) {
      Map<String, AttributeValue> all = Map.of(":v", n("100"), ":lo", n("1"), ":N", s("N"), ":S", s("S"), ":ab", s("ab"),
          ":x", s("x"), ":one", n("1"), ":four", n("4"));
      Map<String, AttributeValue> used = new java.util.HashMap<>();
      all.forEach((k, v) -> {
        if (condition.matches(".*" + k + "\\b.*")) {
          used.put(k, v);
        }
      });
      add.accept("condition " + condition, List.of(SEED_ACCOUNTS, step("put a if " + condition, c -> {
        Map<String, AttributeValue> current = c.getItem(r -> r.tableName("accounts").key(item("pk", s("a")))).item();
        return c.putItem(r -> r.tableName("accounts").item(current).conditionExpression(condition).expressionAttributeValues(used));
      })));
    }
    add.accept("update SET, REMOVE, ADD, DELETE and return values", List.of(SEED_ACCOUNTS,
        update("a", "SET v = :v", values(":v", s("x")), ReturnValue.ALL_NEW),
        update("a", "SET balance = balance + :d", values(":d", n("0.25")), ReturnValue.UPDATED_NEW),
        update("a", "ADD balance :d", values(":d", n("-80.00")), ReturnValue.UPDATED_OLD),
        update("a", "ADD tags :t", values(":t", AttributeValue.fromSs(List.of("z"))), ReturnValue.ALL_OLD),
        update("a", "DELETE tags :t", values(":t", AttributeValue.fromSs(List.of("x", "y"))), ReturnValue.ALL_NEW),
        update("a", "REMOVE s, flag", values(), ReturnValue.UPDATED_OLD),
        update("a", "SET l = list_append(l, :m)", values(":m", AttributeValue.fromL(List.of(n("2")))), ReturnValue.UPDATED_NEW),
        update("a", "SET c = if_not_exists(c, :z) + :one", values(":z", n("0"), ":one", n("1")), ReturnValue.UPDATED_NEW),
        update("a", "SET c = if_not_exists(c, :z) + :one", values(":z", n("0"), ":one", n("1")), ReturnValue.UPDATED_NEW),
        update("a", "REMOVE v ADD hits :one SET w = :one", values(":one", n("1")), ReturnValue.ALL_NEW),
        update("a", "SET x = balance, y = w", values(), ReturnValue.ALL_NEW),
        update("new", "SET v = :v", values(":v", n("7")), ReturnValue.ALL_NEW),
        update("new2", "ADD hits :one", values(":one", n("1")), ReturnValue.ALL_NEW),
        update("b", "SET balance = balance - :d", values(":d", n("3")), ReturnValue.ALL_NEW)));
    add.accept("update errors", List.of(SEED_ACCOUNTS,
        update("a", "SET pk = :v", values(":v", s("x")), ReturnValue.NONE),
        update("a", "SET q = q + :v", values(":v", n("1")), ReturnValue.NONE),
        update("a", "SET y = :v REMOVE y", values(":v", n("1")), ReturnValue.NONE),
        update("a", "SET y = :v SET z = :v", values(":v", n("1")), ReturnValue.NONE),
        update("a", "SET y = :v", values(":v", n("1"), ":w", n("2")), ReturnValue.NONE),
        update("a", "ADD s :v", values(":v", n("1")), ReturnValue.NONE),
        update("a", "SET s = s + :v", values(":v", n("1")), ReturnValue.NONE)));
    add.accept("conditional update and delete with ALL_OLD on failure", List.of(SEED_ACCOUNTS,
        step("update b if balance >= 10", c -> c.updateItem(r -> r.tableName("accounts").key(item("pk", s("b")))
            .updateExpression("SET balance = balance - :x").conditionExpression("balance >= :x").expressionAttributeValues(Map.of(":x", n("10")))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))),
        step("delete a if balance = 1", c -> c.deleteItem(r -> r.tableName("accounts").key(item("pk", s("a")))
            .conditionExpression("balance = :x").expressionAttributeValues(Map.of(":x", n("1")))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD))),
        step("delete a ALL_OLD", c -> c.deleteItem(r -> r.tableName("accounts").key(item("pk", s("a"))).returnValues(ReturnValue.ALL_OLD))),
        step("delete none ALL_OLD", c -> c.deleteItem(r -> r.tableName("accounts").key(item("pk", s("none"))).returnValues(ReturnValue.ALL_OLD)))));
    add.accept("validation errors", List.of(
        put("accounts", item("pk", n("1"))), put("accounts", item("other", s("x"))), put("accounts", item("pk", s(""))),
        step("get with a wrong key", c -> c.getItem(r -> r.tableName("accounts").key(item("id", s("a"))))),
        step("get from a missing table", c -> c.getItem(r -> r.tableName("nothing").key(item("pk", s("a"))))),
        step("put ALL_NEW", c -> c.putItem(r -> r.tableName("accounts").item(item("pk", s("a"))).returnValues(ReturnValue.ALL_NEW))),
        step("condition on a reserved word", c -> c.putItem(r -> r.tableName("accounts").item(item("pk", s("a")))
            .conditionExpression("status = :s").expressionAttributeValues(Map.of(":s", s("x"))))),
        step("unused name", c -> c.getItem(r -> r.tableName("accounts").key(item("pk", s("a"))).projectionExpression("#p")
            .expressionAttributeNames(Map.of("#p", "pk", "#u", "u")))),
        step("create a duplicate table", c -> c.createTable(Fixture.hashTable("accounts"))),
        step("describe a missing table", c -> c.describeTable(r -> r.tableName("nothing")))));
    add.accept("projection", List.of(SEED_ACCOUNTS, step("get a projected", c -> c.getItem(r -> r.tableName("accounts").key(item("pk", s("a")))
        .projectionExpression("balance, #s, nothere").expressionAttributeNames(Map.of("#s", "s"))))));
    add.accept("transactions", List.of(SEED_ACCOUNTS,
        transact("debit a 30, credit b 30", debit("a", "30"), credit("b", "30")),
        transact("credit b 500, debit a 500", credit("b", "500"), debit("a", "500")),
        transact("debit b 1000, debit a 1000", debit("b", "1000"), debit("a", "1000")),
        transact("put, check, delete", TransactWriteItem.builder().put(p -> p.tableName("accounts").item(item("pk", s("c")))
            .conditionExpression("attribute_not_exists(pk)")).build(),
            TransactWriteItem.builder().conditionCheck(x -> x.tableName("accounts").key(item("pk", s("a"))).conditionExpression("attribute_exists(pk)")).build(),
            TransactWriteItem.builder().delete(d -> d.tableName("accounts").key(item("pk", s("b")))).build()),
        transact("two actions on one item", credit("a", "1"), debit("a", "1")),
        transact("on a missing table", TransactWriteItem.builder().put(p -> p.tableName("nothing").item(item("pk", s("a")))).build()),
        step("transact get", c -> c.transactGetItems(r -> r.transactItems(g -> g.get(x -> x.tableName("accounts").key(item("pk", s("a")))),
            g -> g.get(x -> x.tableName("accounts").key(item("pk", s("zz")))))))));
    add.accept("query order, comparators and begins_with", List.of(SEED_EVENTS,
        query("all", r -> r.tableName("events").keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", s("p")))),
        query("backwards", r -> r.tableName("events").keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", s("p"))).scanIndexForward(false)),
        query("sk < 9", r -> r.tableName("events").keyConditionExpression("pk = :p AND sk < :k").expressionAttributeValues(values(":p", s("p"), ":k", n("9")))),
        query("sk <= 9", r -> r.tableName("events").keyConditionExpression("pk = :p AND sk <= :k").expressionAttributeValues(values(":p", s("p"), ":k", n("9")))),
        query("sk > 9", r -> r.tableName("events").keyConditionExpression("pk = :p AND sk > :k").expressionAttributeValues(values(":p", s("p"), ":k", n("9")))),
        query("sk >= 9", r -> r.tableName("events").keyConditionExpression("pk = :p AND sk >= :k").expressionAttributeValues(values(":p", s("p"), ":k", n("9")))),
        query("sk = 9", r -> r.tableName("events").keyConditionExpression("pk = :p AND sk = :k").expressionAttributeValues(values(":p", s("p"), ":k", n("9")))),
        query("between", r -> r.tableName("events").keyConditionExpression("pk = :p AND sk BETWEEN :a AND :b").expressionAttributeValues(values(":p", s("p"), ":a", n("2"), ":b", n("10")))),
        query("filter", r -> r.tableName("events").keyConditionExpression("pk = :p").filterExpression("v > :z").expressionAttributeValues(values(":p", s("p"), ":z", n("5")))),
        query("count", r -> r.tableName("events").keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", s("p"))).select(Select.COUNT)),
        query("limit 2", r -> r.tableName("events").keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", s("p"))).limit(2)),
        query("from 3", r -> r.tableName("events").keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", s("p")))
            .exclusiveStartKey(item("pk", s("p"), "sk", n("3"))).limit(2)),
        query("backwards from 3", r -> r.tableName("events").keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", s("p")))
            .exclusiveStartKey(item("pk", s("p"), "sk", n("3"))).scanIndexForward(false)),
        query("projection", r -> r.tableName("events").keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", s("p"))).projectionExpression("v")),
        query("missing hash key condition", r -> r.tableName("events").keyConditionExpression("sk = :k").expressionAttributeValues(values(":k", n("1"))))));
    add.accept("query strings by UTF-8 order and begins_with", List.of(
        step("create words", c -> c.createTable(Fixture.rangeTable("words", ScalarAttributeType.S))),
        step("seed words", c -> {
          for (String sk : List.of("b", "ab", "abc", "B", "a", "\u00e9", "\uD83D\uDE00", "\uFFFD")) {
            c.putItem(r -> r.tableName("words").item(item("pk", s("p"), "sk", s(sk))));
          }
          return c.getItem(r -> r.tableName("words").key(item("pk", s("p"), "sk", s("a"))));
        }),
        query("all words", r -> r.tableName("words").keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", s("p")))),
        query("begins_with a", r -> r.tableName("words").keyConditionExpression("pk = :p AND begins_with(sk, :a)").expressionAttributeValues(values(":p", s("p"), ":a", s("a")))),
        query("begins_with a backwards", r -> r.tableName("words").keyConditionExpression("pk = :p AND begins_with(sk, :a)")
            .expressionAttributeValues(values(":p", s("p"), ":a", s("a"))).scanIndexForward(false))));
    add.accept("global secondary index", List.of(SEED_TRANSFERS,
        query("open", r -> r.tableName("transfers").indexName("byStatus").keyConditionExpression("#s = :s")
            .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(values(":s", s("open")))),
        query("open at 3", r -> r.tableName("transfers").indexName("byStatus").keyConditionExpression("#s = :s AND #a = :a")
            .expressionAttributeNames(Map.of("#s", "status", "#a", "at")).expressionAttributeValues(values(":s", s("open"), ":a", n("3")))),
        query("open limit 2", r -> r.tableName("transfers").indexName("byStatus").keyConditionExpression("#s = :s")
            .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(values(":s", s("open"))).limit(2)),
        query("open from t1", r -> r.tableName("transfers").indexName("byStatus").keyConditionExpression("#s = :s")
            .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(values(":s", s("open")))
            .exclusiveStartKey(item("pk", s("t2"), "status", s("open"), "at", n("1")))),
        query("consistent read on the index", r -> r.tableName("transfers").indexName("byStatus").keyConditionExpression("#s = :s")
            .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(values(":s", s("open"))).consistentRead(true)),
        step("scan the index", c -> c.scan(r -> r.tableName("transfers").indexName("byStatus"))),
        step("move t2 to done", c -> c.updateItem(r -> r.tableName("transfers").key(item("pk", s("t2"))).updateExpression("SET #s = :d")
            .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(values(":d", s("done"))))),
        query("open after the move", r -> r.tableName("transfers").indexName("byStatus").keyConditionExpression("#s = :s")
            .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(values(":s", s("open"))))));
    add.accept("scan with filter and pages", List.of(SEED_EVENTS,
        step("scan", c -> c.scan(r -> r.tableName("events"))),
        step("scan filter", c -> c.scan(r -> r.tableName("events").filterExpression("v >= :z").expressionAttributeValues(values(":z", n("5")))))));
    add.accept("batches", List.of(SEED_ACCOUNTS,
        step("batch write", c -> c.batchWriteItem(r -> r.requestItems(Map.of("accounts", List.of(
            software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().putRequest(p -> p.item(item("pk", s("c")))).build(),
            software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().deleteRequest(d -> d.key(item("pk", s("a")))).build())))).unprocessedItems()),
        step("batch get", c -> c.batchGetItem(r -> r.requestItems(Map.of("accounts", software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
            .keys(item("pk", s("b")), item("pk", s("c")), item("pk", s("a"))).build()))).responses().get("accounts").size())));
    add.accept("exact decimal addition", List.of(update("a", "SET v = :a + :b", values(":a", n("0.1"), ":b", n("0.2")), ReturnValue.ALL_NEW),
        update("a", "ADD v :c", values(":c", n("12345678901234567890.1")), ReturnValue.ALL_NEW)));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compared")
  void motoAndMemoryAgree(List<Step> steps) {
    DynamoDbClient motoClient = Fixture.client(MOTO.endpoint(), "us-east-1");
    DynamoDbClient memoryClient = Fixture.client(new MemoryDynamoDb(), "us-east-1");
    createTables(motoClient);
    createTables(memoryClient);
    List<String> history = new ArrayList<>();
    for (Step step : steps) {
      String expected = Outcomes.run(motoClient, step);
      String actual = Outcomes.run(memoryClient, step);
      history.add(step + " -> moto: " + expected + " | memory: " + actual);
      assertThat(actual).as("step '%s' of history:%n%s", step, String.join("\n", history)).isEqualTo(expected);
    }
    for (String table : tableNames(motoClient)) {
      assertThat(Differential.contents(memoryClient, table)).as("final contents of %s", table).isEqualTo(Differential.contents(motoClient, table));
    }
  }

  private static List<String> tableNames(DynamoDbClient c) {
    return c.listTables().tableNames();
  }

  /** A case where moto is not DynamoDB: the memory model must answer as DynamoDB documents. */
  record Known(Differential.KnownDifference difference, List<Step> setup, Step step, String documented) {
    @Override
    public String toString() {
      return difference.name();
    }
  }

  static Stream<Known> knownDifferences() {
    return Stream.of(
        new Known(Differential.KnownDifference.FLOAT_SUBTRACTION, List.of(),
            update("a", "SET y = :a - :b", values(":a", n("0.3"), ":b", n("0.1")), ReturnValue.UPDATED_NEW),
            "ok attributes={y=N:0.2}"),
        new Known(Differential.KnownDifference.LAST_KEY_AT_EXACT_LIMIT, List.of(SEED_EVENTS),
            query("limit 6 of 6", r -> r.tableName("events").keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", s("p"))).limit(6)),
            "ok items=[{pk=S:p, sk=N:-1.5, v=N:-1.5}, {pk=S:p, sk=N:2, v=N:2}, {pk=S:p, sk=N:3, v=N:3}, {pk=S:p, sk=N:9, v=N:9}, "
                + "{pk=S:p, sk=N:10, v=N:10}, {pk=S:p, sk=N:100, v=N:100}] count=6 scanned=6 last={pk=S:p, sk=N:100}"),
        new Known(Differential.KnownDifference.CROSS_TYPE_ORDERING, List.of(SEED_ACCOUNTS),
            putIf("accounts", item("pk", s("a")), "balance < :s", values(":s", s("x"))),
            "ConditionalCheckFailedException {balance=N:100, flag=BOOL:true, l=L:[N:1, S:x], pk=S:a, s=S:abcd, tags=SS:[x, y]}"),
        new Known(Differential.KnownDifference.MORE_THAN_38_DIGITS, List.of(),
            put("accounts", item("pk", s("a"), "n", n("123456789012345678901234567890123456789"))),
            "DynamoDbException ValidationException"),
        new Known(Differential.KnownDifference.UNDEFINED_PLACEHOLDER, List.of(),
            putIf("accounts", item("pk", s("a")), "n = :w", values(":v", s("x"))),
            "DynamoDbException ValidationException"),
        new Known(Differential.KnownDifference.SYNTAX_ERROR, List.of(),
            putIf("accounts", item("pk", s("a")), "n = = :v", values(":v", s("x"))),
            "DynamoDbException ValidationException"),
        new Known(Differential.KnownDifference.UNUSED_VALUE_IN_CONDITION, List.of(),
            putIf("accounts", item("pk", s("a")), "attribute_not_exists(pk)", values(":u", s("x"))),
            "DynamoDbException ValidationException"),
        new Known(Differential.KnownDifference.KEY_CONDITION_TYPE_MISMATCH, List.of(SEED_EVENTS),
            query("wrong key type", r -> r.tableName("events").keyConditionExpression("pk = :p AND sk = :k").expressionAttributeValues(values(":p", s("p"), ":k", s("1")))),
            "DynamoDbException ValidationException"),
        new Known(Differential.KnownDifference.SCAN_SELECT_COUNT, List.of(SEED_EVENTS),
            step("scan count", c -> c.scan(r -> r.tableName("events").select(Select.COUNT))),
            "ok items=[] count=7 scanned=7"),
        new Known(Differential.KnownDifference.SIZE_OF_MISSING_ATTRIBUTE, List.of(SEED_EVENTS),
            step("scan filter size(tags) > 1", c -> c.scan(r -> r.tableName("events").filterExpression("size(tags) > :one")
                .expressionAttributeValues(values(":one", n("1"))))),
            "ok items=[] count=0 scanned=7"),
        new Known(Differential.KnownDifference.UPDATED_NEW_OF_A_NEW_ITEM, List.of(),
            update("fresh", "SET v = :v", values(":v", n("1")), ReturnValue.UPDATED_NEW),
            "ok attributes={v=N:1}"),
        new Known(Differential.KnownDifference.CLIENT_REQUEST_TOKEN, List.of(
            step("transact with token t", c -> c.transactWriteItems(r -> r.clientRequestToken("t").transactItems(credit("a", "1"))))),
            step("same token, other request", c -> c.transactWriteItems(r -> r.clientRequestToken("t").transactItems(credit("a", "2")))),
            "IdempotentParameterMismatchException IdempotentParameterMismatchException"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("knownDifferences")
  void memoryFollowsDynamoDbWhereMotoDiffers(Known known) {
    DynamoDbClient motoClient = Fixture.client(MOTO.endpoint(), "us-east-1");
    DynamoDbClient memoryClient = Fixture.client(new MemoryDynamoDb(), "us-east-1");
    createTables(motoClient);
    createTables(memoryClient);
    for (Step s : known.setup()) {
      Outcomes.run(motoClient, s);
      Outcomes.run(memoryClient, s);
    }
    String motoOutcome = Outcomes.run(motoClient, known.step());
    String memoryOutcome = Outcomes.run(memoryClient, known.step());

    assertThat(memoryOutcome).as("memory model, documented DynamoDB behaviour").isEqualTo(known.documented());
    assertThat(motoOutcome).as("moto now agrees with DynamoDB on %s: move the case to compared()", known.difference()).isNotEqualTo(memoryOutcome);
  }
}
