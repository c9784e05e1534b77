package com.example.txndr.drill.internal;

/** A drill phase that did not succeed: its message says which and why. */
final class PhaseFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  PhaseFailedException(String message) {
    super(message);
  }
}
