package com.example.txndr.lambda.domain;

/** What a transaction does to balances. */
public enum TransactionType {
  /** Credits {@code destinationAccount}; has no source. */
  DEPOSIT(false, true),
  /** Debits {@code sourceAccount}; has no destination. */
  WITHDRAWAL(true, false),
  /** Debits {@code sourceAccount} and credits {@code destinationAccount}. */
  TRANSFER(true, true);

  private final boolean hasSource;
  private final boolean hasDestination;

  TransactionType(boolean hasSource, boolean hasDestination) {
    this.hasSource = hasSource;
    this.hasDestination = hasDestination;
  }

  public boolean hasSource() {
    return hasSource;
  }

  public boolean hasDestination() {
    return hasDestination;
  }
}
