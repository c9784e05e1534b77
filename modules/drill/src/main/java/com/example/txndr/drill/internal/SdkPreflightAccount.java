package com.example.txndr.drill.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.GetHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@link PreflightAccount} on AWS: STS, DynamoDB, Route 53 and S3 through the SDK; Lambda's
 * GetAccountSettings, API Gateway's GetAccount and AWS Backup's DescribeRegionSettings as
 * SigV4-signed REST calls (the SDK release this project pins has no client for them in the
 * Maven registry); the public DNS through the JDK's DNS provider.
 */
public final class SdkPreflightAccount implements PreflightAccount {
  private final AwsSettings aws;
  private final Http http;

  public SdkPreflightAccount(AwsSettings aws, Http http) {
    this.aws = aws;
    this.http = http;
  }

  @Override
  public String accountId() {
    try (StsClient sts = aws.configure(StsClient.builder(), Region.US_EAST_1).build()) {
      return sts.getCallerIdentity().account();
    }
  }

  private URI base(String service, String region) {
    return aws.endpointOverride() != null ? aws.endpointOverride()
        : URI.create("https://" + service + "." + region + ".amazonaws.com");
  }

  private Map<String, Object> get(String service, String region, String path, String what) {
    Http.Answer answer = http.signed("GET", URI.create(base(service, region) + path), service, region, Map.of(), null);
    if (answer.status() != 200) {
      throw new IllegalStateException(what + " in " + region + " answered HTTP " + answer.status() + ": "
          + answer.body());
    }
    return JsonText.objectOrEmpty(answer.body());
  }

  @Override
  public LambdaConcurrency lambdaConcurrency(String region) {
    Map<String, Object> settings = get("lambda", region, "/2016-08-19/account-settings/", "Lambda GetAccountSettings");
    Map<?, ?> limit = settings.get("AccountLimit") instanceof Map<?, ?> m ? m : Map.of();
    return new LambdaConcurrency(number(limit.get("ConcurrentExecutions")).intValue(),
        number(limit.get("UnreservedConcurrentExecutions")).intValue());
  }

  @Override
  public Throttle apiGatewayThrottle(String region) {
    Map<String, Object> account = get("apigateway", region, "/account", "API Gateway GetAccount");
    Map<?, ?> throttle = account.get("throttleSettings") instanceof Map<?, ?> m ? m : Map.of();
    return new Throttle(number(throttle.get("rateLimit")).doubleValue(), number(throttle.get("burstLimit")).intValue());
  }

  @Override
  public TableLimits dynamoDbTableLimits(String region) {
    try (DynamoDbClient dynamoDb = aws.configure(DynamoDbClient.builder(), Region.of(region)).build()) {
      DescribeLimitsResponse limits = dynamoDb.describeLimits(r -> { });
      return new TableLimits(limits.tableMaxReadCapacityUnits(), limits.tableMaxWriteCapacityUnits());
    }
  }

  @Override
  public BackupSettings backupSettings(String region) {
    Map<String, Object> settings = get("backup", region, "/account-settings", "AWS Backup DescribeRegionSettings");
    return new BackupSettings(flags(settings.get("ResourceTypeOptInPreference")),
        flags(settings.get("ResourceTypeManagementPreference")));
  }

  @Override
  public HostedZone hostedZone(String zoneId) {
    try (Route53Client route53 = aws.configure(Route53Client.builder(), Region.AWS_GLOBAL).build()) {
      GetHostedZoneResponse zone = route53.getHostedZone(r -> r.id(zoneId));
      return new HostedZone(zone.hostedZone().name(),
          zone.delegationSet() == null ? List.of() : zone.delegationSet().nameServers());
    }
  }

  @Override
  public List<String> publicNameServers(String name) {
    // InitialDirContext takes a Hashtable; no other map will do.
    @SuppressWarnings("JdkObsolete")
    Hashtable<String, String> environment = new Hashtable<>();
    environment.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
    environment.put("com.sun.jndi.dns.timeout.initial", "2000");
    environment.put("com.sun.jndi.dns.timeout.retries", "2");
    List<String> out = new ArrayList<>();
    try {
      DirContext dns = new InitialDirContext(environment);
      try {
        // JNDI's DNS provider only (factory fixed above): it returns strings, deserializes nothing.
        @SuppressWarnings("BanJNDI")
        Attribute ns = dns.getAttributes(name, new String[] {"NS"}).get("NS");
        if (ns != null) {
          NamingEnumeration<?> values = ns.getAll();
          while (values.hasMore()) {
            out.add(String.valueOf(values.next()));
          }
        }
      } finally {
        dns.close();
      }
    } catch (javax.naming.NameNotFoundException e) {
      return List.of();
    } catch (NamingException e) {
      throw new IllegalStateException("the public DNS did not answer NS for " + name + ": " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public List<String> caaRecords(String zoneId, String name) {
    try (Route53Client route53 = aws.configure(Route53Client.builder(), Region.AWS_GLOBAL).build()) {
      List<String> out = new ArrayList<>();
      for (ResourceRecordSet set : route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)
          .startRecordName(name).startRecordType(RRType.CAA).maxItems("10")).resourceRecordSets()) {
        String setName = set.name().endsWith(".") ? set.name().substring(0, set.name().length() - 1) : set.name();
        if (set.type() == RRType.CAA && setName.equalsIgnoreCase(name)) {
          set.resourceRecords().stream().map(ResourceRecord::value).forEach(out::add);
        }
      }
      return out;
    }
  }

  private S3Client s3(String region) {
    S3ClientBuilder builder = aws.configure(S3Client.builder(), Region.of(region));
    if (aws.endpointOverride() != null) {
      builder.forcePathStyle(true);
    }
    return builder.build();
  }

  @Override
  public Bucket bucket(String region, String name, String expectedOwner) {
    try (S3Client s3 = s3(region)) {
      HeadBucketResponse head = s3.headBucket(r -> r.bucket(name).expectedBucketOwner(expectedOwner));
      return new Bucket(Status.OWNED, Optional.ofNullable(head.bucketRegion()).filter(r -> !r.isEmpty()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return new Bucket(Status.MISSING, Optional.empty());
      }
      if (e.statusCode() == 301) {
        return new Bucket(Status.OWNED, e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region"));
      }
      if (e.statusCode() == 403) {
        return new Bucket(Status.NOT_OWNED_OR_DENIED, Optional.empty());
      }
      throw e;
    }
  }

  @Override
  public boolean objectExists(String region, String bucket, String key, String expectedOwner) {
    try (S3Client s3 = s3(region)) {
      s3.headObject(r -> r.bucket(bucket).key(key).expectedBucketOwner(expectedOwner));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private static Number number(Object value) {
    if (value instanceof Number n) {
      return n;
    }
    throw new IllegalStateException("expected a number, got " + value);
  }

  private static Map<String, Boolean> flags(Object value) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> out.put(String.valueOf(k), Boolean.TRUE.equals(v)));
    }
    return out;
  }
}
