package com.example.txndr.drill.internal;

/** CloudFormation DescribeStacks, as far as the CLI needs it. */
public interface StackReader {
  /** The stack's ARN, outputs and parameters; fails with a message naming the stack and region. */
  StackDescription describe(String region, String stackName);
}
