package com.example.txndr.drill.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** DescribeStacks through the SDK. */
public final class SdkStackReader implements StackReader {
  private final AwsSettings settings;

  public SdkStackReader(AwsSettings settings) {
    this.settings = settings;
  }

  @Override
  public StackDescription describe(String region, String stackName) {
    try (CloudFormationClient client = settings.configure(CloudFormationClient.builder(), Region.of(region)).build()) {
      Stack stack = client.describeStacks(r -> r.stackName(stackName)).stacks().stream().findFirst()
          .orElseThrow(() -> new IllegalArgumentException("Stack " + stackName + " not found in " + region));
      return describe(stack);
    } catch (CloudFormationException e) {
      throw new IllegalArgumentException("Cannot read stack " + stackName + " in " + region + ": "
          + e.awsErrorDetails().errorMessage(), e);
    }
  }

  /** The stack's ARN, outputs and parameters (a parameter's resolved value where it has one). */
  static StackDescription describe(Stack stack) {
    Map<String, String> outputs = new LinkedHashMap<>();
    for (Output output : stack.outputs()) {
      if (output.outputValue() != null) {
        outputs.put(output.outputKey(), output.outputValue());
      }
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (Parameter parameter : stack.parameters()) {
      String value = parameter.resolvedValue() != null ? parameter.resolvedValue() : parameter.parameterValue();
      if (value != null) {
        parameters.put(parameter.parameterKey(), value);
      }
    }
    return new StackDescription(stack.stackId(), outputs, parameters);
  }
}
