package com.example.txndr.drill.internal;

import com.example.txndr.deploy.Manifest;
import com.example.txndr.deploy.budget.RootParameters;
import com.example.txndr.deploy.budget.PackagedSystem;
import com.example.txndr.template.Composition;
import com.example.txndr.template.DeployedResource;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the first deploy needs from the account, read from the packaged templates in
 * {@code dist/} the way the recovery budget reads them (root-stack, {@link PackagedSystem}): the
 * root parameters (template defaults, {@code dist/parameter-overrides.txt}, then the user's
 * parameters file), the system deployed on paper, and each resource's resolved properties in the
 * region it is created in. Nothing here is typed in.
 *
 * @param primary the primary region
 * @param secondary the secondary region
 * @param bucketPrefix {@code ArtifactBucketPrefix} if the user gave it, else empty
 * @param namePrefix {@code <ProjectName>-<EnvironmentName>}
 * @param reservedConcurrency per region, the sum of {@code ReservedConcurrentExecutions} of its functions
 * @param apiRate per region, the HTTP API stage's {@code DefaultRouteSettings.ThrottlingRateLimit}
 * @param apiBurst per region, the stage's {@code ThrottlingBurstLimit}
 * @param warmWrites the global table's {@code WarmThroughput.WriteUnitsPerSecond} (0: none)
 * @param warmReads the global table's {@code WarmThroughput.ReadUnitsPerSecond} (0: none)
 * @param backupPlan whether the system has an AWS Backup plan (it copies DynamoDB backups across regions)
 * @param customDomain {@code UseCustomDomain}
 * @param hostedZoneName {@code HostedZoneName}, or empty if the user gave none
 * @param existingHostedZoneId {@code ExistingHostedZoneId}, or empty: the root stack creates the zone
 * @param manifestKey the key of the release's manifest.json in each artifact bucket
 */
public record PreflightNeeds(String primary, String secondary, Optional<String> bucketPrefix, String namePrefix,
    Map<String, Integer> reservedConcurrency, Map<String, Integer> apiRate, Map<String, Integer> apiBurst,
    int warmWrites, int warmReads, boolean backupPlan, boolean customDomain, Optional<String> hostedZoneName,
    Optional<String> existingHostedZoneId, String manifestKey) {

  /** Reads the needs of the packaged system in {@code dist}. */
  public static PreflightNeeds read(Path dist, Optional<Path> parametersFile) {
    RootParameters parameters = RootParameters.resolve(PackagedSystem.rootTemplate(dist), dist, parametersFile);
    String primary = parameters.get("PrimaryRegion");
    Path work;
    try {
      work = Files.createTempDirectory("dr-drill-preflight");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a working folder for the packaged templates", e);
    }
    try {
      Composition system = PackagedSystem.deploy(dist, work, primary, parameters.asMap());
      Map<String, Integer> reserved = new TreeMap<>();
      Map<String, Integer> rate = new TreeMap<>();
      Map<String, Integer> burst = new TreeMap<>();
      int writes = 0;
      int reads = 0;
      boolean backup = false;
      for (DeployedResource r : system.resources()) {
        JsonNode p = r.properties();
        switch (r.type()) {
          case "AWS::Lambda::Function" ->
              reserved.merge(r.region(), p.path("ReservedConcurrentExecutions").asInt(0), Integer::sum);
          case "AWS::ApiGatewayV2::Stage" -> {
            rate.merge(r.region(), p.path("DefaultRouteSettings").path("ThrottlingRateLimit").asInt(0), Math::max);
            burst.merge(r.region(), p.path("DefaultRouteSettings").path("ThrottlingBurstLimit").asInt(0), Math::max);
          }
          case "AWS::DynamoDB::GlobalTable" -> {
            writes = Math.max(writes, p.path("WarmThroughput").path("WriteUnitsPerSecond").asInt(0));
            reads = Math.max(reads, p.path("WarmThroughput").path("ReadUnitsPerSecond").asInt(0));
          }
          case "AWS::Backup::BackupPlan" -> backup = true;
          default -> { }
        }
      }
      Optional<String> prefix = parameters.values().stream()
          .filter(v -> v.name().equals("ArtifactBucketPrefix") && v.origin() != RootParameters.Origin.PLACEHOLDER)
          .map(RootParameters.Value::value).findFirst();
      String zone = parameters.get("ExistingHostedZoneId");
      Optional<String> zoneName = parameters.values().stream()
          .filter(v -> v.name().equals("HostedZoneName") && v.origin() != RootParameters.Origin.PLACEHOLDER)
          .map(RootParameters.Value::value).findFirst();
      return new PreflightNeeds(primary, parameters.get("SecondaryRegion"), prefix,
          parameters.get("ProjectName") + "-" + parameters.get("EnvironmentName"), reserved, rate, burst, writes, reads,
          backup, "true".equals(parameters.get("UseCustomDomain")), zoneName,
          zone.isBlank() ? Optional.empty() : Optional.of(zone), Manifest.read(dist).manifestKey());
    } finally {
      PackagedSystem.delete(work);
    }
  }

  /** The primary, then the secondary. */
  public java.util.List<String> regions() {
    return java.util.List.of(primary, secondary);
  }
}
