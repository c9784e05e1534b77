package com.example.txndr.stacksets;

import static com.example.txndr.testkit.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.testkit.Evaluator;
import com.example.txndr.testkit.RepoRoot;
import com.example.txndr.testkit.Template;
import com.example.txndr.testkit.TemplateAssert;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapTemplateTest {
  private static final Template TEMPLATE =
      Template.load(RepoRoot.find().resolve("stacksets/templates/bootstrap.template.json"));

  @Test
  void bucketIsNamedPrefixDashRegionInEachRegion() {
    for (String region : List.of("us-east-1", "us-west-2")) {
      Evaluator bootstrap = Evaluator.of(TEMPLATE, region, Map.of());
      String prefix = bootstrap.output("ArtifactBucketPrefix").asText();
      assertThat(prefix).isEqualTo("txn-dr-prod-artifacts-123456789012");
      assertThat(bootstrap.property("ArtifactBucket", "BucketName").asText()).isEqualTo(prefix + "-" + region);
    }
  }

  @Test
  void prefixFitsTheArtifactBucketPrefixOfTheLambdaAndIamModulesEvenForTheLongestNames() {
    String pattern = Template.ofModule("lambda").root().at("/Parameters/ArtifactBucketPrefix/AllowedPattern").asText();
    assertThat(Template.ofModule("iam").root().at("/Parameters/ArtifactBucketPrefix/AllowedPattern").asText())
        .isEqualTo(pattern);
    Evaluator longest = Evaluator.of(TEMPLATE, "us-west-2",
        Map.of("ProjectName", "abcdefghijkl", "EnvironmentName", "staging"));
    String prefix = longest.output("ArtifactBucketPrefix").asText();
    assertThat(prefix).matches(pattern);
    assertThat(longest.property("ArtifactBucket", "BucketName").asText()).hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void bucketIsEncryptedWithItsOwnCustomerManagedKeyAndBucketKeys() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("ArtifactBucket", "AWS::S3::Bucket")
        .hasPropertyEqualTo("BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault", json("""
            {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": {"Fn::GetAtt": ["ArtifactKey", "Arn"]}}"""))
        .hasPropertyEqualTo("BucketEncryption.ServerSideEncryptionConfiguration[0].BucketKeyEnabled", true);
  }

  @Test
  void bucketIsVersionedPrivateAndOwnedByTheAccount() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("ArtifactBucket")
        .hasPropertyEqualTo("VersioningConfiguration.Status", "Enabled")
        .hasPropertyEqualTo("PublicAccessBlockConfiguration", Map.of(
            "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true))
        .hasPropertyEqualTo("OwnershipControls.Rules[0].ObjectOwnership", "BucketOwnerEnforced");
  }

  @Test
  void bucketPolicyDeniesRequestsWithoutTlsOrWithTlsOlderThan12() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("ArtifactBucketPolicy").property("PolicyDocument")
        .hasStatement(Map.of("Effect", "Deny", "Action", "s3:*",
            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))
        .hasStatement(Map.of("Effect", "Deny", "Action", "s3:*",
            "Condition", Map.of("NumericLessThan", Map.of("s3:TlsVersion", "1.2"))))
        .hasNoStatement(Map.of("Effect", "Allow"));
  }

  @Test
  void keyRotatesAndIsUsedOnlyThroughS3ByThisAccount() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("ArtifactKey", "AWS::KMS::Key")
        .hasPropertyEqualTo("EnableKeyRotation", true)
        .property("KeyPolicy")
        .hasStatement(json("""
            {"Sid": "ReadAndPublishThroughS3", "Effect": "Allow",
             "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
             "Action": ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
             "Condition": {"StringEquals": {"kms:ViaService": {"Fn::Sub": "s3.${AWS::Region}.amazonaws.com"},
                                            "kms:CallerAccount": {"Ref": "AWS::AccountId"}}}}"""))
        .hasNoStatement(json("""
            {"Principal": {"Service": "cloudformation.amazonaws.com"}}"""));
  }

  @Test
  void keyAliasCarriesProjectAndEnvironment() {
    Evaluator bootstrap = Evaluator.of(TEMPLATE, "us-east-1", Map.of("EnvironmentName", "staging"));
    assertThat(bootstrap.property("ArtifactKeyAlias", "AliasName").asText()).isEqualTo("alias/txn-dr-staging-artifacts");
  }

  @Test
  void deploysOnlyInThePrimaryAndSecondaryRegions() {
    assertThat(Evaluator.of(TEMPLATE, "us-east-1", Map.of()).failedRules()).isEmpty();
    assertThat(Evaluator.of(TEMPLATE, "us-west-2", Map.of()).failedRules()).isEmpty();
    assertThat(Evaluator.of(TEMPLATE, "eu-west-1", Map.of()).failedRules()).containsExactly(
        "Deploy the bootstrap stack once in PrimaryRegion and once in SecondaryRegion (us-east-1 and us-west-2 by default): switch the CLI or console to one of them.");
  }

  @Test
  void createsNoStackSetRolesWhichTheIamModuleOwns() {
    TemplateAssert.assertThat(TEMPLATE).hasNoResourceOfType("AWS::IAM::Role");
    TemplateAssert.assertThat(Template.ofModule("iam")).hasResource("StackSetAdministrationRole", "AWS::IAM::Role");
    TemplateAssert.assertThat(Template.ofModule("iam")).hasResource("StackSetExecutionRole", "AWS::IAM::Role");
  }
}
