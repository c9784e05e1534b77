package com.example.txndr.deploy.budget;

/**
 * A term of the budget has no source: a template does not declare the setting, or the measurement
 * file lacks the figure. The message says which file must declare what; the term is reported as
 * missing and the budget fails, because nothing is assumed in its place.
 */
public final class MissingSource extends Exception {
  private static final long serialVersionUID = 1L;

  /** With the message shown in the report and in the build failure. */
  public MissingSource(String message) {
    super(message, null, false, false);
  }
}
