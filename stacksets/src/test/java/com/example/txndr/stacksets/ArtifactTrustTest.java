package com.example.txndr.stacksets;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.Evaluator;
import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap's artifact trust (docs/adr/0012): only the publisher writes artifacts and encrypts
 * with the artifact key, only the artifact administrators change the bucket's configuration, and the
 * StackSet execution role reaches the secondary region only. Each guarantee is a checker that returns
 * what is missing; a mutated copy of the template proves that it can fail.
 */
class ArtifactTrustTest {
  private static final Path SOURCE = RepoRoot.find().resolve("stacksets/templates/bootstrap.template.json");
  private static final Template TEMPLATE = Template.load(SOURCE);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> WRITERS = Set.of("arn:aws:iam::123456789012:role/ci-publisher",
      "arn:aws:iam::123456789012:role/release", "arn:aws:iam::123456789012:role/break-glass");
  private static final Set<String> ADMINS = Set.of("arn:aws:iam::123456789012:role/break-glass");
  private static final List<String> OBJECT_WRITES = List.of("s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion");
  private static final List<String> BUCKET_CHANGES = List.of("s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
      "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning", "s3:PutBucketObjectLockConfiguration");
  private static final List<String> KEY_ENCRYPTS = List.of("kms:Encrypt", "kms:GenerateDataKey");
  private static final Pattern REGIONAL_ARN = Pattern.compile("arn:aws:[a-z0-9-]+:([a-z]{2}-[a-z]+-[0-9]):");

  @TempDir
  Path dir;

  private static Evaluator evaluate(Template template, String region) {
    return Evaluator.of(template, region, BootstrapTemplateTest.PRINCIPALS);
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

  /** Whether a policy has a Deny of these actions for everyone whose aws:PrincipalArn is not one of {@code allowed}. */
  private static boolean deniesAllBut(JsonNode statements, List<String> actions, Set<String> allowed) {
    for (JsonNode s : statements) {
      JsonNode condition = s.path("Condition");
      if ("Deny".equals(s.path("Effect").asText()) && texts(s.path("Principal").path("AWS")).equals(Set.of("*"))
          && texts(s.path("Action")).containsAll(actions) && condition.size() == 1
          && condition.path("ArnNotLike").size() == 1
          && texts(condition.path("ArnNotLike").path("aws:PrincipalArn")).equals(allowed)) {
        return true;
      }
    }
    return false;
  }

  /** What the artifact bucket and key fail to guarantee in a region; empty when all hold. */
  static List<String> artifactTrustGaps(Evaluator bootstrap) {
    List<String> gaps = new ArrayList<>();
    JsonNode bucketPolicy = bootstrap.property("ArtifactBucketPolicy", "PolicyDocument.Statement");
    if (!deniesAllBut(bucketPolicy, OBJECT_WRITES, WRITERS)) {
      gaps.add("ArtifactBucketPolicy: no Deny of " + OBJECT_WRITES + " to every aws:PrincipalArn but PublisherPrincipalArns"
          + " and ArtifactAdminPrincipalArns");
    }
    if (!deniesAllBut(bucketPolicy, BUCKET_CHANGES, ADMINS)) {
      gaps.add("ArtifactBucketPolicy: no Deny of " + BUCKET_CHANGES + " to every aws:PrincipalArn but ArtifactAdminPrincipalArns");
    }
    if (!deniesAllBut(bootstrap.property("ArtifactKey", "KeyPolicy.Statement"), KEY_ENCRYPTS, WRITERS)) {
      gaps.add("ArtifactKey.KeyPolicy: no Deny of " + KEY_ENCRYPTS + " to every aws:PrincipalArn but the writers");
    }
    if (!"Enabled".equals(bootstrap.property("ArtifactBucket", "VersioningConfiguration.Status").asText())) {
      gaps.add("ArtifactBucket: versioning is not Enabled");
    }
    return gaps;
  }

  /** The regions other than us-west-2 (the default SecondaryRegion) that the execution role's grants name. */
  static Set<String> otherRegions(Evaluator primary) {
    Set<String> regions = new TreeSet<>();
    List<JsonNode> statements = new ArrayList<>();
    primary.property("StackSetExecutionRole", "Policies[0].PolicyDocument.Statement").forEach(statements::add);
    primary.property("StackSetExecutionKmsAndIamPolicy", "PolicyDocument.Statement").forEach(statements::add);
    primary.property("StackSetExecutionNetworkPolicy", "PolicyDocument.Statement").forEach(statements::add);
    for (JsonNode s : statements) {
      if (!"Allow".equals(s.path("Effect").asText())) {
        continue;
      }
      Matcher m = REGIONAL_ARN.matcher(s.path("Resource").toString() + s.path("Condition").toString());
      while (m.find()) {
        regions.add(m.group(1));
      }
      Matcher via = Pattern.compile("\\.([a-z]{2}-[a-z]+-[0-9])\\.amazonaws\\.com").matcher(s.path("Condition").toString());
      while (via.find()) {
        regions.add(via.group(1));
      }
    }
    regions.remove("us-west-2");
    return regions;
  }

  /** Whether the execution role denies function URLs outright. */
  static boolean deniesFunctionUrls(Evaluator primary) {
    for (JsonNode s : primary.property("StackSetExecutionRole", "Policies[0].PolicyDocument.Statement")) {
      if ("Deny".equals(s.path("Effect").asText()) && texts(s.path("Resource")).equals(Set.of("*"))
          && s.path("Condition").isMissingNode()
          && texts(s.path("Action")).containsAll(List.of("lambda:CreateFunctionUrlConfig", "lambda:UpdateFunctionUrlConfig"))) {
        return true;
      }
    }
    return false;
  }

  /** A copy of the bootstrap with one change, loaded as a template. */
  private Template mutated(Consumer<ObjectNode> change) {
    ObjectNode copy = TEMPLATE.root().deepCopy();
    change.accept(copy);
    Path file = dir.resolve("bootstrap.template.json");
    try {
      Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(copy));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Template.load(file);
  }

  private static ArrayNode statements(ObjectNode template, String resource, String path) {
    JsonNode node = template.path("Resources").path(resource).path("Properties");
    for (String part : path.split("\\.")) {
      node = node.path(part);
    }
    return (ArrayNode) node;
  }

  private static void removeSid(ArrayNode statements, String sid) {
    for (int i = 0; i < statements.size(); i++) {
      if (sid.equals(statements.get(i).path("Sid").asText())) {
        statements.remove(i);
        return;
      }
    }
    throw new AssertionError("no statement " + sid);
  }

  @Test
  void onlyThePublisherWritesArtifactsAndOnlyAdminsChangeTheBucketInBothRegions() {
    assertThat(artifactTrustGaps(evaluate(TEMPLATE, "us-east-1"))).isEmpty();
    assertThat(artifactTrustGaps(evaluate(TEMPLATE, "us-west-2"))).isEmpty();
  }

  @Test
  void bucketPolicyWithoutPutObjectInItsDenyIsReported() {
    Template broken = mutated(t -> {
      for (JsonNode s : statements(t, "ArtifactBucketPolicy", "PolicyDocument.Statement")) {
        if ("DenyArtifactWritesExceptPublisher".equals(s.path("Sid").asText())) {
          ArrayNode actions = (ArrayNode) s.path("Action");
          for (int i = actions.size() - 1; i >= 0; i--) {
            if (actions.get(i).asText().equals("s3:PutObject")) {
              actions.remove(i);
            }
          }
        }
      }
    });

    assertThat(artifactTrustGaps(evaluate(broken, "us-east-1"))).singleElement().asString()
        .startsWith("ArtifactBucketPolicy: no Deny of [s3:PutObject");
  }

  @Test
  void bucketPolicyWhoseConfigurationDenyExemptsPublishersIsReported() {
    Template broken = mutated(t -> {
      for (JsonNode s : statements(t, "ArtifactBucketPolicy", "PolicyDocument.Statement")) {
        if ("DenyBucketConfigurationExceptAdmin".equals(s.path("Sid").asText())) {
          ((ObjectNode) s.path("Condition").path("ArnNotLike")).set("aws:PrincipalArn",
              MAPPER.valueToTree(java.util.Map.of("Fn::Split", List.of(",", java.util.Map.of("Fn::Join",
                  List.of(",", List.of(java.util.Map.of("Fn::Join", List.of(",", java.util.Map.of("Ref", "PublisherPrincipalArns"))),
                      java.util.Map.of("Fn::Join", List.of(",", java.util.Map.of("Ref", "ArtifactAdminPrincipalArns"))))))))));
        }
      }
    });

    assertThat(artifactTrustGaps(evaluate(broken, "us-east-1"))).singleElement().asString()
        .startsWith("ArtifactBucketPolicy: no Deny of [s3:PutBucketPolicy");
  }

  @Test
  void keyPolicyWithoutTheEncryptDenyIsReported() {
    Template broken = mutated(t -> removeSid(statements(t, "ArtifactKey", "KeyPolicy.Statement"), "DenyEncryptExceptPublisher"));

    assertThat(artifactTrustGaps(evaluate(broken, "us-west-2"))).singleElement().asString()
        .startsWith("ArtifactKey.KeyPolicy: no Deny of [kms:Encrypt, kms:GenerateDataKey]");
  }

  @Test
  void executionRoleNamesNoRegionButTheSecondary() {
    assertThat(otherRegions(evaluate(TEMPLATE, "us-east-1"))).isEmpty();
  }

  @Test
  void executionRoleGrantInThePrimaryRegionIsReported() {
    Template broken = mutated(t -> {
      for (JsonNode s : statements(t, "StackSetExecutionRole", "Policies")) {
        for (JsonNode st : s.path("PolicyDocument").path("Statement")) {
          if ("ManageProjectTopics".equals(st.path("Sid").asText())) {
            ((ObjectNode) st).set("Resource", MAPPER.valueToTree(List.of(java.util.Map.of("Fn::Sub",
                "arn:${AWS::Partition}:sns:${PrimaryRegion}:${AWS::AccountId}:${ProjectName}-${EnvironmentName}-*"))));
          }
        }
      }
    });

    assertThat(otherRegions(evaluate(broken, "us-east-1"))).containsExactly("us-east-1");
  }

  @Test
  void executionRoleDeniesFunctionUrls() {
    assertThat(deniesFunctionUrls(evaluate(TEMPLATE, "us-east-1"))).isTrue();
  }

  @Test
  void executionRoleWithoutTheFunctionUrlDenyIsReported() {
    Template broken = mutated(t -> removeSid(
        (ArrayNode) statements(t, "StackSetExecutionRole", "Policies").get(0).path("PolicyDocument").path("Statement"),
        "DenyFunctionUrls"));

    assertThat(deniesFunctionUrls(evaluate(broken, "us-east-1"))).isFalse();
  }
}
