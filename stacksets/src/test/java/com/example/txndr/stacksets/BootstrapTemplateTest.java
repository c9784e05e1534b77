package com.example.txndr.stacksets;

import static com.example.txndr.template.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.Evaluator;
import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BootstrapTemplateTest {
  private static final Template TEMPLATE =
      Template.load(RepoRoot.find().resolve("stacksets/templates/bootstrap.template.json"));
  /** The bootstrap's parameters without a Default: the publisher and the artifact administrators. */
  static final Map<String, String> PRINCIPALS = Map.of(
      "PublisherPrincipalArns", "arn:aws:iam::123456789012:role/ci-publisher,arn:aws:iam::123456789012:role/release",
      "ArtifactAdminPrincipalArns", "arn:aws:iam::123456789012:role/break-glass");

  @Test
  void bucketIsNamedPrefixDashRegionInEachRegion() {
    for (String region : List.of("us-east-1", "us-west-2")) {
      Evaluator bootstrap = Evaluator.of(TEMPLATE, region, PRINCIPALS);
      String prefix = bootstrap.output("ArtifactBucketPrefix").asText();
      assertThat(prefix).isEqualTo("txn-dr-prod-artifacts-123456789012");
      assertThat(bootstrap.property("ArtifactBucket", "BucketName").asText()).isEqualTo(prefix + "-" + region);
    }
  }

  @Test
  void prefixFitsTheArtifactBucketPrefixOfTheLambdaModuleEvenForTheLongestNames() {
    String pattern = Template.ofModule("lambda").root().at("/Parameters/ArtifactBucketPrefix/AllowedPattern").asText();
    Evaluator longest = Evaluator.of(TEMPLATE, "us-west-2",
        with(with(PRINCIPALS, "ProjectName", "abcdefghijkl"), "EnvironmentName", "staging"));
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
    Evaluator bootstrap = Evaluator.of(TEMPLATE, "us-east-1", with(PRINCIPALS, "EnvironmentName", "staging"));
    assertThat(bootstrap.property("ArtifactKeyAlias", "AliasName").asText()).isEqualTo("alias/txn-dr-staging-artifacts");
  }

  @Test
  void deploysOnlyInThePrimaryAndSecondaryRegions() {
    assertThat(Evaluator.of(TEMPLATE, "us-east-1", PRINCIPALS).failedRules()).isEmpty();
    assertThat(Evaluator.of(TEMPLATE, "us-west-2", PRINCIPALS).failedRules()).isEmpty();
    assertThat(Evaluator.of(TEMPLATE, "eu-west-1", PRINCIPALS).failedRules()).containsExactly(
        "Deploy the bootstrap stack once in PrimaryRegion and once in SecondaryRegion (us-east-1 and us-west-2 by default): switch the CLI or console to one of them.");
  }

  private static final String ACCOUNT = "123456789012";

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> out = new LinkedHashMap<>(base);
    out.put(key, value);
    return out;
  }

  private static Evaluator primary() {
    return Evaluator.of(TEMPLATE, "us-east-1", PRINCIPALS);
  }

  /**
   * Every resolved statement of the execution role: its inline policy, its customer managed policy and
   * the network policy that attaches itself to it (Roles).
   */
  private static List<JsonNode> executionRoleStatements() {
    Evaluator primary = primary();
    List<JsonNode> out = new ArrayList<>();
    primary.property("StackSetExecutionRole", "Policies[0].PolicyDocument.Statement").forEach(out::add);
    primary.property("StackSetExecutionKmsAndIamPolicy", "PolicyDocument.Statement").forEach(out::add);
    primary.property("StackSetExecutionNetworkPolicy", "PolicyDocument.Statement").forEach(out::add);
    return out;
  }

  private static JsonNode executionRoleStatement(String sid) {
    return executionRoleStatements().stream().filter(s -> sid.equals(s.path("Sid").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("bootstrap.template.json: StackSetExecutionRole has no statement " + sid));
  }

  private static Set<String> texts(JsonNode listOrValue) {
    Set<String> out = new TreeSet<>();
    if (listOrValue.isArray()) {
      listOrValue.forEach(v -> out.add(v.asText()));
    } else if (!listOrValue.isMissingNode()) {
      out.add(listOrValue.asText());
    }
    return out;
  }

  @Test
  void stackSetRolesAndTheirPolicyExistOnlyInThePrimaryRegion() {
    for (String id : List.of("StackSetAdministrationRole", "StackSetExecutionRole", "StackSetExecutionKmsAndIamPolicy",
        "StackSetExecutionNetworkPolicy")) {
      TemplateAssert.assertThat(TEMPLATE).hasResource(id).hasCondition("IsPrimaryRegion");
    }
    assertThat(Evaluator.of(TEMPLATE, "us-west-2", PRINCIPALS).exists("StackSetExecutionRole")).isFalse();
    assertThat(primary().property("StackSetAdministrationRole", "RoleName").asText())
        .isEqualTo("txn-dr-prod-stackset-administration");
    assertThat(primary().property("StackSetExecutionRole", "RoleName").asText()).isEqualTo("txn-dr-prod-stackset-execution");
  }

  @Test
  void administrationRoleTrustsOnlyTheRootStacksTwoStackSets() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("StackSetAdministrationRole", "AWS::IAM::Role")
        .hasPropertyEqualTo("AssumeRolePolicyDocument", json("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "cloudformation.amazonaws.com"}, "Action": "sts:AssumeRole",
          "Condition": {
            "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
            "StringLike": {"aws:SourceArn": [
              {"Fn::Sub": "arn:${AWS::Partition}:cloudformation:${PrimaryRegion}:${AWS::AccountId}:stackset/${ProjectName}-${EnvironmentName}-secondary-region:*"},
              {"Fn::Sub": "arn:${AWS::Partition}:cloudformation:${PrimaryRegion}:${AWS::AccountId}:stackset/${ProjectName}-${EnvironmentName}-secondary-peering:*"}]}}}]}"""));
  }

  @Test
  void administrationRoleCanOnlyAssumeTheExecutionRole() {
    JsonNode statements = primary().property("StackSetAdministrationRole", "Policies[0].PolicyDocument.Statement");
    assertThat(statements).hasSize(1);
    assertThat(texts(statements.get(0).path("Action"))).containsExactly("sts:AssumeRole");
    assertThat(texts(statements.get(0).path("Resource")))
        .containsExactly("arn:aws:iam::" + ACCOUNT + ":role/txn-dr-prod-stackset-execution");
  }

  @Test
  void executionRoleTrustsOnlyTheAdministrationRole() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("StackSetExecutionRole", "AWS::IAM::Role")
        .hasPropertyEqualTo("AssumeRolePolicyDocument", json("""
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"AWS": {"Fn::GetAtt": ["StackSetAdministrationRole", "Arn"]}}, "Action": "sts:AssumeRole"}]}"""));
  }

  @Test
  void executionRoleDeniesEveryRequestOutsideTheSecondaryRegionButGlobalServices() {
    JsonNode deny = executionRoleStatement("DenyOutsideTheSecondaryRegion");
    assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
    assertThat(texts(deny.path("NotAction"))).containsExactly("iam:*", "route53:*", "sts:*");
    assertThat(texts(deny.path("Resource"))).containsExactly("*");
    assertThat(texts(deny.path("Condition").path("StringNotEquals").path("aws:RequestedRegion")))
        .containsExactly("us-west-2");
  }

  @Test
  void executionRoleUsesServiceWideActionsOnlyOnProjectNamedResources() {
    for (JsonNode s : executionRoleStatements()) {
      boolean serviceWide = texts(s.path("Action")).stream().anyMatch(a -> a.endsWith(":*"));
      if (serviceWide && "Allow".equals(s.path("Effect").asText())) {
        assertThat(texts(s.path("Resource"))).as("%s", s.path("Sid")).allSatisfy(arn ->
            assertThat(arn).matches(".*(txn-dr-prod-|/txn-dr/prod|:stack/StackSet-|backup-plan:).*"));
      }
    }
  }

  @Test
  void executionRoleUsesKeysOnlyThroughTheServicesTheStackConfigures() {
    for (String sid : List.of("UseKeysThroughServices", "GrantKeysToAwsServices", "DecryptArtifacts")) {
      assertThat(texts(executionRoleStatement(sid).path("Condition").path("StringEquals").path("kms:ViaService")))
          .as(sid).isNotEmpty()
          .allSatisfy(service -> assertThat(service).matches("[a-z0-9]+\\.us-west-2\\.amazonaws\\.com"));
    }
  }

  @Test
  void executionRoleReadsArtifactsFromThisTemplatesBucketsOnly() {
    Set<String> read = new TreeSet<>();
    for (JsonNode s : executionRoleStatements()) {
      if (texts(s.path("Action")).contains("s3:GetObject")) {
        read.addAll(texts(s.path("Resource")));
      }
    }
    assertThat(read).isNotEmpty().allSatisfy(arn ->
        assertThat(arn).startsWith("arn:aws:s3:::txn-dr-prod-artifacts-" + ACCOUNT + "-us-west-2"));
  }

  @Test
  void passRoleIsLimitedToTheProjectRolesEachPassedToItsOwnService() {
    Map<String, String> passedTo = new LinkedHashMap<>();
    for (JsonNode s : executionRoleStatements()) {
      if (texts(s.path("Action")).stream().anyMatch(a -> a.startsWith("iam:PassRole") || a.equals("iam:*"))) {
        String service = s.path("Condition").path("StringEquals").path("iam:PassedToService").asText();
        texts(s.path("Resource")).forEach(role -> passedTo.put(role, service));
      }
    }
    String roles = "arn:aws:iam::" + ACCOUNT + ":role/txn-dr-prod-";
    assertThat(passedTo).containsExactlyInAnyOrderEntriesOf(Map.of(
        roles + "processor-execution", "lambda.amazonaws.com",
        roles + "orchestrator-execution", "lambda.amazonaws.com",
        roles + "s3-replication", "s3.amazonaws.com",
        roles + "log-delivery", "logs.amazonaws.com",
        roles + "log-archive-delivery", "firehose.amazonaws.com",
        roles + "log-replication", "s3.amazonaws.com",
        roles + "backup", "backup.amazonaws.com",
        roles + "vpc-flow-logs", "vpc-flow-logs.amazonaws.com"));
  }

  @Test
  void executionRoleGrantsResourceStarOnlyForActionsWithoutResourceLevelPermissions() {
    Set<String> starActions = new TreeSet<>();
    executionRoleStatements().stream()
        .filter(s -> "Allow".equals(s.path("Effect").asText()) && texts(s.path("Resource")).contains("*"))
        .forEach(s -> starActions.addAll(texts(s.path("Action"))));
    assertThat(starActions).containsExactlyInAnyOrder(
        "kms:CreateKey", "kms:ListAliases", "kms:ListKeys", "acm:ListCertificates", "acm:RequestCertificate",
        "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies",
        "logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:UpdateLogDelivery",
        "backup-storage:MountCapsule", "route53:CreateHealthCheck",
        "backup:ListBackupPlans", "backup:ListBackupVaults", "cloudformation:ListStacks",
        "cloudformation:ValidateTemplate", "dynamodb:ListTables", "events:ListRules", "kinesis:DescribeLimits",
        "kinesis:ListStreams", "lambda:GetAccountSettings", "lambda:ListFunctions", "logs:DescribeDestinations",
        "route53:ListHealthChecks", "route53:ListHostedZones", "route53:ListHostedZonesByName",
        "s3:ListAllMyBuckets", "sns:ListTopics", "sqs:ListQueues", "ssm:DescribeParameters",
        "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DescribeAvailabilityZones",
        "ec2:DescribeFlowLogs", "ec2:DescribeManagedPrefixLists", "ec2:DescribePrefixLists",
        "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups",
        "ec2:DescribeVpcAttribute", "ec2:DescribeVpcEndpoints", "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeVpcs", "ec2:DescribeAccountAttributes", "ec2:DescribeTags", "ec2:DescribeVpcEndpointServices");
  }

  @Test
  void executionRoleBuildsTheSecondarysNetworkOnlyInTheSecondaryRegion() {
    TemplateAssert.assertThat(TEMPLATE).hasResource("StackSetExecutionNetworkPolicy", "AWS::IAM::ManagedPolicy")
        .hasPropertyEqualTo("Roles", List.of(Map.of("Ref", "StackSetExecutionRole")));
    JsonNode manage = executionRoleStatement("ManageRegionalNetwork");
    assertThat(texts(manage.path("Resource"))).containsExactly("arn:aws:ec2:us-west-2:*:*");
    assertThat(texts(manage.path("Action"))).contains("ec2:CreateVpc",
        "ec2:CreateSubnet", "ec2:CreateVpcEndpoint", "ec2:CreateFlowLogs", "ec2:CreateRoute",
        "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress")
        .noneMatch(a -> a.endsWith(":*") || a.startsWith("ec2:AcceptVpcPeering")
            || a.contains("InternetGateway") || a.contains("NatGateway"));
    assertThat(texts(executionRoleStatement("DescribeNetwork").path("Action"))).allMatch(a -> a.startsWith("ec2:Describe"))
        .contains("ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs");
  }

  @Test
  void primaryOutputsTheStackSetRolesForTheRootStack() {
    TemplateAssert.assertThat(TEMPLATE).hasOutput("StackSetAdministrationRoleArn").at("Value")
        .isGetAtt("StackSetAdministrationRole", "Arn");
    TemplateAssert.assertThat(TEMPLATE).hasOutput("StackSetExecutionRoleName").at("Value").isRef("StackSetExecutionRole");
    TemplateAssert.assertThat(TEMPLATE).hasOutput("StackSetExecutionRoleName").at("Condition").isEqualTo("IsPrimaryRegion");
  }
}
