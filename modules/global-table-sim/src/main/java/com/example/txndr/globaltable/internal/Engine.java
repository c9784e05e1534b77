package com.example.txndr.globaltable.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

/**
 * The DynamoDB operations over per-region tables: JSON request in, JSON response out, errors as
 * {@link DynamoException}. Not thread-safe: callers serialise.
 */
public final class Engine {
  static final String ACCOUNT = "123456789012";
  /** The 1 MB a Query or Scan reads at most before it returns a page. */
  static final int MAX_PAGE_BYTES = 1024 * 1024;
  static final Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(10);

  private final Clock clock;
  private final Map<String, TreeMap<String, Table>> regions = new TreeMap<>();
  /** ClientRequestToken to (digest of the request, time of first success), oldest first. */
  private final LinkedHashMap<String, Token> tokens = new LinkedHashMap<>();

  private record Token(byte[] digest, Instant at) {
  }

  public Engine(Clock clock) {
    this.clock = clock;
  }

  /** Runs one operation named as in {@code X-Amz-Target} after the dot. */
  public ObjectNode handle(String region, String operation, JsonNode request) {
    if (!request.isObject()) {
      throw DynamoException.validation("The request body must be a JSON object");
    }
    switch (operation) {
      case "CreateTable":
        return createTable(region, request);
      case "DescribeTable":
        return describeTable(region, request);
      case "DeleteTable":
        return deleteTable(region, request);
      case "ListTables":
        return listTables(region, request);
      case "GetItem":
        return getItem(region, request);
      case "PutItem":
        return putItem(region, request);
      case "UpdateItem":
        return updateItem(region, request);
      case "DeleteItem":
        return deleteItem(region, request);
      case "BatchWriteItem":
        return batchWriteItem(region, request);
      case "BatchGetItem":
        return batchGetItem(region, request);
      case "Query":
        return query(region, request);
      case "Scan":
        return scan(region, request);
      case "TransactWriteItems":
        return transactWriteItems(region, request);
      case "TransactGetItems":
        return transactGetItems(region, request);
      default:
        throw DynamoException.unsupported("the operation " + operation);
    }
  }

  // ---- tables ----

  /** The table, or ResourceNotFoundException as the item operations report it. */
  public Table table(String region, String name) {
    Table t = tableOrNull(region, name);
    if (t == null) {
      throw DynamoException.notFound("Requested resource not found");
    }
    return t;
  }

  private Table tableOrNull(String region, String name) {
    TreeMap<String, Table> tables = regions.get(region);
    return tables == null ? null : tables.get(name);
  }

  private static final Set<String> CREATE_TABLE = Set.of("TableName", "KeySchema", "AttributeDefinitions", "BillingMode",
      "ProvisionedThroughput", "GlobalSecondaryIndexes", "StreamSpecification", "SSESpecification", "Tags", "TableClass");

  ObjectNode createTable(String region, JsonNode req) {
    Requests.only(req, "CreateTable", CREATE_TABLE);
    String name = Requests.required(req, "TableName", "tableName");
    checkTableName(name);
    Map<String, Value.Type> definitions = new LinkedHashMap<>();
    JsonNode defs = req.get("AttributeDefinitions");
    if (defs == null || !defs.isArray() || defs.size() == 0) {
      throw DynamoException.validation("1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null");
    }
    for (JsonNode d : defs) {
      String type = Requests.text(d, "AttributeType");
      if (!"S".equals(type) && !"N".equals(type) && !"B".equals(type)) {
        throw DynamoException.validation("1 validation error detected: Value '" + type
            + "' at 'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
      }
      if (definitions.put(Requests.text(d, "AttributeName"), Value.Type.valueOf(type)) != null) {
        throw DynamoException.validation("Cannot have two attributes with the same name");
      }
    }
    Set<String> used = new HashSet<>();
    KeySchema key = keySchema(req.get("KeySchema"), definitions, used, "keySchema");
    String billing = Requests.text(req, "BillingMode");
    if (billing == null) {
      billing = "PROVISIONED";
    }
    if (billing.equals("PROVISIONED") && req.get("ProvisionedThroughput") == null) {
      throw DynamoException.validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
    }
    if (billing.equals("PAY_PER_REQUEST") && req.get("ProvisionedThroughput") != null) {
      throw DynamoException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }
    if (!billing.equals("PROVISIONED") && !billing.equals("PAY_PER_REQUEST")) {
      throw DynamoException.validation("1 validation error detected: Value '" + billing
          + "' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
    }
    ObjectNode echo = Wire.JSON.objectNode();
    echo.put("BillingMode", billing);
    echo.set("KeySchema", req.get("KeySchema"));
    echo.set("AttributeDefinitions", defs);
    if (req.get("ProvisionedThroughput") != null) {
      echo.set("ProvisionedThroughput", req.get("ProvisionedThroughput"));
    }
    if (req.get("StreamSpecification") != null) {
      echo.set("StreamSpecification", req.get("StreamSpecification"));
    }
    Table table = new Table(name, key, definitions, echo, clock.instant().getEpochSecond());
    JsonNode gsis = req.get("GlobalSecondaryIndexes");
    if (gsis != null && !gsis.isNull()) {
      for (JsonNode g : gsis) {
        Requests.only(g, "CreateTable GlobalSecondaryIndexes", Set.of("IndexName", "KeySchema", "Projection", "ProvisionedThroughput", "OnDemandThroughput"));
        String indexName = Requests.required(g, "IndexName", "globalSecondaryIndexes.member.indexName");
        KeySchema indexKey = keySchema(g.get("KeySchema"), definitions, used, "globalSecondaryIndexes.member.keySchema");
        JsonNode projection = g.get("Projection");
        String type = projection == null ? null : Requests.text(projection, "ProjectionType");
        if (type == null) {
          throw DynamoException.validation("1 validation error detected: Value null at 'globalSecondaryIndexes.member.projection.projectionType' failed to satisfy constraint: Member must not be null");
        }
        List<String> nonKey = new ArrayList<>();
        JsonNode nk = projection.get("NonKeyAttributes");
        if (nk != null && !nk.isNull()) {
          for (JsonNode n : nk) {
            nonKey.add(n.asText());
          }
        }
        if (!type.equals("ALL") && !type.equals("KEYS_ONLY") && !type.equals("INCLUDE")) {
          throw DynamoException.validation("1 validation error detected: Value '" + type
              + "' at 'globalSecondaryIndexes.member.projection.projectionType' failed to satisfy constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]");
        }
        if (!type.equals("INCLUDE") && !nonKey.isEmpty()) {
          throw DynamoException.validation("One or more parameter values were invalid: ProjectionType is " + type
              + ", but NonKeyAttributes is specified");
        }
        if (type.equals("INCLUDE") && nonKey.isEmpty()) {
          throw DynamoException.validation("One or more parameter values were invalid: NonKeyAttributes must be specified when ProjectionType is INCLUDE");
        }
        if (table.indexes.containsKey(indexName)) {
          throw DynamoException.validation("One or more parameter values were invalid: Duplicate index name: " + indexName);
        }
        table.indexes.put(indexName, new Table.Gsi(indexName, indexKey, type, nonKey, key));
      }
      echo.set("GlobalSecondaryIndexes", gsis);
    }
    if (!used.containsAll(definitions.keySet())) {
      throw DynamoException.validation("One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: "
          + definitions.keySet() + ", keys used: " + new java.util.TreeSet<>(used));
    }
    TreeMap<String, Table> tables = regions.computeIfAbsent(region, r -> new TreeMap<>());
    if (tables.containsKey(name)) {
      throw DynamoException.inUse("Table already exists: " + name);
    }
    tables.put(name, table);
    ObjectNode out = Wire.JSON.objectNode();
    out.set("TableDescription", describe(region, table, "ACTIVE"));
    return out;
  }

  private static void checkTableName(String name) {
    if (name.length() < 3 || name.length() > 255 || !name.matches("[a-zA-Z0-9_.-]+")) {
      throw DynamoException.validation("1 validation error detected: Value '" + name
          + "' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have length between 3 and 255");
    }
  }

  private static KeySchema keySchema(JsonNode schema, Map<String, Value.Type> definitions, Set<String> used, String where) {
    if (schema == null || !schema.isArray() || schema.size() < 1 || schema.size() > 2) {
      throw DynamoException.validation("1 validation error detected: Value at '" + where
          + "' failed to satisfy constraint: Member must have length less than or equal to 2 and greater than or equal to 1");
    }
    String hash = null;
    String range = null;
    for (JsonNode k : schema) {
      String name = Requests.text(k, "AttributeName");
      String type = Requests.text(k, "KeyType");
      if ("HASH".equals(type) && hash == null) {
        hash = name;
      } else if ("RANGE".equals(type) && range == null) {
        range = name;
      } else {
        throw DynamoException.validation("Invalid KeySchema: Some index key attribute have no definition or the key schema has two " + type + " keys");
      }
    }
    if (hash == null || (schema.size() == 2 && range == null) || !schema.get(0).path("KeyType").asText().equals("HASH")) {
      throw DynamoException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    for (String n : range == null ? List.of(hash) : List.of(hash, range)) {
      if (!definitions.containsKey(n)) {
        throw DynamoException.validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: ["
            + (range == null ? hash : hash + ", " + range) + "], AttributeDefinitions: " + definitions.keySet());
      }
      used.add(n);
    }
    return new KeySchema(hash, definitions.get(hash), range, range == null ? null : definitions.get(range));
  }

  private ObjectNode describe(String region, Table t, String status) {
    ObjectNode d = Wire.JSON.objectNode();
    d.set("AttributeDefinitions", t.echo.get("AttributeDefinitions"));
    d.put("TableName", t.name);
    d.set("KeySchema", t.echo.get("KeySchema"));
    d.put("TableStatus", status);
    d.put("CreationDateTime", t.createdEpochSeconds);
    ObjectNode throughput = d.putObject("ProvisionedThroughput");
    JsonNode given = t.echo.get("ProvisionedThroughput");
    throughput.put("NumberOfDecreasesToday", 0);
    throughput.put("ReadCapacityUnits", given == null ? 0 : given.path("ReadCapacityUnits").asLong());
    throughput.put("WriteCapacityUnits", given == null ? 0 : given.path("WriteCapacityUnits").asLong());
    d.put("TableSizeBytes", t.bytes());
    d.put("ItemCount", t.count());
    String arn = "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + t.name;
    d.put("TableArn", arn);
    d.putObject("BillingModeSummary").put("BillingMode", t.echo.get("BillingMode").asText());
    if (!t.indexes.isEmpty()) {
      ArrayNode gsis = d.putArray("GlobalSecondaryIndexes");
      for (JsonNode given2 : t.echo.get("GlobalSecondaryIndexes")) {
        Table.Gsi g = t.indexes.get(given2.get("IndexName").asText());
        ObjectNode o = gsis.addObject();
        o.put("IndexName", g.name);
        o.set("KeySchema", given2.get("KeySchema"));
        ObjectNode projection = o.putObject("Projection");
        projection.put("ProjectionType", g.projectionType);
        if (!g.nonKeyAttributes.isEmpty()) {
          ArrayNode nk = projection.putArray("NonKeyAttributes");
          g.nonKeyAttributes.forEach(nk::add);
        }
        o.put("IndexStatus", "ACTIVE");
        JsonNode gt = given2.get("ProvisionedThroughput");
        ObjectNode pt = o.putObject("ProvisionedThroughput");
        pt.put("ReadCapacityUnits", gt == null ? 0 : gt.path("ReadCapacityUnits").asLong());
        pt.put("WriteCapacityUnits", gt == null ? 0 : gt.path("WriteCapacityUnits").asLong());
        o.put("IndexSizeBytes", g.bytes);
        o.put("ItemCount", g.count);
        o.put("IndexArn", arn + "/index/" + g.name);
      }
    }
    if (t.echo.get("StreamSpecification") != null) {
      d.set("StreamSpecification", t.echo.get("StreamSpecification"));
    }
    return d;
  }

  ObjectNode describeTable(String region, JsonNode req) {
    Requests.only(req, "DescribeTable", Set.of("TableName"));
    String name = Requests.required(req, "TableName", "tableName");
    Table t = tableOrNull(region, name);
    if (t == null) {
      throw DynamoException.notFound("Requested resource not found: Table: " + name + " not found");
    }
    ObjectNode out = Wire.JSON.objectNode();
    out.set("Table", describe(region, t, "ACTIVE"));
    return out;
  }

  ObjectNode deleteTable(String region, JsonNode req) {
    Requests.only(req, "DeleteTable", Set.of("TableName"));
    String name = Requests.required(req, "TableName", "tableName");
    Table t = tableOrNull(region, name);
    if (t == null) {
      throw DynamoException.notFound("Requested resource not found: Table: " + name + " not found");
    }
    regions.get(region).remove(name);
    ObjectNode out = Wire.JSON.objectNode();
    out.set("TableDescription", describe(region, t, "DELETING"));
    return out;
  }

  ObjectNode listTables(String region, JsonNode req) {
    Requests.only(req, "ListTables", Set.of("ExclusiveStartTableName", "Limit"));
    int limit = req.has("Limit") ? req.get("Limit").asInt() : 100;
    if (limit < 1 || limit > 100) {
      throw DynamoException.validation("1 validation error detected: Value '" + limit
          + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100");
    }
    String start = Requests.text(req, "ExclusiveStartTableName");
    TreeMap<String, Table> tables = regions.getOrDefault(region, new TreeMap<>());
    NavigableMap<String, Table> from = start == null ? tables : tables.tailMap(start, false);
    ObjectNode out = Wire.JSON.objectNode();
    ArrayNode names = out.putArray("TableNames");
    String last = null;
    for (String n : from.keySet()) {
      if (names.size() == limit) {
        out.put("LastEvaluatedTableName", last);
        break;
      }
      names.add(n);
      last = n;
    }
    return out;
  }

  // ---- single items ----

  private static final Set<String> GET_ITEM = Set.of("TableName", "Key", "ConsistentRead", "ProjectionExpression",
      "ExpressionAttributeNames", "ReturnConsumedCapacity");

  ObjectNode getItem(String region, JsonNode req) {
    Requests.only(req, "GetItem", GET_ITEM);
    Requests.noMetrics(req, "GetItem");
    Placeholders ph = Placeholders.of(req);
    List<String> projection = projection(req, ph);
    ph.checkAllUsed();
    Table t = table(region, Requests.required(req, "TableName", "tableName"));
    Map<String, Value> item = t.get(t.key.keyOf(Wire.item(req.get("Key"))));
    ObjectNode out = Wire.JSON.objectNode();
    if (item != null) {
      out.set("Item", Wire.item(project(item, projection)));
    }
    return out;
  }

  private static List<String> projection(JsonNode req, Placeholders ph) {
    String text = Requests.text(req, "ProjectionExpression");
    return text == null ? null : Parser.projection(text, ph);
  }

  private static Map<String, Value> project(Map<String, Value> item, List<String> projection) {
    if (projection == null) {
      return item;
    }
    Map<String, Value> out = new TreeMap<>();
    for (String n : projection) {
      Value v = item.get(n);
      if (v != null) {
        out.put(n, v);
      }
    }
    return out;
  }

  private static Ast.Cond condition(JsonNode req, Placeholders ph) {
    String text = Requests.text(req, "ConditionExpression");
    return text == null ? null : Parser.condition(Parser.CONDITION, text, ph);
  }

  private static final Set<String> PUT_ITEM = Set.of("TableName", "Item", "ConditionExpression", "ExpressionAttributeNames",
      "ExpressionAttributeValues", "ReturnValues", "ReturnValuesOnConditionCheckFailure", "ReturnConsumedCapacity",
      "ReturnItemCollectionMetrics");

  ObjectNode putItem(String region, JsonNode req) {
    Requests.only(req, "PutItem", PUT_ITEM);
    Requests.noMetrics(req, "PutItem");
    boolean allOld = oldOrNone(req);
    boolean oldOnFailure = Requests.returnOldOnFailure(req);
    Placeholders ph = Placeholders.of(req);
    Ast.Cond cond = condition(req, ph);
    ph.checkAllUsed();
    Map<String, Value> item = Wire.item(req.get("Item"));
    if (item == null) {
      throw DynamoException.validation("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null");
    }
    Table t = table(region, Requests.required(req, "TableName", "tableName"));
    Write w = Write.put(t, item, cond, oldOnFailure);
    return single(w, allOld ? "ALL_OLD" : "NONE");
  }

  /** PutItem and DeleteItem: ReturnValues NONE or ALL_OLD only. */
  private static boolean oldOrNone(JsonNode req) {
    String rv = Requests.text(req, "ReturnValues");
    if (rv == null || rv.equals("NONE")) {
      return false;
    }
    if (rv.equals("ALL_OLD")) {
      return true;
    }
    throw DynamoException.validation("ReturnValues can only be ALL_OLD or NONE");
  }

  /** Evaluates and applies one write, answering as the single-item operations do. */
  private static ObjectNode single(Write w, String returnValues) {
    if (!w.evaluate()) {
      throw DynamoException.conditionFailed(w.failureItem());
    }
    w.apply();
    ObjectNode out = Wire.JSON.objectNode();
    Map<String, Value> attributes;
    switch (returnValues) {
      case "ALL_OLD":
        attributes = w.old;
        break;
      case "ALL_NEW":
        attributes = w.next;
        break;
      case "UPDATED_OLD":
        attributes = w.updated(false);
        break;
      case "UPDATED_NEW":
        attributes = w.updated(true);
        break;
      default:
        attributes = null;
        break;
    }
    if (attributes != null && !attributes.isEmpty()) {
      out.set("Attributes", Wire.item(attributes));
    }
    return out;
  }

  private static final Set<String> UPDATE_ITEM = Set.of("TableName", "Key", "UpdateExpression", "ConditionExpression",
      "ExpressionAttributeNames", "ExpressionAttributeValues", "ReturnValues", "ReturnValuesOnConditionCheckFailure",
      "ReturnConsumedCapacity", "ReturnItemCollectionMetrics");
  private static final Set<String> UPDATE_RETURN_VALUES = Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");

  ObjectNode updateItem(String region, JsonNode req) {
    Requests.only(req, "UpdateItem", UPDATE_ITEM);
    Requests.noMetrics(req, "UpdateItem");
    String rv = Requests.text(req, "ReturnValues");
    if (rv == null) {
      rv = "NONE";
    }
    if (!UPDATE_RETURN_VALUES.contains(rv)) {
      throw DynamoException.validation("1 validation error detected: Value '" + rv
          + "' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
    }
    boolean oldOnFailure = Requests.returnOldOnFailure(req);
    Placeholders ph = Placeholders.of(req);
    Ast.Update update = updateExpression(req, ph);
    Ast.Cond cond = condition(req, ph);
    ph.checkAllUsed();
    Table t = table(region, Requests.required(req, "TableName", "tableName"));
    Write w = Write.update(t, Wire.item(req.get("Key")), update, cond, oldOnFailure);
    return single(w, rv);
  }

  private static Ast.Update updateExpression(JsonNode req, Placeholders ph) {
    String text = Requests.text(req, "UpdateExpression");
    return text == null ? null : Parser.update(text, ph);
  }

  private static final Set<String> DELETE_ITEM = Set.of("TableName", "Key", "ConditionExpression", "ExpressionAttributeNames",
      "ExpressionAttributeValues", "ReturnValues", "ReturnValuesOnConditionCheckFailure", "ReturnConsumedCapacity",
      "ReturnItemCollectionMetrics");

  ObjectNode deleteItem(String region, JsonNode req) {
    Requests.only(req, "DeleteItem", DELETE_ITEM);
    Requests.noMetrics(req, "DeleteItem");
    boolean allOld = oldOrNone(req);
    boolean oldOnFailure = Requests.returnOldOnFailure(req);
    Placeholders ph = Placeholders.of(req);
    Ast.Cond cond = condition(req, ph);
    ph.checkAllUsed();
    Table t = table(region, Requests.required(req, "TableName", "tableName"));
    Write w = Write.delete(t, Wire.item(req.get("Key")), cond, oldOnFailure);
    return single(w, allOld ? "ALL_OLD" : "NONE");
  }

  // ---- batches ----

  ObjectNode batchWriteItem(String region, JsonNode req) {
    Requests.only(req, "BatchWriteItem", Set.of("RequestItems", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics"));
    Requests.noMetrics(req, "BatchWriteItem");
    JsonNode requestItems = req.get("RequestItems");
    if (requestItems == null || requestItems.size() == 0) {
      throw DynamoException.validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    List<Write> writes = new ArrayList<>();
    Set<List<Object>> seen = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Table t = table(region, e.getKey());
      for (JsonNode r : e.getValue()) {
        Write w;
        if (r.has("PutRequest") && r.size() == 1) {
          Requests.only(r.get("PutRequest"), "BatchWriteItem PutRequest", Set.of("Item"));
          w = Write.put(t, Wire.item(r.get("PutRequest").get("Item")), null, false);
        } else if (r.has("DeleteRequest") && r.size() == 1) {
          Requests.only(r.get("DeleteRequest"), "BatchWriteItem DeleteRequest", Set.of("Key"));
          w = Write.delete(t, Wire.item(r.get("DeleteRequest").get("Key")), null, false);
        } else {
          throw DynamoException.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        if (!seen.add(List.of(t.name, w.key))) {
          throw DynamoException.validation("Provided list of item keys contains duplicates");
        }
        writes.add(w);
      }
    }
    if (writes.size() > 25) {
      throw DynamoException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
    }
    for (Write w : writes) {
      w.evaluate();
    }
    for (Write w : writes) {
      w.apply();
    }
    ObjectNode out = Wire.JSON.objectNode();
    out.putObject("UnprocessedItems");
    return out;
  }

  ObjectNode batchGetItem(String region, JsonNode req) {
    Requests.only(req, "BatchGetItem", Set.of("RequestItems", "ReturnConsumedCapacity"));
    Requests.noMetrics(req, "BatchGetItem");
    JsonNode requestItems = req.get("RequestItems");
    if (requestItems == null || requestItems.size() == 0) {
      throw DynamoException.validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    ObjectNode out = Wire.JSON.objectNode();
    ObjectNode responses = out.putObject("Responses");
    int keys = 0;
    Map<String, List<Map<String, Value>>> found = new LinkedHashMap<>();
    Map<String, List<String>> projections = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode r = e.getValue();
      Requests.only(r, "BatchGetItem RequestItems", Set.of("Keys", "ProjectionExpression", "ExpressionAttributeNames", "ConsistentRead"));
      Placeholders ph = Placeholders.of(r);
      List<String> projection = projection(r, ph);
      ph.checkAllUsed();
      Table t = table(region, e.getKey());
      Set<PrimaryKey> seen = new HashSet<>();
      List<Map<String, Value>> items = new ArrayList<>();
      for (JsonNode k : r.path("Keys")) {
        PrimaryKey key = t.key.keyOf(Wire.item(k));
        if (!seen.add(key)) {
          throw DynamoException.validation("Provided list of item keys contains duplicates");
        }
        keys++;
        Map<String, Value> item = t.get(key);
        if (item != null) {
          items.add(item);
        }
      }
      found.put(e.getKey(), items);
      projections.put(e.getKey(), projection);
    }
    if (keys > 100) {
      throw DynamoException.validation("Too many items requested for the BatchGetItem call");
    }
    for (Map.Entry<String, List<Map<String, Value>>> e : found.entrySet()) {
      ArrayNode a = responses.putArray(e.getKey());
      for (Map<String, Value> item : e.getValue()) {
        a.add(Wire.item(project(item, projections.get(e.getKey()))));
      }
    }
    out.putObject("UnprocessedKeys");
    return out;
  }

  // ---- transactions ----

  ObjectNode transactWriteItems(String region, JsonNode req) {
    Requests.only(req, "TransactWriteItems", Set.of("TransactItems", "ClientRequestToken", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics"));
    Requests.noMetrics(req, "TransactWriteItems");
    JsonNode items = req.get("TransactItems");
    checkTransactionSize(items);
    List<Write> writes = new ArrayList<>();
    Set<List<Object>> seen = new HashSet<>();
    for (JsonNode action : items) {
      if (action.size() != 1) {
        throw DynamoException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
      }
      Map.Entry<String, JsonNode> e = action.fields().next();
      Write w = transactAction(region, e.getKey(), e.getValue());
      if (!seen.add(List.of(w.table.name, w.key))) {
        throw DynamoException.validation("Transaction request cannot include multiple operations on one item");
      }
      writes.add(w);
    }
    String token = Requests.text(req, "ClientRequestToken");
    byte[] digest = null;
    if (token != null) {
      Instant now = clock.instant();
      expireTokens(now);
      digest = digest(req);
      Token previous = tokens.get(token);
      if (previous != null) {
        if (!Arrays.equals(previous.digest(), digest)) {
          throw DynamoException.idempotentMismatch();
        }
        return Wire.JSON.objectNode();
      }
    }
    List<DynamoException.Reason> reasons = new ArrayList<>();
    boolean failed = false;
    for (Write w : writes) {
      try {
        if (w.evaluate()) {
          reasons.add(new DynamoException.Reason("None", null, null));
        } else {
          failed = true;
          reasons.add(new DynamoException.Reason("ConditionalCheckFailed", "The conditional request failed", w.failureItem()));
        }
      } catch (DynamoException ex) {
        failed = true;
        reasons.add(new DynamoException.Reason("ValidationError", ex.getMessage(), null));
      }
    }
    if (failed) {
      throw DynamoException.cancelled(reasons);
    }
    for (Write w : writes) {
      w.apply();
    }
    if (token != null) {
      tokens.put(token, new Token(digest, clock.instant()));
    }
    return Wire.JSON.objectNode();
  }

  private static void checkTransactionSize(JsonNode items) {
    if (items == null || !items.isArray() || items.size() == 0) {
      throw DynamoException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    if (items.size() > 100) {
      throw DynamoException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100");
    }
  }

  private static final Set<String> CHECK_FIELDS = Set.of("TableName", "Key", "ConditionExpression", "ExpressionAttributeNames",
      "ExpressionAttributeValues", "ReturnValuesOnConditionCheckFailure");
  private static final Set<String> PUT_FIELDS = Set.of("TableName", "Item", "ConditionExpression", "ExpressionAttributeNames",
      "ExpressionAttributeValues", "ReturnValuesOnConditionCheckFailure");
  private static final Set<String> UPDATE_FIELDS = Set.of("TableName", "Key", "UpdateExpression", "ConditionExpression",
      "ExpressionAttributeNames", "ExpressionAttributeValues", "ReturnValuesOnConditionCheckFailure");

  private Write transactAction(String region, String kind, JsonNode a) {
    Placeholders ph;
    Table t;
    switch (kind) {
      case "ConditionCheck": {
        Requests.only(a, "TransactWriteItems ConditionCheck", CHECK_FIELDS);
        ph = Placeholders.of(a);
        String text = Requests.text(a, "ConditionExpression");
        if (text == null) {
          throw DynamoException.validation("1 validation error detected: Value null at 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null");
        }
        Ast.Cond cond = Parser.condition(Parser.CONDITION, text, ph);
        ph.checkAllUsed();
        t = table(region, Requests.required(a, "TableName", "tableName"));
        return Write.check(t, Wire.item(a.get("Key")), cond, Requests.returnOldOnFailure(a));
      }
      case "Put": {
        Requests.only(a, "TransactWriteItems Put", PUT_FIELDS);
        ph = Placeholders.of(a);
        Ast.Cond cond = condition(a, ph);
        ph.checkAllUsed();
        t = table(region, Requests.required(a, "TableName", "tableName"));
        return Write.put(t, Wire.item(a.get("Item")), cond, Requests.returnOldOnFailure(a));
      }
      case "Update": {
        Requests.only(a, "TransactWriteItems Update", UPDATE_FIELDS);
        ph = Placeholders.of(a);
        String text = Requests.text(a, "UpdateExpression");
        if (text == null) {
          throw DynamoException.validation("1 validation error detected: Value null at 'transactItems.1.member.update.updateExpression' failed to satisfy constraint: Member must not be null");
        }
        Ast.Update update = Parser.update(text, ph);
        Ast.Cond cond = condition(a, ph);
        ph.checkAllUsed();
        t = table(region, Requests.required(a, "TableName", "tableName"));
        return Write.update(t, Wire.item(a.get("Key")), update, cond, Requests.returnOldOnFailure(a));
      }
      case "Delete": {
        Requests.only(a, "TransactWriteItems Delete", CHECK_FIELDS);
        ph = Placeholders.of(a);
        Ast.Cond cond = condition(a, ph);
        ph.checkAllUsed();
        t = table(region, Requests.required(a, "TableName", "tableName"));
        return Write.delete(t, Wire.item(a.get("Key")), cond, Requests.returnOldOnFailure(a));
      }
      default:
        throw DynamoException.unsupported("the transaction action " + kind);
    }
  }

  private void expireTokens(Instant now) {
    for (Iterator<Token> it = tokens.values().iterator(); it.hasNext(); ) {
      Token t = it.next();
      if (t.at().plus(IDEMPOTENCY_WINDOW).isAfter(now)) {
        break;
      }
      it.remove();
    }
  }

  /** SHA-256 of the request with object members in name order (the SDK's member order may vary). */
  private static byte[] digest(JsonNode req) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      feed(md, req);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void feed(MessageDigest md, JsonNode n) {
    if (n.isObject()) {
      md.update((byte) '{');
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      for (String name : names) {
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update((byte) ':');
        feed(md, n.get(name));
        md.update((byte) ',');
      }
      md.update((byte) '}');
    } else if (n.isArray()) {
      md.update((byte) '[');
      for (JsonNode e : n) {
        feed(md, e);
        md.update((byte) ',');
      }
      md.update((byte) ']');
    } else {
      md.update(n.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  ObjectNode transactGetItems(String region, JsonNode req) {
    Requests.only(req, "TransactGetItems", Set.of("TransactItems", "ReturnConsumedCapacity"));
    Requests.noMetrics(req, "TransactGetItems");
    JsonNode items = req.get("TransactItems");
    checkTransactionSize(items);
    List<Map<String, Value>> results = new ArrayList<>();
    Set<List<Object>> seen = new HashSet<>();
    for (JsonNode action : items) {
      JsonNode get = action.get("Get");
      if (get == null || action.size() != 1) {
        throw DynamoException.validation("TransactItems can only contain Get");
      }
      Requests.only(get, "TransactGetItems Get", Set.of("TableName", "Key", "ProjectionExpression", "ExpressionAttributeNames"));
      Placeholders ph = Placeholders.of(get);
      List<String> projection = projection(get, ph);
      ph.checkAllUsed();
      Table t = table(region, Requests.required(get, "TableName", "tableName"));
      PrimaryKey key = t.key.keyOf(Wire.item(get.get("Key")));
      if (!seen.add(List.of(t.name, key))) {
        throw DynamoException.validation("Transaction request cannot include multiple operations on one item");
      }
      Map<String, Value> item = t.get(key);
      results.add(item == null ? null : project(item, projection));
    }
    ObjectNode out = Wire.JSON.objectNode();
    ArrayNode responses = out.putArray("Responses");
    for (Map<String, Value> item : results) {
      ObjectNode r = responses.addObject();
      if (item != null) {
        r.set("Item", Wire.item(item));
      }
    }
    return out;
  }

  // ---- query and scan ----

  private static final Set<String> QUERY = Set.of("TableName", "IndexName", "KeyConditionExpression", "FilterExpression",
      "ProjectionExpression", "ExpressionAttributeNames", "ExpressionAttributeValues", "ScanIndexForward", "Limit",
      "ExclusiveStartKey", "Select", "ConsistentRead", "ReturnConsumedCapacity");
  private static final Set<String> SCAN = Set.of("TableName", "IndexName", "FilterExpression", "ProjectionExpression",
      "ExpressionAttributeNames", "ExpressionAttributeValues", "Limit", "ExclusiveStartKey", "Select", "ConsistentRead",
      "ReturnConsumedCapacity");

  ObjectNode query(String region, JsonNode req) {
    Requests.only(req, "Query", QUERY);
    Requests.noMetrics(req, "Query");
    Placeholders ph = Placeholders.of(req);
    String kc = Requests.text(req, "KeyConditionExpression");
    if (kc == null) {
      throw DynamoException.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
    }
    Ast.Cond keyCondition = Parser.condition(Parser.KEY_CONDITION, kc, ph);
    Reader reader = reader(region, req, ph);
    KeyCondition key = KeyCondition.of(keyCondition, reader.key);
    boolean forward = !req.has("ScanIndexForward") || req.get("ScanIndexForward").asBoolean();
    Iterator<Map<String, Value>> candidates;
    if (reader.index == null) {
      NavigableMap<Value, Map<String, Value>> range = key.bound(reader.table.partition(key.hash));
      if (reader.start != null) {
        Value startRange = reader.table.key.hasRange() ? reader.start.get(reader.table.key.rangeName) : Value.NULL;
        if (!reader.table.key.hasRange() || Table.KEY_ORDER.compare(reader.start.get(reader.table.key.hashName), key.hash) != 0) {
          range = new TreeMap<>(Table.KEY_ORDER);
        } else {
          range = forward ? range.tailMap(startRange, false) : range.headMap(startRange, false);
        }
      }
      candidates = (forward ? range : range.descendingMap()).values().iterator();
    } else {
      TreeMap<Table.Entry, Map<String, Value>> p = reader.index.partitions.get(key.hash);
      NavigableMap<Table.Entry, Map<String, Value>> range = p == null ? Collections.emptyNavigableMap() : key.boundIndex(p);
      if (reader.start != null) {
        Table.Entry startEntry = reader.index.entryOf(reader.start);
        if (Table.KEY_ORDER.compare(reader.start.get(reader.index.key.hashName), key.hash) != 0) {
          range = Collections.emptyNavigableMap();
        } else {
          range = forward ? range.tailMap(startEntry, false) : range.headMap(startEntry, false);
        }
      }
      candidates = (forward ? range : range.descendingMap()).values().iterator();
    }
    if (key.prefix != null) {
      // Forward, the prefix's items are the first of the bounded range; backward, they are
      // preceded by the range keys beyond the prefix, which are skipped.
      candidates = beginsWith(candidates, reader.key.rangeName, key.prefix, forward);
    }
    return reader.read(candidates);
  }

  ObjectNode scan(String region, JsonNode req) {
    Requests.only(req, "Scan", SCAN);
    Requests.noMetrics(req, "Scan");
    Placeholders ph = Placeholders.of(req);
    Reader reader = reader(region, req, ph);
    Iterator<Map<String, Value>> candidates;
    if (reader.index == null) {
      PrimaryKey after = reader.start == null ? null : reader.table.key.keyOf(reader.start);
      candidates = reader.table.scan(after);
    } else {
      candidates = indexScan(reader.index, reader.start);
    }
    return reader.read(candidates);
  }

  private static Iterator<Map<String, Value>> indexScan(Table.Gsi g, Map<String, Value> start) {
    NavigableMap<Value, TreeMap<Table.Entry, Map<String, Value>>> from = g.partitions;
    Value startHash = start == null ? null : start.get(g.key.hashName);
    Table.Entry startEntry = start == null ? null : g.entryOf(start);
    if (start != null) {
      from = g.partitions.tailMap(startHash, true);
    }
    List<Map<String, Value>> all = new ArrayList<>();
    for (Map.Entry<Value, TreeMap<Table.Entry, Map<String, Value>>> e : from.entrySet()) {
      NavigableMap<Table.Entry, Map<String, Value>> p = e.getValue();
      if (startEntry != null && Table.KEY_ORDER.compare(e.getKey(), startHash) == 0) {
        p = p.tailMap(startEntry, false);
      }
      all.addAll(p.values());
    }
    return all.iterator();
  }

  private static Iterator<Map<String, Value>> beginsWith(Iterator<Map<String, Value>> in, String attribute, Value prefix, boolean stopAtFirstMiss) {
    return new Iterator<>() {
      private Map<String, Value> next;
      private boolean done;

      @Override
      public boolean hasNext() {
        while (next == null && !done && in.hasNext()) {
          Map<String, Value> candidate = in.next();
          if (Ast.beginsWith(candidate.get(attribute), prefix)) {
            next = candidate;
          } else if (stopAtFirstMiss) {
            done = true;
          }
        }
        return next != null;
      }

      @Override
      public Map<String, Value> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Map<String, Value> n = next;
        next = null;
        return n;
      }
    };
  }

  /** What Query and Scan share: the table or index read, paging, filter, projection and Select. */
  private static final class Reader {
    Table table;
    Table.Gsi index;
    KeySchema key;
    Map<String, Value> start;
    Integer limit;
    Ast.Cond filter;
    List<String> projection;
    boolean count;

    ObjectNode read(Iterator<Map<String, Value>> candidates) {
      ObjectNode out = Wire.JSON.objectNode();
      ArrayNode items = count ? null : out.putArray("Items");
      int matched = 0;
      int scanned = 0;
      long bytes = 0;
      Map<String, Value> last = null;
      while (candidates.hasNext() && (limit == null || scanned < limit) && bytes <= MAX_PAGE_BYTES) {
        Map<String, Value> item = candidates.next();
        Map<String, Value> visible = index == null ? item : index.project(item);
        scanned++;
        bytes += Value.itemSize(visible);
        last = item;
        if (filter != null && !filter.test(visible)) {
          continue;
        }
        matched++;
        if (items != null) {
          items.add(Wire.item(project(visible, projection)));
        }
      }
      // DynamoDB stops at Limit without looking further: LastEvaluatedKey whenever Limit (or
      // the 1 MB page) was reached, even if no item is left.
      boolean cut = last != null && ((limit != null && scanned == limit) || bytes > MAX_PAGE_BYTES);
      out.put("Count", matched);
      out.put("ScannedCount", scanned);
      if (cut && last != null) {
        out.set("LastEvaluatedKey", Wire.item(index == null ? table.key.keyMap(last) : index.positionOf(last)));
      }
      return out;
    }
  }

  private Reader reader(String region, JsonNode req, Placeholders ph) {
    Reader r = new Reader();
    String filterText = Requests.text(req, "FilterExpression");
    r.filter = filterText == null ? null : Parser.condition(Parser.FILTER, filterText, ph);
    r.projection = projection(req, ph);
    ph.checkAllUsed();
    r.table = table(region, Requests.required(req, "TableName", "tableName"));
    String indexName = Requests.text(req, "IndexName");
    r.key = r.table.key;
    if (indexName != null) {
      r.index = r.table.indexes.get(indexName);
      if (r.index == null) {
        throw DynamoException.validation("The table does not have the specified index: " + indexName);
      }
      if (Requests.bool(req, "ConsistentRead")) {
        throw DynamoException.validation("Consistent reads are not supported on global secondary indexes");
      }
      r.key = r.index.key;
    }
    if (req.has("Limit")) {
      int limit = req.get("Limit").asInt();
      if (limit < 1) {
        throw DynamoException.validation("1 validation error detected: Value '" + limit
            + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
      }
      r.limit = limit;
    }
    String select = Requests.text(req, "Select");
    if (select == null) {
      select = r.projection != null ? "SPECIFIC_ATTRIBUTES" : r.index == null ? "ALL_ATTRIBUTES" : "ALL_PROJECTED_ATTRIBUTES";
    }
    switch (select) {
      case "ALL_ATTRIBUTES":
        if (r.index != null && !r.index.projectionType.equals("ALL")) {
          throw DynamoException.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index "
              + indexName + " because its projection type is not ALL");
        }
        break;
      case "ALL_PROJECTED_ATTRIBUTES":
        if (r.index == null) {
          throw DynamoException.validation("One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is not supported for table without index");
        }
        break;
      case "COUNT":
        r.count = true;
        break;
      case "SPECIFIC_ATTRIBUTES":
        break;
      default:
        throw DynamoException.validation("1 validation error detected: Value '" + select
            + "' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
    }
    if (r.projection != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
      throw DynamoException.validation("Cannot specify the ProjectionExpression when choosing to get " + select);
    }
    if (r.projection == null && select.equals("SPECIFIC_ATTRIBUTES")) {
      throw DynamoException.validation("SPECIFIC_ATTRIBUTES requires a ProjectionExpression");
    }
    Map<String, Value> start = Wire.item(req.get("ExclusiveStartKey"));
    if (start != null) {
      r.start = checkStartKey(r, start);
    }
    return r;
  }

  private static Map<String, Value> checkStartKey(Reader r, Map<String, Value> start) {
    try {
      if (r.index == null) {
        r.table.key.keyOf(start);
      } else {
        Map<String, Value> tableKey = new TreeMap<>();
        Map<String, Value> indexKey = new TreeMap<>();
        for (Map.Entry<String, Value> e : start.entrySet()) {
          if (r.table.key.isKeyAttribute(e.getKey())) {
            tableKey.put(e.getKey(), e.getValue());
          }
          if (r.index.key.isKeyAttribute(e.getKey())) {
            indexKey.put(e.getKey(), e.getValue());
          } else if (!r.table.key.isKeyAttribute(e.getKey())) {
            throw DynamoException.validation("The provided key element does not match the schema");
          }
        }
        r.table.key.keyOf(tableKey);
        r.index.key.keyOf(indexKey);
      }
    } catch (DynamoException e) {
      throw DynamoException.validation("The provided starting key is invalid: " + e.getMessage());
    }
    return start;
  }
}
