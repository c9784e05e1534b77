package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObserverTest {
  private final FakeWorld world = new FakeWorld();

  private static Observer observer(Services services, Targets targets) {
    return new Observer(services, targets, new LeaseControl(services, targets, FakeWorld.leaseSettings()));
  }

  private static Observer.RouteHealth route(int healthy, int total, boolean inverted, Metrics.Datapoint status) {
    return new Observer.RouteHealth("hc", inverted, new HealthChecks.Checkers(healthy, total), status);
  }

  @Test
  void checkersCountHealthyAboveEighteenPercent() {
    assertThat(route(1, 5, false, null).checkersHealthy()).isTrue();
    assertThat(route(1, 6, false, null).checkersHealthy()).isFalse();
  }

  @Test
  void theStatusMetricDecidesHealthOverTheCheckers() {
    Metrics.Datapoint unhealthy = new Metrics.Datapoint(Instant.parse("2026-03-01T10:00:00Z"), 0);

    assertThat(route(3, 3, true, unhealthy).healthy()).isFalse();
  }

  @Test
  void withoutAMetricAnInvertedCheckIsTheCheckersOpposite() {
    assertThat(route(3, 3, true, null).healthy()).isFalse();
  }

  @Test
  void unhealthySinceNeedsAMinuteThatIncludesTheMomentGiven() {
    Observer.RouteHealth health = route(3, 3, true, new Metrics.Datapoint(Instant.parse("2026-03-01T10:00:00Z"), 0));

    assertThat(health.unhealthySince(Instant.parse("2026-03-01T10:00:40Z"))).isTrue();
    assertThat(health.unhealthySince(Instant.parse("2026-03-01T10:01:05Z"))).isFalse();
  }

  @Test
  void aCnameAnswerIsMappedToTheRegionWhoseApiItNames() {
    assertThat(observer(world.services(), world.targets()).dns().region()).isEqualTo("us-east-1");
  }

  @Test
  void theFailoverNameLeadsClientsWhereTheirResolversSay() {
    assertThat(observer(world.services(), world.targets()).failoverNameRegion()).contains("us-east-1");
  }

  @Test
  void aCustomDomainsCnameIsMappedToTheRegionOfItsRegionalDomainName() {
    Services fake = world.services();
    HealthChecks aliasAnswers = new HealthChecks() {
      @Override
      public Config get(String id) {
        return fake.healthChecks().get(id);
      }

      @Override
      public void setInverted(String id, boolean inverted) {
        fake.healthChecks().setInverted(id, inverted);
      }

      @Override
      public Checkers checkers(String id) {
        return fake.healthChecks().checkers(id);
      }

      @Override
      public DnsAnswer testDnsAnswer(String zone, String name, String type) {
        return new DnsAnswer("NOERROR", List.of("d-abc123xyz.execute-api.us-west-2.amazonaws.com."));
      }
    };
    Http secondaryAnswers = new Http() {
      @Override
      public Answer get(URI url) {
        return new Answer(200, "{\"status\":\"UP\",\"region\":\"us-west-2\",\"role\":\"SECONDARY\"}");
      }

      @Override
      public Answer signed(String method, URI url, String service, String region, Map<String, String> headers,
          String body) {
        throw new AssertionError("not signed");
      }
    };
    Services services = new Services(fake.stacks(), aliasAnswers, fake.tables(), secondaryAnswers, fake.metrics(),
        fake.backups(), fake.functions(), fake.resolver(), fake.ticker());
    Targets targets = Targets.resolve(FakeWorld.stack(Map.of("FailoverEndpoint", "https://api.dr.example.com",
        "HostedZoneId", "Z1")), TargetOptions.ofStack("txn-dr-prod"));

    assertThat(observer(services, targets).dns())
        .hasToString("TestDNSAnswer CNAME NOERROR [d-abc123xyz.execute-api.us-west-2.amazonaws.com.] = us-west-2");
  }

  @Test
  void aFailingHealthAnswerShowsTheErrorOfTheFailingCheck() {
    Http failing = new Http() {
      @Override
      public Answer get(URI url) {
        return new Answer(503, "{\"status\":\"DOWN\",\"region\":\"us-east-1\",\"checks\":{\"table\":{\"status\":\"UP\"},"
            + "\"activeRegion\":{\"status\":\"DOWN\",\"error\":\"this primary region was demoted\"}}}");
      }

      @Override
      public Answer signed(String method, URI url, String service, String region, Map<String, String> headers,
          String body) {
        throw new AssertionError();
      }
    };
    Services fake = world.services();
    Services services = new Services(fake.stacks(), fake.healthChecks(), fake.tables(), failing, fake.metrics(),
        fake.backups(), fake.functions(), fake.resolver(), fake.ticker());

    assertThat(observer(services, world.targets()).apiHealth("us-east-1"))
        .hasToString("503 from us-east-1 (this primary region was demoted)");
  }
}
