package com.example.txndr.s3;

import static com.example.txndr.template.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.Evaluator;
import com.example.txndr.testkit.ResourceAssert;
import com.example.txndr.template.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3CrrTemplateTest {
  private static final Template TEMPLATE = Template.ofModule("s3-crr");
  private static final String ACCOUNT = Evaluator.ACCOUNT_ID;
  private static final String EAST_BUCKET = "txn-dr-prod-documents-123456789012-us-east-1";
  private static final String WEST_BUCKET = "txn-dr-prod-documents-123456789012-us-west-2";
  /** KmsKeyArn has no Default; its value does not enter any resolved property the tests read. */
  private static final String KMS_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String RULE = "ReplicationConfiguration.Fn::If[1].Rules[0]";
  private static final String RESOLVED_RULE = "ReplicationConfiguration.Rules[0]";

  private static TemplateAssert template() {
    return TemplateAssert.assertThat(TEMPLATE);
  }

  private static ResourceAssert bucket() {
    return template().hasResource("DocumentBucket", "AWS::S3::Bucket");
  }

  private static ResourceAssert bucketPolicy() {
    return template().hasResource("DocumentBucketPolicy", "AWS::S3::BucketPolicy");
  }

  @Test
  void bucketIsNamedByTheCrossRegionContract() {
    bucket().hasPropertyEqualTo("BucketName", json("""
        {"Fn::Sub": "${ProjectName}-${EnvironmentName}-documents-${AWS::AccountId}-${AWS::Region}"}"""));
  }

  @Test
  void bucketIsVersioned() {
    bucket().hasPropertyEqualTo("VersioningConfiguration", Map.of("Status", "Enabled"));
  }

  @Test
  void bucketEncryptsWithTheRegionKeyAndBucketKeys() {
    bucket().property("BucketEncryption.ServerSideEncryptionConfiguration[0]").contains(json("""
        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": {"Ref": "KmsKeyArn"}},
         "BucketKeyEnabled": true}"""));
  }

  @Test
  void bucketBlocksUploadsWithCustomerProvidedKeys() {
    bucket().hasPropertyEqualTo("BucketEncryption.ServerSideEncryptionConfiguration[0].BlockedEncryptionTypes",
        Map.of("EncryptionType", List.of("SSE-C")));
  }

  @Test
  void bucketHasTransferAccelerationEnabled() {
    bucket().hasPropertyEqualTo("AccelerateConfiguration", Map.of("AccelerationStatus", "Enabled"));
  }

  @Test
  void bucketBlocksAllPublicAccess() {
    bucket().hasPropertyEqualTo("PublicAccessBlockConfiguration", Map.of(
        "BlockPublicAcls", true, "BlockPublicPolicy", true,
        "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
  }

  @Test
  void bucketDisablesAcls() {
    bucket().hasPropertyEqualTo("OwnershipControls.Rules",
        List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced")));
  }

  @Test
  void lifecycleExpiresNoncurrentVersionsAndAbortsIncompleteUploadsByParameter() {
    bucket().property("LifecycleConfiguration.Rules[0]").contains(json("""
        {"Status": "Enabled",
         "NoncurrentVersionExpiration": {"NoncurrentDays": {"Ref": "NoncurrentVersionExpirationDays"}},
         "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": {"Ref": "AbortIncompleteMultipartUploadDays"}}}"""));
  }

  @Test
  void policyDeniesEveryRequestWithoutTls() {
    bucketPolicy().property("PolicyDocument").hasStatement(json("""
        {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": ["s3:*"],
         "Resource": [{"Fn::GetAtt": ["DocumentBucket", "Arn"]}, {"Fn::Sub": "${DocumentBucket.Arn}/*"}],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}"""));
  }

  @Test
  void policyDeniesTlsOlderThanOnePointTwo() {
    bucketPolicy().property("PolicyDocument").hasStatement(json("""
        {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": ["s3:*"],
         "Resource": [{"Fn::GetAtt": ["DocumentBucket", "Arn"]}, {"Fn::Sub": "${DocumentBucket.Arn}/*"}],
         "Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}}"""));
  }

  @Test
  void policyDeniesAnExplicitEncryptionOtherThanKmsOnlyWhenTheHeaderIsPresent() {
    bucketPolicy().property("PolicyDocument").hasStatement(json("""
        {"Effect": "Deny", "Action": ["s3:PutObject"],
         "Condition": {"Null": {"s3:x-amz-server-side-encryption": "false"},
                       "StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}}"""));
  }

  @Test
  void policyDeniesAnExplicitKmsKeyOtherThanTheRegionKeyOnlyWhenTheHeaderIsPresent() {
    bucketPolicy().property("PolicyDocument").hasStatement(json("""
        {"Effect": "Deny", "Action": ["s3:PutObject"],
         "Condition": {"Null": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "false"},
                       "StringNotEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": {"Ref": "KmsKeyArn"}}}}"""));
  }

  @Test
  void encryptionDenialsNeverFireOnMissingHeadersOrReplicationWrites() {
    for (JsonNode statement : bucketPolicy().property("PolicyDocument").statements()) {
      JsonNode condition = statement.path("Condition");
      if (!condition.has("StringNotEquals")) {
        continue;
      }
      assertThat(statement.path("Action").toString())
          .as("encryption denials cover PutObject only, never ReplicateObject")
          .isEqualTo("[\"s3:PutObject\"]");
      condition.path("StringNotEquals").fieldNames().forEachRemaining(key ->
          assertThat(condition.path("Null").path(key).asText()).as("Null false guard on " + key)
              .isEqualTo("false"));
    }
  }

  @Test
  void policyOnlyDenies() {
    bucketPolicy().property("PolicyDocument").hasNoStatement(Map.of("Effect", "Allow"));
  }

  @Test
  void replicationRuleCoversTheWholeBucket() {
    bucket().property(RULE).contains(json("""
        {"Status": "Enabled", "Priority": 1, "Filter": {"Prefix": ""}}"""));
  }

  @Test
  void replicationRuleReplicatesDeleteMarkersKmsObjectsAndReplicaModifications() {
    bucket().property(RULE).contains(json("""
        {"DeleteMarkerReplication": {"Status": "Enabled"},
         "SourceSelectionCriteria": {"SseKmsEncryptedObjects": {"Status": "Enabled"},
                                     "ReplicaModifications": {"Status": "Enabled"}}}"""));
  }

  @Test
  void replicationUsesReplicationTimeControlAndMetricsAtFifteenMinutes() {
    bucket().property(RULE + ".Destination").contains(json("""
        {"ReplicationTime": {"Status": "Enabled", "Time": {"Minutes": 15}},
         "Metrics": {"Status": "Enabled", "EventThreshold": {"Minutes": 15}},
         "StorageClass": "STANDARD"}"""));
  }

  @Test
  void replicationDestinationIsThePeerBucketInEachRegion() {
    assertThat(evaluate("us-east-1", "false", RESOLVED_RULE + ".Destination.Bucket").asText())
        .isEqualTo("arn:aws:s3:::" + WEST_BUCKET);
    assertThat(evaluate("us-west-2", "true", RESOLVED_RULE + ".Destination.Bucket").asText())
        .isEqualTo("arn:aws:s3:::" + EAST_BUCKET);
  }

  @Test
  void destinationNamesTheBucketThePeerRegionCreates() {
    assertThat(evaluate("us-east-1", "false", RESOLVED_RULE + ".Destination.Bucket").asText())
        .isEqualTo("arn:aws:s3:::" + evaluate("us-west-2", "false", "BucketName").asText());
    assertThat(evaluate("us-west-2", "true", RESOLVED_RULE + ".Destination.Bucket").asText())
        .isEqualTo("arn:aws:s3:::" + evaluate("us-east-1", "false", "BucketName").asText());
  }

  @Test
  void swappedRolesReplicateFromTheConfiguredPrimary() {
    Map<String, String> swapped = Map.of("PrimaryRegion", "us-west-2", "SecondaryRegion", "us-east-1");
    assertThat(evaluate("us-west-2", swapped, RESOLVED_RULE + ".Destination.Bucket").asText())
        .isEqualTo("arn:aws:s3:::" + EAST_BUCKET);
    assertThat(evaluate("us-east-1", swapped, "ReplicationConfiguration").isMissingNode()).isTrue();
  }

  @Test
  void replicasAreEncryptedWithThePeerRegionKeyAlias() {
    assertThat(evaluate("us-east-1", "false", RESOLVED_RULE + ".Destination.EncryptionConfiguration.ReplicaKmsKeyID")
        .asText()).isEqualTo("arn:aws:kms:us-west-2:" + ACCOUNT + ":alias/transaction-encryption");
    assertThat(evaluate("us-west-2", "true", RESOLVED_RULE + ".Destination.EncryptionConfiguration.ReplicaKmsKeyID")
        .asText()).isEqualTo("arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/transaction-encryption");
  }

  @Test
  void replicationConfigurationExistsOnlyUnderShipToPeer() {
    bucket().property("ReplicationConfiguration.Fn::If[0]").isEqualTo("ShipToPeer");
    bucket().property("ReplicationConfiguration.Fn::If[2]").isRef("AWS::NoValue");
  }

  @Test
  void primaryRegionAlwaysReplicates() {
    assertThat(evaluate("us-east-1", "false", "ReplicationConfiguration").isMissingNode()).isFalse();
    assertThat(evaluate("us-east-1", "true", "ReplicationConfiguration").isMissingNode()).isFalse();
  }

  @Test
  void secondaryRegionReplicatesBackOnlyOncePeerRegionIsDeployed() {
    assertThat(evaluate("us-west-2", "false", "ReplicationConfiguration").isMissingNode()).isTrue();
    assertThat(evaluate("us-west-2", "true", "ReplicationConfiguration").isMissingNode()).isFalse();
  }

  @Test
  void shipToPeerIsPrimaryRegionOrPeerRegionDeployed() {
    template().hasCondition("ShipToPeer").isEqualTo(json("""
        {"Fn::Or": [{"Condition": "IsPrimaryRegion"}, {"Condition": "IsPeerRegionDeployed"}]}"""));
    template().hasCondition("IsPeerRegionDeployed").isEqualTo(json("""
        {"Fn::Equals": [{"Ref": "PeerRegionDeployed"}, "true"]}"""));
    template().hasCondition("IsPrimaryRegion").isEqualTo(json("""
        {"Fn::Equals": [{"Ref": "AWS::Region"}, {"Ref": "PrimaryRegion"}]}"""));
  }

  @Test
  void replicationRoleDefaultsToTheIamModuleRoleByName() {
    assertThat(evaluate("us-east-1", "false", "ReplicationConfiguration.Role").asText())
        .isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/txn-dr-prod-s3-replication");
  }

  @Test
  void replicationRoleParameterOverridesTheDerivedRole() {
    String role = "arn:aws:iam::" + ACCOUNT + ":role/custom-replication";
    assertThat(evaluate("us-east-1", Map.of("ReplicationRoleArn", role), "ReplicationConfiguration.Role").asText())
        .isEqualTo(role);
  }

  @Test
  void regionsMustDiffer() {
    template().hasRule("RegionsDiffer").at("Assertions[0].Assert").isEqualTo(json("""
        {"Fn::Not": [{"Fn::Equals": [{"Ref": "PrimaryRegion"}, {"Ref": "SecondaryRegion"}]}]}"""));
  }

  @Test
  void accelerateEndpointOutputUsesTheAccelerateHost() {
    template().hasOutput("DocumentBucketAccelerateEndpoint").at("Value")
        .isEqualTo(json("""
            {"Fn::Sub": "${DocumentBucket}.s3-accelerate.${AWS::URLSuffix}"}"""));
  }

  @Test
  void replicationDestinationOutputExistsOnlyWhileReplicating() {
    template().hasOutput("ReplicationDestinationBucketArn").at("Condition").isEqualTo("ShipToPeer");
    template().hasOutput("ReplicationDestinationBucketArn").at("Value")
        .isEqualTo(bucket().property(RULE + ".Destination.Bucket").node());
  }

  @Test
  void outputsNameTheBucket() {
    template().hasOutput("DocumentBucketName").at("Value").isRef("DocumentBucket");
    template().hasOutput("DocumentBucketArn").at("Value").isGetAtt("DocumentBucket", "Arn");
    template().hasOutput("DocumentBucketRegionalDomainName").at("Value")
        .isGetAtt("DocumentBucket", "RegionalDomainName");
  }

  /** Resolves a DocumentBucket property in a region with a PeerRegionDeployed value. */
  private static JsonNode evaluate(String region, String peerRegionDeployed, String propertyPath) {
    return evaluate(region, Map.of("PeerRegionDeployed", peerRegionDeployed), propertyPath);
  }

  /** Resolves a DocumentBucket property in a region with parameter defaults overridden by {@code values}. */
  private static JsonNode evaluate(String region, Map<String, String> values, String propertyPath) {
    Map<String, String> parameters = new HashMap<>(values);
    parameters.putIfAbsent("KmsKeyArn", KMS_KEY_ARN);
    return Evaluator.of(TEMPLATE, region, parameters).property("DocumentBucket", propertyPath);
  }
}
