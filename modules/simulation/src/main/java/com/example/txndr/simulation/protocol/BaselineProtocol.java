package com.example.txndr.simulation.protocol;

import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.api.ErrorCodes;
import com.example.txndr.lambda.domain.IdempotencyKey;
import com.example.txndr.lambda.domain.TransactionRequest;
import com.example.txndr.lambda.domain.ValidationException;
import com.example.txndr.lambda.local.ResourceBootstrap;
import com.example.txndr.simulation.world.History;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The fencing the project shipped before docs/adr/0007 (commit 2415da8), ported compactly onto
 * the same tables and the same simulated network, so that the checker is shown to fail where
 * the reviews said it would: a conditional write checked against the local replica's control
 * shards, balances and idempotency records shared by both regions (last writer wins), promotion
 * of the standby after three failed HTTP probes of the primary's {@code /health}, hand-overs by
 * flipping the shards in one replica.
 */
public final class BaselineProtocol implements Protocol {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final int SHARDS = 4;
  static final int FAILURES_TO_PROMOTE = 3;

  @Override
  public String name() {
    return "baseline";
  }

  @Override
  public void createTables(NodeContext context) {
    String table = context.environment(context.primary()).get(Config.TABLE_NAME);
    for (String region : List.of(context.primary(), context.secondary())) {
      ResourceBootstrap.createTable(context.direct(region), table);
      // The primary's processor created the shards on first use; both replicas start with them.
      for (int shard = 0; shard < SHARDS; shard++) {
        int s = shard;
        context.direct(region).putItem(r -> r.tableName(table).item(shardItem(s, context.primary(), 1)));
      }
    }
  }

  private static Map<String, AttributeValue> shardItem(int shard, String region, long epoch) {
    return Map.of("pk", AttributeValue.fromS("CONTROL#" + shard), "sk", AttributeValue.fromS("ACTIVE_REGION"),
        "region", AttributeValue.fromS(region), "epoch", AttributeValue.fromN(Long.toString(epoch)));
  }

  @Override
  public RegionNode node(String region, NodeContext context) {
    return new Node(region, context);
  }

  private record Active(String region, long epoch) {}

  private static final class Node implements RegionNode {
    private final String region;
    private final String peer;
    private final String primary;
    private final NodeContext context;
    private final DynamoDbClient dynamoDb;
    private final Platform platform;
    private final String table;
    private Active cached;
    private long cachedAt = -1;
    private int probeFailures;
    private long reportedEpoch;
    private long nextProbeAt;

    Node(String region, NodeContext context) {
      this.region = region;
      this.context = context;
      Config config = Config.fromEnvironment(context.environment(region));
      this.peer = config.peerRegion();
      this.primary = config.primaryRegion();
      this.table = config.tableName();
      this.dynamoDb = context.replica(region, "api");
      this.platform = context.platform(region);
    }

    @Override
    public String region() {
      return region;
    }

    private Active readShard(int shard) {
      Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
          .key(Map.of("pk", AttributeValue.fromS("CONTROL#" + shard), "sk", AttributeValue.fromS("ACTIVE_REGION"))))
          .item();
      return new Active(item.get("region").s(), Long.parseLong(item.get("epoch").n()));
    }

    private Active fence(int shard) {
      if (cached == null || platform.nowMillis() - cachedAt >= 1000) {
        cached = readShard(shard);
        cachedAt = platform.nowMillis();
      }
      return cached;
    }

    @Override
    public ApiResponse api(ApiRequest request) {
      try {
        if (request.path().equals("/health")) {
          Active active = readShard(0);
          boolean healthy = !(region.equals(primary) && !active.region().equals(region));
          return ApiResponse.json(healthy ? 200 : 503, Map.of("status", healthy ? "UP" : "DOWN"));
        }
        return post(request);
      } catch (SdkException e) {
        return ApiResponse.error(503, ErrorCodes.SERVICE_UNAVAILABLE, "database unavailable")
            .withHeader("Retry-After", "1");
      }
    }

    private ApiResponse post(ApiRequest request) {
      IdempotencyKey key;
      TransactionRequest body;
      try {
        key = IdempotencyKey.parse(request.header("Idempotency-Key"));
        body = TransactionRequest.fromJson(JSON.readValue(request.body(), Object.class));
      } catch (ValidationException | JsonProcessingException e) {
        return ApiResponse.error(400, ErrorCodes.VALIDATION_FAILED, e.getMessage());
      }
      int shard = Math.floorMod(key.value().hashCode(), SHARDS);
      Active active = fence(shard);
      if (!active.region().equals(region)) {
        return ApiResponse.error(503, ErrorCodes.NOT_ACTIVE_REGION, "not active").withHeader("Retry-After", "5");
      }
      if (active.epoch() > reportedEpoch) {
        // This region's processor sees itself active under a new epoch: it begins writing.
        reportedEpoch = active.epoch();
        context.history().event(new History.Event(context.now(), "ACTIVE", region, active.epoch(),
            "the processor reads its replica's shards naming it active"));
      }
      String id = platform.ids().get();
      String amount = body.amount().toPlainString();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("transactionId", id);
      json.put("region", region);
      json.put("epoch", active.epoch());
      String response;
      try {
        response = JSON.writeValueAsString(json);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      List<TransactWriteItem> items = new ArrayList<>();
      items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
          .key(Map.of("pk", AttributeValue.fromS("CONTROL#" + shard), "sk", AttributeValue.fromS("ACTIVE_REGION")))
          .conditionExpression("#r = :r AND #e = :e")
          .expressionAttributeNames(Map.of("#r", "region", "#e", "epoch"))
          .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(region),
              ":e", AttributeValue.fromN(Long.toString(active.epoch()))))
          .build()).build());
      Map<String, AttributeValue> idem = new HashMap<>();
      idem.put("pk", AttributeValue.fromS("IDEM#" + key.value()));
      idem.put("sk", AttributeValue.fromS("IDEM"));
      idem.put("transactionId", AttributeValue.fromS(id));
      idem.put("responseBody", AttributeValue.fromS(response));
      items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(idem)
          .conditionExpression("attribute_not_exists(pk)").build()).build());
      Map<String, AttributeValue> txn = new HashMap<>();
      txn.put("pk", AttributeValue.fromS("TXN#" + id));
      txn.put("sk", AttributeValue.fromS("TXN"));
      txn.put("transactionId", AttributeValue.fromS(id));
      txn.put("type", AttributeValue.fromS(body.type().name()));
      if (body.sourceAccount() != null) {
        txn.put("sourceAccount", AttributeValue.fromS(body.sourceAccount()));
      }
      if (body.destinationAccount() != null) {
        txn.put("destinationAccount", AttributeValue.fromS(body.destinationAccount()));
      }
      txn.put("amount", AttributeValue.fromN(amount));
      txn.put("caller", AttributeValue.fromS(request.caller().id()));
      txn.put("idempotencyKey", AttributeValue.fromS(key.value()));
      txn.put("region", AttributeValue.fromS(region));
      txn.put("epoch", AttributeValue.fromN(Long.toString(active.epoch())));
      items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(txn)
          .conditionExpression("attribute_not_exists(pk)").build()).build());
      int debit = -1;
      if (body.sourceAccount() != null) {
        debit = items.size();
        items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
            .key(balanceKey(body.sourceAccount()))
            .updateExpression("ADD #b :neg").conditionExpression("#b >= :amount")
            .expressionAttributeNames(Map.of("#b", "balance"))
            .expressionAttributeValues(Map.of(":neg", AttributeValue.fromN(body.amount().amount().negate().toPlainString()),
                ":amount", AttributeValue.fromN(amount)))
            .build()).build());
      }
      if (body.destinationAccount() != null) {
        items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
            .key(balanceKey(body.destinationAccount()))
            .updateExpression("ADD #b :amount")
            .expressionAttributeNames(Map.of("#b", "balance"))
            .expressionAttributeValues(Map.of(":amount", AttributeValue.fromN(amount)))
            .build()).build());
      }
      for (int attempt = 1; attempt <= 5; attempt++) {
        try {
          String token = platform.ids().get();
          dynamoDb.transactWriteItems(r -> r.transactItems(items).clientRequestToken(token));
          return ApiResponse.json(201, response);
        } catch (TransactionCanceledException e) {
          List<CancellationReason> reasons = e.cancellationReasons();
          if ("ConditionalCheckFailed".equals(reasons.get(0).code())) {
            cached = null;
            return ApiResponse.error(503, ErrorCodes.NOT_ACTIVE_REGION, "fenced").withHeader("Retry-After", "5");
          }
          if ("ConditionalCheckFailed".equals(reasons.get(1).code())) {
            Map<String, AttributeValue> existing = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("IDEM#" + key.value()), "sk", AttributeValue.fromS("IDEM"))))
                .item();
            return ApiResponse.json(201, existing.get("responseBody").s()).withHeader("Idempotent-Replayed", "true");
          }
          if (debit >= 0 && "ConditionalCheckFailed".equals(reasons.get(debit).code())) {
            return ApiResponse.error(422, ErrorCodes.INSUFFICIENT_FUNDS, "insufficient funds");
          }
          platform.pause(java.time.Duration.ofMillis(5L * attempt));
        }
      }
      return ApiResponse.error(409, ErrorCodes.TRANSACTION_CONFLICT, "conflict");
    }

    private static Map<String, AttributeValue> balanceKey(String account) {
      return Map.of("pk", AttributeValue.fromS("ACCT#" + account), "sk", AttributeValue.fromS("BAL#USD"));
    }

    /** Flips every shard of this replica to {@code to} at the next epoch (one transaction), as the old orchestrator did. */
    private void flip(String to, String why) {
      Active seen = readShard(0);
      List<TransactWriteItem> items = new ArrayList<>();
      for (int shard = 0; shard < SHARDS; shard++) {
        items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
            .key(Map.of("pk", AttributeValue.fromS("CONTROL#" + shard), "sk", AttributeValue.fromS("ACTIVE_REGION")))
            .updateExpression("SET #r = :to, #e = :next").conditionExpression("#e <= :seen")
            .expressionAttributeNames(Map.of("#r", "region", "#e", "epoch"))
            .expressionAttributeValues(Map.of(":to", AttributeValue.fromS(to),
                ":next", AttributeValue.fromN(Long.toString(seen.epoch() + 1)),
                ":seen", AttributeValue.fromN(Long.toString(seen.epoch()))))
            .build()).build());
      }
      try {
        dynamoDb.transactWriteItems(r -> r.transactItems(items));
        cached = null;
        context.history().event(new History.Event(context.now(), "LEASE", region, seen.epoch() + 1,
            why + ": shards of " + region + "'s replica now name " + to));
      } catch (TransactionCanceledException e) {
        // another promotion came first (or a conflict): the old orchestrator reported SUPERSEDED
      }
    }

    @Override
    public void tick() {
      // The secondary's scheduled probe of the primary, once a minute.
      if (region.equals(primary) || platform.nowMillis() < nextProbeAt) {
        return;
      }
      nextProbeAt = platform.nowMillis() + 60_000;
      try {
        if (readShard(0).region().equals(region)) {
          return;
        }
        Optional<ApiResponse> probed = context.probe(region, peer);
        if (probed.isPresent() && probed.get().status() == 200) {
          probeFailures = 0;
          return;
        }
        if (++probeFailures >= FAILURES_TO_PROMOTE) {
          probeFailures = 0;
          flip(region, "3 consecutive failed probes");
        }
      } catch (SdkException e) {
        // the region's own replica failed: nothing counted
      }
    }

    @Override
    public long tickEveryMillis() {
      return 5_000;
    }

    @Override
    public void alarm() {
      if (readShard(0).region().equals(region)) {
        flip(peer, "alarm hand-over");
      }
    }

    @Override
    public void operatorHandover(String target) {
      flip(target, "operator demote");
    }

    @Override
    public void operatorPromote(boolean acceptDataLoss) {
      flip(region, "operator promote");
    }

    @Override
    public void reconcile() {
      // the baseline has no reconciliation
    }
  }

  @Override
  public FinalState finalState(NodeContext context) {
    String table = context.environment(context.primary()).get(Config.TABLE_NAME);
    List<Map<String, AttributeValue>> primary = LeaseProtocol.scan(context.direct(context.primary()), table);
    List<Map<String, AttributeValue>> secondary = LeaseProtocol.scan(context.direct(context.secondary()), table);
    List<FinalState.Entry> ledger = new ArrayList<>();
    Map<String, BigDecimal> balances = new TreeMap<>();
    for (Map<String, AttributeValue> item : primary) {
      String pk = item.get("pk").s();
      if (pk.startsWith("TXN#")) {
        ledger.add(new FinalState.Entry(item.get("transactionId").s(), item.get("type").s(),
            item.containsKey("sourceAccount") ? item.get("sourceAccount").s() : null,
            item.containsKey("destinationAccount") ? item.get("destinationAccount").s() : null,
            new BigDecimal(item.get("amount").n()), item.get("caller").s(), item.get("idempotencyKey").s(),
            Long.parseLong(item.get("epoch").n()), item.get("region").s(), "CLIENT", null));
      } else if (pk.startsWith("ACCT#")) {
        balances.put(pk.substring("ACCT#".length()), new BigDecimal(item.get("balance").n()));
      }
    }
    return new FinalState(ledger, balances, Set.of(), Set.of(), Set.of(),
        new HashSet<>(primary).equals(new HashSet<>(secondary)));
  }
}
