package com.example.txndr.lambda.api.internal;

import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.api.ErrorCodes;
import com.example.txndr.lambda.domain.IdempotencyKey;
import com.example.txndr.lambda.domain.IdempotencyRecord;
import com.example.txndr.lambda.domain.Money;
import com.example.txndr.lambda.domain.Transaction;
import com.example.txndr.lambda.domain.TransactionRequest;
import com.example.txndr.lambda.domain.ValidationException;
import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.fencing.Fence;
import com.example.txndr.lambda.fencing.NotActiveRegionException;
import com.example.txndr.lambda.internal.Config;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.store.CommitOutcome;
import com.example.txndr.lambda.store.ControlRepository;
import com.example.txndr.lambda.store.ControlShards;
import com.example.txndr.lambda.store.TransactionRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The endpoints' logic behind {@link ApiHandler}'s routing. */
public final class TransactionProcessor {
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final String region;
  private final String primaryRegion;
  private final String role;
  private final Clock clock;
  private final TransactionRepository transactions;
  private final ControlRepository control;
  private final Fence fence;

  public TransactionProcessor(Config config, DynamoDbClient dynamoDb, Clock clock) {
    this.region = config.region();
    this.primaryRegion = config.primaryRegion();
    this.role = config.regionRole();
    this.clock = clock;
    ControlShards shards = ControlShards.from(config);
    this.transactions = new TransactionRepository(dynamoDb, config.tableName(), shards);
    this.control = new ControlRepository(dynamoDb, config.tableName(), shards);
    // Any shard will do for the cached view (they hold the same state): a random one per load
    // spreads the processors' reads over every shard's partition.
    this.fence = new Fence(region, () -> control.loadForProcessor(region, primaryRegion, shards.any()));
  }

  /** {@code POST /transactions}. */
  public ApiResponse post(ApiRequest request) {
    String contentType = request.header("Content-Type");
    if (contentType != null && !contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim().equals("application/json")) {
      return ApiResponse.error(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/json: got " + contentType);
    }
    if (request.bodyBytes() > ApiHandler.MAX_BODY_BYTES) {
      return ApiResponse.error(413, ErrorCodes.PAYLOAD_TOO_LARGE,
          "The body must be at most " + ApiHandler.MAX_BODY_BYTES + " bytes: got " + request.bodyBytes());
    }
    IdempotencyKey key;
    TransactionRequest body;
    try {
      key = IdempotencyKey.parse(request.header("Idempotency-Key"));
      if (request.body() == null || request.body().isBlank()) {
        throw ValidationException.invalid("The body is empty: send a JSON object with type, sourceAccount,"
            + " destinationAccount, amount and currency");
      }
      Object json;
      try {
        json = Json.parse(request.body());
      } catch (Json.MalformedJsonException e) {
        return ApiResponse.error(400, ErrorCodes.MALFORMED_JSON, "The body is not valid JSON: " + e.getMessage());
      }
      body = TransactionRequest.fromJson(json);
    } catch (ValidationException e) {
      return ApiResponse.error(400, e.code(), e.getMessage());
    }
    try {
      return commit(key, body, fence.requireWritable(), true);
    } catch (NotActiveRegionException e) {
      return notActive(e);
    }
  }

  private ApiResponse commit(IdempotencyKey key, TransactionRequest body, ActiveRegion active, boolean mayRefence)
      throws NotActiveRegionException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String transactionId = UUID.randomUUID().toString();
    Transaction transaction = Transaction.commit(transactionId, body, region, active.epoch(), now);
    String responseBody = Json.write(transaction.toJson());
    String fingerprint = body.fingerprint();
    IdempotencyRecord record =
        new IdempotencyRecord(fingerprint, transactionId, 201, responseBody, now.plus(IdempotencyRecord.RETENTION));

    CommitOutcome outcome = transactions.commit(transaction, key.value(), record, active, now);
    switch (outcome.kind()) {
      case COMMITTED:
        return created(transactionId, responseBody);
      case KEY_EXISTS:
      case KEY_IN_FLIGHT:
        IdempotencyRecord existing = outcome.existing() != null
            ? outcome.existing()
            : transactions.findIdempotencyRecord(key.value()).orElse(null);
        return existing == null ? inProgress(key) : answerFromRecord(existing, key, fingerprint, transactionId, now);
      case INSUFFICIENT_FUNDS:
        Money amount = body.amount();
        return ApiResponse.error(422, ErrorCodes.INSUFFICIENT_FUNDS,
            "Account " + body.sourceAccount() + " has less than " + amount.toPlainString() + " "
                + amount.currencyCode() + "; nothing was written");
      case FENCED:
        // Re-read the shard that refused the write: after a promotion, the shards of the
        // promoted region's replica change one by one as they replicate.
        ActiveRegion current = fence.refresh(() -> control.loadForProcessor(region, primaryRegion, outcome.shard()));
        if (mayRefence && current.isWritableBy(region)) {
          // Promoted away and back (a new epoch): commit once more under the new epoch.
          return commit(key, body, current, false);
        }
        throw new NotActiveRegionException(region, current);
      case CONFLICT:
      default:
        return ApiResponse.error(409, ErrorCodes.TRANSACTION_CONFLICT,
            "Concurrent transactions on the same accounts kept conflicting and nothing was written;"
                + " retry with the same Idempotency-Key");
    }
  }

  private ApiResponse answerFromRecord(
      IdempotencyRecord existing, IdempotencyKey key, String fingerprint, String transactionId, Instant now) {
    switch (existing.judge(fingerprint, transactionId, now)) {
      case OWN_WRITE:
        // This invocation's own earlier attempt committed; its response was lost on the way back.
        return created(existing.transactionId(), existing.responseBody());
      case REPLAY:
        return ApiResponse.json(existing.statusCode(), existing.responseBody())
            .withHeader("Location", "/transactions/" + existing.transactionId())
            .withHeader(REPLAYED_HEADER, "true");
      case KEY_REUSED:
        return ApiResponse.error(422, ErrorCodes.IDEMPOTENCY_KEY_REUSED,
            "Idempotency-Key " + key + " was already used for a different request (transaction "
                + existing.transactionId() + "); use a new key for a new transaction");
      case EXPIRED:
      default:
        return inProgress(key);
    }
  }

  private static ApiResponse created(String transactionId, String responseBody) {
    return ApiResponse.json(201, responseBody).withHeader("Location", "/transactions/" + transactionId);
  }

  private static ApiResponse inProgress(IdempotencyKey key) {
    return ApiResponse.error(409, ErrorCodes.REQUEST_IN_PROGRESS,
        "A request with Idempotency-Key " + key + " is in progress; retry shortly with the same key"
            + " to receive its result");
  }

  private static ApiResponse notActive(NotActiveRegionException e) {
    return ApiResponse.error(503, ErrorCodes.NOT_ACTIVE_REGION, e.getMessage())
        .withHeader("Retry-After", "5");
  }

  /** {@code GET /transactions/{id}}. */
  public ApiResponse getTransaction(String id) {
    if (!ID.matcher(id).matches()) {
      return ApiResponse.error(400, ErrorCodes.VALIDATION_FAILED,
          "transaction id must be 1-64 letters, digits, '.', '_' or '-': got \"" + id + "\"");
    }
    Optional<Transaction> transaction = transactions.findTransaction(id);
    if (transaction.isEmpty()) {
      return ApiResponse.error(404, ErrorCodes.NOT_FOUND, "Transaction " + id + " does not exist");
    }
    return ApiResponse.json(200, transaction.get().toJson());
  }

  /** {@code GET /accounts/{id}}: balances per currency. */
  public ApiResponse getAccount(String id) {
    if (!ID.matcher(id).matches()) {
      return ApiResponse.error(400, ErrorCodes.VALIDATION_FAILED,
          "account id must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit: got \""
              + id + "\"");
    }
    List<Money> balances = transactions.balances(id);
    if (balances.isEmpty()) {
      return ApiResponse.error(404, ErrorCodes.NOT_FOUND, "Account " + id + " has no balances");
    }
    Map<String, Object> byCurrency = new LinkedHashMap<>();
    balances.forEach(balance -> byCurrency.put(balance.currencyCode(), balance.toPlainString()));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("accountId", id);
    json.put("balances", byCurrency);
    json.put("region", region);
    return ApiResponse.json(200, json);
  }

  /**
   * {@code GET /health}, deep: reads one control shard (and in the primary, on first use, creates
   * every shard), which proves the table and its KMS key answer in this region; then applies the
   * writable-region rule of {@link ActiveRegion#healthProblem}.
   */
  public ApiResponse health() {
    Map<String, Object> checks = new LinkedHashMap<>();
    boolean healthy = true;
    ActiveRegion active = null;
    try {
      active = fence.refresh();
      checks.put("table", Map.of("status", "UP"));
    } catch (SdkException e) {
      healthy = false;
      Map<String, Object> table = new LinkedHashMap<>();
      table.put("status", "DOWN");
      table.put("error", String.valueOf(e.getMessage()));
      checks.put("table", table);
    }
    if (active != null) {
      Map<String, Object> state = new LinkedHashMap<>();
      String problem = active.healthProblem(region, primaryRegion);
      state.put("status", problem == null ? "UP" : "DOWN");
      state.put("activeRegion", active.region());
      state.put("epoch", active.epoch());
      state.put("writable", active.isWritableBy(region));
      if (problem != null) {
        healthy = false;
        state.put("error", problem);
      }
      checks.put("activeRegion", state);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", healthy ? "UP" : "DOWN");
    json.put("region", region);
    json.put("role", role);
    json.put("checks", checks);
    return ApiResponse.json(healthy ? 200 : 503, json);
  }
}
