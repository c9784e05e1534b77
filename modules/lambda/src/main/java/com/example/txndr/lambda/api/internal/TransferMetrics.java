package com.example.txndr.lambda.api.internal;

import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.api.ErrorCodes;
import com.example.txndr.lambda.internal.EmbeddedMetrics;
import com.example.txndr.lambda.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;

/**
 * The processor's metrics of {@code POST /transactions}, in the embedded metric format
 * ({@link EmbeddedMetrics}): one line per request, namespace {@value #NAMESPACE}, one dimension
 * {@code Service} (env {@code METRICS_SERVICE}, {@code <ProjectName>-<EnvironmentName>}). The
 * monitoring module's alarms read exactly these names.
 *
 * <p>Every line carries {@code TransferLatency} (Milliseconds: from the routing of the request
 * to its answer, by the platform's clock; the parsing of the Lambda event and the writing of
 * the answer are not in it), whatever the outcome, so its SampleCount is the number of
 * requests. A line also carries exactly one outcome count of 1:
 *
 * <ul>
 *   <li>{@code TransfersCommitted}: 201, the transfer committed by this request (also when this
 *       invocation's own earlier attempt committed and its answer is given again);
 *   <li>{@code TransfersReplayed}: the recorded answer of an earlier request under the key
 *       ({@code Idempotent-Replayed: true}), whatever its status (a replayed decline too);
 *   <li>{@code TransfersDeclined}: 422 {@code INSUFFICIENT_FUNDS}, the decline recorded;
 *   <li>{@code TransfersFenced}: 503 {@code NOT_ACTIVE_REGION};
 *   <li>{@code TransfersConflicted}: 409 {@code TRANSACTION_CONFLICT};
 *   <li>{@code TransfersThrottled}: 503 {@code SERVICE_UNAVAILABLE} because DynamoDB throttled
 *       or did not answer within the invocation's time (an SDK exception the handler catches
 *       counts here only if it is a throttling exception or an API-call timeout);
 *   <li>{@code ServerErrors}: any other 5xx, and unexpected exceptions (500) and SDK failures
 *       that are neither throttling nor timeouts (an access denial, a missing table).
 * </ul>
 *
 * <p>Every other answer (validation and envelope 4xx: 400, 403, 413, 415; an Idempotency-Key
 * reused for another body, 422; a request still in progress, 409 {@code REQUEST_IN_PROGRESS})
 * carries only {@code TransferLatency}, no outcome count. An event the handler cannot parse or
 * authenticate (400 or 401 before routing) is not a {@code POST /transactions} it knows of and
 * emits no line.
 */
public final class TransferMetrics {
  public static final String NAMESPACE = "TransactionDr/Api";
  public static final String LATENCY = "TransferLatency";

  /** What came of one {@code POST /transactions}. */
  public enum Outcome {
    COMMITTED("TransfersCommitted"),
    REPLAYED("TransfersReplayed"),
    DECLINED("TransfersDeclined"),
    FENCED("TransfersFenced"),
    CONFLICTED("TransfersConflicted"),
    THROTTLED("TransfersThrottled"),
    SERVER_ERROR("ServerErrors"),
    /** A 4xx other than a decline or a conflict: latency only. */
    NONE(null);

    private final String metric;

    Outcome(String metric) {
      this.metric = metric;
    }

    /** The count metric, or null for {@link #NONE}. */
    public String metric() {
      return metric;
    }
  }

  private TransferMetrics() {}

  /** The outcome of an answer the processor gave (no exception escaped it). */
  public static Outcome outcomeOf(ApiResponse response) {
    if ("true".equals(response.header(TransactionProcessor.REPLAYED_HEADER))) {
      return Outcome.REPLAYED;
    }
    int status = response.status();
    if (status == 201) {
      return Outcome.COMMITTED;
    }
    if (status >= 500) {
      String code = errorCode(response);
      if (ErrorCodes.NOT_ACTIVE_REGION.equals(code)) {
        return Outcome.FENCED;
      }
      return ErrorCodes.SERVICE_UNAVAILABLE.equals(code) ? Outcome.THROTTLED : Outcome.SERVER_ERROR;
    }
    if (status == 422 && ErrorCodes.INSUFFICIENT_FUNDS.equals(errorCode(response))) {
      return Outcome.DECLINED;
    }
    if (status == 409 && ErrorCodes.TRANSACTION_CONFLICT.equals(errorCode(response))) {
      return Outcome.CONFLICTED;
    }
    return Outcome.NONE;
  }

  /** The outcome of an SDK exception the handler caught and answered with 503. */
  public static Outcome outcomeOf(SdkException e) {
    // DynamoDB's modelled throttling exceptions, and whatever else the SDK deems throttling
    // (its error codes, HTTP 429).
    boolean throttled = e instanceof ProvisionedThroughputExceededException
        || e instanceof RequestLimitExceededException
        || e instanceof AwsServiceException service && service.isThrottlingException();
    boolean slow = e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException;
    return throttled || slow ? Outcome.THROTTLED : Outcome.SERVER_ERROR;
  }

  /** The EMF line of one request. */
  public static String line(String service, Outcome outcome, long latencyMillis, long nowMillis) {
    List<EmbeddedMetrics.Metric> metrics = new ArrayList<>();
    if (outcome.metric() != null) {
      metrics.add(new EmbeddedMetrics.Metric(outcome.metric(), EmbeddedMetrics.COUNT, 1));
    }
    metrics.add(new EmbeddedMetrics.Metric(LATENCY, EmbeddedMetrics.MILLISECONDS, Math.max(0, latencyMillis)));
    return EmbeddedMetrics.line(NAMESPACE, Map.of("Service", service), metrics, nowMillis);
  }

  private static String errorCode(ApiResponse response) {
    try {
      Object json = Json.parse(response.body());
      if (json instanceof Map<?, ?> body && body.get("error") instanceof Map<?, ?> error
          && error.get("code") instanceof String code) {
        return code;
      }
    } catch (Json.MalformedJsonException | RuntimeException e) {
      // Not an error body: no code.
    }
    return null;
  }
}
