package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreflightTest {
  private static final String MANIFEST = "transaction-dr/0123456789ab/manifest.json";

  /** What the default packaged system needs (PreflightNeedsTest proves these are the packaged figures). */
  private static PreflightNeeds needs(boolean customDomain, Optional<String> zone) {
    return new PreflightNeeds("us-east-1", "us-west-2", Optional.empty(), "txn-dr-prod",
        Map.of("us-east-1", 500, "us-west-2", 400), Map.of("us-east-1", 10000, "us-west-2", 10000),
        Map.of("us-east-1", 5000, "us-west-2", 5000), 100000, 20000, true, customDomain,
        Optional.of("dr.example.com"), zone, MANIFEST);
  }

  private final FakePreflightAccount account = new FakePreflightAccount(MANIFEST);

  private List<Preflight.Check> run() {
    return new Preflight(needs(false, Optional.empty()), account).run();
  }

  private static List<Preflight.Check> failed(List<Preflight.Check> checks) {
    return checks.stream().filter(c -> !c.passed()).toList();
  }

  @Test
  void accountWithEverythingInPlacePassesEveryCheckInBothRegions() {
    List<Preflight.Check> checks = run();

    assertThat(checks).allMatch(Preflight.Check::passed);
    assertThat(checks).extracting(c -> c.region() + " " + c.name()).containsExactly(
        "us-east-1 Lambda concurrency", "us-east-1 API Gateway throttle", "us-east-1 DynamoDB table throughput",
        "us-east-1 AWS Backup settings", "us-east-1 artifact bucket",
        "us-west-2 Lambda concurrency", "us-west-2 API Gateway throttle", "us-west-2 DynamoDB table throughput",
        "us-west-2 AWS Backup settings", "us-west-2 artifact bucket");
    assertThat(Preflight.exitCode(checks)).isZero();
  }

  @Test
  void tooLittleUnreservedConcurrencyFailsWithTheQuotaToRequest() {
    account.lambda.put("us-east-1", new PreflightAccount.LambdaConcurrency(1000, 550));

    List<Preflight.Check> checks = run();

    assertThat(failed(checks)).extracting(Preflight.Check::line).containsExactly(
        "FAIL us-east-1 Lambda concurrency: the functions reserve 500 and Lambda keeps 100 unreserved, so 600 must be"
            + " unreserved now; the account has 550 unreserved of 1000. Fix: request the Lambda quota 'Concurrent"
            + " executions' of at least 1050 in us-east-1 (Service Quotas, AWS Lambda), or lower ReservedConcurrency");
    assertThat(Preflight.exitCode(checks)).isEqualTo(Cli.FAILED);
  }

  @Test
  void accountThrottleBelowTheStageThrottleFails() {
    account.api.put("us-west-2", new PreflightAccount.Throttle(5000, 2000));

    assertThat(failed(run())).extracting(Preflight.Check::line).containsExactly(
        "FAIL us-west-2 API Gateway throttle: the HTTP API stage throttles at 10000 requests/s, burst 5000; the account"
            + " allows 5000 requests/s, burst 2000. Fix: request the API Gateway quotas 'Throttle rate' of at least 10000"
            + " and 'Throttle burst' of at least 5000 in us-west-2 (Service Quotas, Amazon API Gateway), or lower"
            + " ApiThrottlingRateLimit and ApiThrottlingBurstLimit");
  }

  @Test
  void tableQuotaBelowTheWarmThroughputFailsInTheRegionThatLacksIt() {
    account.dynamoDb.put("us-west-2", new PreflightAccount.TableLimits(40000, 40000));

    assertThat(failed(run())).extracting(Preflight.Check::line).containsExactly(
        "FAIL us-west-2 DynamoDB table throughput: the global table is pre-warmed to 100000 write and 20000 read units/s"
            + " in every replica; the table-level quota is 40000 write and 40000 read units/s. Fix: request the DynamoDB"
            + " quotas 'Table-level write throughput limit' of at least 100000 and 'Table-level read throughput limit'"
            + " of at least 20000 in us-west-2 (Service Quotas, Amazon DynamoDB), or lower WarmWriteUnitsPerSecond and"
            + " WarmReadUnitsPerSecond outside production");
  }

  @Test
  void backupWithoutAdvancedDynamoDbFeaturesFailsWithTheCommandThatFixesIt() {
    account.backup.put("us-west-2", new PreflightAccount.BackupSettings(Map.of("DynamoDB", true, "S3", false),
        Map.of("DynamoDB", false)));

    assertThat(failed(run())).extracting(Preflight.Check::line).containsExactly(
        "FAIL us-west-2 AWS Backup settings: missing: S3 opt-in, DynamoDB advanced features (cross-region copies of the"
            + " table need them). Fix: aws backup update-region-settings --region us-west-2"
            + " --resource-type-opt-in-preference DynamoDB=true,S3=true --resource-type-management-preference DynamoDB=true");
  }

  @Test
  void missingArtifactBucketPointsAtTheBootstrap() {
    account.buckets.remove("txn-dr-prod-artifacts-123456789012-us-west-2");

    assertThat(failed(run())).extracting(Preflight.Check::line).containsExactly(
        "FAIL us-west-2 artifact bucket: txn-dr-prod-artifacts-123456789012-us-west-2 does not exist. Fix: deploy"
            + " stacksets/templates/bootstrap.template.json in us-west-2 (README, deploy step 2), or give the bootstrap's"
            + " ArtifactBucketPrefix in the parameters file");
  }

  @Test
  void artifactBucketOfAnotherAccountFails() {
    account.buckets.put("txn-dr-prod-artifacts-123456789012-us-east-1",
        new PreflightAccount.Bucket(PreflightAccount.Status.NOT_OWNED_OR_DENIED, Optional.empty()));

    assertThat(failed(run())).singleElement().satisfies(c -> assertThat(c.line()).startsWith(
        "FAIL us-east-1 artifact bucket: txn-dr-prod-artifacts-123456789012-us-east-1 refused HeadBucket with"
            + " ExpectedBucketOwner 123456789012: it belongs to another account, or these credentials may not list it."));
  }

  @Test
  void unpublishedReleaseFailsWithThePublishCommand() {
    account.objects.remove("txn-dr-prod-artifacts-123456789012-us-east-1/" + MANIFEST);

    assertThat(failed(run())).extracting(Preflight.Check::line).containsExactly(
        "FAIL us-east-1 artifact bucket: txn-dr-prod-artifacts-123456789012-us-east-1 is owned by 123456789012 but has no"
            + " " + MANIFEST + " (this release is not published). Fix: publish it: ./mvnw package"
            + " -Dpublish.bucketPrefix=txn-dr-prod-artifacts-123456789012");
  }

  @Test
  void checkThatCannotReadItsFigureFailsWithThePermissionItNeeds() {
    account.unreadable.add("lambda");

    assertThat(failed(run())).extracting(Preflight.Check::line).contains(
        "FAIL us-east-1 Lambda concurrency: could not be read (lambda answered HTTP 403: AccessDenied). Fix: run"
            + " preflight with credentials that allow lambda:GetAccountSettings in us-east-1, and check that the region"
            + " is reachable");
  }

  @Test
  void customDomainChecksTheZonesDelegationAndCaa() {
    List<Preflight.Check> checks = new Preflight(needs(true, Optional.of("Z0123456789EXAMPLE")), account).run();

    assertThat(checks).filteredOn(c -> c.region().equals("global")).extracting(Preflight.Check::line).containsExactly(
        "PASS global hosted zone delegation: zone dr.example.com (Z0123456789EXAMPLE) has name servers"
            + " [ns-1.awsdns-01.org, ns-2.awsdns-02.com]; the public DNS answers [ns-1.awsdns-01.org, ns-2.awsdns-02.com]",
        "PASS global certificate (CAA): no CAA record restricts who may issue for dr.example.com");
  }

  @Test
  void customDomainWhoseZoneIsNotDelegatedFails() {
    account.publicNameServers = List.of("ns1.registrar.example");

    assertThat(failed(new Preflight(needs(true, Optional.of("Z0123456789EXAMPLE")), account).run()))
        .extracting(Preflight.Check::line).containsExactly(
            "FAIL global hosted zone delegation: zone dr.example.com (Z0123456789EXAMPLE) has name servers"
                + " [ns-1.awsdns-01.org, ns-2.awsdns-02.com]; the public DNS answers [ns1.registrar.example]. Fix: in"
                + " the parent domain, set the NS record of dr.example.com to [ns-1.awsdns-01.org, ns-2.awsdns-02.com]"
                + " (ACM validates each region's certificate through this zone)");
  }

  @Test
  void caaThatExcludesAmazonFailsBecauseAcmCouldNotIssue() {
    account.caa = List.of("0 issue \"letsencrypt.org\"");

    assertThat(failed(new Preflight(needs(true, Optional.of("Z0123456789EXAMPLE")), account).run()))
        .extracting(Preflight.Check::line).containsExactly(
            "FAIL global certificate (CAA): CAA records allow [letsencrypt.org]. Fix: add a CAA record 0 issue"
                + " \"amazon.com\" to dr.example.com so that ACM may issue the API's certificate");
  }

  @Test
  void customDomainWithoutAnExistingZoneFailsLikeTheRule() {
    assertThat(failed(new Preflight(needs(true, Optional.empty()), account).run()))
        .extracting(Preflight.Check::name).contains("hosted zone delegation");
  }
}
