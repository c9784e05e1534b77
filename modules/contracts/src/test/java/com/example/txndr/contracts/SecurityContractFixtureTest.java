package com.example.txndr.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.Composition;
import com.example.txndr.template.JsonMatch;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each rule of the security contract proved able to fail: the fixture that keeps the contract
 * (security/security.fixture.json), and one change to it per rule that breaks it.
 */
class SecurityContractFixtureTest {
  private static final String ACCOUNT = "123456789012";
  private static final String PROCESSOR = "com.example.txndr.lambda.api.ApiHandler::handleRequest";
  private static final String KEEPER = "com.example.txndr.lambda.keeper.LeaseKeeperHandler::handleRequest";
  private static final Map<String, SortedSet<String>> CODE = Map.of(
      PROCESSOR, new TreeSet<>(List.of("dynamodb:ConditionCheckItem", "dynamodb:PutItem")),
      KEEPER, new TreeSet<>(List.of("dynamodb:PutItem")));

  private static List<String> violations(Consumer<ObjectNode> change, String name) {
    ObjectNode template = (ObjectNode) Repository.json("fixtures/security/security.fixture.json").deepCopy();
    change.accept(template);
    Path file = Path.of("target", "security-fixtures", name + ".fixture.json");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, JsonMatch.json(template.toString()).toPrettyString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Composition composition = Composition.deploy(List.of(new Composition.Step("Fx", Template.load(file),
        List.of("us-east-1"), Map.of())), CustomResources.MODELS);
    return SecurityContract.of(composition, handler -> Optional.ofNullable(CODE.get(handler)), "us-west-2")
        .violations();
  }

  private static ObjectNode resource(ObjectNode template, String id) {
    return (ObjectNode) template.path("Resources").path(id);
  }

  private static ArrayNode statements(ObjectNode template, String role) {
    return (ArrayNode) resource(template, role).path("Properties").path("Policies").path(0).path("PolicyDocument")
        .path("Statement");
  }

  private static ObjectNode statement(String json) {
    return (ObjectNode) JsonMatch.json(json);
  }

  private static ArrayNode keyStatements(ObjectNode template) {
    return (ArrayNode) resource(template, "DataKey").path("Properties").path("KeyPolicy").path("Statement");
  }

  @Test
  void fixtureKeepsTheContract() {
    assertThat(violations(t -> { }, "kept")).isEmpty();
  }

  @Test
  void processorThatMayWriteTheLeaseItemsBreaksIt() {
    List<String> found = violations(t -> ((ObjectNode) statements(t, "ProcessorRole").get(0)).remove("Condition"),
        "processor-writes-lease");
    assertThat(found).contains("Fx/ProcessorRole (fx-test-processor) may dynamodb:PutItem item LEASE#us-east-1#0 in"
        + " arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/fx-test-transactions: only the lease keeper and the"
        + " orchestrator write the lease-protocol items. Fix: deny it");
    assertThat(found).noneMatch(v -> v.startsWith("Fx/KeeperRole"));
  }

  @Test
  void runtimeRoleThatMayChangeIamOrLambdaCodeBreaksIt() {
    List<String> found = violations(t -> {
      statements(t, "ProcessorRole").add(statement(
          "{\"Sid\":\"Escalate\",\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"*\"}"));
      statements(t, "ProcessorRole").add(statement(
          "{\"Sid\":\"Redeploy\",\"Effect\":\"Allow\",\"Action\":\"lambda:UpdateFunctionCode\",\"Resource\":\"*\"}"));
    }, "processor-escalates");
    assertThat(found).contains(
        "Fx/ProcessorRole (fx-test-processor) may iam:PassRole on arn:aws:iam::" + ACCOUNT + ":role/fx-test-processor:"
            + " a runtime role must not change IAM. Fix: remove the grant",
        "Fx/ProcessorRole (fx-test-processor) may lambda:UpdateFunctionCode on arn:aws:lambda:us-east-1:" + ACCOUNT
            + ":function:fx-test-keeper: a runtime role must not change Lambda code or configuration. Fix: remove the"
            + " grant");
  }

  @Test
  void keyPolicyWithoutTheDestructionDenyBreaksItTwice() {
    List<String> found = violations(t -> keyStatements(t).remove(1), "key-without-deny");
    assertThat(found).contains("Fx/DataKey: the key policy does not deny kms:ScheduleKeyDeletion to arn:aws:iam::"
        + ACCOUNT + ":role/PowerUser, a principal of the account other than the key administrator arn:aws:iam::"
        + ACCOUNT + ":role/fx-key-administrator (IAM policies such as PowerUserAccess allow kms:*). Fix: a Deny for"
        + " every principal but the administrator");
    assertThat(found).contains("Fx/BackupRole (fx-test-backup) may kms:PutKeyPolicy on Fx/DataKey (arn:aws:kms:us-east-1:"
        + ACCOUNT + ":key/{{Fx/DataKey}}): a runtime role must not change a key's policy, state, grants or aliases."
        + " Fix: remove the grant");
  }

  @Test
  void denyThatAlsoLocksOutTheAdministratorBreaksIt() {
    assertThat(violations(t -> ((ObjectNode) keyStatements(t).get(1)).remove("Condition"), "key-locks-out-admin"))
        .contains("Fx/DataKey: the key policy denies kms:PutKeyPolicy to the key administrator arn:aws:iam::" + ACCOUNT
            + ":role/fx-key-administrator too, so nobody can administer the key. Fix: except the administrator from"
            + " the Deny");
  }

  @Test
  void keyWithoutTheWindowDenyBreaksIt() {
    assertThat(violations(t -> keyStatements(t).remove(2), "key-short-window")).containsExactly(
        "Fx/DataKey: the key policy lets a deletion be scheduled with a window under 30 days (tried 7, as the key"
            + " administrator). Fix: Deny kms:ScheduleKeyDeletion when kms:ScheduleKeyDeletionPendingWindowInDays is"
            + " NumericLessThan 30, for every principal");
  }

  @Test
  void keyWhoseStackNamesNoAdministratorBreaksIt() {
    assertThat(violations(t -> {
      ((ObjectNode) t.path("Parameters")).remove("KeyAdministratorRoleName");
      keyStatements(t).remove(1);
    }, "key-without-admin")).contains("Fx/DataKey: its stack has no KeyAdministratorRoleName parameter, so no key"
            + " policy can name who alone may destroy the key. Fix: add the parameter and the Deny statements"
            + " (docs/adr/0009)");
  }

  @Test
  void serviceTrustWithoutConfusedDeputyConditionBreaksIt() {
    assertThat(violations(t -> ((ObjectNode) resource(t, "ProcessorRole").path("Properties")
        .path("AssumeRolePolicyDocument").path("Statement").path(0)).remove("Condition"), "trust-without-condition"))
        .containsExactly("Fx/ProcessorRole trusts lambda.amazonaws.com without a confused-deputy condition (one of"
            + " [aws:sourceaccount, aws:sourcearn, aws:sourceorgid, aws:sourceorgpaths, sts:externalid]). Fix: add"
            + " aws:SourceAccount (and aws:SourceArn where the service documents it) to the trust statement");
  }

  @Test
  void serviceWhoseConditionAwsDoesNotDocumentIsAnExceptionWithItsReason() {
    assertThat(violations(t -> ((ObjectNode) resource(t, "BackupRole").path("Properties")
        .path("AssumeRolePolicyDocument").path("Statement").path(0)).remove("Condition"), "backup-trust-bare"))
        .isEmpty();
    assertThat(SecurityContract.DEPUTY_EXCEPTIONS).containsOnlyKeys("s3.amazonaws.com", "backup.amazonaws.com");
  }

  @Test
  void grantTheCodeNeverCallsOrAWildcardBreaksIt() {
    List<String> found = violations(t -> {
      ((ArrayNode) statements(t, "ProcessorRole").get(0).path("Action")).add("dynamodb:DeleteItem");
      ((ArrayNode) statements(t, "KeeperRole").get(0).path("Action")).add("dynamodb:*");
    }, "grants-beyond-code");
    assertThat(found).contains(
        "Fx/ProcessorRole WriteTransactionItems grants dynamodb:DeleteItem to Fx/ProcessorFunction (" + PROCESSOR
            + "), whose code never calls it and the Lambda service does not need it. Fix: remove it, or update the"
            + " code-actions list if the code now calls it",
        "Fx/KeeperRole KeepTheLease grants dynamodb:* to Fx/KeeperFunction (" + KEEPER + "): a runtime grant names its"
            + " actions exactly. Fix: list the actions the code calls");
  }

  @Test
  void kmsGrantThroughAServiceTheCodeDoesNotCallBreaksIt() {
    assertThat(violations(t -> ((ObjectNode) statements(t, "ProcessorRole").get(2).path("Condition")
        .path("StringEquals")).put("kms:ViaService", "s3.us-east-1.amazonaws.com"), "kms-via-s3"))
        .contains("Fx/ProcessorRole UseDataKeyThroughDynamoDb grants kms:Encrypt to Fx/ProcessorFunction (" + PROCESSOR
            + "), whose code never calls it and the Lambda service does not need it. Fix: remove it, or update the"
            + " code-actions list if the code now calls it");
  }

  @Test
  void stackSetExecutionRoleReachingThePrimaryAnotherProjectOrEverythingBreaksIt() {
    List<String> found = violations(t -> {
      ArrayNode s = statements(t, "StackSetExecutionRole");
      ((ObjectNode) s.get(0)).putArray("Resource").add("arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/fx-test-*")
          .add("arn:aws:dynamodb:us-west-2:" + ACCOUNT + ":table/*");
      ((ObjectNode) s.get(1)).remove("Condition");
    }, "stackset-too-wide");
    String role = "Fx/StackSetExecutionRole regional";
    assertThat(found).containsExactly(
        role + " ManageProjectTables names arn:aws:dynamodb:us-east-1:" + ACCOUNT + ":table/fx-test-*, outside the"
            + " secondary region us-west-2: the StackSet deploys only there. Fix: use ${SecondaryRegion}",
        role + " ManageProjectTables names arn:aws:dynamodb:us-west-2:" + ACCOUNT + ":table/*, which is not this"
            + " project's (fx-test). Fix: name the project's resources, or condition the statement on the project's"
            + " tag",
        role + " ManageTaggedVpcs allows ec2:CreateVpc on *: the StackSet execution role names its resources (or"
            + " conditions on the project's tags). Fix: name the resources, or list the action in"
            + " SecurityContract.UNSCOPED_ACTIONS with the AWS page saying it has no resource-level form");
  }
}
