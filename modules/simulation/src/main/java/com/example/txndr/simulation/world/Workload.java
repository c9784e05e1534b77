package com.example.txndr.simulation.world;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

/**
 * What the clients ask for (the generator): transfers, withdrawals and deposits in USD between a
 * few accounts, so that the same balances are touched from both sides of a failover. Amounts are
 * sized so that some withdrawals are declined.
 */
public final class Workload {
  /** One request body. */
  public record Request(String type, String source, String destination, BigDecimal amount) {
    public String json() {
      StringBuilder out = new StringBuilder("{\"type\":\"").append(type).append('"');
      if (source != null) {
        out.append(",\"sourceAccount\":\"").append(source).append('"');
      }
      if (destination != null) {
        out.append(",\"destinationAccount\":\"").append(destination).append('"');
      }
      return out.append(",\"amount\":\"").append(amount.toPlainString()).append("\",\"currency\":\"USD\"}")
          .toString();
    }
  }

  public static final BigDecimal OPENING_BALANCE = new BigDecimal("500.00");

  private final List<String> accounts;

  public Workload(int accounts) {
    this.accounts = java.util.stream.IntStream.range(0, accounts).mapToObj(i -> "acct-" + i).toList();
  }

  public List<String> accounts() {
    return accounts;
  }

  /** The deposit that opens {@code account}. */
  public Request opening(String account) {
    return new Request("DEPOSIT", null, account, OPENING_BALANCE);
  }

  /** The next request of a client. */
  public Request next(Random random) {
    String a = accounts.get(random.nextInt(accounts.size()));
    int roll = random.nextInt(100);
    if (roll < 60) {
      String b;
      do {
        b = accounts.get(random.nextInt(accounts.size()));
      } while (b.equals(a));
      return new Request("TRANSFER", a, b, amount(random, 15_000));
    }
    if (roll < 80) {
      return new Request("WITHDRAWAL", a, null, amount(random, 10_000));
    }
    return new Request("DEPOSIT", null, a, amount(random, 12_000));
  }

  /** 0.01 to {@code maxCents}/100. */
  private static BigDecimal amount(Random random, int maxCents) {
    return BigDecimal.valueOf(1 + random.nextInt(maxCents), 2);
  }
}
