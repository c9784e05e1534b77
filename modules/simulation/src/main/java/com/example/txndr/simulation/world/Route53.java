package com.example.txndr.simulation.world;

import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Route 53 as the templates configure it: each region's HTTPS health check probed from several
 * checker locations every {@code interval}; a checker changes its view after {@code threshold}
 * consecutive results the other way; an endpoint is healthy when more than 18% of the checkers
 * say so; only 2xx and 3xx are healthy (a 429 is a failure). The failover record answers the
 * primary while it is healthy, else the secondary if it is healthy, else the primary. A change of
 * status reaches the DNS answers after {@code propagation}; resolvers cache an answer for the TTL.
 *
 * <p>Two phases are drawn from the seed, so that the seeds explore the timings the recovery
 * budget bounds rather than one of them: where the checkers' probes fall in their interval when
 * a fault begins, and how much of the TTL is left on the answer a client's resolver gives it the
 * first time (a shared resolver cached it for someone else earlier: anything up to the TTL).
 */
public final class Route53 {
  /**
   * How long a checker waits for an HTTPS check: the TCP connection within 4 s, then a status
   * within 2 s (Route 53 Developer Guide, "How Route 53 determines whether a health check is
   * healthy"). A check that gets no answer fails that long after it was sent.
   */
  public static final long CHECK_TIMEOUT_MILLIS = 6_000;

  /** The health-check settings and DNS timing. */
  public record Settings(long intervalMillis, int threshold, int checkers, long ttlMillis, long propagationMillis) {}

  private final Scheduler scheduler;
  private final Endpoints endpoints;
  private final Network network;
  private final Settings settings;
  private final String primary;
  private final String secondary;
  private final Map<String, boolean[]> checkerHealthy = new HashMap<>();
  private final Map<String, int[]> streak = new HashMap<>();
  /** Per region: (time, healthy) whenever the aggregate status changed. */
  private final Map<String, List<long[]>> statusChanges = new HashMap<>();
  private final Map<String, Answer> resolverCache = new HashMap<>();
  private final Random phases;

  private record Answer(String region, long expiresAt) {}

  public Route53(Scheduler scheduler, Endpoints endpoints, Network network, Settings settings, String primary,
      String secondary, Random phases) {
    this.phases = phases;
    this.scheduler = scheduler;
    this.endpoints = endpoints;
    this.network = network;
    this.settings = settings;
    this.primary = primary;
    this.secondary = secondary;
    for (String region : List.of(primary, secondary)) {
      // A new health check starts healthy.
      boolean[] healthy = new boolean[settings.checkers()];
      java.util.Arrays.fill(healthy, true);
      checkerHealthy.put(region, healthy);
      streak.put(region, new int[settings.checkers()]);
      statusChanges.put(region, new ArrayList<>(List.<long[]>of(new long[] {0, 1})));
    }
  }

  /** Starts every checker at {@code at} plus a phase drawn within the interval, staggered over the interval. */
  public void start(long at) {
    long phase = phases.nextLong(settings.intervalMillis());
    for (String region : List.of(primary, secondary)) {
      for (int c = 0; c < settings.checkers(); c++) {
        int checker = c;
        long offset = phase + settings.intervalMillis() * c / settings.checkers();
        scheduler.spawn("route53-" + region + "-" + c, at + offset, () -> {
          long next = scheduler.now();
          while (true) {
            // Every interval, however long the check took (at most CHECK_TIMEOUT_MILLIS and the
            // latency, under the interval): the checkers send on a schedule.
            probe(region, checker);
            next += settings.intervalMillis();
            scheduler.sleep(Math.max(0, next - scheduler.now()));
          }
        });
      }
    }
  }

  private void probe(String region, int checker) {
    boolean ok;
    if (network.healthThrottled(region)) {
      ok = false;
    } else {
      long sent = scheduler.now();
      Optional<ApiResponse> answer = endpoints.call(region, new ApiRequest("GET", "/health", Map.of(), null, 0));
      ok = answer.map(r -> r.status() >= 200 && r.status() < 400).orElse(false);
      if (answer.isEmpty()) {
        scheduler.sleep(Math.max(0, sent + CHECK_TIMEOUT_MILLIS - scheduler.now()));
      }
    }
    boolean[] healthy = checkerHealthy.get(region);
    int[] run = streak.get(region);
    if (ok == healthy[checker]) {
      run[checker] = 0;
      return;
    }
    if (++run[checker] >= settings.threshold()) {
      healthy[checker] = ok;
      run[checker] = 0;
      boolean aggregate = healthy(region);
      List<long[]> changes = statusChanges.get(region);
      if ((changes.get(changes.size() - 1)[1] == 1) != aggregate) {
        changes.add(new long[] {scheduler.now(), aggregate ? 1 : 0});
      }
    }
  }

  /** The aggregate status now: more than 18% of the checkers see the region healthy. */
  public boolean healthy(String region) {
    boolean[] healthy = checkerHealthy.get(region);
    int up = 0;
    for (boolean h : healthy) {
      up += h ? 1 : 0;
    }
    return up > 0.18 * healthy.length;
  }

  /** The aggregate status of {@code region}'s health check at {@code at} (what its HealthCheckStatus metric shows). */
  public boolean healthyAt(String region, long at) {
    boolean status = false;
    for (long[] change : statusChanges.get(region)) {
      if (change[0] <= at) {
        status = change[1] == 1;
      }
    }
    return status;
  }

  /** What the failover record answers now (statuses as they have propagated). */
  public String answer() {
    long seen = scheduler.now() - settings.propagationMillis();
    if (healthyAt(primary, seen)) {
      return primary;
    }
    return healthyAt(secondary, seen) ? secondary : primary;
  }

  /** The failover name resolved by {@code client}'s resolver, from its cache while the TTL lasts. */
  public String resolve(String client) {
    Answer cached = resolverCache.get(client);
    if (cached != null && scheduler.now() < cached.expiresAt()) {
      return cached.region();
    }
    String region = answer();
    long ttl = cached == null ? settings.ttlMillis() - phases.nextLong(settings.ttlMillis()) : settings.ttlMillis();
    resolverCache.put(client, new Answer(region, scheduler.now() + ttl));
    return region;
  }

  /** When {@code region} last became unhealthy at or before {@code at}, if it was unhealthy then. */
  public Optional<Long> unhealthySince(String region, long at) {
    long since = -1;
    for (long[] change : statusChanges.get(region)) {
      if (change[0] <= at) {
        since = change[1] == 1 ? -1 : change[0];
      }
    }
    return since < 0 ? Optional.empty() : Optional.of(since);
  }
}
