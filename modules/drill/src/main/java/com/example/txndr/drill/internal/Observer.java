package com.example.txndr.drill.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Looks at the deployed system, read only: what {@code status} prints and what the drill waits
 * for. Each method is one question answered from one source.
 */
public final class Observer {
  /** Route 53 publishes its metrics in us-east-1 only. */
  public static final String ROUTE53_METRICS_REGION = "us-east-1";

  private final Services services;
  private final Targets targets;
  private final LeaseControl lease;

  public Observer(Services services, Targets targets, LeaseControl lease) {
    this.services = services;
    this.targets = targets;
    this.lease = lease;
  }

  public Targets targets() {
    return targets;
  }

  /** The lease, the heartbeats, the write permissions and the epochs. */
  public LeaseControl lease() {
    return lease;
  }

  /** {@code GET /health} of a region's API: the status code and the region/role the body names. */
  public record ApiHealth(int status, String region, String role, String detail) {
    public boolean healthy() {
      return status == 200;
    }

    @Override
    public String toString() {
      return status + (region == null ? "" : " from " + region) + (detail == null ? "" : " (" + detail + ")");
    }
  }

  /** The region's own execute-api {@code /health}. */
  public ApiHealth apiHealth(String region) {
    return healthAt(targets.api(region));
  }

  /** {@code GET <base>/health}, unsigned. */
  public ApiHealth healthAt(URI base) {
    Http.Answer answer = services.http().get(URI.create(base + "/health"));
    Map<String, Object> body = JsonText.objectOrEmpty(answer.body());
    String status = JsonText.string(body, "status");
    String detail = status;
    if (answer.status() != 200 && body.get("checks") instanceof Map<?, ?> checks) {
      for (Object check : checks.values()) {
        if (check instanceof Map<?, ?> c && c.get("error") != null) {
          detail = c.get("error").toString();
          break;
        }
      }
    }
    return new ApiHealth(answer.status(), JsonText.string(body, "region"), JsonText.string(body, "role"), detail);
  }

  /**
   * A region's Route 53 health check: inverted or not, what the checkers report, and the
   * {@code HealthCheckStatus} metric (1 healthy, 0 unhealthy; the minimum of its latest
   * minute). The metric is Route 53's own verdict, inversion included, and what the alarms
   * watch; the checkers' reports are their raw results.
   */
  public record RouteHealth(String id, boolean inverted, HealthChecks.Checkers checkers, Metrics.Datapoint status) {
    /** The metric says unhealthy for a minute that ended after {@code since} began. */
    public boolean unhealthySince(Instant since) {
      return status != null && status.value() < 1 && !status.timestamp().isBefore(minuteOf(since));
    }

    /** The metric says healthy for a whole minute that began at or after {@code since}'s minute. */
    public boolean healthySince(Instant since) {
      return status != null && status.value() >= 1 && !status.timestamp().isBefore(minuteOf(since));
    }

    /** More than 18% of the checkers report success: how Route 53 judges a check that is not inverted. */
    public boolean checkersHealthy() {
      return checkers.total() > 0 && checkers.healthy() * 100 > checkers.total() * 18;
    }

    /** Healthy by the latest metric minute; without a metric, by the checkers (inverted: their opposite). */
    public boolean healthy() {
      if (status != null) {
        return status.value() >= 1;
      }
      return inverted != checkersHealthy();
    }

    @Override
    public String toString() {
      return "checker regions: " + checkers + (inverted ? ", inverted" : "") + "; HealthCheckStatus "
          + (status == null ? "no data" : (int) status.value() + " at " + status.timestamp());
    }

    private static Instant minuteOf(Instant instant) {
      return instant.truncatedTo(ChronoUnit.MINUTES);
    }
  }

  public RouteHealth route53(String region) {
    String id = targets.healthCheckId(region);
    HealthChecks.Config config = services.healthChecks().get(id);
    HealthChecks.Checkers checkers = services.healthChecks().checkers(id);
    Optional<Metrics.Datapoint> status = services.metrics().latest(ROUTE53_METRICS_REGION, "AWS/Route53",
        "HealthCheckStatus", Map.of("HealthCheckId", id), "Minimum", Duration.ofMinutes(10));
    return new RouteHealth(id, config.inverted(), checkers, status.orElse(null));
  }

  /** Where the failover record points now, by Route 53's own answer. */
  public record DnsView(String recordType, HealthChecks.DnsAnswer answer, String region) {
    @Override
    public String toString() {
      return "TestDNSAnswer " + recordType + " " + answer.responseCode() + " " + answer.recordData()
          + (region == null ? "" : " = " + region);
    }
  }

  /**
   * TestDNSAnswer for the failover record, a CNAME in both modes (ADR 14): its target, the active
   * region's execute-api host or, with a custom domain, its API Gateway regional domain name,
   * identifies the region.
   */
  public DnsView dns() {
    String name = targets.failoverRecordName();
    HealthChecks.DnsAnswer answer = services.healthChecks().testDnsAnswer(targets.hostedZoneId(), name, "CNAME");
    String region = null;
    for (String data : answer.recordData()) {
      String of = regionOfHost(data);
      region = of != null ? of : region;
    }
    return new DnsView("CNAME", answer, region);
  }

  /**
   * DynamoDB {@code ReplicationLatency} (milliseconds, average of the latest minute) of writes
   * made in {@code region} to the peer's replica; published in the writing region.
   */
  public Optional<Metrics.Datapoint> replicationLatency(String region) {
    return services.metrics().latest(region, "AWS/DynamoDB", "ReplicationLatency",
        Map.of("TableName", targets.tableName(), "ReceivingRegion", targets.peer(region)), "Average",
        Duration.ofMinutes(15));
  }

  /**
   * The region the failover name leads a client to, as this machine's resolvers answer (with
   * what they cache): a CNAME's target host identifies the region; an alias record's addresses
   * do not, so there it is the region {@code https://<name>/health} answers from.
   */
  public Optional<String> failoverNameRegion() {
    String name = targets.failoverRecordName();
    if (targets.hasCustomDomain()) {
      return Optional.ofNullable(healthAt(URI.create("https://" + name)).region());
    }
    return services.resolver().cname(name).map(host -> regionOfHost(host));
  }

  /**
   * The region whose execute-api host {@code host} is, or, with a custom domain, whose API Gateway
   * regional domain name ({@code d-<id>.execute-api.<region>.amazonaws.com}) it is; else null.
   */
  public String regionOfHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    h = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    List<String> regions = List.of(targets.primaryRegion(), targets.secondaryRegion());
    if (targets.hasCustomDomain() && REGIONAL_DOMAIN.matcher(h).matches()) {
      for (String region : regions) {
        if (h.endsWith(".execute-api." + region + ".amazonaws.com")) {
          return region;
        }
      }
    }
    for (String region : regions) {
      if (h.equals(targets.apiHost(region))) {
        return region;
      }
    }
    return null;
  }

  private static final Pattern REGIONAL_DOMAIN =
      Pattern.compile("d-[a-z0-9]+\\.execute-api\\.[a-z0-9-]+\\.amazonaws\\.com");

  /** The composite alarm the orchestrator's hand-over acts on (primary region). */
  public Optional<Metrics.Alarm> primaryUnhealthyAlarm() {
    return services.metrics().alarm(targets.primaryRegion(), targets.primaryUnhealthyAlarmName());
  }

  /** The latest backup copy job from {@code region} to the peer region's vault. */
  public Optional<Backups.CopyJob> lastCopyToPeer(String region) {
    return services.backups().lastCopyJob(region, targets.backupVaultArn(targets.peer(region)));
  }
}
