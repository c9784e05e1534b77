package com.example.txndr.simulation.protocol;

import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.api.ApiHandler;
import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;
import com.example.txndr.lambda.failover.FailoverOrchestratorHandler;
import com.example.txndr.lambda.keeper.LeaseKeeper;
import com.example.txndr.lambda.keeper.LeaseKeeperHandler;
import com.example.txndr.lambda.lease.LeaseArbiter;
import com.example.txndr.lambda.lease.LeaseOperations;
import com.example.txndr.lambda.lease.RegionSignals;
import com.example.txndr.lambda.local.ResourceBootstrap;
import com.example.txndr.lambda.reconcile.Reconciler;
import com.example.txndr.lambda.reconcile.ReconcilerHandler;
import com.example.txndr.lambda.store.Ledger;
import com.example.txndr.simulation.world.History;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The protocol the project ships (docs/adr/0007), run on the production code itself: the
 * processor ({@link ApiHandler}), the lease keeper, the alarm hand-over, the reconciliation and
 * the operators' commands, each region with its own replica and the arbiter shared.
 */
public final class LeaseProtocol implements Protocol {
  private final boolean reconciles;

  /** The protocol as shipped. */
  public LeaseProtocol() {
    this(true);
  }

  /** With {@code reconciles} false, reconciliation never runs: the mutant that shows the checker sees doubles. */
  public LeaseProtocol(boolean reconciles) {
    this.reconciles = reconciles;
  }

  @Override
  public String name() {
    return reconciles ? "lease" : "lease-without-reconciliation";
  }

  @Override
  public void createTables(NodeContext context) {
    Map<String, String> env = context.environment(context.primary());
    for (String region : List.of(context.primary(), context.secondary())) {
      ResourceBootstrap.createTable(context.direct(region), env.get(Config.TABLE_NAME));
    }
    ResourceBootstrap.createControlTable(context.directArbiter(), env.get(Config.CONTROL_TABLE_NAME));
  }

  @Override
  public RegionNode node(String region, NodeContext context) {
    return new Node(region, context, reconciles);
  }

  private static final class Node implements RegionNode {
    private final String region;
    private final String peer;
    private final NodeContext context;
    private final Platform platform;
    private final ApiHandler api;
    private final LeaseKeeper keeper;
    private final FailoverOrchestratorHandler orchestrator;
    private final Reconciler reconciler;
    private final LeaseOperations operations;
    private final RegionSignals signals;
    private final Config config;
    private final boolean reconciles;
    private long reportedEpoch;

    Node(String region, NodeContext context, boolean reconciles) {
      this.reconciles = reconciles;
      this.region = region;
      this.context = context;
      this.config = Config.fromEnvironment(context.environment(region));
      this.peer = config.peerRegion();
      this.platform = context.platform(region);
      DynamoDbClient replica = context.replica(region, "api");
      DynamoDbClient arbiter = context.arbiter(region, "operations");
      this.api = new ApiHandler(config, replica, platform);
      this.keeper = new LeaseKeeperHandler(config, context.replica(region, "keeper"), context.arbiter(region, "keeper"),
          null, platform).keeper();
      this.orchestrator = new FailoverOrchestratorHandler(config, context.arbiter(region, "orchestrator"),
          new SimulatedAlarms(context, context.primary()), platform);
      this.reconciler = ReconcilerHandler.create(config, replica, arbiter, platform);
      this.operations = new LeaseOperations(new LeaseArbiter(arbiter, config.controlTableName()),
          config.leaseTiming(), platform);
      this.signals = new RegionSignals(replica, config.tableName());
    }

    @Override
    public String region() {
      return region;
    }

    @Override
    public ApiResponse api(ApiRequest request) {
      return api.handle(request, platform.nowMillis() + ApiHandler.DEFAULT_BUDGET_MILLIS);
    }

    @Override
    public void tick() {
      LeaseKeeper.Step step = keeper.tick();
      if (step.outcome().equals("CHANGED") && step.lease() != null && step.lease().activeHolder(region)
          && step.lease().epoch() > reportedEpoch) {
        reportedEpoch = step.lease().epoch();
        context.history().event(new History.Event(context.now(), "ACTIVE", region, step.lease().epoch(),
            step.action() + ": " + step.why()));
      }
      if (step.outcome().equals("CHANGED") && !step.action().equals("INITIALIZE")) {
        context.history().event(new History.Event(context.now(), "LEASE", region, step.lease().epoch(),
            step.action() + " -> " + step.lease()));
      }
    }

    @Override
    public long tickEveryMillis() {
      return config.leaseTiming().renewEvery().toMillis();
    }

    @Override
    public void alarm() {
      Map<String, Object> event = Map.of("detail-type", "CloudWatch Alarm State Change",
          "detail", Map.of("alarmName", SimulatedAlarms.PREFIX + "-primary-region-unhealthy", "state",
              Map.of("value", "ALARM")));
      Map<String, Object> result = orchestrator.handle(event);
      context.history().event(new History.Event(context.now(), "ORCHESTRATOR", region, 0,
          result.get("outcome") + ": " + result.get("detail")));
    }

    @Override
    public void operatorHandover(String target) {
      LeaseOperations.Outcome outcome = operations.handover(target, "operator");
      context.history().event(new History.Event(context.now(), "OPERATOR", region, outcome.lease().epoch(),
          "handover to " + target + ": " + outcome.outcome() + " (" + outcome.detail() + ")"));
    }

    @Override
    public void operatorPromote(boolean acceptDataLoss) {
      LeaseOperations.Outcome outcome = operations.promote(region, signals.heartbeat(peer), acceptDataLoss, "operator");
      context.history().event(new History.Event(context.now(), "OPERATOR", region, outcome.lease().epoch(),
          "promote: " + outcome.outcome() + " (" + outcome.detail() + ")"));
      if (outcome.outcome().equals("PROMOTED")) {
        reportedEpoch = outcome.lease().epoch();
        context.history().event(new History.Event(context.now(), "ACTIVE", region, outcome.lease().epoch(),
            "operator promotion"));
      }
    }

    @Override
    public void reconcile() {
      if (!reconciles) {
        return;
      }
      Reconciler.Report report = reconciler.run();
      context.history().event(new History.Event(context.now(), "RECONCILE", region, report.epoch(),
          report.outcome() + ": " + report.detail()));
    }
  }

  @Override
  public FinalState finalState(NodeContext context) {
    String table = context.environment(context.primary()).get(Config.TABLE_NAME);
    List<Map<String, AttributeValue>> primary = scan(context.direct(context.primary()), table);
    List<Map<String, AttributeValue>> secondary = scan(context.direct(context.secondary()), table);
    List<FinalState.Entry> ledger = new java.util.ArrayList<>();
    Map<String, BigDecimal> balances = new TreeMap<>();
    Set<String> compensated = new HashSet<>();
    Set<String> reported = new HashSet<>();
    for (Map<String, AttributeValue> item : primary) {
      String pk = item.get("pk").s();
      if (pk.startsWith("TXN#")) {
        var t = Ledger.toTransaction(item);
        ledger.add(new FinalState.Entry(t.transactionId(), t.type().name(), t.sourceAccount(), t.destinationAccount(),
            t.amount().amount(), t.caller(), t.idempotencyKey(), t.epoch(), t.region(), t.kind().name(),
            t.compensates()));
        if (t.kind() == com.example.txndr.lambda.domain.Transaction.Kind.REVERSAL) {
          compensated.add(t.compensates());
        }
      } else if (pk.startsWith("RECON#") && item.get("sk").s().startsWith("DUPLICATE_REVERSED#")) {
        reported.add(item.get("subject").s());
      } else if (pk.startsWith("ACCT#") && item.get("sk").s().startsWith("BAL#USD#")) {
        balances.merge(pk.substring("ACCT#".length()), new BigDecimal(item.get("delta").n()), BigDecimal::add);
      }
    }
    return new FinalState(ledger, balances, compensated, reported, Set.of(Reconciler.DEFAULT_SUSPENSE_ACCOUNT),
        new HashSet<>(primary).equals(new HashSet<>(secondary)));
  }

  static List<Map<String, AttributeValue>> scan(DynamoDbClient client, String table) {
    List<Map<String, AttributeValue>> items = new java.util.ArrayList<>();
    client.scanPaginator(r -> r.tableName(table)).items().forEach(item -> items.add(new HashMap<>(item)));
    return items;
  }
}
