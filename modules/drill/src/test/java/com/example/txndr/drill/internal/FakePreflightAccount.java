package com.example.txndr.drill.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An account where everything the packaged system needs is in place; tests break one thing each. */
final class FakePreflightAccount implements PreflightAccount {
  static final String ACCOUNT = "123456789012";

  final Map<String, LambdaConcurrency> lambda = new HashMap<>();
  final Map<String, Throttle> api = new HashMap<>();
  final Map<String, TableLimits> dynamoDb = new HashMap<>();
  final Map<String, BackupSettings> backup = new HashMap<>();
  final Map<String, Bucket> buckets = new HashMap<>();
  final List<String> objects = new ArrayList<>();
  final List<String> unreadable = new ArrayList<>();
  HostedZone zone = new HostedZone("dr.example.com.", List.of("ns-1.awsdns-01.org", "ns-2.awsdns-02.com"));
  List<String> publicNameServers = new ArrayList<>(List.of("ns-2.awsdns-02.com.", "NS-1.awsdns-01.org."));
  List<String> caa = new ArrayList<>();

  FakePreflightAccount(String manifestKey) {
    for (String region : List.of("us-east-1", "us-west-2")) {
      lambda.put(region, new LambdaConcurrency(2100, 2100));
      api.put(region, new Throttle(10000, 5000));
      dynamoDb.put(region, new TableLimits(40000, 400000));
      backup.put(region, new BackupSettings(Map.of("DynamoDB", true, "S3", true), Map.of("DynamoDB", true)));
      String bucket = "txn-dr-prod-artifacts-" + ACCOUNT + "-" + region;
      buckets.put(bucket, new Bucket(Status.OWNED, Optional.of(region)));
      objects.add(bucket + "/" + manifestKey);
    }
  }

  private void readable(String what) {
    if (unreadable.contains(what)) {
      throw new IllegalStateException(what + " answered HTTP 403: AccessDenied");
    }
  }

  @Override
  public String accountId() {
    return ACCOUNT;
  }

  @Override
  public LambdaConcurrency lambdaConcurrency(String region) {
    readable("lambda");
    return lambda.get(region);
  }

  @Override
  public Throttle apiGatewayThrottle(String region) {
    return api.get(region);
  }

  @Override
  public TableLimits dynamoDbTableLimits(String region) {
    return dynamoDb.get(region);
  }

  @Override
  public BackupSettings backupSettings(String region) {
    return backup.get(region);
  }

  @Override
  public HostedZone hostedZone(String zoneId) {
    return zone;
  }

  @Override
  public List<String> publicNameServers(String name) {
    return publicNameServers;
  }

  @Override
  public List<String> caaRecords(String zoneId, String name) {
    return caa;
  }

  @Override
  public Bucket bucket(String region, String name, String expectedOwner) {
    return expectedOwner.equals(ACCOUNT) ? buckets.getOrDefault(name, new Bucket(Status.MISSING, Optional.empty()))
        : new Bucket(Status.NOT_OWNED_OR_DENIED, Optional.empty());
  }

  @Override
  public boolean objectExists(String region, String bucket, String key, String expectedOwner) {
    return objects.contains(bucket + "/" + key);
  }
}
