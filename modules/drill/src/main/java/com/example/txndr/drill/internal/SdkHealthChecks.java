package com.example.txndr.drill.internal;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HealthCheckConfig;
import software.amazon.awssdk.services.route53.model.HealthCheckObservation;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.TestDnsAnswerResponse;

/** Route 53 through the SDK (global endpoint). */
public final class SdkHealthChecks implements HealthChecks, AutoCloseable {
  private final Route53Client route53;

  public SdkHealthChecks(AwsSettings settings) {
    this.route53 = settings.configure(Route53Client.builder(), Region.AWS_GLOBAL).build();
  }

  @Override
  public Config get(String healthCheckId) {
    HealthCheckConfig config = route53.getHealthCheck(r -> r.healthCheckId(healthCheckId)).healthCheck()
        .healthCheckConfig();
    return new Config(healthCheckId, config.fullyQualifiedDomainName(), Boolean.TRUE.equals(config.inverted()));
  }

  @Override
  public void setInverted(String healthCheckId, boolean inverted) {
    route53.updateHealthCheck(r -> r.healthCheckId(healthCheckId).inverted(inverted));
  }

  @Override
  public Checkers checkers(String healthCheckId) {
    int healthy = 0;
    int total = 0;
    for (HealthCheckObservation observation :
        route53.getHealthCheckStatus(r -> r.healthCheckId(healthCheckId)).healthCheckObservations()) {
      total++;
      String status = observation.statusReport() == null ? null : observation.statusReport().status();
      if (status != null && status.startsWith("Success")) {
        healthy++;
      }
    }
    return new Checkers(healthy, total);
  }

  @Override
  public DnsAnswer testDnsAnswer(String hostedZoneId, String recordName, String recordType) {
    TestDnsAnswerResponse answer = route53.testDNSAnswer(
        r -> r.hostedZoneId(hostedZoneId).recordName(recordName).recordType(RRType.fromValue(recordType)));
    return new DnsAnswer(answer.responseCode(), answer.recordData());
  }

  @Override
  public void close() {
    route53.close();
  }
}
