package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SdkParametersIntegrationTest {
  @RegisterExtension
  static final MotoServer MOTO = new MotoServer();

  private final SdkParameters parameters = new SdkParameters(MotoAws.settings(MOTO.endpoint()));

  @Test
  void aMissingParameterReadsAsEmpty() {
    assertThat(parameters.get("us-east-1", "/txn-dr/dev/active-region")).isEmpty();
  }

  @Test
  void aWrittenParameterReadsBack() {
    parameters.put("us-east-1", "/txn-dr/dev/active-region", "us-west-2");

    assertThat(parameters.get("us-east-1", "/txn-dr/dev/active-region")).contains("us-west-2");
  }

  @Test
  void aWriteOverwritesTheValue() {
    parameters.put("us-east-1", "/txn-dr/dev/active-region", "us-west-2");
    parameters.put("us-east-1", "/txn-dr/dev/active-region", "us-east-1");

    assertThat(parameters.get("us-east-1", "/txn-dr/dev/active-region")).contains("us-east-1");
  }

  @Test
  void eachRegionKeepsItsOwnParameter() {
    parameters.put("us-west-2", "/txn-dr/dev/active-region", "us-west-2");

    assertThat(parameters.get("us-east-1", "/txn-dr/dev/active-region")).isEmpty();
  }
}
