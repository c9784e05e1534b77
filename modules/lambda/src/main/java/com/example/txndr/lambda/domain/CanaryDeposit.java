package com.example.txndr.lambda.domain;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The canary of {@code POST /canary} (docs/adr/0011): a deposit of {@value #AMOUNT} {@value #CURRENCY}
 * into the region's canary account {@code canary-<region>}, fixed by the code: the caller chooses
 * nothing but its Idempotency-Key. Accounts whose id starts with {@value #ACCOUNT_PREFIX} (in any
 * case) are reserved for it: {@code POST /transactions} refuses any transaction that names one, so
 * money enters a canary account only through {@code /canary}, and leaves it never.
 */
public final class CanaryDeposit {
  public static final String ACCOUNT_PREFIX = "canary-";
  public static final String AMOUNT = "0.01";
  public static final String CURRENCY = "USD";

  private CanaryDeposit() {}

  /** The canary account of {@code region}: {@code canary-<region>}. */
  public static String accountOf(String region) {
    return ACCOUNT_PREFIX + region;
  }

  /** True for an account id reserved for canaries ({@value #ACCOUNT_PREFIX}, any case). */
  public static boolean isCanaryAccount(String account) {
    return account != null && account.toLowerCase(Locale.ROOT).startsWith(ACCOUNT_PREFIX);
  }

  /** The one request {@code /canary} makes in {@code region}. */
  public static TransactionRequest request(String region) {
    return new TransactionRequest(TransactionType.DEPOSIT, null, accountOf(region),
        Money.of(new BigDecimal(AMOUNT), TradableCurrency.valueOf(CURRENCY)));
  }
}
