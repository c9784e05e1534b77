package com.example.txndr.simulation.world;

import com.example.txndr.globaltable.MemoryDynamoDb;
import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.simulation.protocol.NodeContext;
import com.example.txndr.simulation.protocol.Protocol;
import com.example.txndr.simulation.protocol.RegionNode;
import com.example.txndr.simulation.protocol.SimulatedAlarms;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The two regions and everything between them, for one seeded run: each region's replica (an
 * in-memory DynamoDB per region), the arbiter, the replicator, Route 53, the clients and the
 * network's faults, all in the scheduler's virtual time. Protocol nodes run the real code in it.
 */
public final class World implements NodeContext, Endpoints {
  public static final String PRIMARY = "us-east-1";
  public static final String SECONDARY = "us-west-2";
  /** The arbiter's replica lives here in the simulation (the witness region of the real table). */
  static final String ARBITER_REGION = "us-east-2";
  public static final String TABLE = "sim-transactions";
  public static final String CONTROL_TABLE = "sim-control";
  /** Fence shards in the simulation: the code path of 64, with fewer writes per renewal. */
  static final int FENCE_SHARDS = 4;

  private final long seed;
  private final Scheduler scheduler = new Scheduler();
  private final Network network = new Network();
  private final History history = new History();
  private final WriteLog writeLog = new WriteLog();
  private final MemoryDynamoDb memory;
  private final Replicator replicator;
  private final Map<String, Platform> platforms = new HashMap<>();
  private final Map<String, DynamoDbClient> clients = new HashMap<>();
  private final Map<String, RegionNode> nodes = new LinkedHashMap<>();
  private final Route53 route53;
  private final Random internet;

  public World(long seed) {
    this.seed = seed;
    this.memory = new MemoryDynamoDb(new VirtualClock(scheduler, () -> 0));
    this.replicator = new Replicator(new ReplicaStore() {
      @Override
      public Optional<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> get(String region,
          String table, Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key) {
        return memory.getItem(region, table, key);
      }

      @Override
      public void put(String region, String table,
          Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        memory.putItem(region, table, item);
      }

      @Override
      public void delete(String region, String table,
          Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key) {
        memory.deleteItem(region, table, key);
      }
    }, scheduler, network, derived("replication"), writeLog, List.of(PRIMARY, SECONDARY), Set.of(TABLE));
    this.internet = derived("internet");
    this.route53 = new Route53(scheduler, this, network,
        new Route53.Settings(10_000, 3, 3, 60_000, 2_000), PRIMARY, SECONDARY, derived("dns"));
  }

  /** A generator derived from the seed and a name, so that adding one stream does not shift the others. */
  public Random derived(String name) {
    return new Random(seed * 31 + name.hashCode());
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public Network network() {
    return network;
  }

  public WriteLog writeLog() {
    return writeLog;
  }

  public Replicator replicator() {
    return replicator;
  }

  public Route53 route53() {
    return route53;
  }

  /** Starts the protocol's code in both regions. */
  public void start(Protocol protocol) {
    protocol.createTables(this);
    for (String region : List.of(PRIMARY, SECONDARY)) {
      nodes.put(region, protocol.node(region, this));
    }
  }

  public RegionNode node(String region) {
    return nodes.get(region);
  }

  @Override
  public String primary() {
    return PRIMARY;
  }

  @Override
  public String secondary() {
    return SECONDARY;
  }

  @Override
  public Map<String, String> environment(String region) {
    Map<String, String> env = new HashMap<>();
    env.put(Config.TABLE_NAME, TABLE);
    env.put(Config.CONTROL_TABLE_NAME, CONTROL_TABLE);
    env.put(Config.AWS_REGION, region);
    env.put(Config.PRIMARY_REGION, PRIMARY);
    env.put(Config.SECONDARY_REGION, SECONDARY);
    env.put(Config.REGION_ROLE, region.equals(PRIMARY) ? "PRIMARY" : "SECONDARY");
    env.put(Config.PARAMETER_PREFIX, "/sim");
    env.put(Config.FENCE_SHARDS, Integer.toString(FENCE_SHARDS));
    env.put(Config.ALARM_NAME_PREFIX, SimulatedAlarms.PREFIX);
    env.put(Config.HTTP_API_ID, SimulatedAlarms.apiId(region));
    return env;
  }

  @Override
  public boolean healthCheckHealthy(String region, long atMillis) {
    return route53.healthyAt(region, atMillis);
  }

  @Override
  public DynamoDbClient replica(String region, String component) {
    return clients.computeIfAbsent(region + "/" + component + "/replica", k -> client(region,
        new SimHttpClient(region, component, SimHttpClient.Target.REPLICA, memory.httpClient(), scheduler, network,
            World::latency, derived(k), replicator)));
  }

  @Override
  public DynamoDbClient arbiter(String region, String component) {
    return clients.computeIfAbsent(region + "/" + component + "/arbiter", k -> client(ARBITER_REGION,
        new SimHttpClient(region, component, SimHttpClient.Target.ARBITER, memory.httpClient(), scheduler, network,
            World::latency, derived(k), replicator)));
  }

  @Override
  public DynamoDbClient direct(String region) {
    return clients.computeIfAbsent(region + "/direct", k -> client(region, memory.httpClient()));
  }

  @Override
  public DynamoDbClient directArbiter() {
    return direct(ARBITER_REGION);
  }

  private static DynamoDbClient client(String region, SdkHttpClient http) {
    // No SDK retries: their back-off sleeps in real time. The code's own retries (virtual time)
    // and the faults' effects stay.
    return DynamoDbClient.builder()
        .region(Region.of(region))
        .endpointOverride(URI.create("http://dynamodb.simulation"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sim", "sim")))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .httpClient(http)
        .build();
  }

  /** One direction of a request, in virtual ms: local DynamoDB, the arbiter (a quorum across regions). */
  static long latency(SimHttpClient.Target target, Random random) {
    return target == SimHttpClient.Target.REPLICA ? 2 + random.nextInt(5) : 8 + random.nextInt(23);
  }

  @Override
  public Platform platform(String region) {
    return platforms.computeIfAbsent(region, r -> {
      Random ids = derived(r + "/ids");
      Random jitter = derived(r + "/random");
      return new Platform(new VirtualClock(scheduler, () -> network.clockError(r)),
          duration -> scheduler.sleep(duration.toMillis()),
          () -> new UUID(ids.nextLong(), ids.nextLong()).toString(), jitter::nextLong);
    });
  }

  @Override
  public History history() {
    return history;
  }

  @Override
  public long now() {
    return scheduler.now();
  }

  /** A caller outside AWS: the internet's latency to the region, then its API (when it is up). */
  @Override
  public Optional<ApiResponse> call(String region, ApiRequest request) {
    scheduler.sleep(15 + internet.nextInt(31));
    if (network.down(region)) {
      scheduler.sleep(SimClient.TIMEOUT_MILLIS);
      return Optional.empty();
    }
    ApiResponse response = nodes.get(region).api(request);
    scheduler.sleep(15 + internet.nextInt(31));
    return network.down(region) || network.answersLost(region) ? Optional.empty() : Optional.of(response);
  }

  @Override
  public Optional<ApiResponse> probe(String from, String target) {
    if (network.down(from) || network.egressCut(from) || network.partitioned()) {
      scheduler.sleep(5_000);
      return Optional.empty();
    }
    if (network.healthThrottled(target)) {
      scheduler.sleep(40);
      return Optional.of(ApiResponse.error(429, "TOO_MANY_REQUESTS", "Too Many Requests"));
    }
    return call(target, new ApiRequest("GET", "/health", Map.of(), null, 0));
  }
}
