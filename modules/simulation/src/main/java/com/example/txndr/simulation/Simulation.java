package com.example.txndr.simulation;

import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.simulation.protocol.Protocol;
import com.example.txndr.simulation.report.RtoModel;
import com.example.txndr.simulation.report.RunSummary;
import com.example.txndr.simulation.world.Route53;
import com.example.txndr.simulation.world.SimClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs scenarios for a protocol over seeds {@code 1..seeds}, a few runs at a time (each run is
 * single-threaded and independent), and summarises them for the report.
 */
public final class Simulation {
  /** Route 53 and DNS as the templates set them (the settings test compares them with the templates). */
  public static final long HEALTH_CHECK_INTERVAL_MILLIS = 10_000;
  public static final int HEALTH_CHECK_FAILURE_THRESHOLD = 3;
  public static final long RECORD_TTL_MILLIS = 60_000;
  public static final long DNS_PROPAGATION_MILLIS = 2_000;

  private Simulation() {}

  /** The RTO model for the simulation's settings, which are the templates' defaults. */
  public static RtoModel rtoModel() {
    LeaseTiming timing = Config.fromEnvironment(Map.of()).leaseTiming();
    return new RtoModel(
        List.of(
            new RtoModel.Term("health checks fail", HEALTH_CHECK_INTERVAL_MILLIS * HEALTH_CHECK_FAILURE_THRESHOLD / 1000.0,
                "route53 ApiHealthCheck RequestInterval x FailureThreshold"),
            new RtoModel.Term("last check times out", Route53.CHECK_TIMEOUT_MILLIS / 1000.0,
                "Route 53: connect within 4 s, a status within 2 s"),
            new RtoModel.Term("status reaches DNS", DNS_PROPAGATION_MILLIS / 1000.0, "Route 53 propagation (assumed)"),
            new RtoModel.Term("resolvers keep the old answer", RECORD_TTL_MILLIS / 1000.0, "route53 FailoverRecord TTL"),
            new RtoModel.Term("client's next retry", (SimClient.BACK_OFF_CEILING_MILLIS + SimClient.TIMEOUT_MILLIS) / 1000.0,
                "client back-off ceiling + request timeout")),
        List.of(
            new RtoModel.Term("lease runs out", timing.lease().toMillis() / 1000.0, "lambda LeaseSeconds"),
            new RtoModel.Term("clock error", timing.maxClockError().toMillis() / 1000.0, "lambda MaxClockErrorMillis"),
            new RtoModel.Term("standby's next tick", timing.renewEvery().toMillis() / 1000.0,
                "lambda LeaseRenewSeconds")));
  }

  /** Runs {@code scenarios} x seeds under {@code protocol}; {@code parallel} runs at a time. */
  public static List<RunSummary> run(List<Scenario> scenarios, Supplier<Protocol> protocol, int seeds, int parallel) {
    long rtoBudget = (long) (rtoModel().seconds() * 1000);
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<RunSummary>> futures = new ArrayList<>();
      for (Scenario scenario : scenarios) {
        for (long seed = 1; seed <= seeds; seed++) {
          long s = seed;
          futures.add(pool.submit(() -> RunSummary.of(Run.execute(scenario, protocol.get(), s, rtoBudget), Run.END)));
        }
      }
      List<RunSummary> results = new ArrayList<>();
      for (Future<RunSummary> future : futures) {
        try {
          results.add(future.get());
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("a simulation run failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
