package com.example.txndr.lambda.internal;

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
  /** The SDKs' standard endpoint override; points the functions at moto_server locally. */
  public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
  /** Orchestrator: consecutive failed probes of the active peer before it promotes. */
  public static final String FAILURES_TO_PROMOTE = "FAILURES_TO_PROMOTE";
  /** Orchestrator: timeout of one health probe of the peer, in milliseconds. */
  public static final String PROBE_TIMEOUT_MILLIS = "PROBE_TIMEOUT_MILLIS";
  /** Both functions: number of fencing control items (shards), {@code CONTROL#0..N-1}. */
  public static final String CONTROL_SHARDS = "CONTROL_SHARDS";
  /**
   * Default number of control shards, equal to the template's {@code ControlShards} default:
   * 10,000 TPS x 2 units per transactional check / 64 = 312.5 units/s per shard, under the 1,000
   * write units/s of one item even when the check is counted as a write (16 would give 1,250).
   */
  public static final int DEFAULT_CONTROL_SHARDS = 64;
  /** A promotion updates every shard in one TransactWriteItems, which takes at most 100 actions. */
  public static final int MAX_CONTROL_SHARDS = 100;

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

  public URI endpointOverride() {
    String url = value(AWS_ENDPOINT_URL);
    return url == null ? null : URI.create(url);
  }

  public int failuresToPromote() {
    return positiveInt(FAILURES_TO_PROMOTE, 3);
  }

  public Duration probeTimeout() {
    return Duration.ofMillis(positiveInt(PROBE_TIMEOUT_MILLIS, 5000));
  }

  /**
   * CONTROL_SHARDS (default 64), validated: a promotion writes every shard in one
   * TransactWriteItems, so there can be at most 100.
   */
  public int controlShards() {
    String text = value(CONTROL_SHARDS);
    if (text == null) {
      return DEFAULT_CONTROL_SHARDS;
    }
    try {
      int parsed = Integer.parseInt(text);
      if (parsed >= 1 && parsed <= MAX_CONTROL_SHARDS) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalStateException(CONTROL_SHARDS + " must be an integer from 1 to " + MAX_CONTROL_SHARDS
        + " (a promotion updates every shard in one TransactWriteItems, at most " + MAX_CONTROL_SHARDS
        + " items): got \"" + text + "\"");
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

  /** Static credentials from the map: only used with an endpoint override (moto, local mode). */
  String accessKeyId() {
    String key = value("AWS_ACCESS_KEY_ID");
    return key == null ? "local" : key;
  }

  String secretAccessKey() {
    String secret = value("AWS_SECRET_ACCESS_KEY");
    return secret == null ? "local" : secret;
  }
}
