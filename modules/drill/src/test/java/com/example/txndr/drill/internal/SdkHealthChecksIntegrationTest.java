package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.testkit.moto.Moto;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HealthCheckType;

/** The drill's fault injection on a health check as moto's Route 53 keeps it (configuration only). */
class SdkHealthChecksIntegrationTest {
  @RegisterExtension
  static final Moto MOTO = Moto.builder().build();

  private SdkHealthChecks healthChecks;
  private String id;

  @BeforeEach
  void healthCheck() {
    AwsSettings settings = MotoAws.settings(MOTO.endpoint());
    healthChecks = new SdkHealthChecks(settings);
    try (Route53Client route53 = settings.configure(Route53Client.builder(), Region.AWS_GLOBAL).build()) {
      id = route53.createHealthCheck(r -> r.callerReference(UUID.randomUUID().toString()).healthCheckConfig(c -> c
          .type(HealthCheckType.HTTPS)
          .fullyQualifiedDomainName("abc123.execute-api.us-east-1.amazonaws.com")
          .port(443)
          .resourcePath("/health")
          .requestInterval(10)
          .failureThreshold(3)
          .enableSNI(true))).healthCheck().id();
    }
  }

  @Test
  void aNewHealthCheckIsNotInverted() {
    assertThat(healthChecks.get(id)).isEqualTo(new HealthChecks.Config(id,
        "abc123.execute-api.us-east-1.amazonaws.com", false));
  }

  @Test
  void invertingTheHealthCheckIsVisibleInItsConfiguration() {
    healthChecks.setInverted(id, true);

    assertThat(healthChecks.get(id).inverted()).isTrue();
  }

  @Test
  void invertingBackRestoresTheConfiguration() {
    healthChecks.setInverted(id, true);
    healthChecks.setInverted(id, false);

    assertThat(healthChecks.get(id).inverted()).isFalse();
  }

  @Test
  void invertingLeavesTheTargetUnchanged() {
    healthChecks.setInverted(id, true);

    assertThat(healthChecks.get(id).fullyQualifiedDomainName()).isEqualTo("abc123.execute-api.us-east-1.amazonaws.com");
  }

  @Test
  void checkerObservationsAreCountedBySuccess() {
    // moto reports one checker with "Success: HTTP Status Code: 200".
    assertThat(healthChecks.checkers(id)).isEqualTo(new HealthChecks.Checkers(1, 1));
  }
}
