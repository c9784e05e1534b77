package com.example.txndr.drill.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code preflight} reads from the account, region by region. Every method answers what AWS
 * answers, or throws with what it could not read; the checks decide what passes.
 */
public interface PreflightAccount {
  /** The account of the CLI's credentials (STS GetCallerIdentity). */
  String accountId();

  /** Lambda GetAccountSettings: the account's concurrency limit and what is not reserved yet. */
  LambdaConcurrency lambdaConcurrency(String region);

  /** API Gateway GetAccount: the account-level throttle of the region. */
  Throttle apiGatewayThrottle(String region);

  /** DynamoDB DescribeLimits: the table-level maximum read and write capacity of the region. */
  TableLimits dynamoDbTableLimits(String region);

  /** AWS Backup DescribeRegionSettings: resource type opt-in and management (advanced features) preferences. */
  BackupSettings backupSettings(String region);

  /** Route 53 GetHostedZone: the zone's name and the name servers of its delegation set. */
  HostedZone hostedZone(String zoneId);

  /** The NS records the public DNS answers for a name (the parent zone's delegation). */
  List<String> publicNameServers(String name);

  /** The CAA records of a name in a hosted zone (values, e.g. {@code 0 issue "amazon.com"}). */
  List<String> caaRecords(String zoneId, String name);

  /** S3 HeadBucket with ExpectedBucketOwner: whether the bucket is there, whose and where. */
  Bucket bucket(String region, String name, String expectedOwner);

  /** S3 HeadObject with ExpectedBucketOwner: whether the key is there. */
  boolean objectExists(String region, String bucket, String key, String expectedOwner);

  /** Lambda's account settings. */
  record LambdaConcurrency(int limit, int unreserved) {}

  /** A request rate and burst. */
  record Throttle(double rate, int burst) {}

  /** DynamoDB's table-level maximum capacity units. */
  record TableLimits(long maxRead, long maxWrite) {}

  /** Backup's region settings. */
  record BackupSettings(Map<String, Boolean> optIn, Map<String, Boolean> management) {}

  /** A hosted zone. */
  record HostedZone(String name, List<String> nameServers) {}

  /** What HeadBucket said: found, owned by the expected account, and its region. */
  record Bucket(Status status, Optional<String> region) {}

  /** The outcome of HeadBucket. */
  enum Status { OWNED, MISSING, NOT_OWNED_OR_DENIED }
}
