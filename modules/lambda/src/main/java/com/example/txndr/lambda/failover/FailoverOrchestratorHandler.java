package com.example.txndr.lambda.failover;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.internal.Log;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseArbiter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The alarm hand-over of one region: invoked by EventBridge when the primary's composite alarm
 * {@code primary-region-unhealthy} (its Route 53 health check, or its API's 5xx rate) enters
 * ALARM. If this region holds the lease and the peer's keeper is alive (its heartbeat in the
 * arbiter is fresh: never hand over to a broken standby), it starts a planned hand-over to the
 * peer: the lease drains (no region writes), the keepers complete it once this region's last
 * writes have replicated (docs/adr/0007). Nothing else: it takes no action from an invoker's
 * payload, so invoking it cannot promote anything; an operator uses the drill CLI.
 *
 * <p>The alarm's state is not trusted: anyone allowed {@code cloudwatch:SetAlarmState} can set it.
 * Before the lease is touched, the composite's child alarms (named after ALARM_NAME_PREFIX) are
 * read and their metrics re-evaluated ({@link AlarmCorroboration}, through {@link AlarmEvidence}); an alarm whose metric
 * data do not breach is refused ({@code NOT_CORROBORATED}), logged as a warning with what was found,
 * and the Lambda invocation fails, so that Lambda retries it (the metrics may have been late) and
 * then the dead-letter queue and the orchestrator's errors alarm page the on-call (docs/adr/0011).
 *
 * <p>An arbiter that cannot be reached, or a compare-and-set that keeps losing, is an error: the
 * invocation fails, and Lambda's retries and then the dead-letter queue take it.
 *
 * <p>What to do is {@link HandoverDecision}'s, on values alone; this class reads what it asks for,
 * writes what it decides, and answers.
 */
public final class FailoverOrchestratorHandler implements RequestStreamHandler {
  static final int ATTEMPTS = 5;
  /** The outcome of an alarm whose metric data do not breach: the hand-over is refused. */
  public static final String NOT_CORROBORATED = "NOT_CORROBORATED";

  private final String self;
  private final String peer;
  private final HandoverDecision decision;
  private final LeaseArbiter arbiter;
  private final AlarmEvidence evidence;
  private final AlarmCorroboration.Expectation expected;
  private final Platform platform;

  public FailoverOrchestratorHandler() {
    this(Config.fromEnvironment(System.getenv()));
  }

  public FailoverOrchestratorHandler(Config config) {
    this(requireConfig(config), AwsClients.controlTable(config),
        new CloudWatchAlarmEvidence(AwsClients.cloudWatch(config)), Platform.system());
  }

  /** On the arbiter's client {@code controlTable}, corroborating alarms through {@code evidence}. */
  public FailoverOrchestratorHandler(Config config, DynamoDbClient controlTable, AlarmEvidence evidence,
      Platform platform) {
    requireConfig(config);
    this.self = config.region();
    this.peer = config.peerRegion();
    this.arbiter = new LeaseArbiter(controlTable, config.controlTableName());
    this.evidence = evidence;
    this.expected = AlarmCorroboration.Expectation.forPrefix(config.alarmNamePrefix(), config.httpApiId());
    this.decision = new HandoverDecision(self, peer, expected.compositeName(), config.leaseTiming());
    this.platform = platform;
  }

  private static Config requireConfig(Config config) {
    return config.require(Config.CONTROL_TABLE_NAME, Config.AWS_REGION, Config.PRIMARY_REGION,
        Config.SECONDARY_REGION, Config.ALARM_NAME_PREFIX, Config.HTTP_API_ID);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    Log.begin(context);
    try {
      orchestrate(input, output);
    } finally {
      Log.end();
    }
  }

  private void orchestrate(InputStream input, OutputStream output) throws IOException {
    Map<String, Object> event;
    try {
      event = Json.parseObject(new String(input.readAllBytes(), StandardCharsets.UTF_8));
    } catch (Json.MalformedJsonException e) {
      throw new IllegalArgumentException("The event is not a JSON object: " + e.getMessage(), e);
    }
    Map<String, Object> result = handle(event);
    if (NOT_CORROBORATED.equals(result.get("outcome"))) {
      // Fails the invocation: Lambda retries it, then the dead-letter queue keeps it, and the
      // orchestrator's errors alarm pages.
      throw new IllegalStateException(String.valueOf(result.get("detail")));
    }
    output.write(Json.write(result).getBytes(StandardCharsets.UTF_8));
  }

  /** Handles one event; returns what was decided (also logged). */
  public Map<String, Object> handle(Map<String, Object> event) {
    Map<String, Object> result = decide(event);
    if (NOT_CORROBORATED.equals(result.get("outcome"))) {
      Log.warn("failover orchestrator REFUSED a hand-over: the alarm is in ALARM but its metrics do not breach"
          + " (was its state set by hand with SetAlarmState?)", result);
    } else {
      Log.info("failover orchestrator", result);
    }
    return result;
  }

  /** Carries out {@link HandoverDecision}'s actions: the reads it asks for, the one write it decides. */
  private Map<String, Object> decide(Map<String, Object> event) {
    HandoverDecision.Action first = decision.onEvent(event);
    if (first instanceof HandoverDecision.Ignore ignore) {
      return result("IGNORED", null, ignore.detail());
    }
    String why = ((HandoverDecision.Proceed) first).why();
    AlarmCorroboration.Verdict verdict = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Lease lease = arbiter.read().orElseThrow(() -> new IllegalStateException(
          "No lease exists yet in the control table: the primary's keeper creates it; nothing to hand over"));
      HandoverDecision.View view = HandoverDecision.View.of(lease, platform.nowMillis()).withVerdict(verdict);
      while (true) {
        HandoverDecision.Action action = decision.next(why, view);
        if (action instanceof HandoverDecision.Corroborate) {
          verdict = corroborate();
          view = view.withVerdict(verdict);
        } else if (action instanceof HandoverDecision.CheckPeer) {
          view = view.withPeerHeartbeat(arbiter.keeperHeartbeat(peer), platform.nowMillis());
        } else if (action instanceof HandoverDecision.Stop stop) {
          Map<String, Object> stopped = result(stop.outcome(), lease, stop.detail());
          if (!stop.findings().isEmpty()) {
            stopped.put("findings", stop.findings());
          }
          return stopped;
        } else {
          HandoverDecision.Drain drain = (HandoverDecision.Drain) action;
          Optional<Lease> draining = arbiter.replace(drain.current(), drain.next());
          if (draining.isPresent()) {
            return result("HANDOVER_REQUESTED", draining.get(), drain.detail());
          }
          break;
        }
      }
    }
    throw new IllegalStateException("The lease kept changing during " + ATTEMPTS + " attempts to hand over (" + why
        + "); the invocation fails so that Lambda retries it");
  }

  /** Reads the composite's children and their datapoints, and judges them ({@link AlarmCorroboration}). */
  private AlarmCorroboration.Verdict corroborate() {
    Instant now = Instant.ofEpochMilli(platform.nowMillis());
    List<AlarmEvidence.MetricAlarm> alarms = evidence.metricAlarms(expected.childNames().stream().sorted().toList());
    Map<String, List<AlarmEvidence.Datapoint>> datapoints = new LinkedHashMap<>();
    for (AlarmEvidence.MetricAlarm alarm : alarms) {
      if (expected.childNames().contains(alarm.name()) && alarm.periodSeconds() > 0) {
        datapoints.put(alarm.name(), evidence.datapoints(alarm, AlarmCorroboration.windowStart(alarm, now), now));
      }
    }
    return AlarmCorroboration.judge(expected, alarms, datapoints, now);
  }

  private Map<String, Object> result(String outcome, Lease lease, String detail) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("outcome", outcome);
    result.put("region", self);
    if (lease != null) {
      result.put("lease", lease.toString());
      result.put("epoch", lease.epoch());
    }
    result.put("detail", detail);
    return result;
  }
}
