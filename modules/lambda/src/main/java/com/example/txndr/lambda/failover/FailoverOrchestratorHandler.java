package com.example.txndr.lambda.failover;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.fencing.ControlView;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Config;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.internal.Log;
import com.example.txndr.lambda.store.ControlRepository;
import com.example.txndr.lambda.store.ControlShards;
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
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The failover orchestrator of one region. Invoked by EventBridge (a scheduled probe in the
 * secondary, the primary's {@code primary-region-unhealthy} alarm entering ALARM) or by hand
 * ({@code {"action": "probe" | "promote" | "handover" | "status", "reason": "..."}}).
 *
 * <p><b>Promotion</b> (this region takes over). While the peer region is active it probes the
 * peer's {@code /health} (URL base in SSM {@code PARAMETER_PREFIX/peer/api-endpoint}); after
 * {@code FAILURES_TO_PROMOTE} (default 3) consecutive failed probes it promotes this region.
 *
 * <p><b>Hand-over</b> (this region gives up). An alarm in ALARM, or {@code "handover"}, in the
 * region that is active makes the peer active: the primary is reachable but failing. In the
 * standby it changes nothing.
 *
 * <p>Both are the same three steps:
 *
 * <ol>
 *   <li>one conditional transaction raises the epoch on every control shard of this region's
 *       replica and names the new active region (the fencing truth: the demoted region's writes
 *       fail from then on; the global table replicates the shards to the peer);
 *   <li>SSM {@code PARAMETER_PREFIX/active-region} is set in this region, then in the peer region
 *       (best effort: the peer may be the region that is down);
 *   <li>the change is published to {@code ALERT_TOPIC_ARN} once per epoch.
 * </ol>
 *
 * <p>Idempotent: an event is counted once (its id is recorded), a change happens once per epoch
 * (every shard is conditional on the epoch seen), and a run after a change only re-applies steps
 * 2 and 3 where they are missing. Running it twice, or concurrently, is safe.
 */
public final class FailoverOrchestratorHandler implements RequestStreamHandler {
  private final String self;
  private final String peer;
  private final String primaryRegion;
  private final String parameterPrefix;
  private final String alertTopicArn;
  private final int failuresToPromote;
  private final ControlRepository control;
  private final SsmClient ssm;
  private final SsmClient peerSsm;
  private final SnsClient sns;
  private final HealthProbe probe;
  private final Clock clock;

  public FailoverOrchestratorHandler() {
    this(Config.fromEnvironment(System.getenv()));
  }

  public FailoverOrchestratorHandler(Config config) {
    this(requireConfig(config), AwsClients.dynamoDb(config), AwsClients.ssm(config, config.region()),
        AwsClients.peerSsm(config), AwsClients.sns(config), HealthProbe.http(config.probeTimeout()),
        Clock.systemUTC());
  }

  /** {@code ssm} is this region's SSM, {@code peerSsm} the peer region's. */
  public FailoverOrchestratorHandler(Config config, DynamoDbClient dynamoDb, SsmClient ssm, SsmClient peerSsm,
      SnsClient sns, HealthProbe probe, Clock clock) {
    requireConfig(config);
    this.self = config.region();
    this.peer = config.peerRegion();
    this.primaryRegion = config.primaryRegion();
    this.parameterPrefix = config.parameterPrefix();
    this.alertTopicArn = config.alertTopicArn();
    this.failuresToPromote = config.failuresToPromote();
    this.control = new ControlRepository(dynamoDb, config.tableName(), ControlShards.from(config));
    this.ssm = ssm;
    this.peerSsm = peerSsm;
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
    String reason = event.get("reason") instanceof String ? (String) event.get("reason") : "no reason given";
    if ("promote".equals(action)) {
      return promoteByHand(eventId, "manual promotion: " + reason);
    }
    if ("handover".equals(action)) {
      return handOver("manual handover: " + reason);
    }
    if ("status".equals(action)) {
      return status();
    }
    if ("probe".equals(action) || "Scheduled Event".equals(detailType)) {
      return probePeer(eventId, "scheduled probe");
    }
    if ("CloudWatch Alarm State Change".equals(detailType)) {
      Map<?, ?> detail = event.get("detail") instanceof Map ? (Map<?, ?>) event.get("detail") : Map.of();
      Map<?, ?> state = detail.get("state") instanceof Map ? (Map<?, ?>) detail.get("state") : Map.of();
      if ("ALARM".equals(state.get("value"))) {
        return handOver("alarm " + detail.get("alarmName") + " is ALARM");
      }
      return result("IGNORED", null, "alarm " + detail.get("alarmName") + " is " + state.get("value"));
    }
    return result("IGNORED", null, "unrecognised event: expected a Scheduled Event, a CloudWatch Alarm State"
        + " Change, or {\"action\": \"probe\" | \"promote\" | \"handover\" | \"status\"}");
  }

  /** The latest state over every shard (the highest epoch; shards may lag while a change replicates). */
  private ActiveRegion active() {
    return active(control.readAll());
  }

  private ActiveRegion active(ControlView view) {
    return view.latest().orElse(ActiveRegion.assumed(primaryRegion));
  }

  private Map<String, Object> probePeer(String eventId, String trigger) {
    ActiveRegion active = active();
    if (active.isWritableBy(self)) {
      Map<String, Object> converged = converge(active, null, null);
      return with(result("ALREADY_ACTIVE", active, "this region is active; nothing to probe (" + trigger + ")"),
          converged);
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
    ControlView view = control.readAll();
    ActiveRegion active = active(view);
    if (active.isWritableBy(self) && view.agree()) {
      return with(result("ALREADY_ACTIVE", active, "this region is already active"), converge(active, null, null));
    }
    // Also when the shards disagree and the latest names this region: promoting rewrites every
    // shard under a higher epoch, which repairs them.
    return promote(active, eventId, reason);
  }

  private Map<String, Object> promote(ActiveRegion seen, String eventId, String reason) {
    Instant now = clock.instant();
    boolean promoted = control.promote(seen, self, reason, now);
    ActiveRegion active = active();
    if (!active.isWritableBy(self)) {
      return result("SUPERSEDED", active, "another promotion changed the control shards first");
    }
    control.resetProbeFailures(self, eventId, now, promoted ? "PROMOTED" : "ALREADY_ACTIVE");
    Map<String, Object> converged = converge(active, promoted ? seen : null, reason);
    return with(result(promoted ? "PROMOTED" : "ALREADY_ACTIVE", active, reason), converged);
  }

  /**
   * Makes the peer active if this region is: the primary is reachable but failing (its
   * unhealthy alarm), or an operator asked. In the standby nothing changes (only missing SSM and
   * SNS steps of the last change are re-applied, which completes an interrupted hand-over).
   */
  private Map<String, Object> handOver(String reason) {
    ActiveRegion seen = active();
    if (!seen.isWritableBy(self)) {
      return with(result("ALREADY_STANDBY", seen, "this region is not active; nothing to hand over (" + reason + ")"),
          converge(seen, null, null));
    }
    boolean handedOver = control.promote(seen, peer, reason, clock.instant());
    ActiveRegion active = active();
    if (handedOver) {
      return with(result("HANDED_OVER", active, reason), converge(active, seen, reason));
    }
    if (active.isWritableBy(self)) {
      return result("SUPERSEDED", active, "another change of the control shards kept this region active");
    }
    return with(result("ALREADY_STANDBY", active, "another run handed over first (" + reason + ")"),
        converge(active, null, null));
  }

  /** Every shard, whether they agree, and the active-region parameter of both regions. */
  private Map<String, Object> status() {
    ControlView view = control.readAll();
    ActiveRegion active = active(view);
    String disagreement = view.disagreement();
    Map<String, Object> result = result("STATUS", active, disagreement == null
        ? "the " + view.shardCount() + " control shards agree" : disagreement
            + " (normal for about a second while a change replicates; if it lasts, promote the region that"
            + " should be active by hand: that rewrites every shard)");
    result.put("controlShards", view.shardCount());
    result.put("shardsAgree", disagreement == null);
    result.put("shardStates", view.shardsByState());
    result.put("missingShards", view.missing());
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put(self, readActiveRegionParameter(ssm));
    parameters.put(peer, readActiveRegionParameter(peerSsm));
    result.put("activeRegionParameters", parameters);
    result.put("probeFailures", control.probeFailures(self));
    return result;
  }

  private String readActiveRegionParameter(SsmClient client) {
    String name = parameterPrefix + "/active-region";
    try {
      return client.getParameter(r -> r.name(name)).parameter().value();
    } catch (ParameterNotFoundException e) {
      return "NOT SET";
    } catch (SdkException e) {
      return "UNREADABLE: " + e.getMessage();
    }
  }

  /**
   * Brings SSM and the notification in line with {@code active}: the missing steps of a change.
   * Returns what it did to the {@code active-region} parameters and whether it notified.
   */
  private Map<String, Object> converge(ActiveRegion active, ActiveRegion previous, String reason) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put(self, alignActiveRegionParameter(ssm, active));
    try {
      parameters.put(peer, alignActiveRegionParameter(peerSsm, active));
    } catch (SdkException e) {
      // Informational, and the peer may be the region that is down: the fencing truth is the
      // control shards, already changed. The peer's own orchestrator corrects it when it runs.
      Log.warn("active-region parameter of the peer region not updated",
          Map.of("peerRegion", peer, "error", String.valueOf(e.getMessage())));
      parameters.put(peer, "FAILED: " + e.getMessage());
    }
    Map<String, Object> converged = new LinkedHashMap<>();
    converged.put("activeRegionParameters", parameters);
    boolean notified = false;
    long previouslyNotified = control.notifiedEpoch();
    if (active.epoch() > previouslyNotified) {
      if (alertTopicArn == null) {
        Log.warn("ALERT_TOPIC_ARN is not set: change of the active region not announced",
            Map.of("epoch", active.epoch()));
        control.claimNotification(active.epoch());
      } else if (control.claimNotification(active.epoch())) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("event", "REGION_PROMOTED");
        message.put("activeRegion", active.region());
        message.put("epoch", active.epoch());
        if (previous != null) {
          message.put("previousRegion", previous.region());
        }
        message.put("decidedBy", self);
        if (reason != null) {
          message.put("reason", reason);
        }
        message.put("at", clock.instant().toString());
        try {
          sns.publish(r -> r.topicArn(alertTopicArn)
              .subject("Failover: " + active.region() + " is now the active region (epoch " + active.epoch() + ")")
              .message(Json.write(message)));
        } catch (RuntimeException e) {
          control.releaseNotification(active.epoch(), previouslyNotified);
          throw e;
        }
        notified = true;
      }
    }
    converged.put("notified", notified);
    return converged;
  }

  private String alignActiveRegionParameter(SsmClient client, ActiveRegion active) {
    String name = parameterPrefix + "/active-region";
    String current = null;
    try {
      current = client.getParameter(r -> r.name(name)).parameter().value();
    } catch (ParameterNotFoundException e) {
      // written below
    }
    if (active.region().equals(current)) {
      return "UNCHANGED";
    }
    client.putParameter(r -> r.name(name).value(active.region()).type(ParameterType.STRING).overwrite(true));
    return "UPDATED";
  }

  private static Map<String, Object> with(Map<String, Object> result, Map<String, Object> more) {
    result.putAll(more);
    return result;
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
