package com.example.txndr.deploy;

import com.example.txndr.deploy.internal.Digests;
import com.example.txndr.deploy.internal.S3Failures;
import com.example.txndr.deploy.internal.S3Failures.Operation;
import com.example.txndr.deploy.internal.Sizes;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Publishes a packaged {@code dist/} tree to the artifact bucket of each region
 * ({@code <bucketPrefix>-<region>}), and verifies a published tree against the local manifest. A
 * file whose object already has the same size and the same SHA-256 <em>checksum</em> is skipped:
 * the checksum is the one S3 computed or validated on upload ({@code ChecksumSHA256}, read with
 * checksum mode), never user metadata, which is whatever the uploader sent. Every upload carries its
 * SHA-256 (S3 rejects the upload when the bytes do not have it) and is verified afterwards by size and
 * checksum. The manifest goes last, so a reader never sees a manifest naming missing objects. The
 * bucket's default encryption (SSE-KMS, from the bootstrap template) applies: no encryption header
 * is sent. {@link #verify(Path)} downloads every object the local manifest names and recomputes its
 * SHA-256 (docs/adr/0012).
 */
public final class Publisher {
  /** The regions the project deploys to; publishing is limited to them. */
  public static final List<String> SUPPORTED_REGIONS = List.of("us-east-1", "us-west-2");

  private static final long LARGE = 1024 * 1024;

  private final Settings settings;
  private final Function<String, S3Client> clientFactory;

  /**
   * What to publish where.
   *
   * @param bucketPrefix the bucket of a region is {@code <bucketPrefix>-<region>}
   * @param regions the regions to publish to, in order
   * @param endpoint an S3 endpoint to use instead of AWS's (moto, a VPC endpoint); path-style
   * @param expectedBucketOwner the account that must own every bucket (12 digits), sent as
   *     {@code ExpectedBucketOwner} on every S3 call: S3 refuses a call to a bucket another account
   *     owns, so a bucket someone else created under the predictable name never receives the code
   * @param credentials the identity that publishes
   * @param out where progress lines go
   */
  public record Settings(String bucketPrefix, List<String> regions, Optional<URI> endpoint,
      String expectedBucketOwner, AwsCredentialsProvider credentials, PrintStream out) {
    /** Checks the prefix, the owner and the regions. */
    public Settings {
      Objects.requireNonNull(credentials, "credentials");
      Objects.requireNonNull(out, "out");
      if (expectedBucketOwner == null || !expectedBucketOwner.matches("^[0-9]{12}$")) {
        throw new PublishException("expected bucket owner \"" + expectedBucketOwner + "\" is not an AWS account "
            + "ID (12 digits): give the account that ran the bootstrap (--expected-bucket-owner, "
            + "-Dpublish.expectedBucketOwner), or leave it empty to use the publishing identity's account");
      }
      if (bucketPrefix == null || !bucketPrefix.matches("^[a-z0-9][a-z0-9-]{1,51}[a-z0-9]$")) {
        throw new PublishException("bucket prefix \"" + bucketPrefix + "\" is not usable: 3-53 lowercase "
            + "letters, digits or hyphens, starting and ending with a letter or digit (the bootstrap "
            + "template's ArtifactBucketPrefix)");
      }
      if (regions.isEmpty()) {
        throw new PublishException("no region to publish to: set -Dpublish.regions=us-east-1,us-west-2");
      }
      for (String region : regions) {
        if (!SUPPORTED_REGIONS.contains(region)) {
          throw new PublishException("region " + region + " is not a deployment region of this project: "
              + "publish.regions takes " + String.join(" and ", SUPPORTED_REGIONS));
        }
      }
      regions = List.copyOf(regions);
    }
  }

  /** What one region's publish did. */
  public record RegionReport(String region, String bucket, int uploaded, long uploadedBytes, int unchanged) {}

  /** What one region's verification found: the objects that match, and one line per mismatch. */
  public record RegionVerification(String region, String bucket, int verified, List<String> mismatches) {}

  /** A publisher with these settings. */
  public Publisher(Settings settings) {
    this.settings = settings;
    this.clientFactory = this::client;
  }

  /** With clients made elsewhere (a test that records the requests). */
  Publisher(Settings settings, Function<String, S3Client> clients) {
    this.settings = settings;
    this.clientFactory = clients;
  }

  /** The artifact bucket of a region. */
  public String bucket(String region) {
    return settings.bucketPrefix() + "-" + region;
  }

  /**
   * Publishes the tree to every region, one after the other. Every region's bucket is checked
   * before anything is uploaded; stops at the first failure.
   */
  public List<RegionReport> publish(Path dist) {
    Manifest manifest = Manifest.read(dist);
    List<Upload> uploads = uploads(dist, manifest);
    Map<String, S3Client> clients = new LinkedHashMap<>();
    try {
      for (String region : settings.regions()) {
        S3Client s3 = clientFactory.apply(region);
        clients.put(region, s3);
        checkBucket(s3, bucket(region), manifest.keyPrefix(), region);
      }
      List<RegionReport> reports = new ArrayList<>();
      clients.forEach((region, s3) -> reports.add(publish(s3, region, manifest.keyPrefix(), uploads)));
      return reports;
    } finally {
      clients.values().forEach(S3Client::close);
    }
  }

  private record Upload(Path file, String path, String key, long size, String sha256, String contentType) {}

  /**
   * Checks that every object the local manifest names (and the manifest itself) is in each
   * region's bucket with exactly the local content: downloads it, recomputes its SHA-256 and size,
   * and compares them, and S3's own checksum, with the manifest. Reports every mismatch of every
   * region, then fails with a {@link PublishException} naming them all; uploads nothing.
   */
  public List<RegionVerification> verify(Path dist) {
    Manifest manifest = Manifest.read(dist);
    List<Upload> expected = uploads(dist, manifest);
    List<RegionVerification> results = new ArrayList<>();
    for (String region : settings.regions()) {
      try (S3Client s3 = clientFactory.apply(region)) {
        checkBucket(s3, bucket(region), manifest.keyPrefix(), region);
        results.add(verify(s3, region, manifest.keyPrefix(), expected));
      }
    }
    List<String> all = results.stream().flatMap(r -> r.mismatches().stream()).toList();
    if (!all.isEmpty()) {
      throw new PublishException(all.size() + " published object" + (all.size() == 1 ? " does" : "s do")
          + " not match " + dist.resolve(Manifest.FILE_NAME) + "; do not deploy: find out who wrote "
          + (all.size() == 1 ? "it" : "them") + " (CloudTrail data events, the object's versions), then publish "
          + "again from a clean build:\n  " + String.join("\n  ", all));
    }
    return results;
  }

  private RegionVerification verify(S3Client s3, String region, String keyPrefix, List<Upload> expected) {
    String bucket = bucket(region);
    String tag = "[" + region + "] ";
    List<String> mismatches = new ArrayList<>();
    int verified = 0;
    for (Upload u : expected) {
      String where = "s3://" + bucket + "/" + u.key();
      Optional<HeadObjectResponse> head = head(s3, bucket, u, keyPrefix, region);
      if (head.isEmpty()) {
        mismatch(mismatches, tag, u.path() + ": " + where + " is missing");
        continue;
      }
      Digests.Read read;
      try (var body = s3.getObject(g -> g.bucket(bucket).key(u.key())
          .expectedBucketOwner(settings.expectedBucketOwner()))) {
        read = Digests.sha256Hex(body);
      } catch (S3Exception e) {
        throw S3Failures.of(e, Operation.GET_OBJECT, bucket, u.key(), keyPrefix, region,
            settings.expectedBucketOwner());
      } catch (SdkClientException e) {
        // The SDK checks S3's checksum against the bytes it reads: a mismatch is a finding, not a retry.
        mismatch(mismatches, tag, u.path() + ": " + where + " could not be read intact (" + e.getMessage() + ")");
        continue;
      } catch (java.io.IOException e) {
        mismatch(mismatches, tag, u.path() + ": " + where + " could not be read (" + e.getMessage() + ")");
        continue;
      }
      String s3Checksum = head.get().checksumSHA256();
      String wanted = Digests.hexToBase64(u.sha256());
      if (read.size() != u.size() || !read.sha256().equals(u.sha256())) {
        mismatch(mismatches, tag, u.path() + ": " + where + " has SHA-256 " + read.sha256() + " and " + read.size()
            + " bytes, the manifest says " + u.sha256() + " and " + u.size() + " bytes");
      } else if (!wanted.equals(s3Checksum)) {
        mismatch(mismatches, tag, u.path() + ": " + where + " has the right bytes but S3's checksum is "
            + s3Checksum + ", not " + wanted + " (uploaded without its SHA-256 checksum: publish again)");
      } else {
        settings.out().println(tag + "verified " + u.path());
        verified++;
      }
    }
    settings.out().println(tag + "verify: " + verified + " of " + expected.size() + " objects match the local "
        + Manifest.FILE_NAME + " in s3://" + bucket + "/" + keyPrefix);
    return new RegionVerification(region, bucket, verified, List.copyOf(mismatches));
  }

  private void mismatch(List<String> mismatches, String tag, String line) {
    mismatches.add(tag + line);
    settings.out().println(tag + "MISMATCH " + line);
  }

  /** The files to upload, checked against the manifest; the manifest itself last. */
  private static List<Upload> uploads(Path dist, Manifest manifest) {
    List<Upload> uploads = new ArrayList<>();
    for (Manifest.Entry e : manifest.files()) {
      Path file = dist.resolve(e.path());
      if (!Files.isRegularFile(file) || !Digests.sha256Hex(file).equals(e.sha256())) {
        throw new PublishException(dist + " is stale: " + e.path() + " does not match "
            + Manifest.FILE_NAME + "; run ./mvnw package again");
      }
      uploads.add(new Upload(file, e.path(), e.key(), e.size(), e.sha256(), contentType(e.path())));
    }
    Path file = dist.resolve(Manifest.FILE_NAME);
    uploads.add(new Upload(file, Manifest.FILE_NAME, manifest.manifestKey(), size(file),
        Digests.sha256Hex(file), "application/json"));
    return uploads;
  }

  private RegionReport publish(S3Client s3, String region, String keyPrefix, List<Upload> uploads) {
    String bucket = bucket(region);
    String tag = "[" + region + "] ";
    settings.out().println(tag + "publishing " + uploads.size() + " files to s3://" + bucket + "/" + keyPrefix);
    int uploaded = 0;
    int unchanged = 0;
    long bytes = 0;
    for (Upload u : uploads) {
      Optional<HeadObjectResponse> head = head(s3, bucket, u, keyPrefix, region);
      if (head.isPresent() && matches(head.get(), u)) {
        settings.out().println(tag + "unchanged " + u.path());
        unchanged++;
        continue;
      }
      if (u.size() >= LARGE) {
        settings.out().println(tag + "uploading " + u.path() + " (" + Sizes.human(u.size()) + ") ...");
      }
      put(s3, bucket, u, keyPrefix, region);
      verify(s3, bucket, u, keyPrefix, region);
      settings.out().println(tag + "uploaded " + u.path() + " (" + Sizes.human(u.size()) + ")");
      uploaded++;
      bytes += u.size();
    }
    settings.out().println(tag + "done: " + uploaded + " uploaded and verified (" + Sizes.human(bytes)
        + "), " + unchanged + " unchanged, in s3://" + bucket + "/" + keyPrefix);
    return new RegionReport(region, bucket, uploaded, bytes, unchanged);
  }

  private void checkBucket(S3Client s3, String bucket, String keyPrefix, String region) {
    HeadBucketResponse response;
    try {
      response = s3.headBucket(b -> b.bucket(bucket).expectedBucketOwner(settings.expectedBucketOwner()));
    } catch (S3Exception e) {
      throw S3Failures.of(e, Operation.HEAD_BUCKET, bucket, null, keyPrefix, region, settings.expectedBucketOwner());
    } catch (SdkClientException e) {
      throw S3Failures.of(e, bucket, region);
    }
    String actual = response.bucketRegion();
    if (actual != null && !actual.isEmpty() && !actual.equals(region)) {
      throw S3Failures.wrongRegion(bucket, region, Optional.of(actual));
    }
  }

  private Optional<HeadObjectResponse> head(S3Client s3, String bucket, Upload u, String keyPrefix,
      String region) {
    try {
      return Optional.of(s3.headObject(h -> h.bucket(bucket).key(u.key()).checksumMode(ChecksumMode.ENABLED)
          .expectedBucketOwner(settings.expectedBucketOwner())));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw S3Failures.of(e, Operation.HEAD_OBJECT, bucket, u.key(), keyPrefix, region, settings.expectedBucketOwner());
    } catch (SdkClientException e) {
      throw S3Failures.of(e, bucket, region);
    }
  }

  /**
   * The object holds this content: same size and the same full-object SHA-256 checksum, which S3
   * validated against the bytes it received. User metadata is not read: any writer can set it.
   */
  private static boolean matches(HeadObjectResponse head, Upload u) {
    if (head.contentLength() == null || head.contentLength() != u.size()) {
      return false;
    }
    return Digests.hexToBase64(u.sha256()).equals(head.checksumSHA256());
  }

  private void put(S3Client s3, String bucket, Upload u, String keyPrefix, String region) {
    try {
      s3.putObject(p -> p.bucket(bucket).key(u.key()).contentType(u.contentType())
              .expectedBucketOwner(settings.expectedBucketOwner())
              .contentLength(u.size())
              // S3 rejects the upload when the bytes received do not have this SHA-256.
              .checksumAlgorithm(ChecksumAlgorithm.SHA256)
              .checksumSHA256(Digests.hexToBase64(u.sha256())),
          RequestBody.fromFile(u.file()));
    } catch (S3Exception e) {
      throw S3Failures.of(e, Operation.PUT_OBJECT, bucket, u.key(), keyPrefix, region, settings.expectedBucketOwner());
    } catch (SdkClientException e) {
      throw S3Failures.of(e, bucket, region);
    }
  }

  private void verify(S3Client s3, String bucket, Upload u, String keyPrefix, String region) {
    HeadObjectResponse head = head(s3, bucket, u, keyPrefix, region).orElseThrow(() -> new PublishException(
        "s3://" + bucket + "/" + u.key() + " in " + region + " is missing right after its upload; publish again"));
    String expected = Digests.hexToBase64(u.sha256());
    if (head.contentLength() == null || head.contentLength() != u.size()
        || !expected.equals(head.checksumSHA256())) {
      throw new PublishException("s3://" + bucket + "/" + u.key() + " in " + region
          + " does not match the uploaded file after upload: size " + head.contentLength() + " (expected "
          + u.size() + "), SHA-256 " + head.checksumSHA256() + " (expected " + expected + "); publish again");
    }
  }

  private S3Client client(String region) {
    S3ClientBuilder builder = S3Client.builder()
        .region(Region.of(region))
        .credentialsProvider(settings.credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    settings.endpoint().ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
    return builder.build();
  }

  private static String contentType(String path) {
    return path.endsWith(".jar") ? "application/java-archive" : "application/json";
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new PublishException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
