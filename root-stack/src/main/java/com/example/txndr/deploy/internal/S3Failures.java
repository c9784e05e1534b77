package com.example.txndr.deploy.internal;

import com.example.txndr.deploy.PublishException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns S3 errors into messages a person can act on: which bucket, which region, what was refused
 * and what to do. Never includes credentials (the SDK's messages do not either).
 */
public final class S3Failures {
  /** The template that creates the artifact buckets. */
  public static final String BOOTSTRAP = "stacksets/templates/bootstrap.template.json";

  private S3Failures() {}

  /** The S3 operations the publisher performs, with the IAM action each needs. */
  public enum Operation {
    /** Checks the bucket exists and is in the region. */
    HEAD_BUCKET("HeadBucket", "s3:ListBucket"),
    /** Reads an object's size and checksums. */
    HEAD_OBJECT("HeadObject", "s3:GetObject"),
    /** Uploads an object. */
    PUT_OBJECT("PutObject", "s3:PutObject"),
    /** Downloads an object to recompute its SHA-256. */
    GET_OBJECT("GetObject", "s3:GetObject");

    private final String apiName;
    private final String action;

    Operation(String apiName, String action) {
      this.apiName = apiName;
      this.action = action;
    }
  }

  /** The bucket is missing in the region. */
  public static PublishException missingBucket(String bucket, String region) {
    return new PublishException("artifact bucket " + bucket + " does not exist in " + region
        + ": deploy " + BOOTSTRAP + " there first (see README)");
  }

  /** The bucket exists but in another region (S3's 301 PermanentRedirect, or HeadBucket's region). */
  public static PublishException wrongRegion(String bucket, String region, Optional<String> actual) {
    return new PublishException("artifact bucket " + bucket + " is "
        + actual.map(a -> "in " + a + ", not in " + region).orElse("not in " + region
            + " (S3 answered 301 PermanentRedirect)")
        + ": each region reads its artifacts from a bucket in that region; deploy " + BOOTSTRAP
        + " in " + region + " (see README), or check -Dpublish.bucketPrefix");
  }

  /** The error of one S3 call, as a publish failure. */
  public static PublishException of(S3Exception e, Operation op, String bucket, String key,
      String keyPrefix, String region) {
    return of(e, op, bucket, key, keyPrefix, region, null);
  }

  /**
   * The error of one S3 call that named {@code expectedBucketOwner} (null: none) as its
   * ExpectedBucketOwner, as a publish failure. S3 answers such a call on a bucket of another
   * account with 403, so a refusal also names that cause.
   */
  public static PublishException of(S3Exception e, Operation op, String bucket, String key,
      String keyPrefix, String region, String expectedBucketOwner) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    int status = e.statusCode();
    if ("NoSuchBucket".equals(code) || (status == 404 && op == Operation.HEAD_BUCKET)) {
      return missingBucket(bucket, region);
    }
    if (status == 301 || "PermanentRedirect".equals(code)) {
      return wrongRegion(bucket, region, e.awsErrorDetails().sdkHttpResponse()
          .firstMatchingHeader("x-amz-bucket-region"));
    }
    if (status == 403) {
      String target = op == Operation.HEAD_BUCKET ? "s3://" + bucket : "s3://" + bucket + "/" + key;
      String resource = op == Operation.HEAD_BUCKET
          ? "arn:aws:s3:::" + bucket : "arn:aws:s3:::" + bucket + "/" + keyPrefix + "*";
      String also = switch (op) {
        case PUT_OBJECT -> " and kms:GenerateDataKey on the bucket's default encryption key, and must be one of the"
            + " bootstrap's PublisherPrincipalArns (its bucket and key policies deny every other writer)";
        case GET_OBJECT -> " and kms:Decrypt on the bucket's default encryption key";
        // Without s3:ListBucket, S3 answers 403 instead of 404 for an object not yet published.
        case HEAD_OBJECT -> " and s3:ListBucket on arn:aws:s3:::" + bucket;
        case HEAD_BUCKET -> "";
      };
      return new PublishException("access denied in " + region + ": " + op.apiName + " on " + target
          + " was refused (" + (code == null ? "HTTP 403" : code) + "). The publishing identity needs "
          + op.action + " on " + resource + also + "; check which identity is in use with "
          + "aws sts get-caller-identity"
          + (expectedBucketOwner == null ? "" : ". Or the bucket is not owned by account " + expectedBucketOwner
              + " (the call named it as ExpectedBucketOwner): then another account holds the name, and nothing "
              + "may be published there; check with aws s3api get-bucket-acl --bucket " + bucket
              + " --expected-bucket-owner " + expectedBucketOwner + ", and deploy with another ProjectName or "
              + "EnvironmentName if it is not yours"), e);
    }
    return new PublishException(op.apiName + " on s3://" + bucket + (key == null ? "" : "/" + key)
        + " in " + region + " failed: " + (code == null ? "" : code + ", ") + "HTTP " + status + ": "
        + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()), e);
  }

  /** A failure before S3 answered: no credentials, or no connection. */
  public static PublishException of(SdkClientException e, String bucket, String region) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unable to load credentials")) {
      return new PublishException("no AWS credentials to publish to " + bucket + " in " + region
          + ": configure a profile (AWS_PROFILE), environment variables or an instance role", e);
    }
    return new PublishException("cannot reach S3 for " + bucket + " in " + region + ": " + message
        + "; check the network (or -Dpublish.endpoint, AWS_ENDPOINT_URL) and publish again", e);
  }
}
