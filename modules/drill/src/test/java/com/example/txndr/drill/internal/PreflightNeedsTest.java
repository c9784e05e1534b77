package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.deploy.Manifest;
import com.example.txndr.template.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The needs come from the packaged templates (root-stack/target/dist, built before this module). */
class PreflightNeedsTest {
  private static final Path DIST = RepoRoot.find().resolve("root-stack/target/dist");

  @TempDir
  Path dir;

  @Test
  void defaultsOfThePackagedSystemGiveWhatEachRegionReserves() {
    PreflightNeeds needs = PreflightNeeds.read(DIST, Optional.empty());

    assertThat(needs.regions()).containsExactly("us-east-1", "us-west-2");
    // Processor 1,500, orchestrator, lease keeper, reconciler and health 100 each in each region, plus the
    // peer-values function's 100 in the primary.
    assertThat(needs.reservedConcurrency()).isEqualTo(Map.of("us-east-1", 2000, "us-west-2", 1900));
    assertThat(needs.apiRate()).isEqualTo(Map.of("us-east-1", 10000, "us-west-2", 10000));
    assertThat(needs.apiBurst()).isEqualTo(Map.of("us-east-1", 5000, "us-west-2", 5000));
    assertThat(needs.warmWrites()).isEqualTo(100000);
    assertThat(needs.warmReads()).isEqualTo(20000);
    assertThat(needs.backupPlan()).isTrue();
    assertThat(needs.manifestKey()).isEqualTo(Manifest.read(DIST).manifestKey());
    assertThat(needs.bucketPrefix()).isEmpty();
  }

  @Test
  void parametersFileChangesTheNeedsTheWayTheDeployWould() throws Exception {
    Path parameters = dir.resolve("parameters.json");
    Files.writeString(parameters, """
        {"Parameters": {"EnvironmentName": "staging", "ReservedConcurrency": "1000", "WarmWriteUnitsPerSecond": "4000",
          "ArtifactBucketPrefix": "acme-artifacts", "UseCustomDomain": "true", "ExistingHostedZoneId": "Z0EXAMPLE",
          "HostedZoneName": "dr.example.com"}}""");

    PreflightNeeds needs = PreflightNeeds.read(DIST, Optional.of(parameters));

    assertThat(needs.reservedConcurrency()).isEqualTo(Map.of("us-east-1", 1500, "us-west-2", 1400));
    assertThat(needs.warmWrites()).isEqualTo(4000);
    assertThat(needs.namePrefix()).isEqualTo("txn-dr-staging");
    assertThat(needs.bucketPrefix()).contains("acme-artifacts");
    assertThat(needs.customDomain()).isTrue();
    assertThat(needs.existingHostedZoneId()).contains("Z0EXAMPLE");
    assertThat(needs.hostedZoneName()).contains("dr.example.com");
  }
}
