package com.example.txndr.drill.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The checks a user runs before the first deploy, in both regions: Lambda concurrency, the API
 * Gateway account throttle and DynamoDB's table-level throughput against what the packaged
 * templates need ({@link PreflightNeeds}), AWS Backup's region settings, the artifact buckets
 * (there, in their region, owned by this account, the release published), and with a custom
 * domain the hosted zone's delegation and the CAA records ACM's certificate needs. Each failure
 * says what to fix; a check that cannot read what it needs fails too.
 */
public final class Preflight {
  /** Lambda keeps this many executions unreserved in every account and region. */
  static final int LAMBDA_UNRESERVED_MINIMUM = 100;
  /** CAA issuer domains that let ACM issue a certificate. */
  static final Set<String> AMAZON_CAA_ISSUERS = Set.of("amazon.com", "amazontrust.com", "awstrust.com", "amazonaws.com");

  /** One check's outcome. */
  public record Check(String region, String name, boolean passed, String detail, String fix) {
    /** The line the command prints. */
    public String line() {
      return (passed ? "PASS " : "FAIL ") + region + " " + name + ": " + detail + (passed ? "" : ". Fix: " + fix);
    }
  }

  private final PreflightNeeds needs;
  private final PreflightAccount account;

  public Preflight(PreflightNeeds needs, PreflightAccount account) {
    this.needs = needs;
    this.account = account;
  }

  /** Every check, the regions' first, in order. */
  public List<Check> run() {
    List<Check> checks = new ArrayList<>();
    String accountId = account.accountId();
    for (String region : needs.regions()) {
      checks.add(guarded(region, "Lambda concurrency", "lambda:GetAccountSettings", () -> lambda(region)));
      checks.add(guarded(region, "API Gateway throttle", "apigateway:GET on /account", () -> apiGateway(region)));
      checks.add(guarded(region, "DynamoDB table throughput", "dynamodb:DescribeLimits", () -> dynamoDb(region)));
      if (needs.backupPlan()) {
        checks.add(guarded(region, "AWS Backup settings", "backup:DescribeRegionSettings", () -> backup(region)));
      }
      checks.add(guarded(region, "artifact bucket", "s3:ListBucket and s3:GetObject on the bucket",
          () -> artifacts(region, accountId)));
    }
    if (needs.customDomain()) {
      checks.add(guarded("global", "hosted zone delegation", "route53:GetHostedZone", this::delegation));
      checks.add(guarded("global", "certificate (CAA)", "route53:ListResourceRecordSets", this::caa));
    }
    return checks;
  }

  /** 0 when every check passed. */
  public static int exitCode(List<Check> checks) {
    return checks.stream().allMatch(Check::passed) ? Cli.OK : Cli.FAILED;
  }

  private static Check guarded(String region, String name, String permission, Supplier<Check> check) {
    try {
      return check.get();
    } catch (RuntimeException e) {
      return new Check(region, name, false, "could not be read (" + Watch.describe(e) + ")",
          "run preflight with credentials that allow " + permission + " in " + region
              + (region.equals("global") ? "" : ", and check that the region is reachable"));
    }
  }

  private Check lambda(String region) {
    int reserved = needs.reservedConcurrency().getOrDefault(region, 0);
    PreflightAccount.LambdaConcurrency lambda = account.lambdaConcurrency(region);
    int needed = reserved + LAMBDA_UNRESERVED_MINIMUM;
    String detail = "the functions reserve " + reserved + " and Lambda keeps " + LAMBDA_UNRESERVED_MINIMUM
        + " unreserved, so " + needed + " must be unreserved now; the account has " + lambda.unreserved()
        + " unreserved of " + lambda.limit();
    return new Check(region, "Lambda concurrency", lambda.unreserved() >= needed, detail,
        "request the Lambda quota 'Concurrent executions' of at least " + (lambda.limit() - lambda.unreserved() + needed)
            + " in " + region + " (Service Quotas, AWS Lambda), or lower ReservedConcurrency");
  }

  private Check apiGateway(String region) {
    int rate = needs.apiRate().getOrDefault(region, 0);
    int burst = needs.apiBurst().getOrDefault(region, 0);
    PreflightAccount.Throttle account = this.account.apiGatewayThrottle(region);
    boolean ok = rate <= account.rate() && burst <= account.burst();
    String detail = "the HTTP API stage throttles at " + rate + " requests/s, burst " + burst + "; the account allows "
        + format(account.rate()) + " requests/s, burst " + account.burst();
    return new Check(region, "API Gateway throttle", ok, detail,
        "request the API Gateway quotas 'Throttle rate' of at least " + rate + " and 'Throttle burst' of at least "
            + burst + " in " + region + " (Service Quotas, Amazon API Gateway), or lower ApiThrottlingRateLimit and"
            + " ApiThrottlingBurstLimit");
  }

  private Check dynamoDb(String region) {
    PreflightAccount.TableLimits limits = account.dynamoDbTableLimits(region);
    boolean ok = needs.warmWrites() <= limits.maxWrite() && needs.warmReads() <= limits.maxRead();
    String detail = "the global table is pre-warmed to " + needs.warmWrites() + " write and " + needs.warmReads()
        + " read units/s in every replica; the table-level quota is " + limits.maxWrite() + " write and "
        + limits.maxRead() + " read units/s";
    return new Check(region, "DynamoDB table throughput", ok, detail,
        "request the DynamoDB quotas 'Table-level write throughput limit' of at least " + needs.warmWrites()
            + " and 'Table-level read throughput limit' of at least " + needs.warmReads() + " in " + region
            + " (Service Quotas, Amazon DynamoDB), or lower WarmWriteUnitsPerSecond and WarmReadUnitsPerSecond outside"
            + " production");
  }

  private Check backup(String region) {
    PreflightAccount.BackupSettings settings = account.backupSettings(region);
    List<String> missing = new ArrayList<>();
    for (String type : List.of("DynamoDB", "S3")) {
      if (!Boolean.TRUE.equals(settings.optIn().get(type))) {
        missing.add(type + " opt-in");
      }
    }
    if (!Boolean.TRUE.equals(settings.management().get("DynamoDB"))) {
      missing.add("DynamoDB advanced features (cross-region copies of the table need them)");
    }
    String detail = missing.isEmpty() ? "DynamoDB and S3 opted in, DynamoDB advanced features on"
        : "missing: " + String.join(", ", missing);
    return new Check(region, "AWS Backup settings", missing.isEmpty(), detail,
        "aws backup update-region-settings --region " + region + " --resource-type-opt-in-preference"
            + " DynamoDB=true,S3=true --resource-type-management-preference DynamoDB=true");
  }

  private Check artifacts(String region, String accountId) {
    String prefix = needs.bucketPrefix().orElse(needs.namePrefix() + "-artifacts-" + accountId);
    String bucket = prefix + "-" + region;
    PreflightAccount.Bucket head = account.bucket(region, bucket, accountId);
    String name = "artifact bucket";
    switch (head.status()) {
      case MISSING:
        return new Check(region, name, false, bucket + " does not exist",
            "deploy stacksets/templates/bootstrap.template.json in " + region + " (README, deploy step 2), or give the"
                + " bootstrap's ArtifactBucketPrefix in the parameters file");
      case NOT_OWNED_OR_DENIED:
        return new Check(region, name, false, bucket + " refused HeadBucket with ExpectedBucketOwner " + accountId
            + ": it belongs to another account, or these credentials may not list it",
            "if aws s3api get-bucket-acl --bucket " + bucket + " --expected-bucket-owner " + accountId + " is also"
                + " refused, the name is taken by another account: deploy with another ProjectName or EnvironmentName;"
                + " otherwise allow s3:ListBucket on it");
      default:
        break;
    }
    if (head.region().isPresent() && !head.region().get().equals(region)) {
      return new Check(region, name, false, bucket + " is in " + head.region().get() + ", not in " + region,
          "each region reads its artifacts from a bucket in that region: deploy the bootstrap in " + region);
    }
    if (!account.objectExists(region, bucket, needs.manifestKey(), accountId)) {
      return new Check(region, name, false, bucket + " is owned by " + accountId + " but has no "
          + needs.manifestKey() + " (this release is not published)",
          "publish it: ./mvnw package -Dpublish.bucketPrefix=" + prefix);
    }
    return new Check(region, name, true, bucket + " is owned by " + accountId + " and holds the release "
        + needs.manifestKey(), "");
  }

  private Check delegation() {
    String name = "hosted zone delegation";
    if (needs.existingHostedZoneId().isEmpty()) {
      return new Check("global", name, false, "UseCustomDomain is true but ExistingHostedZoneId is empty",
          "give ExistingHostedZoneId (your delegated zone named HostedZoneName), or set UseCustomDomain to false"
              + " (rule CustomDomainNeedsExistingZone)");
    }
    String zoneId = needs.existingHostedZoneId().get();
    PreflightAccount.HostedZone zone = account.hostedZone(zoneId);
    String zoneName = dns(zone.name());
    if (needs.hostedZoneName().isPresent() && !zoneName.equals(dns(needs.hostedZoneName().get()))) {
      return new Check("global", name, false, "zone " + zoneId + " is " + zoneName + ", not HostedZoneName "
          + needs.hostedZoneName().get(), "give the ID of the zone named " + needs.hostedZoneName().get());
    }
    Set<String> expected = normalised(zone.nameServers());
    Set<String> answered = normalised(account.publicNameServers(zoneName));
    boolean ok = !expected.isEmpty() && expected.equals(answered);
    return new Check("global", name, ok, "zone " + zoneName + " (" + zoneId + ") has name servers " + expected
        + "; the public DNS answers " + (answered.isEmpty() ? "none" : answered),
        "in the parent domain, set the NS record of " + zoneName + " to " + expected
            + " (ACM validates each region's certificate through this zone)");
  }

  private Check caa() {
    String name = "certificate (CAA)";
    if (needs.existingHostedZoneId().isEmpty() || needs.hostedZoneName().isEmpty()) {
      return new Check("global", name, false, "no existing zone to check", "give ExistingHostedZoneId and HostedZoneName");
    }
    List<String> records = account.caaRecords(needs.existingHostedZoneId().get(), dns(needs.hostedZoneName().get()));
    List<String> issuers = new ArrayList<>();
    for (String record : records) {
      String[] parts = record.trim().split("\\s+", 3);
      if (parts.length == 3 && parts[1].toLowerCase(Locale.ROOT).startsWith("issue")) {
        issuers.add(parts[2].replace("\"", "").split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
      }
    }
    boolean ok = issuers.isEmpty() || issuers.stream().anyMatch(AMAZON_CAA_ISSUERS::contains);
    return new Check("global", name, ok, issuers.isEmpty() ? "no CAA record restricts who may issue for "
        + needs.hostedZoneName().get() : "CAA records allow " + issuers,
        "add a CAA record 0 issue \"amazon.com\" to " + needs.hostedZoneName().get()
            + " so that ACM may issue the API's certificate");
  }

  private static String dns(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  private static Set<String> normalised(List<String> names) {
    Set<String> out = new TreeSet<>();
    names.forEach(n -> out.add(dns(n)));
    return out;
  }

  private static String format(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
