package com.example.txndr.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The security rules of docs/adr/0010 as pure checks over the iam template (template in, violations
 * out), each run on the template and on a mutated copy that breaks it, so that every rule is shown
 * able to fail.
 */
class IamSecurityContractTest {
  private static final Template TEMPLATE = Template.ofModule("iam");
  private static final String ACCOUNT = "123456789012";
  private static final List<String> REGIONS = List.of("us-east-1", "us-west-2");

  /** The operator roles: every branch of their trust requires MFA and a source identity. */
  private static final List<String> OPERATOR_ROLES = List.of("DrObserverRole", "DrOperatorRole");

  /**
   * The confused-deputy condition AWS documents for each service principal's role trust
   * (docs/adr/0010, with the pages). {@code null}: AWS documents none for that service's role
   * assumption, so none is set (a wrong one silently stops the service) and the role's comment
   * must say so.
   */
  private static final Map<String, List<String>> SERVICE_TRUST_CONDITIONS = Map.of(
      "lambda.amazonaws.com", List.of("StringEquals aws:SourceAccount"),
      "logs.amazonaws.com", List.of("StringLike aws:SourceArn"),
      "vpc-flow-logs.amazonaws.com", List.of("StringEquals aws:SourceAccount", "ArnLike aws:SourceArn"),
      "firehose.amazonaws.com", List.of("StringEquals sts:ExternalId"),
      "s3.amazonaws.com", List.of(),
      "backup.amazonaws.com", List.of());

  /** Writes of an item; the processor must be denied every one of them on the control table. */
  private static final List<String> CONTROL_WRITES = List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
      "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");

  // ------------------------------------------------------------------------------------------ rules

  /** Trust branches of an operator role that do not require MFA, a source identity, or allow setting it. */
  static List<String> operatorTrustViolations(JsonNode template) {
    List<String> out = new ArrayList<>();
    for (String role : OPERATOR_ROLES) {
      JsonNode trust = template.path("Resources").path(role).path("Properties").path("AssumeRolePolicyDocument");
      List<JsonNode> branches = branches(trust.path("Statement"));
      if (branches.isEmpty()) {
        out.add(role + ": no trust statement");
      }
      for (JsonNode s : branches) {
        String where = role + " trust " + s.path("Principal");
        if (!"true".equals(s.path("Condition").path("Bool").path("aws:MultiFactorAuthPresent").asText())) {
          out.add(where + ": no Bool aws:MultiFactorAuthPresent true (add it: MFA whatever OperatorPrincipalArns says)");
        }
        if (!"false".equals(s.path("Condition").path("Null").path("sts:SourceIdentity").asText())) {
          out.add(where + ": no Null sts:SourceIdentity false (add it: CloudTrail must record the person)");
        }
        if (!texts(s.path("Action")).contains("sts:SetSourceIdentity")) {
          out.add(where + ": sts:SetSourceIdentity not allowed (add it beside sts:AssumeRole)");
        }
      }
    }
    return out;
  }

  /** Allow statements of any role that would let it invoke POST /transactions (move money) on some API. */
  static List<String> moneyMovingRouteViolations(JsonNode template) {
    List<String> out = new ArrayList<>();
    forEachStatement(template, (role, s) -> {
      if (!"Allow".equals(s.path("Effect").asText()) || !matchesAny(texts(s.path("Action")), "execute-api:Invoke")) {
        return;
      }
      for (String region : REGIONS) {
        String route = "arn:aws:execute-api:" + region + ":" + ACCOUNT + ":a1b2c3d4e5/$default/POST/transactions";
        if (matchesAny(resolvedAll(s.path("Resource")), route)) {
          out.add(role + " " + s.path("Sid").asText() + ": grants " + route + " (grant POST /canary instead)");
        }
      }
    });
    return out;
  }

  /** Roles trusted by a service principal without the condition AWS documents for it (or not listed at all). */
  static List<String> serviceTrustViolations(JsonNode template) {
    List<String> out = new ArrayList<>();
    template.path("Resources").fields().forEachRemaining(entry -> {
      JsonNode role = entry.getValue();
      if (!"AWS::IAM::Role".equals(role.path("Type").asText())) {
        return;
      }
      for (JsonNode s : branches(role.path("Properties").path("AssumeRolePolicyDocument").path("Statement"))) {
        for (String service : texts(s.path("Principal").path("Service"))) {
          List<String> required = SERVICE_TRUST_CONDITIONS.get(service);
          String where = entry.getKey() + " trust of " + service;
          if (required == null) {
            out.add(where + ": no documented confused-deputy condition is on record (add the service with its"
                + " condition and the AWS page to SERVICE_TRUST_CONDITIONS and docs/adr/0010)");
            continue;
          }
          for (String condition : required) {
            String[] parts = condition.split(" ");
            if (s.path("Condition").path(parts[0]).path(parts[1]).isMissingNode()) {
              out.add(where + ": no " + condition + " (the confused-deputy condition AWS documents)");
            }
          }
          if (required.isEmpty() && !role.path("Metadata").path("Comment").asText().contains("No confused-deputy condition on the trust")) {
            out.add(where + ": no condition and no Metadata.Comment saying why (write 'No confused-deputy condition on the"
                + " trust' and the reason)");
          }
        }
      }
    });
    return out;
  }

  /**
   * Ways the processor could write the control table: a write action some Allow grants on it,
   * or one that no unconditional Deny covers in each region.
   */
  static List<String> processorControlWriteViolations(JsonNode template) {
    List<String> out = new ArrayList<>();
    List<JsonNode> statements = new ArrayList<>();
    forEachStatement(template, (role, s) -> {
      if ("ProcessorExecutionRole".equals(role)) {
        statements.add(s);
      }
    });
    for (String region : REGIONS) {
      String control = "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/txn-dr-prod-control";
      for (String action : CONTROL_WRITES) {
        boolean denied = false;
        for (JsonNode s : statements) {
          boolean matches = matchesAny(texts(s.path("Action")), action)
              && matchesAny(resolvedAll(s.path("Resource")), control);
          if (!matches) {
            continue;
          }
          if ("Deny".equals(s.path("Effect").asText())) {
            denied |= s.path("Condition").isMissingNode() || s.path("Condition").isEmpty();
          } else {
            out.add("ProcessorExecutionRole " + s.path("Sid").asText() + ": allows " + action + " on " + control);
          }
        }
        if (!denied) {
          out.add("ProcessorExecutionRole: no unconditional Deny of " + action + " on " + control
              + " (DenyWritesToControlTable must name both regions' control tables)");
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ tests

  @Test
  void operatorRolesRequireMfaAndASourceIdentityInEveryTrustBranch() {
    assertThat(operatorTrustViolations(TEMPLATE.root())).isEmpty();
  }

  @Test
  void namedOperatorsWithoutMfaAreAViolation() {
    ObjectNode mutated = TEMPLATE.root().deepCopy();
    ObjectNode named = (ObjectNode) mutated.at("/Resources/DrOperatorRole/Properties/AssumeRolePolicyDocument"
        + "/Statement/0/Fn::If/1/Condition");
    named.remove("Bool");
    assertThat(operatorTrustViolations(mutated)).containsExactly("DrOperatorRole trust {\"AWS\":{\"Ref\":"
        + "\"OperatorPrincipalArns\"}}: no Bool aws:MultiFactorAuthPresent true (add it: MFA whatever"
        + " OperatorPrincipalArns says)");
  }

  @Test
  void anObserverTrustWithoutASourceIdentityIsAViolation() {
    ObjectNode mutated = TEMPLATE.root().deepCopy();
    ((ObjectNode) mutated.at("/Resources/DrObserverRole/Properties/AssumeRolePolicyDocument/Statement/0/Fn::If/2"
        + "/Condition")).remove("Null");
    assertThat(operatorTrustViolations(mutated)).hasSize(1).first().asString()
        .startsWith("DrObserverRole trust").endsWith("no Null sts:SourceIdentity false (add it: CloudTrail must"
            + " record the person)");
  }

  @Test
  void noRoleMayPostTransactions() {
    assertThat(moneyMovingRouteViolations(TEMPLATE.root())).isEmpty();
  }

  @Test
  void anOperatorGrantOfPostTransactionsIsAViolation() {
    ObjectNode mutated = TEMPLATE.root().deepCopy();
    ArrayNode routes = (ArrayNode) statementWithSid(mutated, "DrOperatorRole", "InvokeCanaryRoutes").path("Resource");
    routes.addObject().put("Fn::Sub",
        "arn:${AWS::Partition}:execute-api:${PrimaryRegion}:${AWS::AccountId}:*/$default/POST/transactions");
    assertThat(moneyMovingRouteViolations(mutated)).containsExactly("DrOperatorRole InvokeCanaryRoutes: grants"
        + " arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default/POST/transactions (grant POST /canary"
        + " instead)");
  }

  @Test
  void aWildcardMethodThatCoversPostTransactionsIsAViolation() {
    ObjectNode mutated = TEMPLATE.root().deepCopy();
    ArrayNode routes = (ArrayNode) statementWithSid(mutated, "DrOperatorRole", "InvokeCanaryRoutes").path("Resource");
    routes.addObject().put("Fn::Sub",
        "arn:${AWS::Partition}:execute-api:${SecondaryRegion}:${AWS::AccountId}:*/$default/*/transactions");
    assertThat(moneyMovingRouteViolations(mutated)).hasSize(1).first().asString().contains("us-west-2");
  }

  @Test
  void everyServiceTrustCarriesTheConfusedDeputyConditionAwsDocuments() {
    assertThat(serviceTrustViolations(TEMPLATE.root())).isEmpty();
  }

  @Test
  void aFlowLogsTrustWithoutItsSourceArnIsAViolation() {
    ObjectNode mutated = TEMPLATE.root().deepCopy();
    ((ObjectNode) mutated.at("/Resources/VpcFlowLogsRole/Properties/AssumeRolePolicyDocument/Statement/0/Condition"))
        .remove("ArnLike");
    assertThat(serviceTrustViolations(mutated)).containsExactly("VpcFlowLogsRole trust of vpc-flow-logs.amazonaws.com:"
        + " no ArnLike aws:SourceArn (the confused-deputy condition AWS documents)");
  }

  @Test
  void aLambdaTrustWithoutItsSourceAccountIsAViolation() {
    ObjectNode mutated = TEMPLATE.root().deepCopy();
    ((ObjectNode) mutated.at("/Resources/ProcessorExecutionRole/Properties/AssumeRolePolicyDocument/Statement/0"))
        .remove("Condition");
    assertThat(serviceTrustViolations(mutated)).containsExactly("ProcessorExecutionRole trust of lambda.amazonaws.com:"
        + " no StringEquals aws:SourceAccount (the confused-deputy condition AWS documents)");
  }

  @Test
  void aTrustOfAServiceWithNoRecordedConditionIsAViolation() {
    ObjectNode mutated = TEMPLATE.root().deepCopy();
    ((ObjectNode) mutated.at("/Resources/BackupRole/Properties/AssumeRolePolicyDocument/Statement/0/Principal"))
        .put("Service", "events.amazonaws.com");
    assertThat(serviceTrustViolations(mutated)).hasSize(1).first().asString()
        .startsWith("BackupRole trust of events.amazonaws.com: no documented confused-deputy condition");
  }

  @Test
  void aServiceTrustLeftWithoutConditionMustSayWhy() {
    ObjectNode mutated = TEMPLATE.root().deepCopy();
    ((ObjectNode) mutated.at("/Resources/S3ReplicationRole/Metadata")).put("Comment", "Replication.");
    assertThat(serviceTrustViolations(mutated)).containsExactly("S3ReplicationRole trust of s3.amazonaws.com: no"
        + " condition and no Metadata.Comment saying why (write 'No confused-deputy condition on the trust' and the"
        + " reason)");
  }

  @Test
  void processorCannotWriteTheControlTable() {
    assertThat(processorControlWriteViolations(TEMPLATE.root())).isEmpty();
  }

  @Test
  void aProcessorAllowedToPutControlItemsIsAViolation() {
    ObjectNode mutated = TEMPLATE.root().deepCopy();
    ArrayNode statements = (ArrayNode) mutated.at("/Resources/ProcessorExecutionRole/Properties/Policies/0"
        + "/PolicyDocument/Statement");
    for (int i = 0; i < statements.size(); i++) {
      if ("DenyWritesToControlTable".equals(statements.get(i).path("Sid").asText())) {
        statements.remove(i);
        break;
      }
    }
    ObjectNode allow = statements.addObject();
    allow.put("Sid", "WriteControl").put("Effect", "Allow").put("Action", "dynamodb:PutItem");
    allow.putObject("Resource").put("Fn::Sub",
        "arn:${AWS::Partition}:dynamodb:*:${AWS::AccountId}:table/${ProjectName}-${EnvironmentName}-control");
    assertThat(processorControlWriteViolations(mutated))
        .contains("ProcessorExecutionRole WriteControl: allows dynamodb:PutItem on"
            + " arn:aws:dynamodb:us-east-1:123456789012:table/txn-dr-prod-control")
        .contains("ProcessorExecutionRole: no unconditional Deny of dynamodb:BatchWriteItem on"
            + " arn:aws:dynamodb:us-west-2:123456789012:table/txn-dr-prod-control (DenyWritesToControlTable must name"
            + " both regions' control tables)");
  }

  @Test
  void aControlTableDenyCoveringOneRegionOnlyIsAViolation() {
    ObjectNode mutated = TEMPLATE.root().deepCopy();
    ArrayNode resources = (ArrayNode) statementWithSid(mutated, "ProcessorExecutionRole", "DenyWritesToControlTable")
        .path("Resource");
    resources.remove(1);
    assertThat(processorControlWriteViolations(mutated)).hasSize(CONTROL_WRITES.size())
        .allMatch(v -> v.contains("us-west-2"));
  }

  // ------------------------------------------------------------------------------------------ helpers

  private interface StatementVisitor {
    void visit(String role, JsonNode statement);
  }

  /** Every statement of every role: inline policies, and managed policies by the roles they attach to. */
  private static void forEachStatement(JsonNode template, StatementVisitor visitor) {
    template.path("Resources").fields().forEachRemaining(entry -> {
      JsonNode resource = entry.getValue();
      String type = resource.path("Type").asText();
      if ("AWS::IAM::Role".equals(type)) {
        for (JsonNode policy : resource.path("Properties").path("Policies")) {
          policy.path("PolicyDocument").path("Statement").forEach(s -> visitor.visit(entry.getKey(), s));
        }
      } else if ("AWS::IAM::ManagedPolicy".equals(type)) {
        for (JsonNode role : resource.path("Properties").path("Roles")) {
          resource.path("Properties").path("PolicyDocument").path("Statement")
              .forEach(s -> visitor.visit(role.path("Ref").asText(), s));
        }
      }
    });
  }

  private static JsonNode statementWithSid(JsonNode template, String role, String sid) {
    List<JsonNode> found = new ArrayList<>();
    forEachStatement(template, (r, s) -> {
      if (r.equals(role) && sid.equals(s.path("Sid").asText())) {
        found.add(s);
      }
    });
    assertThat(found).as("%s statement %s", role, sid).hasSize(1);
    return found.get(0);
  }

  /** The statements of a trust policy, with both branches of an Fn::If. */
  private static List<JsonNode> branches(JsonNode statements) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode s : statements) {
      if (s.has("Fn::If")) {
        out.add(s.get("Fn::If").get(1));
        out.add(s.get("Fn::If").get(2));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static List<String> texts(JsonNode listOrValue) {
    List<String> out = new ArrayList<>();
    if (listOrValue.isArray()) {
      listOrValue.forEach(v -> out.add(v.asText()));
    } else if (!listOrValue.isMissingNode()) {
      out.add(listOrValue.asText());
    }
    return out;
  }

  private static List<String> resolvedAll(JsonNode listOrValue) {
    List<String> out = new ArrayList<>();
    if (listOrValue.isArray()) {
      listOrValue.forEach(v -> out.add(IamTemplateTest.resolve(v, IamTemplateTest.DEFAULTS)));
    } else if (!listOrValue.isMissingNode()) {
      out.add(IamTemplateTest.resolve(listOrValue, IamTemplateTest.DEFAULTS));
    }
    return out;
  }

  private static boolean matchesAny(List<String> patterns, String value) {
    return patterns.stream().anyMatch(p -> iamLike(p).matcher(value).matches());
  }

  /** An IAM pattern ({@code *} any run of characters, {@code ?} one) as a regex. */
  private static Pattern iamLike(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString());
  }
}
