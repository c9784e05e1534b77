package com.example.txndr.drill.internal;

import java.util.Map;

/** What DescribeStacks says about the root stack: its ARN, outputs and parameters. */
public record StackDescription(String stackId, Map<String, String> outputs, Map<String, String> parameters) {
  public StackDescription {
    outputs = Map.copyOf(outputs);
    parameters = Map.copyOf(parameters);
  }

  /** The account, from the stack ARN {@code arn:<partition>:cloudformation:<region>:<account>:stack/...}. */
  public String accountId() {
    String[] parts = stackId.split(":", 6);
    if (parts.length < 6 || !parts[4].matches("\\d{12}")) {
      throw new IllegalArgumentException("Not a stack ARN: " + stackId);
    }
    return parts[4];
  }
}
