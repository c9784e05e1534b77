package com.example.txndr.lambda.api.internal;

import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.api.ErrorCodes;
import com.example.txndr.lambda.domain.Caller;
import com.example.txndr.lambda.domain.CanaryDeposit;
import com.example.txndr.lambda.domain.IdempotencyKey;
import com.example.txndr.lambda.domain.IdempotencyRecord;
import com.example.txndr.lambda.domain.Money;
import com.example.txndr.lambda.domain.Transaction;
import com.example.txndr.lambda.domain.TransactionRequest;
import com.example.txndr.lambda.domain.TransactionType;
import com.example.txndr.lambda.domain.ValidationException;
import com.example.txndr.lambda.fencing.NotActiveRegionException;
import com.example.txndr.lambda.fencing.WriteFence;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.internal.Log;
import com.example.txndr.lambda.lease.Heartbeat;
import com.example.txndr.lambda.lease.LeaseMirror;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.lease.MirrorShard;
import com.example.txndr.lambda.lease.RegionSignals;
import com.example.txndr.lambda.store.CommitOutcome;
import com.example.txndr.lambda.store.Ledger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The endpoints' logic behind the routing of {@code ApiHandler}. */
public final class TransactionProcessor {
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final String region;
  private final String role;
  private final Platform platform;
  private final LeaseTiming timing;
  private final Ledger ledger;
  private final WriteFence fence;
  private final RegionSignals signals;

  public TransactionProcessor(Config config, DynamoDbClient dynamoDb, Platform platform) {
    this.region = config.region();
    this.role = config.regionRole();
    this.platform = platform;
    this.timing = config.leaseTiming();
    LeaseMirror mirror = new LeaseMirror(dynamoDb, config.tableName(), region, config.fenceShards(), platform);
    this.ledger = new Ledger(dynamoDb, config.tableName(), region, mirror, timing, platform);
    this.fence = new WriteFence(mirror, timing, platform, WriteFence.DEFAULT_TTL);
    this.signals = new RegionSignals(dynamoDb, config.tableName());
  }

  /** {@code POST /transactions}; answers before {@code deadlineMillis} (the invocation's time, with a margin). */
  public ApiResponse post(ApiRequest request, long deadlineMillis) {
    return logged("POST /transactions", request, postTransaction(request, deadlineMillis));
  }

  private ApiResponse postTransaction(ApiRequest request, long deadlineMillis) {
    Optional<ApiResponse> refused = refuseEnvelope(request);
    if (refused.isPresent()) {
      return refused.get();
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
    if (CanaryDeposit.isCanaryAccount(body.sourceAccount()) || CanaryDeposit.isCanaryAccount(body.destinationAccount())) {
      return ApiResponse.error(403, ErrorCodes.RESERVED_ACCOUNT, "Accounts whose id starts with \""
          + CanaryDeposit.ACCOUNT_PREFIX + "\" are reserved for the canary: money enters them only through POST"
          + " /canary and never leaves them");
    }
    try {
      return commit(request.caller(), key, body, deadlineMillis, true);
    } catch (NotActiveRegionException e) {
      return notActive(e);
    }
  }

  /**
   * {@code POST /canary}: a deposit of {@value CanaryDeposit#AMOUNT} {@value CanaryDeposit#CURRENCY}
   * into this region's canary account, nothing else. The body is empty or {@code {}}: a body with
   * any field (a type, an amount, an account) is refused, so that no caller believes it chose them.
   */
  public ApiResponse canary(ApiRequest request, long deadlineMillis) {
    return logged("POST /canary", request, postCanary(request, deadlineMillis));
  }

  private ApiResponse postCanary(ApiRequest request, long deadlineMillis) {
    Optional<ApiResponse> refused = refuseEnvelope(request);
    if (refused.isPresent()) {
      return refused.get();
    }
    IdempotencyKey key;
    try {
      key = IdempotencyKey.parse(request.header("Idempotency-Key"));
    } catch (ValidationException e) {
      return ApiResponse.error(400, e.code(), e.getMessage());
    }
    if (request.body() != null && !request.body().isBlank()) {
      Object json;
      try {
        json = Json.parse(request.body());
      } catch (Json.MalformedJsonException e) {
        return ApiResponse.error(400, ErrorCodes.MALFORMED_JSON, "The body is not valid JSON: " + e.getMessage());
      }
      if (!(json instanceof Map<?, ?> fields) || !fields.isEmpty()) {
        return ApiResponse.error(400, ErrorCodes.VALIDATION_FAILED, "POST /canary takes no body fields"
            + (json instanceof Map<?, ?> fields ? " (got " + String.join(", ", fields.keySet().stream()
                .map(String::valueOf).sorted().toList()) + ")" : "")
            + ": it deposits " + CanaryDeposit.AMOUNT + " " + CanaryDeposit.CURRENCY + " into "
            + CanaryDeposit.accountOf(region) + ", always; send no body or {}");
      }
    }
    try {
      return commit(request.caller(), key, CanaryDeposit.request(region), deadlineMillis, true);
    } catch (NotActiveRegionException e) {
      return notActive(e);
    }
  }

  /** The Content-Type and size checks of every POST. */
  private static Optional<ApiResponse> refuseEnvelope(ApiRequest request) {
    String contentType = request.header("Content-Type");
    if (contentType != null && !contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim().equals("application/json")) {
      return Optional.of(ApiResponse.error(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/json: got " + contentType));
    }
    if (request.bodyBytes() > ApiRequest.MAX_BODY_BYTES) {
      return Optional.of(ApiResponse.error(413, ErrorCodes.PAYLOAD_TOO_LARGE,
          "The body must be at most " + ApiRequest.MAX_BODY_BYTES + " bytes: got " + request.bodyBytes()));
    }
    return Optional.empty();
  }

  /**
   * Logs who asked for what and what came of it, for every POST: the route, the caller the
   * authorizer established, the status and the transaction id. No account ids, no amounts.
   */
  private static ApiResponse logged(String route, ApiRequest request, ApiResponse response) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("route", route);
    fields.put("caller", request.caller().id());
    fields.put("status", response.status());
    String location = response.header("Location");
    if (location != null) {
      fields.put("transactionId", location.substring(location.lastIndexOf('/') + 1));
    }
    if (response.header(REPLAYED_HEADER) != null) {
      fields.put("replayed", true);
    }
    Log.info("transaction request", fields);
    return response;
  }

  private ApiResponse commit(Caller caller, IdempotencyKey key, TransactionRequest body, long deadlineMillis,
      boolean mayRetryFenced) throws NotActiveRegionException {
    Instant now = Instant.ofEpochMilli(platform.nowMillis());
    String fingerprint = body.fingerprint(caller);
    String transactionId = platform.ids().get();
    // A key answered before, in any epoch (also in the standby: a committed and replicated
    // request is replayed, not refused).
    List<IdempotencyRecord> records = ledger.idempotencyRecords(caller.id(), key.value());
    Optional<ApiResponse> earlier = earlierAnswer(records, fingerprint, transactionId, now);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    Optional<Ledger.Permit> permit = fence.permit(key.value());
    if (permit.isEmpty()) {
      throw new NotActiveRegionException(region);
    }
    long epoch = permit.get().epoch();
    Transaction transaction = Transaction.of(transactionId, body, region, epoch, now, caller.id(), key.value());
    String responseBody = Json.write(transaction.toJson());
    IdempotencyRecord record = new IdempotencyRecord(fingerprint, transactionId, 201, responseBody,
        now.plus(IdempotencyRecord.RETENTION), epoch);

    CommitOutcome outcome = ledger.commit(transaction, record, permit.get(), true, deadlineMillis);
    switch (outcome.kind()) {
      case COMMITTED:
        return created(transactionId, responseBody);
      case KEY_EXISTS:
        return fromExisting(outcome.existing(), caller, key, fingerprint, transactionId, now);
      case KEY_IN_FLIGHT:
        return inProgress(key);
      case INSUFFICIENT_FUNDS:
        return decline(caller, key, body, fingerprint, transactionId, permit.get(), now, deadlineMillis);
      case FENCED:
        // The permission changed since it was cached: read the refusing shard. A new epoch of
        // this region (a hand-over away and back) is one more attempt, under the new epoch.
        MirrorShard current = fence.refresh(permit.get().shard());
        if (mayRetryFenced && current.epoch() > epoch && current.permits(platform.nowMillis(), timing)) {
          return commit(caller, key, body, deadlineMillis, false);
        }
        throw new NotActiveRegionException(region);
      case THROTTLED:
        return unavailable("DynamoDB is throttling the writes and nothing was written; retry with the same"
            + " Idempotency-Key after the Retry-After delay");
      case OUT_OF_TIME:
        return unavailable("DynamoDB is slow and the request ran out of time; nothing was written; retry with the"
            + " same Idempotency-Key after the Retry-After delay");
      case CONFLICT:
      default:
        return ApiResponse.error(409, ErrorCodes.TRANSACTION_CONFLICT,
            "Concurrent transactions on the same account kept winning and nothing was written; retry with the"
                + " same Idempotency-Key").withHeader("Retry-After", "1");
    }
  }

  private ApiResponse decline(Caller caller, IdempotencyKey key, TransactionRequest body, String fingerprint,
      String transactionId, Ledger.Permit permit, Instant now, long deadlineMillis) throws NotActiveRegionException {
    Money amount = body.amount();
    ApiResponse declined = ApiResponse.error(422, ErrorCodes.INSUFFICIENT_FUNDS,
        "Account " + body.sourceAccount() + " has less than " + amount.toPlainString() + " "
            + amount.currencyCode() + "; nothing was moved. This answer is recorded under the Idempotency-Key:"
            + " send a new key to try again");
    IdempotencyRecord record = new IdempotencyRecord(fingerprint, transactionId, 422, declined.body(),
        now.plus(IdempotencyRecord.RETENTION), permit.epoch());
    CommitOutcome outcome = ledger.recordDecline(caller.id(), key.value(), record, permit, deadlineMillis);
    switch (outcome.kind()) {
      case COMMITTED:
        return declined;
      case KEY_EXISTS:
        return fromExisting(outcome.existing(), caller, key, fingerprint, transactionId, now);
      case FENCED:
        throw new NotActiveRegionException(region);
      default:
        return unavailable("The decline could not be recorded and nothing was moved; retry with the same"
            + " Idempotency-Key");
    }
  }

  private ApiResponse fromExisting(IdempotencyRecord existing, Caller caller, IdempotencyKey key, String fingerprint,
      String transactionId, Instant now) {
    IdempotencyRecord found = existing;
    if (found == null) {
      List<IdempotencyRecord> records = ledger.idempotencyRecords(caller.id(), key.value());
      found = records.isEmpty() ? null : records.get(0);
    }
    if (found == null) {
      return inProgress(key);
    }
    return earlierAnswer(List.of(found), fingerprint, transactionId, now).orElseGet(() -> inProgress(key));
  }

  /** The answer an earlier request under the key determines (the newest epoch's record), if any. */
  private Optional<ApiResponse> earlierAnswer(List<IdempotencyRecord> records, String fingerprint,
      String transactionId, Instant now) {
    if (records.isEmpty()) {
      return Optional.empty();
    }
    IdempotencyRecord existing = records.get(0);
    switch (existing.judge(fingerprint, transactionId, now)) {
      case OWN_WRITE:
        // This invocation's own earlier attempt committed; its response was lost on the way back.
        return Optional.of(existing.statusCode() == 201
            ? created(existing.transactionId(), existing.responseBody())
            : ApiResponse.json(existing.statusCode(), existing.responseBody()));
      case REPLAY:
        ApiResponse replay = ApiResponse.json(existing.statusCode(), existing.responseBody())
            .withHeader(REPLAYED_HEADER, "true");
        return Optional.of(existing.statusCode() == 201
            ? replay.withHeader("Location", "/transactions/" + existing.transactionId()) : replay);
      case KEY_REUSED:
        return Optional.of(ApiResponse.error(422, ErrorCodes.IDEMPOTENCY_KEY_REUSED,
            "This Idempotency-Key was already used for a different request; use a new key for a new transaction"));
      case EXPIRED:
      default:
        return Optional.empty();
    }
  }

  private static ApiResponse created(String transactionId, String responseBody) {
    return ApiResponse.json(201, responseBody).withHeader("Location", "/transactions/" + transactionId);
  }

  private static ApiResponse inProgress(IdempotencyKey key) {
    return ApiResponse.error(409, ErrorCodes.REQUEST_IN_PROGRESS,
        "A request with Idempotency-Key " + key + " is in progress; retry shortly with the same key"
            + " to receive its result").withHeader("Retry-After", "1");
  }

  private static ApiResponse unavailable(String message) {
    return ApiResponse.error(503, ErrorCodes.SERVICE_UNAVAILABLE, message).withHeader("Retry-After", "1");
  }

  private static ApiResponse notActive(NotActiveRegionException e) {
    return ApiResponse.error(503, ErrorCodes.NOT_ACTIVE_REGION, e.getMessage()).withHeader("Retry-After", "5");
  }

  /**
   * {@code GET /transactions/{id}}: only the caller who created the transaction reads it. Any
   * other caller gets the 404 of an unknown id, so that an id reveals nothing to whoever holds it.
   */
  public ApiResponse getTransaction(String id, Caller caller) {
    Optional<ApiResponse> invalid = invalidTransactionId(id);
    if (invalid.isPresent()) {
      return invalid.get();
    }
    Optional<Transaction> transaction = ledger.transaction(id);
    if (transaction.isEmpty() || !caller.id().equals(transaction.get().caller())) {
      return transactionNotFound(id);
    }
    return ApiResponse.json(200, transaction.get().toJson());
  }

  /**
   * {@code GET /canary/{id}}: a canary deposit {@code POST /canary} made in either region (into a
   * {@code canary-<region>} account), whoever asks (the route is IAM-authorized in every mode); any
   * other transaction id gets the 404 of an unknown id. Either region: the drill's RPO probe writes
   * the canary in one region and reads it back in the other once it has replicated.
   */
  public ApiResponse getCanary(String id) {
    Optional<ApiResponse> invalid = invalidTransactionId(id);
    if (invalid.isPresent()) {
      return invalid.get();
    }
    Optional<Transaction> transaction = ledger.transaction(id);
    if (transaction.isEmpty() || !isCanaryDeposit(transaction.get())) {
      return transactionNotFound(id);
    }
    return ApiResponse.json(200, transaction.get().toJson());
  }

  private boolean isCanaryDeposit(Transaction transaction) {
    return transaction.kind() == Transaction.Kind.CLIENT
        && transaction.type() == TransactionType.DEPOSIT
        && transaction.sourceAccount() == null
        && CanaryDeposit.isCanaryAccount(transaction.destinationAccount());
  }

  private static Optional<ApiResponse> invalidTransactionId(String id) {
    if (ID.matcher(id).matches()) {
      return Optional.empty();
    }
    return Optional.of(ApiResponse.error(400, ErrorCodes.VALIDATION_FAILED,
        "transaction id must be 1-64 letters, digits, '.', '_' or '-': got \"" + id + "\""));
  }

  private static ApiResponse transactionNotFound(String id) {
    return ApiResponse.error(404, ErrorCodes.NOT_FOUND, "Transaction " + id + " was not found in this region:"
        + " it does not exist, or it was committed in the other region and has not replicated yet (replication"
        + " may lag). To retry the request that created it, reuse its Idempotency-Key, never a new one");
  }

  /** {@code GET /accounts/{id}}: balances per currency, the sum of the account's movements in every epoch. */
  public ApiResponse getAccount(String id) {
    if (!ID.matcher(id).matches()) {
      return ApiResponse.error(400, ErrorCodes.VALIDATION_FAILED,
          "account id must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit: got \""
              + id + "\"");
    }
    List<Money> balances = ledger.balances(id);
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
   * {@code GET /health}, deep: reads a fence shard (the table and its key answer in this region)
   * and this region's keeper heartbeat. The primary region is healthy only while it may write (a
   * demoted or draining primary stays out of DNS); the secondary is healthy while its keeper
   * runs, writable or not (it must receive the traffic of a failover).
   */
  public ApiResponse health() {
    Map<String, Object> checks = new LinkedHashMap<>();
    boolean healthy = true;
    long now = platform.nowMillis();
    MirrorShard shard = null;
    Optional<Heartbeat> heartbeat = Optional.empty();
    try {
      shard = fence.refresh();
      heartbeat = signals.heartbeat(region);
      checks.put("table", Map.of("status", "UP"));
    } catch (SdkException e) {
      healthy = false;
      Map<String, Object> table = new LinkedHashMap<>();
      table.put("status", "DOWN");
      table.put("error", String.valueOf(e.getMessage()));
      checks.put("table", table);
    }
    if (shard != null) {
      boolean keeperUp = heartbeat.isPresent()
          && heartbeat.get().ageMillis(now) <= timing.heartbeatStaleAfter().toMillis();
      Map<String, Object> keeper = new LinkedHashMap<>();
      keeper.put("status", keeperUp ? "UP" : "DOWN");
      heartbeat.ifPresent(h -> keeper.put("lastHeartbeat", Instant.ofEpochMilli(h.atMillis()).toString()));
      checks.put("leaseKeeper", keeper);
      boolean writable = shard.permits(now, timing);
      Map<String, Object> lease = new LinkedHashMap<>();
      lease.put("writable", writable);
      lease.put("epoch", shard.epoch());
      if (shard.expiresAtMillis() > 0) {
        lease.put("expiresAt", Instant.ofEpochMilli(shard.expiresAtMillis()).toString());
      }
      boolean primary = "PRIMARY".equals(role);
      String problem = null;
      if (primary && !writable) {
        problem = "this primary region does not hold the write lease (demoted, draining, or its keeper stopped):"
            + " it stays out of DNS until it holds it again";
      } else if (!keeperUp) {
        problem = "this region's lease keeper has not written a heartbeat for over "
            + timing.heartbeatStaleAfter().toSeconds() + " s: it could not take over";
      }
      lease.put("status", problem == null ? "UP" : "DOWN");
      if (problem != null) {
        healthy = false;
        lease.put("error", problem);
      }
      checks.put("lease", lease);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", healthy ? "UP" : "DOWN");
    json.put("region", region);
    json.put("role", role);
    json.put("checks", checks);
    return ApiResponse.json(healthy ? 200 : 503, json);
  }
}
