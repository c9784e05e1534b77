package com.example.txndr.drill.internal;

import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.fencing.ControlView;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A deployed two-region system in memory, moved by a clock the test controls: fakes of every
 * port the CLI uses, behaving as the real system does. The processor of each region answers
 * from its replica's control shards (writes only where active; a demoted primary's /health is
 * 503); Route 53 judges a check after {@link #detection} of a stable raw result (inverted:
 * its opposite) and publishes the minute's minimum as HealthCheckStatus a minute later; the
 * composite alarm follows the primary's check after {@link #alarmDelay}; its change to ALARM
 * invokes the orchestrator's hand-over after {@link #eventDelay}; writes replicate after
 * {@link #replicationDelay}. Sleeping advances the clock and runs what falls due.
 */
final class FakeWorld {
  static final String PRIMARY = "us-east-1";
  static final String SECONDARY = "us-west-2";
  static final String PRIMARY_HC = "hc-primary";
  static final String SECONDARY_HC = "hc-secondary";
  static final String ZONE = "Z123";
  static final String RECORD = "api.dr.example.com";
  static final String TABLE = "txn-dr-prod-transactions";
  static final String PREFIX = "/txn-dr/prod";
  static final String ALARM = "txn-dr-prod-primary-region-unhealthy";
  static final String ACCOUNT = "123456789012";
  static final int SHARDS = 4;

  Duration detection = Duration.ofSeconds(30);
  Duration alarmDelay = Duration.ofSeconds(60);
  Duration eventDelay = Duration.ofSeconds(10);
  Duration replicationDelay = Duration.ofMillis(800);
  /** False: the alarm fires but nothing hands over (a broken automation). */
  boolean handoverAutomation = true;
  /** Route 53 accepts UpdateHealthCheck; false: it fails. */
  boolean route53Writable = true;
  double replicationLatencyMillis = 800;

  private Instant now = Instant.parse("2026-03-01T10:00:00Z");
  private long sequence;
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private final Map<String, List<ActiveRegion>> shards = new HashMap<>();
  private final Map<String, Boolean> inverted = new HashMap<>();
  private final Map<String, Boolean> status = new HashMap<>();
  private final Map<String, List<Change>> statusHistory = new HashMap<>();
  private final Map<String, Map<String, String>> ssm = new HashMap<>();
  private final Map<String, Set<String>> transactions = new HashMap<>();
  private final Map<String, String> idempotency = new HashMap<>();
  private final Set<String> unreachable = new HashSet<>();
  private String alarmState = "OK";
  private Instant alarmSince = now.minus(Duration.ofDays(1));
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  final List<String> handovers = new ArrayList<>();
  /** Runs once when the primary's check is inverted (a test's interruption, for example). */
  Runnable onInversion = () -> {};
  /** Runs when the clock advances (after due events). */
  Runnable onSleep = () -> {};

  private record Change(Instant at, boolean healthy) {}

  private record Event(Instant at, long order, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event other) {
      int byTime = at.compareTo(other.at);
      return byTime != 0 ? byTime : Long.compare(order, other.order);
    }
  }

  FakeWorld() {
    for (String region : List.of(PRIMARY, SECONDARY)) {
      shards.put(region, new ArrayList<>(Collections.nCopies(SHARDS, new ActiveRegion(PRIMARY, 4))));
      ssm.put(region, new HashMap<>(Map.of(PREFIX + "/active-region", PRIMARY)));
      transactions.put(region, new HashSet<>());
    }
    for (String id : List.of(PRIMARY_HC, SECONDARY_HC)) {
      inverted.put(id, false);
      status.put(id, true);
      statusHistory.put(id, new ArrayList<>(List.of(new Change(now.minus(Duration.ofDays(1)), true))));
    }
  }

  Instant now() {
    return now;
  }

  /** Moves the clock and runs every event that falls due, in order. */
  void advance(Duration duration) {
    Instant until = now.plus(duration);
    while (!events.isEmpty() && !events.peek().at.isAfter(until)) {
      Event event = events.poll();
      now = event.at;
      event.action.run();
    }
    now = until;
  }

  private void schedule(Duration after, Runnable action) {
    events.add(new Event(now.plus(after), sequence++, action));
  }

  // ----- the system's behaviour -----

  ActiveRegion active(String region) {
    return ControlView.of(shards.get(region)).latest().orElseThrow();
  }

  void setControl(String region, ActiveRegion state) {
    shards.put(region, new ArrayList<>(Collections.nCopies(SHARDS, state)));
    reevaluate();
  }

  /** One shard of one replica differs (a promotion still replicating). */
  void setShard(String region, int shard, ActiveRegion state) {
    shards.get(region).set(shard, state);
  }

  void setInvertedNow(String id, boolean value) {
    inverted.put(id, value);
  }

  void setAlarm(String state) {
    alarmState = state;
    alarmSince = now;
  }

  void unreachable(String region) {
    unreachable.add(region);
  }

  boolean inverted(String id) {
    return inverted.get(id);
  }

  String ssm(String region, String name) {
    return ssm.get(region).get(name);
  }

  boolean hasTransaction(String region, String id) {
    return transactions.get(region).contains(id);
  }

  private String regionOf(String id) {
    return id.equals(PRIMARY_HC) ? PRIMARY : SECONDARY;
  }

  private boolean apiHealthy(String region) {
    return !(region.equals(PRIMARY) && !active(PRIMARY).isWritableBy(PRIMARY));
  }

  private boolean rawEffective(String id) {
    return apiHealthy(regionOf(id)) != inverted.get(id);
  }

  /** Route 53 takes {@link #detection} to adopt a changed result. */
  private void reevaluate() {
    for (String id : List.of(PRIMARY_HC, SECONDARY_HC)) {
      boolean target = rawEffective(id);
      if (target != status.get(id)) {
        schedule(detection, () -> {
          if (rawEffective(id) == target && status.get(id) != target) {
            status.put(id, target);
            statusHistory.get(id).add(new Change(now, target));
            log.add(now + " route53 " + id + " " + (target ? "healthy" : "unhealthy"));
            if (id.equals(PRIMARY_HC)) {
              alarmFollows(target);
            }
          }
        });
      }
    }
  }

  private void alarmFollows(boolean healthy) {
    schedule(alarmDelay, () -> {
      if (status.get(PRIMARY_HC) != healthy) {
        return;
      }
      String next = healthy ? "OK" : "ALARM";
      if (!next.equals(alarmState)) {
        alarmState = next;
        alarmSince = now;
        log.add(now + " alarm " + next);
        if (next.equals("ALARM") && handoverAutomation) {
          schedule(eventDelay, this::orchestratorHandover);
        }
      }
    });
  }

  /** The primary's orchestrator on an alarm: hands over to the secondary, written in the primary. */
  void orchestratorHandover() {
    ActiveRegion seen = active(PRIMARY);
    if (seen.isWritableBy(PRIMARY)) {
      write(PRIMARY, seen.promote(SECONDARY));
      handovers.add(now + " handover to " + SECONDARY + " at epoch " + (seen.epoch() + 1));
    }
  }

  private void write(String region, ActiveRegion state) {
    shards.put(region, new ArrayList<>(Collections.nCopies(SHARDS, state)));
    String peer = region.equals(PRIMARY) ? SECONDARY : PRIMARY;
    schedule(replicationDelay, () -> {
      ActiveRegion there = active(peer);
      if (there.epoch() < state.epoch()) {
        shards.put(peer, new ArrayList<>(Collections.nCopies(SHARDS, state)));
        reevaluate();
      }
    });
    reevaluate();
  }

  private int minuteStatus(String id, Instant minute) {
    Instant end = minute.plus(Duration.ofMinutes(1));
    boolean healthyThroughout = true;
    boolean atStart = true;
    for (Change change : statusHistory.get(id)) {
      if (!change.at.isAfter(minute)) {
        atStart = change.healthy;
      } else if (change.at.isBefore(end) && !change.healthy) {
        healthyThroughout = false;
      }
    }
    return atStart && healthyThroughout ? 1 : 0;
  }

  private void requireReachable(String region) {
    if (unreachable.contains(region)) {
      throw new IllegalStateException("Unable to execute HTTP request: connect timed out (" + region + ")");
    }
  }

  // ----- the ports -----

  Targets targets() {
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put("PrimaryApiEndpoint", "https://prim.execute-api.us-east-1.amazonaws.com");
    outputs.put("SecondaryApiEndpoint", "https://seco.execute-api.us-west-2.amazonaws.com");
    outputs.put("FailoverEndpoint", RECORD);
    outputs.put("TransactionsTableName", TABLE);
    outputs.put("PrimaryHealthCheckId", PRIMARY_HC);
    outputs.put("SecondaryHealthCheckId", SECONDARY_HC);
    outputs.put("HostedZoneId", ZONE);
    return Targets.resolve(stack(outputs), TargetOptions.ofStack("txn-dr-prod"));
  }

  static StackDescription stack(Map<String, String> outputs) {
    return new StackDescription("arn:aws:cloudformation:us-east-1:" + ACCOUNT + ":stack/txn-dr-prod/abc", outputs,
        Map.of("ProjectName", "txn-dr", "EnvironmentName", "prod", "PrimaryRegion", PRIMARY, "SecondaryRegion",
            SECONDARY));
  }

  Services services() {
    Ticker ticker = new Ticker() {
      @Override
      public Instant now() {
        return now;
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("sleep interrupted");
        }
        advance(duration);
        onSleep.run();
      }
    };
    StackReader stacks = (region, name) -> {
      log.add("describe " + name + " in " + region);
      return stack(Map.of(
          "PrimaryApiEndpoint", "https://prim.execute-api.us-east-1.amazonaws.com",
          "SecondaryApiEndpoint", "https://seco.execute-api.us-west-2.amazonaws.com",
          "FailoverEndpoint", RECORD,
          "TransactionsTableName", TABLE,
          "PrimaryHealthCheckId", PRIMARY_HC,
          "SecondaryHealthCheckId", SECONDARY_HC,
          "HostedZoneId", ZONE));
    };
    HealthChecks healthChecks = new HealthChecks() {
      @Override
      public Config get(String id) {
        return new Config(id, regionOf(id) + ".example", inverted.get(id));
      }

      @Override
      public void setInverted(String id, boolean value) {
        if (!route53Writable) {
          throw new IllegalStateException("Rate exceeded");
        }
        log.add(now + " invert " + id + " " + value);
        boolean was = inverted.put(id, value);
        reevaluate();
        if (value && !was && id.equals(PRIMARY_HC)) {
          onInversion.run();
        }
      }

      @Override
      public Checkers checkers(String id) {
        return apiHealthy(regionOf(id)) ? new Checkers(3, 3) : new Checkers(0, 3);
      }

      @Override
      public DnsAnswer testDnsAnswer(String zone, String name, String type) {
        String host = status.get(PRIMARY_HC) ? "prim.execute-api.us-east-1.amazonaws.com"
            : status.get(SECONDARY_HC) ? "seco.execute-api.us-west-2.amazonaws.com"
            : "prim.execute-api.us-east-1.amazonaws.com";
        return new DnsAnswer("NOERROR", List.of(host));
      }
    };
    Fencing fencing = new Fencing() {
      @Override
      public ControlView read(String region) {
        requireReachable(region);
        return ControlView.of(shards.get(region));
      }

      @Override
      public boolean promote(String writeRegion, ActiveRegion seen, String candidate, String reason) {
        requireReachable(writeRegion);
        if (shards.get(writeRegion).stream().anyMatch(s -> s != null && s.epoch() > seen.epoch())) {
          return false;
        }
        log.add(now + " promote " + candidate + " in " + writeRegion + " at epoch " + (seen.epoch() + 1));
        write(writeRegion, seen.promote(candidate));
        return true;
      }
    };
    Parameters parameters = new Parameters() {
      @Override
      public Optional<String> get(String region, String name) {
        requireReachable(region);
        return Optional.ofNullable(ssm.get(region).get(name));
      }

      @Override
      public void put(String region, String name, String value) {
        requireReachable(region);
        ssm.get(region).put(name, value);
      }
    };
    Http http = new Http() {
      @Override
      public Answer get(URI url) {
        String region = url.getHost().contains(PRIMARY) ? PRIMARY : SECONDARY;
        requireReachable(region);
        boolean healthy = apiHealthy(region);
        return new Answer(healthy ? 200 : 503, "{\"status\":\"" + (healthy ? "UP" : "DOWN") + "\",\"region\":\""
            + region + "\",\"role\":\"" + (region.equals(PRIMARY) ? "PRIMARY" : "SECONDARY") + "\",\"checks\":{}}");
      }

      @Override
      public Answer signed(String method, URI url, String service, String region, Map<String, String> headers,
          String body) {
        requireReachable(region);
        if (method.equals("POST")) {
          String key = headers.get("Idempotency-Key");
          if (!active(region).isWritableBy(region)) {
            return new Answer(503, "{\"error\":{\"code\":\"NOT_ACTIVE_REGION\",\"message\":\"no\"}}");
          }
          String id = idempotency.computeIfAbsent(key, k -> "txn-" + k);
          transactions.get(region).add(id);
          log.add(now + " canary " + id + " in " + region);
          String peer = region.equals(PRIMARY) ? SECONDARY : PRIMARY;
          schedule(replicationDelay, () -> transactions.get(peer).add(id));
          return new Answer(201, "{\"transactionId\":\"" + id + "\",\"status\":\"COMMITTED\",\"region\":\"" + region
              + "\",\"epoch\":" + active(region).epoch() + "}");
        }
        String id = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        return transactions.get(region).contains(id) ? new Answer(200, "{\"transactionId\":\"" + id + "\"}")
            : new Answer(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no\"}}");
      }
    };
    Metrics metrics = new Metrics() {
      @Override
      public Optional<Datapoint> latest(String region, String namespace, String metric, Map<String, String> dims,
          String statistic, Duration lookback) {
        if (metric.equals("HealthCheckStatus")) {
          Instant minute = now.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES);
          return Optional.of(new Datapoint(minute, minuteStatus(dims.get("HealthCheckId"), minute)));
        }
        requireReachable(region);
        return Optional.of(new Datapoint(now.truncatedTo(ChronoUnit.MINUTES), replicationLatencyMillis));
      }

      @Override
      public Optional<Alarm> alarm(String region, String name) {
        return name.equals(ALARM) ? Optional.of(new Alarm(ALARM, alarmState, alarmSince)) : Optional.empty();
      }
    };
    Backups backups = (region, vault) -> region.equals(PRIMARY)
        ? Optional.of(new Backups.CopyJob("copy-1", "COMPLETED", "DynamoDB", Instant.parse("2026-03-01T05:00:00Z"),
            Instant.parse("2026-03-01T05:20:00Z")))
        : Optional.empty();
    return new Services(stacks, healthChecks, fencing, parameters, http, metrics, backups, ticker);
  }
}
