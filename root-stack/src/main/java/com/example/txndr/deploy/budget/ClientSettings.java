package com.example.txndr.deploy.budget;

import java.math.BigDecimal;

/**
 * How the API's clients retry, which the RTO's DNS branch depends on and no template sets: the
 * retry policy of a client that follows a failover (back-off with full jitter up to a ceiling,
 * the same idempotency key; the simulation's clients behave so, `SimClient`). A bank's clients
 * with a longer ceiling or timeout recover later by that much.
 */
public final class ClientSettings {
  /** Where the figures are stated. */
  public static final String SOURCE = "docs/adr/0007-write-lease-and-one-writer-items.md";
  /** The longest pause between two attempts. */
  public static final BigDecimal BACK_OFF_CEILING_SECONDS = BigDecimal.valueOf(5);
  /** How long an attempt against a region that does not answer takes to fail. */
  public static final BigDecimal TIMEOUT_SECONDS = BigDecimal.valueOf(3);

  private ClientSettings() {}
}
