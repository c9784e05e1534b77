package com.example.txndr.monitoring;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log archive's perimeter (docs/adr/0013, finding L3): the shipping path (Firehose writes,
 * S3 replication copies) is never denied, the DR operations roles and named readers may read, and
 * every other principal of the account may not, whatever IAM allows it.
 */
class LogPerimeterTest {
  private static final Template TEMPLATE = Template.ofModule("monitoring");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ACCOUNT = Evaluator.ACCOUNT_ID;
  private static final String READER = role("log-reader");

  @TempDir
  Path temp;

  @Test
  void theShippingRolesAreDeniedNoS3ActionTheIamModuleGrantsThem() {
    assertThat(deniedShippingActions(TEMPLATE)).isEmpty();
  }

  @Test
  void shippingCheckFailsWhenThePerimeterForgetsTheFirehoseRole() {
    ObjectNode root = TEMPLATE.root().deepCopy();
    ((ArrayNode) perimeter(root).at("/Condition/ArnNotEquals/aws:PrincipalArn")).remove(0);
    assertThat(deniedShippingActions(write(root))).contains("txn-dr-prod-log-archive-delivery s3:PutObject");
  }

  @Test
  void theDrOperationsRoleAndNamedReadersMayReadTheLogs() {
    DenySimulator policy = simulator(TEMPLATE, "us-west-2", Map.of("LogReaderPrincipalArns", READER));
    for (String principal : List.of(role("txn-dr-prod-dr-observer"), READER)) {
      assertThat(policy.denyingSids("s3:GetObject", true, DenySimulator.request(principal))).as(principal).isEmpty();
    }
  }

  @Test
  void anyOtherPrincipalIsDeniedReadingWritingAndDeletingLogs() {
    DenySimulator policy = simulator(TEMPLATE, "us-east-1", Map.of());
    for (String action : List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObjectVersion")) {
      assertThat(policy.denyingSids(action, true, DenySimulator.request(role("PowerUser")))).as(action)
          .containsExactly("DenyObjectAccessOutsideTheLogPerimeter");
      assertThat(policy.denyingSids(action, true, DenySimulator.request(READER))).as("unnamed reader " + action)
          .isNotEmpty();
    }
  }

  @Test
  void readCheckFailsWithoutThePerimeterStatement() {
    ObjectNode root = TEMPLATE.root().deepCopy();
    ArrayNode statements = (ArrayNode) root.at("/Resources/LogArchiveBucketPolicy/Properties/PolicyDocument/Statement");
    statements.remove(statements.size() - 1);
    assertThat(simulator(write(root), "us-east-1", Map.of())
        .denyingSids("s3:GetObject", true, DenySimulator.request(role("PowerUser")))).isEmpty();
  }

  /** "<role> <action>" for each S3 action of the two shipping roles that the log bucket policy denies them. */
  private static List<String> deniedShippingActions(Template template) {
    Template iam = Template.ofModule("iam");
    List<String> denied = new ArrayList<>();
    for (String logicalId : List.of("LogArchiveDeliveryRole", "LogReplicationRole")) {
      JsonNode properties = iam.resource(logicalId).path("Properties");
      String roleName = properties.path("RoleName").path("Fn::Sub").asText()
          .replace("${ProjectName}-${EnvironmentName}", "txn-dr-prod");
      Map<String, Boolean> actions = new HashMap<>();
      for (JsonNode policy : properties.path("Policies")) {
        for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
          if (!statement.path("Resource").toString().contains("-logs-")) {
            continue;
          }
          boolean onObject = statement.path("Resource").toString().contains("/*");
          JsonNode list = statement.path("Action");
          for (JsonNode action : list.isArray() ? list : List.of(list)) {
            actions.put(action.asText(), onObject);
          }
        }
      }
      assertThat(actions).as(logicalId).isNotEmpty();
      for (String region : List.of("us-east-1", "us-west-2")) {
        DenySimulator policy = simulator(template, region, Map.of("PeerRegionDeployed", "true"));
        actions.forEach((action, onObject) -> {
          if (!policy.denyingSids(action, onObject, DenySimulator.request(role(roleName))).isEmpty()) {
            denied.add(roleName + " " + action);
          }
        });
      }
    }
    return denied;
  }

  private static ObjectNode perimeter(ObjectNode root) {
    for (JsonNode statement : root.at("/Resources/LogArchiveBucketPolicy/Properties/PolicyDocument/Statement")) {
      if (statement.path("Sid").asText().equals("DenyObjectAccessOutsideTheLogPerimeter")) {
        return (ObjectNode) statement;
      }
    }
    throw new AssertionError("monitoring.template.json LogArchiveBucketPolicy has no DenyObjectAccessOutsideTheLogPerimeter");
  }

  private static DenySimulator simulator(Template template, String region, Map<String, String> values) {
    Map<String, String> parameters = new HashMap<>(values);
    parameters.put("KmsKeyArn", "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab");
    parameters.put("HttpApiId", "abcde12345");
    parameters.put("FailoverOrchestratorArn", "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:txn-dr-prod-failover-orchestrator:live");
    parameters.put("LeaseKeeperArn", "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:txn-dr-prod-lease-keeper");
    parameters.put("ReconcilerArn", "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:txn-dr-prod-reconciler");
    return new DenySimulator(Evaluator.of(template, region, parameters).property("LogArchiveBucketPolicy", "PolicyDocument"));
  }

  private static String role(String name) {
    return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
  }

  private Template write(ObjectNode root) {
    Path file = temp.resolve("monitoring.template.json");
    try {
      Files.writeString(file, MAPPER.writeValueAsString(root));
    } catch (IOException e) {
      throw new AssertionError("cannot write the mutated template", e);
    }
    return Template.load(file);
  }
}
