package com.example.txndr.lambda.failover;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Config;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.internal.Log;
import com.example.txndr.lambda.store.ControlRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The failover orchestrator of one region. Invoked by EventBridge (a scheduled probe, an alarm
 * state change) or by hand ({@code {"action": "probe"}}, {@code {"action": "promote",
 * "reason": "..."}}). While the peer region is active it probes the peer's {@code /health}
 * (URL base in SSM {@code PARAMETER_PREFIX/peer/api-endpoint}); after
 * {@code FAILURES_TO_PROMOTE} (default 3) consecutive failed probes it promotes this region:
 *
 * <ol>
 *   <li>a conditional update of the control item raises the epoch and names this region (the
 *       fencing truth: the demoted region's writes fail from then on);
 *   <li>SSM {@code PARAMETER_PREFIX/active-region} is set to this region;
 *   <li>the promotion is published to {@code ALERT_TOPIC_ARN} once per epoch.
 * </ol>
 *
 * <p>Idempotent: an event is counted once (its id is recorded), a promotion happens once per
 * epoch (conditional on the epoch seen), and a run after a promotion only re-applies steps 2
 * and 3 where they are missing. Running it twice, or concurrently, is safe.
 */
public final class FailoverOrchestratorHandler implements RequestStreamHandler {
  private final String self;
  private final String primaryRegion;
  private final String parameterPrefix;
  private final String alertTopicArn;
  private final int failuresToPromote;
  private final ControlRepository control;
  private final SsmClient ssm;
  private final SnsClient sns;
  private final HealthProbe probe;
  private final Clock clock;

  public FailoverOrchestratorHandler() {
    this(Config.fromEnvironment(System.getenv()));
  }

  public FailoverOrchestratorHandler(Config config) {
    this(requireConfig(config), AwsClients.dynamoDb(config), AwsClients.ssm(config, config.region()),
        AwsClients.sns(config), HealthProbe.http(config.probeTimeout()), Clock.systemUTC());
  }

  public FailoverOrchestratorHandler(
      Config config, DynamoDbClient dynamoDb, SsmClient ssm, SnsClient sns, HealthProbe probe, Clock clock) {
    requireConfig(config);
    this.self = config.region();
    this.primaryRegion = config.primaryRegion();
    this.parameterPrefix = config.parameterPrefix();
    this.alertTopicArn = config.alertTopicArn();
    this.failuresToPromote = config.failuresToPromote();
    this.control = new ControlRepository(dynamoDb, config.tableName());
    this.ssm = ssm;
    this.sns = sns;
    this.probe = probe;
    this.clock = clock;
  }

  private static Config requireConfig(Config config) {
    return config.require(Config.TABLE_NAME, Config.AWS_REGION, Config.PRIMARY_REGION, Config.SECONDARY_REGION,
        Config.PARAMETER_PREFIX);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Map<String, Object> event;
    try {
      event = Json.parseObject(new String(input.readAllBytes(), StandardCharsets.UTF_8));
    } catch (Json.MalformedJsonException e) {
      throw new IllegalArgumentException("The event is not a JSON object: " + e.getMessage(), e);
    }
    output.write(Json.write(handle(event)).getBytes(StandardCharsets.UTF_8));
  }

  /** Handles one event; returns what was decided (also logged). */
  public Map<String, Object> handle(Map<String, Object> event) {
    Map<String, Object> result = decide(event);
    Log.info("failover orchestrator", result);
    return result;
  }

  private Map<String, Object> decide(Map<String, Object> event) {
    String eventId = event.get("id") instanceof String ? (String) event.get("id") : UUID.randomUUID().toString();
    Object action = event.get("action");
    Object detailType = event.get("detail-type");
    if ("promote".equals(action)) {
      String reason = event.get("reason") instanceof String ? (String) event.get("reason") : "no reason given";
      return promoteByHand(eventId, "manual promotion: " + reason);
    }
    if ("probe".equals(action) || "Scheduled Event".equals(detailType)) {
      return probePeer(eventId, "scheduled probe");
    }
    if ("CloudWatch Alarm State Change".equals(detailType)) {
      Map<?, ?> detail = event.get("detail") instanceof Map ? (Map<?, ?>) event.get("detail") : Map.of();
      Map<?, ?> state = detail.get("state") instanceof Map ? (Map<?, ?>) detail.get("state") : Map.of();
      if ("ALARM".equals(state.get("value"))) {
        return probePeer(eventId, "alarm " + detail.get("alarmName"));
      }
      return result("IGNORED", null, "alarm " + detail.get("alarmName") + " is " + state.get("value"));
    }
    return result("IGNORED", null, "unrecognised event: expected a Scheduled Event, a CloudWatch Alarm State"
        + " Change, or {\"action\": \"probe\" | \"promote\"}");
  }

  private ActiveRegion active() {
    return control.read().orElse(ActiveRegion.assumed(primaryRegion));
  }

  private Map<String, Object> probePeer(String eventId, String trigger) {
    ActiveRegion active = active();
    if (active.isWritableBy(self)) {
      converge(active, null);
      return result("ALREADY_ACTIVE", active, "this region is active; nothing to probe (" + trigger + ")");
    }
    String endpointName = parameterPrefix + "/peer/api-endpoint";
    String endpoint;
    try {
      endpoint = ssm.getParameter(r -> r.name(endpointName)).parameter().value();
    } catch (ParameterNotFoundException e) {
      return result("SKIPPED", active, "SSM parameter " + endpointName + " is not set; the peer's endpoint is"
          + " unknown, so nothing is counted");
    }
    URI healthUrl = URI.create(endpoint.endsWith("/") ? endpoint + "health" : endpoint + "/health");
    HealthProbe.Result probed = probe.check(healthUrl);
    Instant now = clock.instant();
    if (probed.healthy()) {
      control.resetProbeFailures(self, eventId, now, "HEALTHY");
      Map<String, Object> result = result("PEER_HEALTHY", active, probed.detail());
      result.put("consecutiveFailures", 0);
      return result;
    }
    int failures = control.recordProbeFailure(self, eventId, now);
    if (failures < 0) {
      return result("DUPLICATE_EVENT", active, "event " + eventId + " was already counted");
    }
    if (failures < failuresToPromote) {
      Map<String, Object> result = result("PEER_UNHEALTHY", active, probed.detail());
      result.put("consecutiveFailures", failures);
      return result;
    }
    String reason = failures + " consecutive failed probes (" + trigger + "): " + probed.detail();
    Map<String, Object> result = promote(active, eventId, reason);
    result.put("consecutiveFailures", failures);
    return result;
  }

  private Map<String, Object> promoteByHand(String eventId, String reason) {
    ActiveRegion active = active();
    if (active.isWritableBy(self)) {
      converge(active, null);
      return result("ALREADY_ACTIVE", active, "this region is already active");
    }
    return promote(active, eventId, reason);
  }

  private Map<String, Object> promote(ActiveRegion seen, String eventId, String reason) {
    Instant now = clock.instant();
    boolean promoted = control.promote(seen, self, reason, now);
    ActiveRegion active = active();
    if (!active.isWritableBy(self)) {
      return result("SUPERSEDED", active, "another promotion changed the control item first");
    }
    control.resetProbeFailures(self, eventId, now, promoted ? "PROMOTED" : "ALREADY_ACTIVE");
    converge(active, promoted ? seen : null);
    return result(promoted ? "PROMOTED" : "ALREADY_ACTIVE", active, reason);
  }

  /** Brings SSM and the notification in line with {@code active}: missing steps of a promotion. */
  private void converge(ActiveRegion active, ActiveRegion previous) {
    String name = parameterPrefix + "/active-region";
    String current = null;
    try {
      current = ssm.getParameter(r -> r.name(name)).parameter().value();
    } catch (ParameterNotFoundException e) {
      // written below
    }
    if (!active.region().equals(current)) {
      ssm.putParameter(r -> r.name(name).value(active.region()).type(ParameterType.STRING).overwrite(true));
    }
    if (active.epoch() > control.notifiedEpoch()) {
      if (alertTopicArn == null) {
        Log.warn("ALERT_TOPIC_ARN is not set: promotion not announced", Map.of("epoch", active.epoch()));
      } else {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("event", "REGION_PROMOTED");
        message.put("activeRegion", active.region());
        message.put("epoch", active.epoch());
        if (previous != null) {
          message.put("previousRegion", previous.region());
        }
        message.put("at", clock.instant().toString());
        sns.publish(r -> r.topicArn(alertTopicArn)
            .subject("Failover: " + active.region() + " is now the active region (epoch " + active.epoch() + ")")
            .message(Json.write(message)));
      }
      control.markNotified(active.epoch());
    }
  }

  private Map<String, Object> result(String outcome, ActiveRegion active, String detail) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("outcome", outcome);
    result.put("region", self);
    if (active != null) {
      result.put("activeRegion", active.region());
      result.put("epoch", active.epoch());
    }
    result.put("failuresToPromote", failuresToPromote);
    result.put("detail", detail);
    return result;
  }
}
