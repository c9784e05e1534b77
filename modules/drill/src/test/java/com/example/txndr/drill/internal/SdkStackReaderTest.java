package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** DescribeStacks' answer as the SDK models it, read into a stack description. */
class SdkStackReaderTest {
  private static final Stack STACK = Stack.builder()
      .stackId("arn:aws:cloudformation:us-east-1:111122223333:stack/txn-dr-prod/0f1e")
      .stackName("txn-dr-prod")
      .outputs(
          Output.builder().outputKey("TransactionsTableName").outputValue("txn-dr-prod-transactions").build(),
          Output.builder().outputKey("HostedZoneNameServers").build())
      .parameters(
          Parameter.builder().parameterKey("ProjectName").parameterValue("txn-dr").build(),
          Parameter.builder().parameterKey("EnvironmentName").parameterValue("/txn/env")
              .resolvedValue("prod").build())
      .build();

  @Test
  void outputsWithAValueAreRead() {
    assertThat(SdkStackReader.describe(STACK).outputs()).isEqualTo(Map.of("TransactionsTableName",
        "txn-dr-prod-transactions"));
  }

  @Test
  void aParameterResolvedFromSsmIsReadAsItsResolvedValue() {
    assertThat(SdkStackReader.describe(STACK).parameters()).containsEntry("EnvironmentName", "prod");
  }

  @Test
  void theAccountIsTakenFromTheStackArn() {
    assertThat(SdkStackReader.describe(STACK).accountId()).isEqualTo("111122223333");
  }

  @Test
  void aStackIdThatIsNotAnArnIsRefused() {
    StackDescription description = new StackDescription("txn-dr-prod", Map.of(), Map.of());

    assertThatThrownBy(description::accountId).hasMessage("Not a stack ARN: txn-dr-prod");
  }
}
