package com.example.txndr.drill.internal;

import java.util.List;

/** Route 53 health checks and DNS answers (a global service: every call goes to us-east-1). */
public interface HealthChecks {
  /** GetHealthCheck: the check's target and whether it is inverted. */
  Config get(String healthCheckId);

  /** UpdateHealthCheck with only {@code Inverted}: the drill's controlled, reversible fault. */
  void setInverted(String healthCheckId, boolean inverted);

  /** GetHealthCheckStatus: how many checker regions report success, of how many reporting. */
  Checkers checkers(String healthCheckId);

  /** TestDNSAnswer: what Route 53 answers for the record now. */
  DnsAnswer testDnsAnswer(String hostedZoneId, String recordName, String recordType);

  /** A health check's configuration, as far as the drill reads it. */
  record Config(String id, String fullyQualifiedDomainName, boolean inverted) {}

  /**
   * Checker observations: {@code healthy} of {@code total} checkers report success (the
   * checkers' own results; an inverted check's status is their opposite).
   */
  record Checkers(int healthy, int total) {
    @Override
    public String toString() {
      return healthy + "/" + total + " healthy";
    }
  }

  /** A DNS answer: the response code and the record data, in Route 53's order. */
  record DnsAnswer(String responseCode, List<String> recordData) {
    public DnsAnswer {
      recordData = List.copyOf(recordData);
    }
  }
}
