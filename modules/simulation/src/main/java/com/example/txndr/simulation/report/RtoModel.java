package com.example.txndr.simulation.report;

import java.util.List;

/**
 * The RTO of an unplanned failover as a critical path (docs/adr/0007): two branches run in
 * parallel from the primary's failure and clients are back when both have ended.
 *
 * <ul>
 *   <li><b>DNS</b>: Route 53 sees the primary fail (interval x failure threshold: the last checker's
 *       third failed probe), the failover record answers the secondary after the status propagates,
 *       a client's resolver keeps the old answer for at most the TTL, and the client's next retry
 *       comes at most one back-off ceiling (plus its timeout) later;
 *   <li><b>lease</b>: the primary's lease runs out at most one lease after its last renewal, the
 *       standby may take it over a clock error later, at its next tick.
 * </ul>
 *
 * <p>The result is the time until every client writes again (the worst client), which is what
 * the simulation's all-clients RTO measures.
 */
public record RtoModel(List<Term> dns, List<Term> lease) {
  /** One term of a branch, in seconds. */
  public record Term(String name, double seconds, String source) {}

  public double dnsSeconds() {
    return dns.stream().mapToDouble(Term::seconds).sum();
  }

  public double leaseSeconds() {
    return lease.stream().mapToDouble(Term::seconds).sum();
  }

  /** The critical path: the longer branch. */
  public double seconds() {
    return Math.max(dnsSeconds(), leaseSeconds());
  }

  public String criticalBranch() {
    return dnsSeconds() >= leaseSeconds() ? "DNS" : "lease";
  }
}
