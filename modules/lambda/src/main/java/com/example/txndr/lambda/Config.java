package com.example.txndr.lambda;

import com.example.txndr.lambda.lease.LeaseTiming;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The environment of every function, read once (docs/conventions.md, "Lambda contract").
 * Tests and the local mode pass their own map; Lambda passes {@link System#getenv()}.
 */
public final class Config {
  /**
   * Socket timeout of one DynamoDB attempt. A DynamoDB call takes milliseconds; a response
   * that has not come within this time is treated as lost and the attempt is retried (safe:
   * every write is conditional and carries a client request token).
   */
  public static final Duration DYNAMODB_SOCKET_TIMEOUT = Duration.ofMillis(800);
  /** DynamoDB attempts per call (standard mode: throttling, 5xx and I/O errors are retried). */
  public static final int DYNAMODB_MAX_ATTEMPTS = 3;
  public static final String TABLE_NAME = "TABLE_NAME";
  public static final String REGION_ROLE = "REGION_ROLE";
  public static final String PRIMARY_REGION = "PRIMARY_REGION";
  public static final String SECONDARY_REGION = "SECONDARY_REGION";
  public static final String PARAMETER_PREFIX = "PARAMETER_PREFIX";
  public static final String ALERT_TOPIC_ARN = "ALERT_TOPIC_ARN";
  public static final String DOCUMENT_BUCKET = "DOCUMENT_BUCKET";
  public static final String SERVICE_NAME = "POWERTOOLS_SERVICE_NAME";
  /** Set by Lambda: the region the function runs in. */
  public static final String AWS_REGION = "AWS_REGION";
  /**
   * The SDKs' standard endpoint override: moto_server locally, or a VPC or FIPS endpoint in Lambda.
   * It changes where the clients connect, not how they sign (see {@link #TXNDR_LOCAL}).
   */
  public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
  /**
   * {@code true}: explicit local mode (moto, {@code serve}), where the clients sign with static
   * keys, {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} of this configuration or
   * {@code local}. Otherwise, as in Lambda, the SDK's default credentials chain.
   */
  public static final String TXNDR_LOCAL = "TXNDR_LOCAL";
  /** The control table (multi-Region strong consistency) that holds the write lease. */
  public static final String CONTROL_TABLE_NAME = "CONTROL_TABLE_NAME";
  /** Every function of a region: number of fence shards, {@code LEASE#<region>#0..N-1}. */
  public static final String FENCE_SHARDS = "FENCE_SHARDS";
  /**
   * Default number of fence shards, equal to the template's {@code FenceShards} default: 10,000
   * TPS x 2 units per transactional check / 64 = 312.5 units/s per shard, under the 1,000 write
   * units/s of one item even when the check is counted as a write (16 would give 1,250).
   */
  public static final int DEFAULT_FENCE_SHARDS = 64;
  public static final int MAX_FENCE_SHARDS = 256;
  public static final String LEASE_SECONDS = "LEASE_SECONDS";
  public static final String LEASE_RENEW_SECONDS = "LEASE_RENEW_SECONDS";
  public static final String MAX_CLOCK_ERROR_MILLIS = "MAX_CLOCK_ERROR_MILLIS";
  public static final String HEARTBEAT_STALE_SECONDS = "HEARTBEAT_STALE_SECONDS";
  public static final String DRAIN_TIMEOUT_SECONDS = "DRAIN_TIMEOUT_SECONDS";
  /** Reconciliation: the account that absorbs overdrafts a failover caused (default {@code dr-suspense}). */
  public static final String SUSPENSE_ACCOUNT = "SUSPENSE_ACCOUNT";
  /** {@code true} (default) or {@code false}: whether the standby takes an expired lease without an operator. */
  public static final String AUTO_TAKEOVER = "AUTO_TAKEOVER";
  /**
   * The orchestrator: {@code <ProjectName>-<EnvironmentName>}, the prefix of the monitoring
   * module's alarm names (the composite {@code <prefix>-primary-region-unhealthy} and its children).
   */
  public static final String ALARM_NAME_PREFIX = "ALARM_NAME_PREFIX";
  /** The orchestrator: this region's HTTP API id, the only API whose metrics corroborate an alarm. */
  public static final String HTTP_API_ID = "HTTP_API_ID";

  /**
   * The processor and the reconciler: the value of the {@code Service} dimension of their
   * embedded metrics, {@code <ProjectName>-<EnvironmentName>} in the templates.
   */
  public static final String METRICS_SERVICE = "METRICS_SERVICE";
  /** The {@code Service} dimension when {@link #METRICS_SERVICE} is not set (local mode, tests). */
  public static final String DEFAULT_METRICS_SERVICE = "local";

  private final Map<String, String> env;

  private Config(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The configuration in {@code env}; nothing is validated until a value is asked for. */
  public static Config fromEnvironment(Map<String, String> env) {
    return new Config(env);
  }

  /** Fails with one message naming every variable of {@code names} that is missing. */
  public Config require(String... names) {
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      if (value(name) == null) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "Missing environment variable(s): " + String.join(", ", missing)
              + " (see docs/conventions.md, \"Lambda contract\")");
    }
    return this;
  }

  /** A non-blank value, or null. */
  public String value(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  public String tableName() {
    return value(TABLE_NAME);
  }

  public String region() {
    return value(AWS_REGION);
  }

  public String primaryRegion() {
    return value(PRIMARY_REGION);
  }

  public String secondaryRegion() {
    return value(SECONDARY_REGION);
  }

  /** The other region of the pair. */
  public String peerRegion() {
    return region().equals(primaryRegion()) ? secondaryRegion() : primaryRegion();
  }

  /** {@code PRIMARY} or {@code SECONDARY}: REGION_ROLE, else derived from the regions. */
  public String regionRole() {
    String role = value(REGION_ROLE);
    if (role != null) {
      return role;
    }
    return region().equals(primaryRegion()) ? "PRIMARY" : "SECONDARY";
  }

  /** PARAMETER_PREFIX without a trailing slash, e.g. {@code /txn-dr/prod}. */
  public String parameterPrefix() {
    String prefix = value(PARAMETER_PREFIX);
    return prefix != null && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  public String alertTopicArn() {
    return value(ALERT_TOPIC_ARN);
  }

  public String serviceName() {
    String name = value(SERVICE_NAME);
    return name == null ? "transaction-processor" : name;
  }

  /** METRICS_SERVICE, or {@value #DEFAULT_METRICS_SERVICE} when it is not set. */
  public String metricsService() {
    String service = value(METRICS_SERVICE);
    return service == null ? DEFAULT_METRICS_SERVICE : service;
  }

  /** {@link #TXNDR_LOCAL}: {@code true}, or {@code false} when unset; anything else is refused. */
  public boolean localMode() {
    String text = value(TXNDR_LOCAL);
    if (text == null || text.equals("false")) {
      return false;
    }
    if (text.equals("true")) {
      return true;
    }
    throw new IllegalStateException(TXNDR_LOCAL + " must be true or false: got \"" + text + "\"");
  }

  public URI endpointOverride() {
    String url = value(AWS_ENDPOINT_URL);
    return url == null ? null : URI.create(url);
  }

  public String alarmNamePrefix() {
    return value(ALARM_NAME_PREFIX);
  }

  public String httpApiId() {
    return value(HTTP_API_ID);
  }

  public String controlTableName() {
    return value(CONTROL_TABLE_NAME);
  }

  /** FENCE_SHARDS (default 64), from 1 to {@link #MAX_FENCE_SHARDS}. */
  public int fenceShards() {
    int shards = positiveInt(FENCE_SHARDS, DEFAULT_FENCE_SHARDS);
    if (shards > MAX_FENCE_SHARDS) {
      throw new IllegalStateException(FENCE_SHARDS + " must be from 1 to " + MAX_FENCE_SHARDS + ": got " + shards);
    }
    return shards;
  }

  /** The longest one DynamoDB call of the functions takes, attempts and back-off included. */
  public static Duration dynamoDbCallTimeout() {
    return callTimeout(DYNAMODB_SOCKET_TIMEOUT, DYNAMODB_MAX_ATTEMPTS);
  }

  /** The SDK's whole-call timeout for {@code maxAttempts} attempts of {@code socketTimeout} each, with back-off. */
  public static Duration callTimeout(Duration socketTimeout, int maxAttempts) {
    return socketTimeout.multipliedBy(maxAttempts).plusMillis(500);
  }

  /**
   * The lease's timing: the template's values, the defaults of {@link LeaseTiming#defaults}
   * otherwise; the commit bound is {@link #dynamoDbCallTimeout}.
   */
  public LeaseTiming leaseTiming() {
    LeaseTiming defaults = LeaseTiming.defaults(dynamoDbCallTimeout());
    try {
      return new LeaseTiming(
          seconds(LEASE_SECONDS, defaults.lease()),
          seconds(LEASE_RENEW_SECONDS, defaults.renewEvery()),
          value(MAX_CLOCK_ERROR_MILLIS) == null ? defaults.maxClockError()
              : Duration.ofMillis(positiveInt(MAX_CLOCK_ERROR_MILLIS, 1)),
          defaults.commitBound(),
          seconds(HEARTBEAT_STALE_SECONDS, defaults.heartbeatStaleAfter()),
          defaults.arbiterGrace(),
          defaults.drainMargin(),
          seconds(DRAIN_TIMEOUT_SECONDS, defaults.drainTimeout()),
          defaults.drainMarkers());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("The lease settings (" + LEASE_SECONDS + ", " + LEASE_RENEW_SECONDS + ", "
          + MAX_CLOCK_ERROR_MILLIS + ", " + HEARTBEAT_STALE_SECONDS + ") do not fit together: " + e.getMessage(), e);
    }
  }

  /** AUTO_TAKEOVER: true unless set to {@code false}. */
  public boolean autoTakeover() {
    String text = value(AUTO_TAKEOVER);
    if (text == null || text.equals("true")) {
      return true;
    }
    if (text.equals("false")) {
      return false;
    }
    throw new IllegalStateException(AUTO_TAKEOVER + " must be true or false: got \"" + text + "\"");
  }

  private Duration seconds(String name, Duration fallback) {
    return value(name) == null ? fallback : Duration.ofSeconds(positiveInt(name, 1));
  }

  private int positiveInt(String name, int fallback) {
    String text = value(name);
    if (text == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(text);
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalStateException(name + " must be a positive integer: got \"" + text + "\"");
  }

  /** Static credentials from the map: only used in local mode ({@link #localMode()}). */
  public String accessKeyId() {
    String key = value("AWS_ACCESS_KEY_ID");
    return key == null ? "local" : key;
  }

  public String secretAccessKey() {
    String secret = value("AWS_SECRET_ACCESS_KEY");
    return secret == null ? "local" : secret;
  }
}
