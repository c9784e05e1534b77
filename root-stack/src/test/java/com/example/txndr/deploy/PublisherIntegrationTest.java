package com.example.txndr.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.deploy.Publisher.RegionReport;
import com.example.txndr.deploy.internal.Digests;
import com.example.txndr.testkit.moto.Moto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The publisher against moto_server: two regions' buckets, skip-unchanged, and the failures. */
class PublisherIntegrationTest {
  private static final String PREFIX = "txn-artifacts";
  private static final String EAST = "us-east-1";
  private static final String WEST = "us-west-2";
  private static final String KEY_PREFIX = FixtureRepo.KEY_PREFIX;
  private static final String JAR_KEY = FixtureRepo.JAR_KEY;
  /** moto's account. */
  private static final String ACCOUNT = "123456789012";

  /**
   * This class's own moto_server (S3 and IAM), reset before each test with IAM enforcement off;
   * the denied-upload test switches it on.
   */
  @RegisterExtension
  static final Moto MOTO = Moto.builder().perClass().build();

  /** Credentials moto accepts while it does not enforce IAM. */
  private static final StaticCredentialsProvider MOTO_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  @TempDir
  static Path repo;

  @TempDir
  static Path dist;

  private static Manifest manifest;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeAll
  static void packageFixtures() {
    FixtureRepo fixture = FixtureRepo.standard(repo);
    manifest = new Packager(repo, "transaction-dr/", "1.2.3").packageTo(dist, fixture.lambdaJar());
  }

  private S3Client s3(String region) {
    return S3Client.builder().region(Region.of(region)).endpointOverride(MOTO.endpoint()).forcePathStyle(true)
        .credentialsProvider(MOTO_CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
  }

  /** Creates a bucket in a region, as the bootstrap template does (LocationConstraint outside us-east-1). */
  private void createBucket(String name, String region) {
    try (S3Client s3 = s3(region)) {
      if (region.equals(EAST)) {
        s3.createBucket(b -> b.bucket(name));
      } else {
        s3.createBucket(b -> b.bucket(name)
            .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region))));
      }
    }
  }

  private void createBothBuckets() {
    createBucket(PREFIX + "-" + EAST, EAST);
    createBucket(PREFIX + "-" + WEST, WEST);
  }

  private Publisher publisher(AwsCredentialsProvider credentials) {
    return new Publisher(settings(credentials));
  }

  private Publisher.Settings settings(AwsCredentialsProvider credentials) {
    return new Publisher.Settings(PREFIX, List.of(EAST, WEST), Optional.of(MOTO.endpoint()), ACCOUNT,
        credentials, new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  private List<RegionReport> publish() {
    return publisher(MOTO_CREDENTIALS).publish(dist);
  }

  private List<String> keys(String region) {
    try (S3Client s3 = s3(region)) {
      return s3.listObjectsV2Paginator(l -> l.bucket(PREFIX + "-" + region)).contents().stream()
          .map(S3Object::key).sorted().toList();
    }
  }

  private HeadObjectResponse head(String region, String key) {
    try (S3Client s3 = s3(region)) {
      return s3.headObject(h -> h.bucket(PREFIX + "-" + region).key(key).checksumMode(ChecksumMode.ENABLED));
    }
  }

  private static List<String> publishedKeys() {
    List<String> keys = new ArrayList<>(manifest.files().stream().map(Manifest.Entry::key).toList());
    keys.add(KEY_PREFIX + "manifest.json");
    return keys.stream().sorted().toList();
  }

  @Test
  void everyFileIsPublishedToTheBucketOfEachRegion() {
    createBothBuckets();

    publish();

    assertThat(keys(EAST)).isEqualTo(publishedKeys());
    assertThat(keys(WEST)).isEqualTo(publishedKeys());
  }

  @Test
  void uploadedObjectCarriesItsSha256AsS3ChecksumAndNoMetadata() {
    createBothBuckets();

    publish();

    HeadObjectResponse jar = head(WEST, JAR_KEY);
    assertThat(jar.checksumSHA256()).isEqualTo(
        java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(FixtureRepo.JAR_SHA256)));
    assertThat(jar.metadata()).doesNotContainKey("sha256");
  }

  @Test
  void eachRegionReportsEveryFileUploaded() {
    createBothBuckets();

    List<RegionReport> reports = publish();

    assertThat(reports).extracting(RegionReport::region, RegionReport::bucket, RegionReport::uploaded,
            RegionReport::unchanged)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(EAST, PREFIX + "-" + EAST, 6, 0),
            org.assertj.core.groups.Tuple.tuple(WEST, PREFIX + "-" + WEST, 6, 0));
  }

  @Test
  void progressLineNamesRegionFileAndSize() {
    createBothBuckets();

    publish();

    long size = manifest.files().stream().filter(f -> f.path().equals("templates/kms.template.json"))
        .findFirst().orElseThrow().size();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("[us-west-2] uploaded templates/kms.template.json (" + size + " B)\n");
  }

  @Test
  void secondPublishUploadsNothing() {
    createBothBuckets();
    publish();
    out.reset();

    List<RegionReport> reports = publish();

    assertThat(reports).extracting(RegionReport::uploaded).containsExactly(0, 0);
    assertThat(reports).extracting(RegionReport::unchanged).containsExactly(6, 6);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("[us-east-1] unchanged " + FixtureRepo.JAR_PATH + "\n");
  }

  @Test
  void objectWithOtherContentIsUploadedAgain() {
    createBothBuckets();
    publish();
    try (S3Client s3 = s3(EAST)) {
      s3.putObject(p -> p.bucket(PREFIX + "-" + EAST).key(KEY_PREFIX + "templates/kms.template.json"),
          RequestBody.fromString("{}"));
    }

    List<RegionReport> reports = publish();

    assertThat(reports).extracting(RegionReport::uploaded).containsExactly(1, 0);
    assertThat(head(EAST, KEY_PREFIX + "templates/kms.template.json").checksumSHA256())
        .isEqualTo(Digests.hexToBase64(entry("templates/kms.template.json").sha256()));
  }

  private static Manifest.Entry entry(String path) {
    return manifest.files().stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
  }

  /**
   * Overwrites a published template in us-east-1 as the review's misuse path does: other content
   * padded to the same size, with {@code x-amz-meta-sha256} set to the legitimate hash, and, when
   * {@code forgedChecksum}, the legitimate SHA-256 sent as its checksum (real S3 rejects that upload
   * with BadDigest; moto 5.2.1 stores it, which lets the test show that verify reads the bytes).
   */
  private void tamper(String path, boolean forgedChecksum) {
    Manifest.Entry e = entry(path);
    String evil = "{\"Resources\":{\"Admin\":{\"Type\":\"AWS::IAM::Role\"}}}";
    String padded = evil + " ".repeat((int) e.size() - evil.length());
    try (S3Client s3 = s3(EAST)) {
      s3.putObject(p -> {
        p.bucket(PREFIX + "-" + EAST).key(e.key()).metadata(Map.of("sha256", e.sha256()));
        if (forgedChecksum) {
          p.checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(Digests.hexToBase64(e.sha256()));
        }
      }, RequestBody.fromString(padded));
    }
  }

  @Test
  void tamperedObjectOfSameSizeWithForgedMetadataIsUploadedAgain() {
    createBothBuckets();
    publish();
    tamper("templates/root.template.json", false);
    out.reset();

    List<RegionReport> reports = publish();

    assertThat(reports).extracting(RegionReport::uploaded).containsExactly(1, 0);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("[us-east-1] uploaded templates/root.template.json")
        .doesNotContain("[us-east-1] unchanged templates/root.template.json");
  }

  @Test
  void verifyPassesOnWhatWasPublished() {
    createBothBuckets();
    publish();
    out.reset();

    List<Publisher.RegionVerification> results = publisher(MOTO_CREDENTIALS).verify(dist);

    assertThat(results).extracting(Publisher.RegionVerification::verified).containsExactly(6, 6);
    assertThat(results).allSatisfy(r -> assertThat(r.mismatches()).isEmpty());
  }

  @Test
  void verifyReportsTamperedObjectOfSameSizeWithForgedMetadata() {
    createBothBuckets();
    publish();
    tamper("templates/root.template.json", false);
    out.reset();

    assertThatThrownBy(() -> publisher(MOTO_CREDENTIALS).verify(dist))
        .isExactlyInstanceOf(PublishException.class)
        .hasMessageStartingWith("1 published object does not match " + dist.resolve("manifest.json"))
        .hasMessageContaining("[us-east-1] templates/root.template.json: s3://" + PREFIX + "-" + EAST + "/"
            + KEY_PREFIX + "templates/root.template.json has SHA-256 ");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("[us-east-1] MISMATCH templates/root.template.json")
        .contains("[us-west-2] verify: 6 of 6 objects match");
  }

  @Test
  void verifyReportsTamperedObjectWhoseStoredChecksumIsForged() {
    createBothBuckets();
    publish();
    tamper("templates/root.template.json", true);

    assertThatThrownBy(() -> publisher(MOTO_CREDENTIALS).verify(dist))
        .isExactlyInstanceOf(PublishException.class)
        .hasMessageContaining("[us-east-1] templates/root.template.json: s3://" + PREFIX + "-" + EAST + "/"
            + KEY_PREFIX + "templates/root.template.json");
  }

  @Test
  void verifyReportsMissingObject() {
    createBothBuckets();
    publish();
    try (S3Client s3 = s3(WEST)) {
      s3.deleteObject(d -> d.bucket(PREFIX + "-" + WEST).key(JAR_KEY));
    }

    assertThatThrownBy(() -> publisher(MOTO_CREDENTIALS).verify(dist))
        .isExactlyInstanceOf(PublishException.class)
        .hasMessageContaining("[us-west-2] " + FixtureRepo.JAR_PATH + ": s3://" + PREFIX + "-" + WEST + "/" + JAR_KEY
            + " is missing");
  }

  @Test
  void verifyCommandFailsWithStatusOneOnTamperedObject() {
    createBothBuckets();
    publish();
    tamper("templates/root.template.json", false);
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("AWS_ENDPOINT_URL", MOTO.endpoint().toString()),
        "verify", "--dist=" + dist, "--bucket-prefix=" + PREFIX, "--expected-bucket-owner=" + ACCOUNT);

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: 1 published object does not match");
  }

  @Test
  void missingBucketFailsWithTheBootstrapTemplateToDeploy() {
    createBucket(PREFIX + "-" + EAST, EAST);

    assertThatThrownBy(this::publish)
        .isExactlyInstanceOf(PublishException.class)
        .hasMessage("artifact bucket txn-artifacts-us-west-2 does not exist in us-west-2: deploy "
            + "stacksets/templates/bootstrap.template.json there first (see README)");
  }

  @Test
  void missingBucketInOneRegionStopsBeforeAnyUpload() {
    createBucket(PREFIX + "-" + EAST, EAST);

    assertThatThrownBy(this::publish).isExactlyInstanceOf(PublishException.class);

    assertThat(keys(EAST)).isEmpty();
  }

  @Test
  void bucketCreatedInTheOtherRegionIsRejected() {
    createBucket(PREFIX + "-" + EAST, EAST);
    createBucket(PREFIX + "-" + WEST, EAST);

    assertThatThrownBy(this::publish)
        .isExactlyInstanceOf(PublishException.class)
        .hasMessage("artifact bucket txn-artifacts-us-west-2 is in us-east-1, not in us-west-2: each region "
            + "reads its artifacts from a bucket in that region; deploy "
            + "stacksets/templates/bootstrap.template.json in us-west-2 (see README), or check "
            + "-Dpublish.bucketPrefix");
  }

  @Test
  void deniedUploadNamesBucketRegionAndPermission() throws IOException {
    createBothBuckets();
    AccessKey key;
    try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(MOTO.endpoint())
        .credentialsProvider(MOTO_CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build()) {
      iam.createUser(u -> u.userName("publisher"));
      iam.putUserPolicy(p -> p.userName("publisher").policyName("no-uploads").policyDocument("""
          {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}]}"""));
      key = iam.createAccessKey(k -> k.userName("publisher")).accessKey();
    }
    MOTO.enforceIam();
    Publisher publisher = publisher(StaticCredentialsProvider.create(
        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())));

    assertThatThrownBy(() -> publisher.publish(dist))
        .isExactlyInstanceOf(PublishException.class)
        .hasMessage("access denied in us-east-1: PutObject on s3://txn-artifacts-us-east-1/" + JAR_KEY
            + " was refused (AccessDenied). The publishing identity needs s3:PutObject on "
            + "arn:aws:s3:::txn-artifacts-us-east-1/" + KEY_PREFIX + "* and kms:GenerateDataKey on the "
            + "bucket's default encryption key, and must be one of the bootstrap's PublisherPrincipalArns (its bucket "
            + "and key policies deny every other writer); check which identity is in use with aws sts get-caller-identity. "
            + "Or the bucket is not owned by account 123456789012 (the call named it as ExpectedBucketOwner): then "
            + "another account holds the name, and nothing may be published there; check with aws s3api "
            + "get-bucket-acl --bucket txn-artifacts-us-east-1 --expected-bucket-owner 123456789012, and deploy "
            + "with another ProjectName or EnvironmentName if it is not yours");
  }

  @Test
  void everyS3CallNamesTheExpectedBucketOwner() {
    createBothBuckets();
    List<String> calls = new ArrayList<>();
    ExecutionInterceptor recorder = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        calls.add(request.method() + " " + request.encodedPath() + " owner="
            + request.firstMatchingHeader("x-amz-expected-bucket-owner").orElse("(none)"));
      }
    };
    Publisher publisher = new Publisher(settings(MOTO_CREDENTIALS), region -> S3Client.builder()
        .region(Region.of(region)).endpointOverride(MOTO.endpoint()).forcePathStyle(true)
        .credentialsProvider(MOTO_CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.addExecutionInterceptor(recorder)).build());

    publisher.publish(dist);

    assertThat(calls).isNotEmpty()
        .anyMatch(call -> call.startsWith("HEAD /txn-artifacts-us-west-2 "))
        .anyMatch(call -> call.startsWith("PUT /txn-artifacts-us-east-1/"))
        .allMatch(call -> call.endsWith(" owner=" + ACCOUNT));
  }

  @Test
  void ownerThatIsNotAnAccountIdIsRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> new Publisher.Settings(PREFIX, List.of(EAST), Optional.empty(), "acme",
        MOTO_CREDENTIALS, System.out))
        .isExactlyInstanceOf(PublishException.class)
        .hasMessage("expected bucket owner \"acme\" is not an AWS account ID (12 digits): give the account that "
            + "ran the bootstrap (--expected-bucket-owner, -Dpublish.expectedBucketOwner), or leave it empty to use "
            + "the publishing identity's account");
  }

  @Test
  void publishCommandTakesTheEndpointFromAwsEndpointUrl() {
    createBothBuckets();

    // Credentials come from the aws.accessKeyId/aws.secretAccessKey system properties (failsafe).
    int status = Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
        Map.of("AWS_ENDPOINT_URL", MOTO.endpoint().toString()),
        "publish", "--dist=" + dist, "--bucket-prefix=" + PREFIX);

    assertThat(status).isZero();
    assertThat(keys(WEST)).isEqualTo(publishedKeys());
  }
}
