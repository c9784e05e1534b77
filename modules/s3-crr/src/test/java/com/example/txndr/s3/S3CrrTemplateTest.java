package com.example.txndr.s3;

import static com.example.txndr.testkit.JsonMatch.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.testkit.ResourceAssert;
import com.example.txndr.testkit.Template;
import com.example.txndr.testkit.TemplateAssert;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class S3CrrTemplateTest {
  private static final Template TEMPLATE = Template.ofModule("s3-crr");
  private static final String ACCOUNT = "111122223333";
  private static final String EAST_BUCKET = "txn-dr-prod-documents-111122223333-us-east-1";
  private static final String WEST_BUCKET = "txn-dr-prod-documents-111122223333-us-west-2";
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
    assertThat(evaluate("us-east-1", "false", RESOLVED_RULE + ".Destination.Bucket"))
        .isEqualTo("arn:aws:s3:::" + WEST_BUCKET);
    assertThat(evaluate("us-west-2", "true", RESOLVED_RULE + ".Destination.Bucket"))
        .isEqualTo("arn:aws:s3:::" + EAST_BUCKET);
  }

  @Test
  void destinationNamesTheBucketThePeerRegionCreates() {
    assertThat(evaluate("us-east-1", "false", RESOLVED_RULE + ".Destination.Bucket"))
        .isEqualTo("arn:aws:s3:::" + evaluate("us-west-2", "false", "BucketName"));
    assertThat(evaluate("us-west-2", "true", RESOLVED_RULE + ".Destination.Bucket"))
        .isEqualTo("arn:aws:s3:::" + evaluate("us-east-1", "false", "BucketName"));
  }

  @Test
  void swappedRolesReplicateFromTheConfiguredPrimary() {
    Map<String, String> swapped = Map.of("PrimaryRegion", "us-west-2", "SecondaryRegion", "us-east-1");
    Map<String, String> west = new HashMap<>(swapped);
    west.put("AWS::Region", "us-west-2");
    Map<String, String> east = new HashMap<>(swapped);
    east.put("AWS::Region", "us-east-1");
    assertThat(evaluate(west, RESOLVED_RULE + ".Destination.Bucket")).isEqualTo("arn:aws:s3:::" + EAST_BUCKET);
    assertThat(evaluate(east, "ReplicationConfiguration")).isNull();
  }

  @Test
  void replicasAreEncryptedWithThePeerRegionKeyAlias() {
    assertThat(evaluate("us-east-1", "false", RESOLVED_RULE + ".Destination.EncryptionConfiguration.ReplicaKmsKeyID"))
        .isEqualTo("arn:aws:kms:us-west-2:" + ACCOUNT + ":alias/transaction-encryption");
    assertThat(evaluate("us-west-2", "true", RESOLVED_RULE + ".Destination.EncryptionConfiguration.ReplicaKmsKeyID"))
        .isEqualTo("arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/transaction-encryption");
  }

  @Test
  void replicationConfigurationExistsOnlyUnderShipToPeer() {
    bucket().property("ReplicationConfiguration.Fn::If[0]").isEqualTo("ShipToPeer");
    bucket().property("ReplicationConfiguration.Fn::If[2]").isRef("AWS::NoValue");
  }

  @Test
  void primaryRegionAlwaysReplicates() {
    assertThat(evaluate("us-east-1", "false", "ReplicationConfiguration")).isNotNull();
    assertThat(evaluate("us-east-1", "true", "ReplicationConfiguration")).isNotNull();
  }

  @Test
  void secondaryRegionReplicatesBackOnlyOncePeerRegionIsDeployed() {
    assertThat(evaluate("us-west-2", "false", "ReplicationConfiguration")).isNull();
    assertThat(evaluate("us-west-2", "true", "ReplicationConfiguration")).isNotNull();
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
    assertThat(evaluate("us-east-1", "false", "ReplicationConfiguration.Role"))
        .isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/txn-dr-prod-s3-replication");
  }

  @Test
  void replicationRoleParameterOverridesTheDerivedRole() {
    String role = "arn:aws:iam::" + ACCOUNT + ":role/custom-replication";
    assertThat(evaluate(Map.of("AWS::Region", "us-east-1", "ReplicationRoleArn", role),
        "ReplicationConfiguration.Role")).isEqualTo(role);
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
  private static Object evaluate(String region, String peerRegionDeployed, String propertyPath) {
    return evaluate(Map.of("AWS::Region", region, "PeerRegionDeployed", peerRegionDeployed), propertyPath);
  }

  /** Resolves a DocumentBucket property with parameter defaults overridden by {@code values}. */
  private static Object evaluate(Map<String, String> values, String propertyPath) {
    Map<String, String> refs = new HashMap<>();
    TEMPLATE.section("Parameters").fields().forEachRemaining(p ->
        refs.put(p.getKey(), p.getValue().path("Default").asText()));
    refs.put("AWS::AccountId", ACCOUNT);
    refs.put("AWS::Partition", "aws");
    refs.put("AWS::URLSuffix", "amazonaws.com");
    refs.putAll(values);
    String[] parts = propertyPath.split("\\.");
    JsonNode node = TEMPLATE.resource("DocumentBucket").path("Properties");
    Object value = new Evaluator(refs).eval(node);
    for (String part : parts) {
      value = step(value, part);
      if (value == null) {
        return null;
      }
    }
    return value;
  }

  private static Object step(Object value, String part) {
    Matcher m = Pattern.compile("([^\\[]+)(?:\\[(\\d+)])?").matcher(part);
    if (!m.matches() || !(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("cannot step into " + part + " of " + value);
    }
    Object child = map.get(m.group(1));
    return m.group(2) == null ? child : ((List<?>) child).get(Integer.parseInt(m.group(2)));
  }

  /** Evaluates Ref, Fn::Sub, Fn::If and condition functions with concrete values. */
  private record Evaluator(Map<String, String> refs) {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    Object eval(JsonNode node) {
      if (node.isValueNode()) {
        return node.asText();
      }
      if (node.isArray()) {
        List<Object> out = new ArrayList<>();
        node.forEach(n -> {
          Object v = eval(n);
          if (v != null) {
            out.add(v);
          }
        });
        return out;
      }
      if (node.size() == 1) {
        String fn = node.fieldNames().next();
        JsonNode arg = node.get(fn);
        switch (fn) {
          case "Ref" -> {
            if (arg.asText().equals("AWS::NoValue")) {
              return null;
            }
            return require(arg.asText(), refs);
          }
          case "Fn::Sub" -> {
            return sub(arg);
          }
          case "Fn::If" -> {
            return eval(condition(arg.get(0).asText()) ? arg.get(1) : arg.get(2));
          }
          default -> {
            if (fn.startsWith("Fn::")) {
              throw new IllegalArgumentException("unsupported intrinsic " + fn);
            }
          }
        }
      }
      Map<String, Object> out = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Object v = eval(e.getValue());
        if (v != null) {
          out.put(e.getKey(), v);
        }
      }
      return out;
    }

    private String sub(JsonNode arg) {
      Map<String, String> vars = new HashMap<>(refs);
      String text = arg.isArray() ? arg.get(0).asText() : arg.asText();
      if (arg.isArray()) {
        arg.get(1).fields().forEachRemaining(e -> vars.put(e.getKey(), (String) eval(e.getValue())));
      }
      Matcher m = VARIABLE.matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(require(m.group(1), vars)));
      }
      m.appendTail(out);
      return out.toString();
    }

    boolean condition(String name) {
      return test(TEMPLATE.section("Conditions").path(name));
    }

    private boolean test(JsonNode expression) {
      String fn = expression.fieldNames().next();
      JsonNode arg = expression.get(fn);
      return switch (fn) {
        case "Fn::Equals" -> eval(arg.get(0)).equals(eval(arg.get(1)));
        case "Fn::Not" -> !test(arg.get(0));
        case "Fn::Or" -> {
          boolean any = false;
          for (JsonNode a : arg) {
            any |= test(a);
          }
          yield any;
        }
        case "Condition" -> condition(arg.asText());
        default -> throw new IllegalArgumentException("unsupported condition function " + fn);
      };
    }

    private static String require(String name, Map<String, String> values) {
      String v = values.get(name);
      if (v == null) {
        throw new IllegalArgumentException("no value for " + name);
      }
      return v;
    }
  }
}
