package com.example.txndr.template;

/**
 * A composition CloudFormation would reject: a child parameter not declared or not given, a
 * nested output that is missing or not created, a reference to a resource that is not created,
 * a child whose Rules fail for the values its parent passes. The message names the stack path,
 * the template file and the JSON path.
 */
public final class CompositionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CompositionException(String message) {
    super(message);
  }
}
