package com.example.txndr.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.testkit.DenySimulator;
import com.example.txndr.template.Evaluator;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documents bucket's data perimeter (docs/adr/0013, finding M3), checked by simulating the
 * resolved bucket policy: who is denied which S3 action, in both regions. Each guarantee is also
 * shown to fail on a mutated copy of the template.
 */
class DocumentPerimeterTest {
  private static final Template TEMPLATE = Template.ofModule("s3-crr");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ACCOUNT = Evaluator.ACCOUNT_ID;
  private static final String KMS_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String REPLICATION_ROLE = role("txn-dr-prod-s3-replication");
  private static final String BACKUP_ROLE = role("txn-dr-prod-backup");
  private static final String OPERATOR_ROLE = role("txn-dr-prod-dr-operator");
  private static final String EXECUTION_ROLE = role("txn-dr-prod-stackset-execution");
  private static final String POWER_USER = role("PowerUser");
  private static final String READER = role("document-reader");
  private static final String DEPLOYER = role("release-engineer");
  /**
   * What AWS Backup does to an S3 bucket with the backup role: the S3 actions of the AWS managed
   * policies AWSBackupServiceRolePolicyForS3Backup and AWSBackupServiceRolePolicyForS3Restore
   * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForS3Backup.html,
   * .../AWSBackupServiceRolePolicyForS3Restore.html); true marks object actions.
   */
  private static final Map<String, Boolean> BACKUP_ACTIONS = Map.ofEntries(
      Map.entry("s3:GetObject", true), Map.entry("s3:GetObjectVersion", true),
      Map.entry("s3:GetObjectAcl", true), Map.entry("s3:GetObjectVersionAcl", true),
      Map.entry("s3:GetObjectTagging", true), Map.entry("s3:GetObjectVersionTagging", true),
      Map.entry("s3:PutObject", true), Map.entry("s3:PutObjectAcl", true),
      Map.entry("s3:PutObjectTagging", true), Map.entry("s3:PutObjectVersionAcl", true),
      Map.entry("s3:DeleteObject", true), Map.entry("s3:ListMultipartUploadParts", true),
      Map.entry("s3:ListBucket", false), Map.entry("s3:ListBucketVersions", false),
      Map.entry("s3:GetBucketVersioning", false), Map.entry("s3:PutBucketVersioning", false),
      Map.entry("s3:GetBucketLocation", false), Map.entry("s3:GetBucketTagging", false),
      Map.entry("s3:GetInventoryConfiguration", false), Map.entry("s3:PutInventoryConfiguration", false),
      Map.entry("s3:GetBucketNotification", false), Map.entry("s3:PutBucketNotification", false),
      Map.entry("s3:GetBucketAcl", false), Map.entry("s3:GetBucketOwnershipControls", false),
      Map.entry("s3:PutBucketOwnershipControls", false));
  private static final List<String> OBJECT_MISUSE = List.of("s3:GetObject", "s3:GetObjectVersion",
      "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectTagging");
  private static final List<String> CONFIGURATION_MISUSE = List.of("s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
      "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning", "s3:PutReplicationConfiguration",
      "s3:PutEncryptionConfiguration", "s3:PutBucketObjectLockConfiguration", "s3:PutAccelerateConfiguration");

  @TempDir
  Path temp;

  @Test
  void replicationRoleIsDeniedNoActionTheIamModuleGrantsItInEitherRegion() {
    assertThat(deniedReplicationActions(TEMPLATE)).isEmpty();
  }

  @Test
  void replicationCheckFailsWhenThePerimeterForgetsTheReplicationRole() {
    Template mutated = mutate(statements -> perimeter(statements).with("Condition").with("ArnNotEquals")
        .withArray("aws:PrincipalArn").remove(0));
    assertThat(deniedReplicationActions(mutated)).contains("s3:GetObjectVersionForReplication");
  }

  @Test
  void backupRoleIsDeniedNoS3ActionOfTheBackupAndRestorePolicies() {
    assertThat(deniedActions(TEMPLATE, Map.of("DeployerPrincipalArns", DEPLOYER), BACKUP_ROLE, BACKUP_ACTIONS)).isEmpty();
  }

  @Test
  void backupCheckFailsWhenThePerimeterForgetsTheBackupRole() {
    Template mutated = mutate(statements -> perimeter(statements).with("Condition").with("ArnNotEquals")
        .withArray("aws:PrincipalArn").remove(1));
    assertThat(deniedActions(mutated, Map.of(), BACKUP_ROLE, BACKUP_ACTIONS)).contains("s3:GetObjectVersion");
  }

  @Test
  void anyOtherPrincipalOfTheAccountIsDeniedObjectReadsWritesAndDeletes() {
    for (String action : OBJECT_MISUSE) {
      assertThat(simulator(TEMPLATE, "us-east-1", Map.of()).denyingSids(action, true, DenySimulator.request(POWER_USER)))
          .as(action).contains("DenyObjectAccessOutsideThePerimeter");
    }
  }

  @Test
  void objectCheckFailsWithoutThePerimeterStatement() {
    Template mutated = mutate(statements -> statements.remove(indexOf(statements, "DenyObjectAccessOutsideThePerimeter")));
    assertThat(simulator(mutated, "us-east-1", Map.of()).denyingSids("s3:GetObject", true, DenySimulator.request(POWER_USER)))
        .isEmpty();
  }

  @Test
  void namedReadersAndTheBreakGlassOperatorMayUseDocuments() {
    DenySimulator policy = simulator(TEMPLATE, "us-west-2", Map.of("DocumentReaderPrincipalArns", READER));
    for (String principal : List.of(READER, OPERATOR_ROLE)) {
      for (String action : OBJECT_MISUSE) {
        assertThat(policy.denyingSids(action, true, DenySimulator.request(principal))).as(principal + " " + action).isEmpty();
      }
    }
    assertThat(policy.denyingSids("s3:GetObject", true, DenySimulator.request(POWER_USER))).isNotEmpty();
  }

  @Test
  void withoutNamedReadersOnlyReplicationBackupAndTheOperatorPassThePerimeter() {
    DenySimulator policy = simulator(TEMPLATE, "us-east-1", Map.of());
    assertThat(policy.denyingSids("s3:GetObject", true, DenySimulator.request(READER))).isNotEmpty();
    assertThat(policy.denyingSids("s3:GetObject", true, DenySimulator.request(OPERATOR_ROLE))).isEmpty();
  }

  @Test
  void presignedUrlsAndPostUploadsAreDeniedEvenToReaders() {
    DenySimulator policy = simulator(TEMPLATE, "us-east-1", Map.of("DocumentReaderPrincipalArns", READER));
    for (String authType : List.of("REST-QUERY-STRING", "POST")) {
      Map<String, String> request = DenySimulator.request(READER);
      request.put("s3:authType", authType);
      assertThat(policy.denyingSids("s3:GetObject", true, request)).as(authType).containsExactly("DenyPresignedRequests");
    }
  }

  @Test
  void transferAccelerationStaysOnAndItsSettingIsProtected() {
    assertThat(Evaluator.of(TEMPLATE, "us-east-1", parameters(Map.of()))
        .property("DocumentBucket", "AccelerateConfiguration.AccelerationStatus").asText()).isEqualTo("Enabled");
    DenySimulator policy = simulator(TEMPLATE, "us-east-1", Map.of("DeployerPrincipalArns", DEPLOYER));
    assertThat(policy.denyingSids("s3:PutAccelerateConfiguration", false, DenySimulator.request(POWER_USER)))
        .containsExactly("DenyConfigurationChangesOutsideTheDeployers");
  }

  @Test
  void configurationChangesAreDeniedToAllButTheDeployersAndTheExecutionRole() {
    for (String region : List.of("us-east-1", "us-west-2")) {
      DenySimulator policy = simulator(TEMPLATE, region, Map.of("DeployerPrincipalArns", DEPLOYER));
      for (String action : CONFIGURATION_MISUSE) {
        assertThat(policy.denyingSids(action, false, DenySimulator.request(POWER_USER))).as(region + " " + action)
            .containsExactly("DenyConfigurationChangesOutsideTheDeployers");
        assertThat(policy.denyingSids(action, false, DenySimulator.request(DEPLOYER))).as(action).isEmpty();
        assertThat(policy.denyingSids(action, false, DenySimulator.request(EXECUTION_ROLE))).as(action).isEmpty();
      }
    }
  }

  @Test
  void withoutNamedDeployersTheConfigurationDenyIsAbsentSoNoUpdateIsLockedOut() {
    DenySimulator policy = simulator(TEMPLATE, "us-east-1", Map.of());
    for (String action : CONFIGURATION_MISUSE) {
      assertThat(policy.denyingSids(action, false, DenySimulator.request(DEPLOYER))).as(action).isEmpty();
    }
  }

  @Test
  void configurationCheckFailsWhenTheDenyForgetsAnAction() {
    Template mutated = mutate(statements -> {
      ArrayNode actions = statements.get(statements.size() - 1).path("Fn::If").get(1).withArray("Action");
      for (int i = actions.size() - 1; i >= 0; i--) {
        if (actions.get(i).asText().equals("s3:PutLifecycleConfiguration")) {
          actions.remove(i);
        }
      }
    });
    assertThat(simulator(mutated, "us-east-1", Map.of("DeployerPrincipalArns", DEPLOYER))
        .denyingSids("s3:PutLifecycleConfiguration", false, DenySimulator.request(POWER_USER))).isEmpty();
  }

  /** The actions of the iam module's replication role that the bucket policy denies it, in either region. */
  private static List<String> deniedReplicationActions(Template template) {
    Map<String, Boolean> actions = new HashMap<>();
    for (JsonNode statement : Template.ofModule("iam").resource("S3ReplicationRole")
        .path("Properties").path("Policies").get(0).path("PolicyDocument").path("Statement")) {
      boolean onObject = statement.path("Resource").toString().contains("/*");
      for (JsonNode action : statement.path("Action").isArray() ? statement.path("Action") : List.of(statement.path("Action"))) {
        if (action.asText().startsWith("s3:")) {
          actions.put(action.asText(), onObject);
        }
      }
    }
    assertThat(actions).containsKeys("s3:GetObjectVersionForReplication", "s3:ReplicateObject", "s3:ReplicateDelete");
    return deniedActions(template, Map.of("DeployerPrincipalArns", DEPLOYER), REPLICATION_ROLE, actions);
  }

  private static List<String> deniedActions(Template template, Map<String, String> values, String principal,
      Map<String, Boolean> actions) {
    List<String> denied = new ArrayList<>();
    for (String region : List.of("us-east-1", "us-west-2")) {
      Map<String, String> withPeer = new HashMap<>(values);
      withPeer.put("PeerRegionDeployed", "true");
      DenySimulator policy = simulator(template, region, withPeer);
      actions.forEach((action, onObject) -> {
        if (!policy.denyingSids(action, onObject, DenySimulator.request(principal)).isEmpty()) {
          denied.add(action);
        }
      });
    }
    return denied;
  }

  private static DenySimulator simulator(Template template, String region, Map<String, String> values) {
    return new DenySimulator(Evaluator.of(template, region, parameters(values)).property("DocumentBucketPolicy", "PolicyDocument"));
  }

  private static Map<String, String> parameters(Map<String, String> values) {
    Map<String, String> parameters = new HashMap<>(values);
    parameters.putIfAbsent("KmsKeyArn", KMS_KEY_ARN);
    return parameters;
  }

  private static String role(String name) {
    return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
  }

  private static ObjectNode perimeter(ArrayNode statements) {
    return (ObjectNode) statements.get(indexOf(statements, "DenyObjectAccessOutsideThePerimeter"));
  }

  private static int indexOf(ArrayNode statements, String sid) {
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i).path("Sid").asText().equals(sid)) {
        return i;
      }
    }
    throw new AssertionError("s3-crr.template.json DocumentBucketPolicy has no statement " + sid);
  }

  /** A copy of the template with the bucket policy's statements changed by {@code change}. */
  private Template mutate(Consumer<ArrayNode> change) {
    ObjectNode root = TEMPLATE.root().deepCopy();
    change.accept((ArrayNode) root.at("/Resources/DocumentBucketPolicy/Properties/PolicyDocument/Statement"));
    Path file = temp.resolve("s3-crr.template.json");
    try {
      Files.writeString(file, MAPPER.writeValueAsString(root));
    } catch (IOException e) {
      throw new AssertionError("cannot write the mutated template", e);
    }
    return Template.load(file);
  }
}
