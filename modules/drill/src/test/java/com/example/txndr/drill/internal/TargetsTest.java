package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {
  private static final Map<String, String> OUTPUTS = Map.of(
      "PrimaryApiEndpoint", "https://abc.execute-api.us-east-1.amazonaws.com",
      "SecondaryApiEndpoint", "https://def.execute-api.us-west-2.amazonaws.com/",
      "FailoverEndpoint", "api.dr.example.com",
      "TransactionsTableName", "txn-dr-prod-transactions",
      "PrimaryHealthCheckId", "hc-1",
      "SecondaryHealthCheckId", "hc-2",
      "HostedZoneId", "Z1");

  private static Targets fromStack(Map<String, String> outputs) {
    return Targets.resolve(FakeWorld.stack(outputs), TargetOptions.ofStack("txn-dr-prod"));
  }

  private static TargetOptions only(String primaryRegion, String table) {
    return new TargetOptions(null, primaryRegion, null, null, "txn-dr", "dev", table, null, null, null, null, null,
        null, null, null, null);
  }

  @Test
  void outputsGiveBothApiEndpointsWithoutTrailingSlash() {
    Targets targets = fromStack(OUTPUTS);

    assertThat(targets.api("us-west-2")).isEqualTo(URI.create("https://def.execute-api.us-west-2.amazonaws.com"));
  }

  @Test
  void outputsGiveTheHealthCheckOfEachRegion() {
    Targets targets = fromStack(OUTPUTS);

    assertThat(targets.healthCheckId("us-east-1") + " " + targets.healthCheckId("us-west-2")).isEqualTo("hc-1 hc-2");
  }

  @Test
  void parametersGiveTheSsmPrefixAndTheAlarmName() {
    Targets targets = fromStack(OUTPUTS);

    assertThat(targets.parameterPrefix() + " " + targets.primaryUnhealthyAlarmName())
        .isEqualTo("/txn-dr/prod txn-dr-prod-primary-region-unhealthy");
  }

  @Test
  void stackArnGivesTheAccountOfTheBackupVaults() {
    Targets targets = fromStack(OUTPUTS);

    assertThat(targets.backupVaultArn("us-west-2"))
        .isEqualTo("arn:aws:backup:us-west-2:123456789012:backup-vault:txn-dr-prod-vault");
  }

  @Test
  void anOptionOverridesTheStackOutput() {
    TargetOptions options = new TargetOptions("txn-dr-prod", null, null, null, null, null, "other-table", null, null,
        null, null, null, null, null, null, null);

    assertThat(Targets.resolve(FakeWorld.stack(OUTPUTS), options).tableName()).isEqualTo("other-table");
  }

  @Test
  void aBareFailoverEndpointIsACnameRecord() {
    Targets targets = fromStack(OUTPUTS);

    assertThat(targets.hasCustomDomain()).isFalse();
    assertThat(targets.failoverRecordName()).isEqualTo("api.dr.example.com");
  }

  @Test
  void anHttpsFailoverEndpointIsAnAliasRecordOfTheCustomDomain() {
    Map<String, String> outputs = new HashMap<>(OUTPUTS);
    outputs.put("FailoverEndpoint", "https://api.dr.example.com");

    Targets targets = fromStack(outputs);

    assertThat(targets.hasCustomDomain()).isTrue();
    assertThat(targets.failoverRecordName()).isEqualTo("api.dr.example.com");
  }

  @Test
  void aMissingOutputNamesTheOutputAndTheOption() {
    Map<String, String> outputs = new HashMap<>(OUTPUTS);
    outputs.remove("HostedZoneId");

    Targets targets = fromStack(outputs);

    assertThatThrownBy(targets::hostedZoneId)
        .isInstanceOf(Targets.MissingTargetException.class)
        .hasMessage("No hosted zone ID: give the stack output HostedZoneId (--stack) or --hosted-zone-id");
  }

  @Test
  void withoutAStackEveryValueComesFromOptionsAndTheRegionsDefault() {
    Targets targets = Targets.resolve(null, only(null, "t"));

    assertThat(targets.primaryRegion() + " " + targets.secondaryRegion() + " " + targets.parameterPrefix())
        .isEqualTo("us-east-1 us-west-2 /txn-dr/dev");
  }

  @Test
  void theControlTableIsTheStackOutputElseNamedByTheConvention() {
    assertThat(fromStack(Map.of("ControlTableName", "my-control")).controlTableName()).isEqualTo("my-control");
    assertThat(fromStack(OUTPUTS).controlTableName()).isEqualTo("txn-dr-prod-control");
  }

  @Test
  void theReconcilerIsNamedByTheConvention() {
    assertThat(fromStack(OUTPUTS).reconcilerFunctionName()).isEqualTo("txn-dr-prod-reconciler");
  }

  @Test
  void withoutProjectAndEnvironmentTheControlTableNeedsItsOption() {
    Targets targets = Targets.resolve(null, TargetOptions.ofStack(null));

    assertThatThrownBy(targets::controlTableName).isInstanceOf(Targets.MissingTargetException.class)
        .hasMessage("No control table name: give the stack output ControlTableName (--stack), --control-table, or"
            + " --project and --environment (P-E-control)");
  }

  @Test
  void aRegionOptionContradictingTheStackIsRefused() {
    TargetOptions options = new TargetOptions("txn-dr-prod", "us-west-2", "us-east-1", null, null, null, null, null,
        null, null, null, null, null, null, null, null);

    assertThatThrownBy(() -> Targets.resolve(FakeWorld.stack(OUTPUTS), options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Stack txn-dr-prod has PrimaryRegion us-east-1, but --primary-region is us-west-2");
  }

  @Test
  void equalRegionsAreRefused() {
    assertThatThrownBy(() -> Targets.resolve(null, only("us-west-2", "t")))
        .hasMessage("The primary and secondary regions must differ: both are us-west-2");
  }

  @Test
  void aRegionOutsideThePairIsRefused() {
    Targets targets = fromStack(OUTPUTS);

    assertThatThrownBy(() -> targets.peer("eu-west-1"))
        .hasMessage("Region eu-west-1 is neither the primary (us-east-1) nor the secondary (us-west-2) region");
  }

  @Test
  void describeStacksIsCalledInThePrimaryRegion() {
    assertThat(Targets.stackRegion(TargetOptions.ofStack("s"))).isEqualTo("us-east-1");
  }
}
