package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AwsSettingsTest {
  @Test
  void sourceIdentityIsTheMfaDevicesName() {
    assertThat(AwsSettings.sourceIdentity("arn:aws:iam::123456789012:mfa/alice.smith@bank")).isEqualTo("alice.smith@bank");
  }

  @Test
  void sourceIdentityDropsTheDevicesPathAndReplacesCharactersStsRefuses() {
    assertThat(AwsSettings.sourceIdentity("arn:aws:iam::123456789012:mfa/ops/bob jones")).isEqualTo("bob-jones");
  }

  @Test
  void sourceIdentityIsAtMostSixtyFourCharacters() {
    assertThat(AwsSettings.sourceIdentity("arn:aws:iam::123456789012:mfa/" + "a".repeat(100))).hasSize(64);
  }

  @Test
  void deviceWithoutANameHasNoSourceIdentity() {
    assertThatThrownBy(() -> AwsSettings.sourceIdentity("arn:aws:iam::123456789012:mfa/"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("MFA device arn:aws:iam::123456789012:mfa/ has no name to record as the source identity");
  }
}
