package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.testkit.moto.Moto;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/** The SDK side of preflight against moto_server, for what moto serves (not Lambda's or Backup's settings). */
class SdkPreflightAccountIntegrationTest {
  @RegisterExtension
  static final Moto MOTO = Moto.builder().build();

  private final AwsSettings aws = MotoAws.settings(MOTO.endpoint());
  private final SdkPreflightAccount account = new SdkPreflightAccount(aws, new SignedHttp(aws.credentials()));

  private S3Client s3(String region) {
    return aws.configure(S3Client.builder(), Region.of(region)).forcePathStyle(true).build();
  }

  @Test
  void accountIsTheCallersAccount() {
    assertThat(account.accountId()).isEqualTo("123456789012");
  }

  @Test
  void apiGatewayAccountThrottleIsRead() {
    PreflightAccount.Throttle throttle = account.apiGatewayThrottle("us-east-1");

    assertThat(throttle.rate()).isPositive();
    assertThat(throttle.burst()).isPositive();
  }

  @Test
  void dynamoDbTableLimitsAreRead() {
    PreflightAccount.TableLimits limits = account.dynamoDbTableLimits("us-west-2");

    assertThat(limits.maxWrite()).isPositive();
    assertThat(limits.maxRead()).isPositive();
  }

  @Test
  void bucketOfThisAccountIsOwnedAndItsRegionAndObjectsAreSeen() {
    try (S3Client s3 = s3("us-west-2")) {
      s3.createBucket(b -> b.bucket("txn-dr-dev-artifacts-123456789012-us-west-2")
          .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.US_WEST_2)));
      s3.putObject(p -> p.bucket("txn-dr-dev-artifacts-123456789012-us-west-2").key("r/manifest.json"),
          RequestBody.fromString("{}"));
    }

    PreflightAccount.Bucket bucket = account.bucket("us-west-2", "txn-dr-dev-artifacts-123456789012-us-west-2",
        "123456789012");

    assertThat(bucket.status()).isEqualTo(PreflightAccount.Status.OWNED);
    assertThat(bucket.region()).contains("us-west-2");
    assertThat(account.objectExists("us-west-2", "txn-dr-dev-artifacts-123456789012-us-west-2", "r/manifest.json",
        "123456789012")).isTrue();
    assertThat(account.objectExists("us-west-2", "txn-dr-dev-artifacts-123456789012-us-west-2", "q/manifest.json",
        "123456789012")).isFalse();
  }

  @Test
  void missingBucketIsMissing() {
    assertThat(account.bucket("us-east-1", "txn-dr-dev-artifacts-123456789012-us-east-1", "123456789012"))
        .isEqualTo(new PreflightAccount.Bucket(PreflightAccount.Status.MISSING, Optional.empty()));
  }

  @Test
  void hostedZoneNameServersAndCaaRecordsAreRead() {
    String zoneId;
    try (Route53Client route53 = aws.configure(Route53Client.builder(), Region.AWS_GLOBAL).build()) {
      zoneId = route53.createHostedZone(z -> z.name("dr.example.com").callerReference("preflight"))
          .hostedZone().id().replace("/hostedzone/", "");
      String id = zoneId;
      route53.changeResourceRecordSets(c -> c.hostedZoneId(id).changeBatch(b -> b.changes(ch -> ch
          .action(ChangeAction.CREATE).resourceRecordSet(r -> r.name("dr.example.com").type(RRType.CAA).ttl(300L)
              .resourceRecords(v -> v.value("0 issue \"amazon.com\""))))));
    }

    PreflightAccount.HostedZone zone = account.hostedZone(zoneId);

    assertThat(zone.name()).isEqualTo("dr.example.com.");
    assertThat(zone.nameServers()).isNotEmpty();
    assertThat(account.caaRecords(zoneId, "dr.example.com")).containsExactly("0 issue \"amazon.com\"");
  }
}
