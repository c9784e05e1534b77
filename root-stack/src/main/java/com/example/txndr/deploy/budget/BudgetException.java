package com.example.txndr.deploy.budget;

/** The recovery budget cannot be computed, or it exceeds the seed's limits; the message says which. */
public final class BudgetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with its message. */
  public BudgetException(String message) {
    super(message);
  }

  /** A failure with its message and cause. */
  public BudgetException(String message, Throwable cause) {
    super(message, cause);
  }
}
