package com.example.txndr.drill.internal;

import com.example.txndr.globaltable.MemoryDynamoDb;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.RegionFunctions;
import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.domain.Caller;
import com.example.txndr.lambda.failover.AlarmEvidence;
import com.example.txndr.lambda.failover.FailoverOrchestratorHandler;
import com.example.txndr.lambda.keeper.LeaseKeeper;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseArbiter;
import com.example.txndr.lambda.local.ResourceBootstrap;
import com.example.txndr.lambda.reconcile.ReconcilerHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A deployed two-region system in memory, moved by a clock the test controls. Each region runs
 * the lambda module's real code on its own replica of the transactions table ({@link
 * MemoryDynamoDb}): its {@link LeaseKeeper} ticks every renewal interval, its {@link ApiHandler}
 * answers the API (canaries, {@code /health}), and the primary's {@link
 * FailoverOrchestratorHandler} gets the alarm's event; the control table (the arbiter) is one
 * copy, as strongly consistent as the real one. A replicator copies every item a region writes
 * to the other replica after {@link #replicationDelay}, item by item, like a global table.
 *
 * <p>The AWS services around them are fakes: Route 53 checks each region's real {@code /health}
 * every {@link #CHECK_INTERVAL} and changes its verdict after {@link #FAILURE_THRESHOLD} results
 * in a row (inverted: the opposite), publishing the minute's minimum as HealthCheckStatus; the
 * composite alarm follows the primary's verdict after {@link #alarmDelay}; its change to ALARM
 * invokes the primary's orchestrator after {@link #eventDelay}; the failover record answers the
 * primary while Route 53 counts it healthy; this machine's resolvers answer what it answered
 * {@link #dnsTtl} ago; metrics, backups. Lambda's Invoke runs the region's real reconciler.
 * Sleeping advances the clock and runs what falls due.
 */
final class FakeWorld {
  static final String PRIMARY = "us-east-1";
  static final String SECONDARY = "us-west-2";
  static final String ARBITER = "us-east-2";
  static final String PRIMARY_HC = "hc-primary";
  static final String SECONDARY_HC = "hc-secondary";
  static final String ZONE = "Z123";
  static final String RECORD = "api.dr.example.com";
  static final String PRIMARY_HOST = "prim.execute-api.us-east-1.amazonaws.com";
  static final String SECONDARY_HOST = "seco.execute-api.us-west-2.amazonaws.com";
  /** The HTTP API ids of the hosts above. */
  static final Map<String, String> API_IDS = Map.of(PRIMARY, "prim", SECONDARY, "seco");
  static final String TABLE = "txn-dr-prod-transactions";
  static final String CONTROL = "txn-dr-prod-control";
  static final String RECONCILER = "txn-dr-prod-reconciler";
  static final String ALARM = "txn-dr-prod-primary-region-unhealthy";
  static final String ACCOUNT = "123456789012";
  static final int SHARDS = 4;
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);
  static final int FAILURE_THRESHOLD = 3;
  static final Caller OPERATOR = new Caller("iam:arn:aws:sts::" + ACCOUNT + ":assumed-role/txn-dr-prod-dr-operator/dr");

  Duration alarmDelay = Duration.ofSeconds(60);
  Duration eventDelay = Duration.ofSeconds(10);
  Duration replicationDelay = Duration.ofMillis(800);
  Duration dnsTtl = Duration.ofSeconds(60);
  /** False: the alarm fires but no event reaches the orchestrator (a broken automation). */
  boolean handoverAutomation = true;
  /** Route 53 accepts UpdateHealthCheck; false: it fails. */
  boolean route53Writable = true;
  double replicationLatencyMillis = 800;

  private Instant now = Instant.parse("2026-03-01T09:59:00Z");
  private long sequence;
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private final MemoryDynamoDb memory = new MemoryDynamoDb(new WorldClock());
  private final Map<String, ApiHandler> apis = new HashMap<>();
  private final Map<String, LeaseKeeper> keepers = new HashMap<>();
  private final Map<String, FailoverOrchestratorHandler> orchestrators = new HashMap<>();
  private final Map<String, ReconcilerHandler> reconcilers = new HashMap<>();
  private final Map<String, Map<String, Map<String, AttributeValue>>> replicated = new HashMap<>();
  private final Map<String, Boolean> inverted = new HashMap<>();
  private final Map<String, Boolean> status = new HashMap<>();
  private final Map<String, Integer> streak = new HashMap<>();
  private final Map<String, List<Change>> statusHistory = new HashMap<>();
  private final List<Answer> dnsHistory = new ArrayList<>();
  private final Set<String> unreachable = new HashSet<>();
  private final Set<String> keepersStopped = new HashSet<>();
  private final Set<String> arbiterCut = new HashSet<>();
  private final List<Runnable> held = new ArrayList<>();
  private boolean replicating = true;
  private String alarmState = "OK";
  private Instant alarmSince = now.minus(Duration.ofDays(1));
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  /** What the orchestrator answered each alarm event: {@code <time> <outcome> <lease>}. */
  final List<String> handovers = new ArrayList<>();
  /** Runs once when the primary's check is inverted (a test's interruption, for example). */
  Runnable onInversion = () -> {};
  /** Runs when the clock advances (after due events). */
  Runnable onSleep = () -> {};

  private record Change(Instant at, boolean healthy) {}

  private record Answer(Instant at, String host) {}

  private record Event(Instant at, long order, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event other) {
      int byTime = at.compareTo(other.at);
      return byTime != 0 ? byTime : Long.compare(order, other.order);
    }
  }

  /** The clock of every function and of the in-memory DynamoDB: the world's. */
  private final class WorldClock extends Clock {
    @Override
    public Instant instant() {
      return now();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  FakeWorld() {
    this(true);
  }

  /**
   * Both regions deployed, the primary's keeper has created the lease and both keepers have
   * ticked for a minute: at 10:00:00 the primary holds epoch 1 and everything has replicated.
   * {@code autoTakeover} is the keepers' AUTO_TAKEOVER.
   */
  FakeWorld(boolean autoTakeover) {
    Random random = new Random(7);
    for (String region : List.of(PRIMARY, SECONDARY)) {
      Map<String, String> env = new HashMap<>();
      env.put("TABLE_NAME", TABLE);
      env.put("CONTROL_TABLE_NAME", CONTROL);
      env.put("AWS_REGION", region);
      env.put("PRIMARY_REGION", PRIMARY);
      env.put("SECONDARY_REGION", SECONDARY);
      env.put(RegionFunctions.FENCE_SHARDS, String.valueOf(SHARDS));
      env.put("AUTO_TAKEOVER", String.valueOf(autoTakeover));
      env.put("ALARM_NAME_PREFIX", "txn-dr-prod");
      env.put("HTTP_API_ID", API_IDS.get(region));
      RegionFunctions f = RegionFunctions.fromEnvironment(env);
      Random ids = new Random(region.hashCode());
      Platform platform = new Platform(new WorldClock(), duration -> {}, () -> new UUID(ids.nextLong(),
          ids.nextLong()).toString(), random::nextLong);
      DynamoDbClient replica = client(region, () -> false);
      DynamoDbClient control = client(ARBITER, () -> arbiterCut.contains(region));
      apis.put(region, f.api(replica, platform));
      keepers.put(region, f.keeper(replica, control, platform));
      orchestrators.put(region, f.orchestrator(control, new WorldAlarms(), platform));
      reconcilers.put(region, f.reconciler(replica, control, platform));
      replicated.put(region, new HashMap<>());
    }
    ResourceBootstrap.createTable(client(PRIMARY, () -> false), TABLE);
    ResourceBootstrap.createTable(client(SECONDARY, () -> false), TABLE);
    ResourceBootstrap.createControlTable(client(ARBITER, () -> false), CONTROL);
    for (String id : List.of(PRIMARY_HC, SECONDARY_HC)) {
      inverted.put(id, false);
      status.put(id, true);
      streak.put(id, 0);
      statusHistory.put(id, new ArrayList<>(List.of(new Change(now.minus(Duration.ofDays(1)), true))));
    }
    dnsHistory.add(new Answer(now.minus(Duration.ofDays(1)), PRIMARY_HOST));
    everyTick(PRIMARY, Duration.ZERO);
    everyTick(SECONDARY, Duration.ofSeconds(2));
    routeFiftyThree(Duration.ofSeconds(3));
    advance(Duration.ofMinutes(1));
  }

  private interface Cut {
    boolean active();
  }

  /** A client of {@code region}'s tables in the in-memory DynamoDB that fails while {@code cut} says so. */
  private DynamoDbClient client(String region, Cut cut) {
    SdkHttpClient inner = memory.httpClient();
    SdkHttpClient gated = new SdkHttpClient() {
      @Override
      public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest call = inner.prepareRequest(request);
        return new ExecutableHttpRequest() {
          @Override
          public HttpExecuteResponse call() throws IOException {
            if (cut.active()) {
              throw new SocketTimeoutException("connect timed out (" + region + ")");
            }
            return call.call();
          }

          @Override
          public void abort() {
            call.abort();
          }
        };
      }

      @Override
      public void close() {}
    };
    return DynamoDbClient.builder()
        .region(Region.of(region))
        .endpointOverride(URI.create("http://dynamodb.memory"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .httpClient(gated)
        .build();
  }

  synchronized Instant now() {
    return now;
  }

  /** Moves the clock and runs every event that falls due, in order. */
  synchronized void advance(Duration duration) {
    Instant until = now.plus(duration);
    while (!events.isEmpty() && !events.peek().at.isAfter(until)) {
      Event event = events.poll();
      now = event.at;
      event.action.run();
      noteWrites();
    }
    now = until;
  }

  private void schedule(Duration after, Runnable action) {
    events.add(new Event(now.plus(after), sequence++, action));
  }

  // ----- the regions' functions -----

  private void everyTick(String region, Duration offset) {
    schedule(offset, () -> {
      if (!keepersStopped.contains(region)) {
        keepers.get(region).tick();
      }
      everyTick(region, Duration.ofSeconds(5));
    });
  }

  /** A region's keeper stops (its function fails, or the region is down). */
  synchronized void stopKeeper(String region) {
    keepersStopped.add(region);
  }

  /** {@code region}'s functions cannot reach the control table (the arbiter). */
  synchronized void cutFromArbiter(String region) {
    arbiterCut.add(region);
  }

  /**
   * Schedules the copy of every item a region wrote since the last look, to the other replica
   * after the replication delay (each item on its own, the version written).
   */
  private void noteWrites() {
    for (String region : List.of(PRIMARY, SECONDARY)) {
      String peer = peer(region);
      Map<String, Map<String, AttributeValue>> known = replicated.get(region);
      for (Map<String, AttributeValue> item : memory.scan(region, TABLE)) {
        String key = item.get("pk").s() + "|" + item.get("sk").s();
        if (!item.equals(known.get(key))) {
          known.put(key, item);
          Runnable copy = () -> {
            replicated.get(peer).put(key, item);
            memory.putItem(peer, TABLE, item);
          };
          if (replicating) {
            schedule(replicationDelay, copy);
          } else {
            held.add(copy);
          }
        }
      }
    }
  }

  /** Replication between the regions stops (a partition): what is written meanwhile waits. */
  synchronized void pauseReplication() {
    replicating = false;
  }

  /** Replication resumes: what waited arrives after the replication delay. */
  synchronized void resumeReplication() {
    replicating = true;
    held.forEach(copy -> schedule(replicationDelay, copy));
    held.clear();
  }

  private static String peer(String region) {
    return region.equals(PRIMARY) ? SECONDARY : PRIMARY;
  }

  synchronized ApiResponse api(String region, ApiRequest request) {
    ApiResponse response = apis.get(region).handle(request);
    noteWrites();
    return response;
  }

  private boolean apiHealthy(String region) {
    return api(region, new ApiRequest("GET", "/health", Map.of(), null, 0)).status() == 200;
  }

  /** The lease as the arbiter holds it. */
  synchronized Lease lease() {
    return new LeaseArbiter(client(ARBITER, () -> false), CONTROL).read().orElseThrow();
  }

  /** The items of {@code region}'s replica whose partition key starts with {@code prefix}. */
  synchronized List<Map<String, AttributeValue>> items(String region, String prefix) {
    return memory.scan(region, TABLE).stream().filter(i -> i.get("pk").s().startsWith(prefix)).toList();
  }

  // ----- Route 53, the alarm, DNS -----

  private void routeFiftyThree(Duration after) {
    schedule(after, () -> {
      for (String id : List.of(PRIMARY_HC, SECONDARY_HC)) {
        String region = id.equals(PRIMARY_HC) ? PRIMARY : SECONDARY;
        boolean result = apiHealthy(region) != inverted.get(id);
        if (result == status.get(id)) {
          streak.put(id, 0);
          continue;
        }
        streak.merge(id, 1, Integer::sum);
        if (streak.get(id) >= FAILURE_THRESHOLD) {
          streak.put(id, 0);
          status.put(id, result);
          statusHistory.get(id).add(new Change(now, result));
          log.add(now + " route53 " + id + " " + (result ? "healthy" : "unhealthy"));
          if (id.equals(PRIMARY_HC)) {
            alarmFollows(result);
          }
          String host = dnsHost();
          if (!host.equals(dnsHistory.get(dnsHistory.size() - 1).host())) {
            dnsHistory.add(new Answer(now, host));
          }
        }
      }
      routeFiftyThree(CHECK_INTERVAL);
    });
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
          schedule(eventDelay, this::alarmEvent);
        }
      }
    });
  }

  /**
   * CloudWatch as the orchestrator reads it: the composite's children (the primary's health check
   * alarm and 5xx-rate alarm), and the health check's HealthCheckStatus per minute as Route 53
   * reports it (the API's 5xx metrics have no data: no 5xx in this world).
   */
  private final class WorldAlarms implements AlarmEvidence {
    private static final String HEALTH_CHECK_ALARM = "txn-dr-prod-primary-health-check";
    private static final String ERROR_RATE_ALARM = "txn-dr-prod-api-5xx-rate";

    @Override
    public List<MetricAlarm> metricAlarms(java.util.Collection<String> names) {
      List<MetricAlarm> alarms = new ArrayList<>();
      if (names.contains(HEALTH_CHECK_ALARM)) {
        alarms.add(new MetricAlarm(HEALTH_CHECK_ALARM, List.of(new Query("m1", new Metric("AWS/Route53",
            "HealthCheckStatus", Map.of("HealthCheckId", PRIMARY_HC)), "Minimum", 60, null, true)), 2, 2,
            "LessThanThreshold", 1, alarmState));
      }
      if (names.contains(ERROR_RATE_ALARM)) {
        alarms.add(new MetricAlarm(ERROR_RATE_ALARM, List.of(
            new Query("errors", new Metric("AWS/ApiGateway", "5xx", Map.of("ApiId", API_IDS.get(PRIMARY))), "Sum",
                60, null, false),
            new Query("requests", new Metric("AWS/ApiGateway", "Count", Map.of("ApiId", API_IDS.get(PRIMARY))),
                "Sum", 60, null, false),
            new Query("errorRate", null, null, 60, "100 * errors / requests", true)), 3, 3, "GreaterThanThreshold",
            5, "OK"));
      }
      return alarms;
    }

    @Override
    public List<Datapoint> datapoints(MetricAlarm alarm, Instant start, Instant end) {
      synchronized (FakeWorld.this) {
        List<Datapoint> points = new ArrayList<>();
        if (alarm.name().equals(HEALTH_CHECK_ALARM)) {
          for (Instant minute = end.truncatedTo(ChronoUnit.MINUTES); !minute.isBefore(start);
              minute = minute.minus(Duration.ofMinutes(1))) {
            if (minute.isBefore(end)) {
              points.add(new Datapoint(minute, minuteStatus(PRIMARY_HC, minute)));
            }
          }
        }
        return points;
      }
    }
  }

  /** EventBridge delivers the alarm's change to ALARM to the primary's orchestrator. */
  synchronized void alarmEvent() {
    Map<String, Object> event = Map.of("detail-type", "CloudWatch Alarm State Change",
        "detail", Map.of("alarmName", ALARM, "state", Map.of("value", "ALARM")));
    Map<String, Object> result = orchestrators.get(PRIMARY).handle(event);
    handovers.add(now + " " + result.get("outcome") + " " + result.get("lease"));
  }

  /** The failover record's answer now: the primary while Route 53 counts it healthy. */
  private String dnsHost() {
    return status.get(PRIMARY_HC) ? PRIMARY_HOST : status.get(SECONDARY_HC) ? SECONDARY_HOST : PRIMARY_HOST;
  }

  /** What this machine's resolvers answer: the record as it was one TTL ago. */
  private String resolvedHost() {
    Instant asOf = now.minus(dnsTtl);
    String host = dnsHistory.get(0).host();
    for (Answer answer : dnsHistory) {
      if (!answer.at().isAfter(asOf)) {
        host = answer.host();
      }
    }
    return host;
  }

  void setInvertedNow(String id, boolean value) {
    inverted.put(id, value);
  }

  synchronized void setAlarm(String state) {
    alarmState = state;
    alarmSince = now;
  }

  synchronized void unreachable(String region) {
    unreachable.add(region);
  }

  synchronized boolean inverted(String id) {
    return inverted.get(id);
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
    return Targets.resolve(stack(outputs()), TargetOptions.ofStack("txn-dr-prod"));
  }

  private static Map<String, String> outputs() {
    Map<String, String> outputs = new LinkedHashMap<>();
    outputs.put("PrimaryApiEndpoint", "https://" + PRIMARY_HOST);
    outputs.put("SecondaryApiEndpoint", "https://" + SECONDARY_HOST);
    outputs.put("FailoverEndpoint", RECORD);
    outputs.put("TransactionsTableName", TABLE);
    outputs.put("PrimaryHealthCheckId", PRIMARY_HC);
    outputs.put("SecondaryHealthCheckId", SECONDARY_HC);
    outputs.put("HostedZoneId", ZONE);
    return outputs;
  }

  static StackDescription stack(Map<String, String> outputs) {
    return new StackDescription("arn:aws:cloudformation:us-east-1:" + ACCOUNT + ":stack/txn-dr-prod/abc", outputs,
        Map.of("ProjectName", "txn-dr", "EnvironmentName", "prod", "PrimaryRegion", PRIMARY, "SecondaryRegion",
            SECONDARY));
  }

  /** The lease settings of the world's functions. */
  static LeaseSettings leaseSettings() {
    return LeaseSettings.of(Map.of(RegionFunctions.FENCE_SHARDS, String.valueOf(SHARDS)));
  }

  private String regionOfHost(String host) {
    if (host.equals(RECORD)) {
      return resolvedHost().equals(PRIMARY_HOST) ? PRIMARY : SECONDARY;
    }
    return host.contains(PRIMARY) ? PRIMARY : SECONDARY;
  }

  Services services() {
    Ticker ticker = new Ticker() {
      @Override
      public Instant now() {
        return FakeWorld.this.now();
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
      return stack(outputs());
    };
    HealthChecks healthChecks = new HealthChecks() {
      @Override
      public Config get(String id) {
        return new Config(id, id + ".example", inverted(id));
      }

      @Override
      public void setInverted(String id, boolean value) {
        synchronized (FakeWorld.this) {
          if (!route53Writable) {
            throw new IllegalStateException("Rate exceeded");
          }
          log.add(now + " invert " + id + " " + value);
          boolean was = inverted.put(id, value);
          if (value && !was && id.equals(PRIMARY_HC)) {
            onInversion.run();
          }
        }
      }

      @Override
      public Checkers checkers(String id) {
        return apiHealthy(id.equals(PRIMARY_HC) ? PRIMARY : SECONDARY) ? new Checkers(3, 3) : new Checkers(0, 3);
      }

      @Override
      public DnsAnswer testDnsAnswer(String zone, String name, String type) {
        synchronized (FakeWorld.this) {
          return new DnsAnswer("NOERROR", List.of(dnsHost()));
        }
      }
    };
    LeaseTables tables = new LeaseTables() {
      private final DynamoDbClient east = client(PRIMARY, () -> unreachable.contains(PRIMARY));
      private final DynamoDbClient west = client(SECONDARY, () -> unreachable.contains(SECONDARY));
      private final DynamoDbClient eastControl = client(ARBITER, () -> unreachable.contains(PRIMARY));
      private final DynamoDbClient westControl = client(ARBITER, () -> unreachable.contains(SECONDARY));

      @Override
      public DynamoDbClient transactions(String region) {
        return region.equals(PRIMARY) ? east : west;
      }

      @Override
      public DynamoDbClient control(String region) {
        return region.equals(PRIMARY) ? eastControl : westControl;
      }
    };
    Http http = new Http() {
      @Override
      public Answer get(URI url) {
        String region = regionOfHost(url.getHost());
        requireReachable(region);
        ApiResponse response = api(region, new ApiRequest("GET", url.getPath(), Map.of(), null, 0));
        return new Answer(response.status(), response.body());
      }

      @Override
      public Answer signed(String method, URI url, String service, String signedFor, Map<String, String> headers,
          String body) {
        synchronized (FakeWorld.this) {
          String region = regionOfHost(url.getHost());
          requireReachable(region);
          if (!region.equals(signedFor)) {
            return new Answer(403, "{\"message\":\"Credential should be scoped to a valid region.\"}");
          }
          ApiResponse response = api(region, new ApiRequest(method, url.getPath(), headers, body,
              body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length, OPERATOR));
          if (method.equals("POST")) {
            log.add(now + " canary " + headers.get("Idempotency-Key") + " in " + region + ": " + response.status());
          }
          return new Answer(response.status(), response.body());
        }
      }
    };
    Metrics metrics = new Metrics() {
      @Override
      public Optional<Datapoint> latest(String region, String namespace, String metric, Map<String, String> dims,
          String statistic, Duration lookback) {
        synchronized (FakeWorld.this) {
          if (metric.equals("HealthCheckStatus")) {
            Instant minute = now.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES);
            return Optional.of(new Datapoint(minute, minuteStatus(dims.get("HealthCheckId"), minute)));
          }
          requireReachable(region);
          return Optional.of(new Datapoint(now.truncatedTo(ChronoUnit.MINUTES), replicationLatencyMillis));
        }
      }

      @Override
      public Optional<Alarm> alarm(String region, String name) {
        synchronized (FakeWorld.this) {
          return name.equals(ALARM) ? Optional.of(new Alarm(ALARM, alarmState, alarmSince)) : Optional.empty();
        }
      }
    };
    Backups backups = (region, vault) -> region.equals(PRIMARY)
        ? Optional.of(new Backups.CopyJob("copy-1", "COMPLETED", "DynamoDB", Instant.parse("2026-03-01T05:00:00Z"),
            Instant.parse("2026-03-01T05:20:00Z")))
        : Optional.empty();
    Functions lambda = (region, name, payload) -> {
      synchronized (FakeWorld.this) {
        requireReachable(region);
        if (!name.equals(RECONCILER)) {
          throw new IllegalStateException("Lambda Invoke of " + name + " in " + region + " answered 404: Function not"
              + " found");
        }
        log.add(now + " invoke " + name + " in " + region);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
          reconcilers.get(region).handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out,
              null);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        noteWrites();
        return new Functions.Invocation(out.toString(StandardCharsets.UTF_8), null);
      }
    };
    Resolver resolver = name -> {
      synchronized (FakeWorld.this) {
        return name.equals(RECORD) ? Optional.of(resolvedHost()) : Optional.empty();
      }
    };
    return new Services(stacks, healthChecks, tables, http, metrics, backups, lambda, resolver, ticker);
  }
}
