package com.example.txndr.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.deploy.internal.S3Failures.Operation;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The answers moto cannot give: real S3's redirect for a bucket of another region. */
class S3FailuresTest {
  private static S3Exception error(int status, String code, String bucketRegion) {
    SdkHttpResponse.Builder http = SdkHttpResponse.builder().statusCode(status);
    if (bucketRegion != null) {
      http.putHeader("x-amz-bucket-region", bucketRegion);
    }
    return (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("from S3")
            .sdkHttpResponse(http.build()).build())
        .build();
  }

  @Test
  void permanentRedirectNamesTheRegionTheBucketIsIn() {
    S3Exception redirect = error(301, "PermanentRedirect", "eu-west-1");

    assertThat(S3Failures.of(redirect, Operation.HEAD_BUCKET, "art-us-west-2", null, "p/", "us-west-2"))
        .hasMessage("artifact bucket art-us-west-2 is in eu-west-1, not in us-west-2: each region reads its "
            + "artifacts from a bucket in that region; deploy stacksets/templates/bootstrap.template.json "
            + "in us-west-2 (see README), or check -Dpublish.bucketPrefix");
  }

  @Test
  void redirectWithoutRegionHeaderSaysS3Redirected() {
    S3Exception redirect = error(301, null, null);

    assertThat(S3Failures.of(redirect, Operation.HEAD_BUCKET, "art-us-west-2", null, "p/", "us-west-2"))
        .hasMessage("artifact bucket art-us-west-2 is not in us-west-2 (S3 answered 301 PermanentRedirect): "
            + "each region reads its artifacts from a bucket in that region; deploy "
            + "stacksets/templates/bootstrap.template.json in us-west-2 (see README), or check "
            + "-Dpublish.bucketPrefix");
  }

  @Test
  void deniedHeadObjectAlsoAsksForListBucket() {
    S3Exception denied = error(403, "AccessDenied", null);

    assertThat(S3Failures.of(denied, Operation.HEAD_OBJECT, "art-us-east-1", "p/manifest.json", "p/", "us-east-1"))
        .hasMessage("access denied in us-east-1: HeadObject on s3://art-us-east-1/p/manifest.json was refused "
            + "(AccessDenied). The publishing identity needs s3:GetObject on arn:aws:s3:::art-us-east-1/p/* "
            + "and s3:ListBucket on arn:aws:s3:::art-us-east-1; check which identity is in use with aws sts "
            + "get-caller-identity");
  }

  @Test
  void deniedHeadBucketWithAnExpectedOwnerAlsoNamesABucketOfAnotherAccount() {
    S3Exception denied = error(403, "AccessDenied", null);

    assertThat(S3Failures.of(denied, Operation.HEAD_BUCKET, "art-us-east-1", null, "p/", "us-east-1", "123456789012"))
        .hasMessage("access denied in us-east-1: HeadBucket on s3://art-us-east-1 was refused (AccessDenied). "
            + "The publishing identity needs s3:ListBucket on arn:aws:s3:::art-us-east-1; check which identity is "
            + "in use with aws sts get-caller-identity. Or the bucket is not owned by account 123456789012 (the "
            + "call named it as ExpectedBucketOwner): then another account holds the name, and nothing may be "
            + "published there; check with aws s3api get-bucket-acl --bucket art-us-east-1 --expected-bucket-owner "
            + "123456789012, and deploy with another ProjectName or EnvironmentName if it is not yours");
  }

  @Test
  void noSuchBucketOnUploadPointsAtTheBootstrapTemplate() {
    S3Exception missing = error(404, "NoSuchBucket", null);

    assertThat(S3Failures.of(missing, Operation.PUT_OBJECT, "art-us-east-1", "p/x", "p/", "us-east-1"))
        .hasMessage("artifact bucket art-us-east-1 does not exist in us-east-1: deploy "
            + "stacksets/templates/bootstrap.template.json there first (see README)");
  }
}
