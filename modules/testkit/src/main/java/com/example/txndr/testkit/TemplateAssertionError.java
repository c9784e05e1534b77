package com.example.txndr.testkit;

/** Raised by the template assertions; the message names the file, the JSON path and the fix. */
public final class TemplateAssertionError extends AssertionError {
  private static final long serialVersionUID = 1L;

  TemplateAssertionError(String file, String path, String problem, String fix) {
    super(file + ": " + path + ": " + problem + (fix == null || fix.isEmpty() ? "" : ". Fix: " + fix));
  }
}
