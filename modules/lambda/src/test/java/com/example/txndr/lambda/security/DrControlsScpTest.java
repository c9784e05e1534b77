package com.example.txndr.lambda.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/security/dr-controls-scp.json: valid IAM policy JSON that Organizations accepts as a
 * service control policy (Deny statements, no Principal, within 5,120 characters), and it names
 * the functions, roles, alarms, parameters and table the templates create: a rename in a template
 * breaks this test until the SCP follows.
 */
class DrControlsScpTest {
  /** Organizations' limit on a service control policy document, whitespace included. */
  static final int MAX_SCP_CHARACTERS = 5120;
  private static final Path SCP = RepoRoot.find().resolve("docs/security/dr-controls-scp.json");
  private static final Pattern ACTION = Pattern.compile("[a-z0-9-]+:[A-Za-z*]+");
  private static final Set<String> STATEMENT_KEYS = Set.of("Sid", "Effect", "Action", "Resource", "Condition");
  private static final Set<String> OPERATORS = Set.of("BoolIfExists", "ArnNotLike");
  private static final Map<String, String> DEFAULTS = Map.of("<ACCOUNT_ID>", "111122223333", "<PROJECT>", "txn-dr",
      "<ENV>", "prod", "<DEPLOYER_ROLE>", "deployer", "<BREAK_GLASS_ROLE>", "break-glass");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String text() throws IOException {
    return Files.readString(SCP);
  }

  /** The policy with its placeholders replaced by {@code values}. */
  static JsonNode policy(String text, Map<String, String> values) throws IOException {
    for (Map.Entry<String, String> value : values.entrySet()) {
      text = text.replace(value.getKey(), value.getValue());
    }
    return JSON.readTree(text);
  }

  /** What is wrong with {@code policy} as an SCP (empty when nothing). */
  static List<String> syntaxProblems(String text) throws IOException {
    List<String> problems = new ArrayList<>();
    if (text.length() > MAX_SCP_CHARACTERS) {
      problems.add("the policy has " + text.length() + " characters; an SCP may have " + MAX_SCP_CHARACTERS);
    }
    JsonNode policy = JSON.readTree(text);
    if (!"2012-10-17".equals(policy.path("Version").asText())) {
      problems.add("Version must be 2012-10-17");
    }
    Set<String> sids = new HashSet<>();
    for (JsonNode statement : policy.path("Statement")) {
      String sid = statement.path("Sid").asText();
      if (!sid.matches("[A-Za-z0-9]+") || !sids.add(sid)) {
        problems.add("Sid " + sid + " must be unique and alphanumeric");
      }
      statement.fieldNames().forEachRemaining(key -> {
        if (!STATEMENT_KEYS.contains(key)) {
          problems.add(sid + ": " + key + " is not an element an SCP supports here (no Principal in an SCP)");
        }
      });
      if (!"Deny".equals(statement.path("Effect").asText())) {
        problems.add(sid + ": every statement is a Deny");
      }
      for (String action : strings(statement.path("Action"))) {
        if (!ACTION.matcher(action).matches()) {
          problems.add(sid + ": action " + action + " is not service:Action");
        }
      }
      List<String> resources = strings(statement.path("Resource"));
      if (resources.isEmpty() || !resources.stream().allMatch(r -> r.startsWith("arn:aws:"))) {
        problems.add(sid + ": every Resource is an ARN");
      }
      statement.path("Condition").fieldNames().forEachRemaining(operator -> {
        if (!OPERATORS.contains(operator)) {
          problems.add(sid + ": condition operator " + operator + " is not one this policy uses on purpose");
        }
      });
    }
    return problems;
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      values.add(node.asText());
    }
    node.forEach(value -> values.add(value.asText()));
    return values;
  }

  /** True when the IAM ARN pattern (with {@code *} and {@code ?}) matches {@code arn}. */
  static boolean matches(String pattern, String arn) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return arn.matches(regex.toString());
  }

  private static JsonNode statement(JsonNode policy, String sid) {
    for (JsonNode statement : policy.path("Statement")) {
      if (statement.path("Sid").asText().equals(sid)) {
        return statement;
      }
    }
    throw new AssertionError("no statement " + sid + " in " + SCP);
  }

  /** {@code arn} is denied by statement {@code sid} unless the principal is excepted. */
  static boolean covers(JsonNode policy, String sid, String arn) {
    return strings(statement(policy, sid).path("Resource")).stream().anyMatch(r -> matches(r, arn));
  }

  /** The roles statement {@code sid} excepts. */
  static List<String> exceptedRoles(JsonNode policy, String sid) {
    return strings(statement(policy, sid).path("Condition").path("ArnNotLike").path("aws:PrincipalArn"));
  }

  /** A {@code Fn::Sub} name of a template with the default project, environment and account. */
  private static String resolve(JsonNode sub) {
    return sub.path("Fn::Sub").asText().replace("${ProjectName}", "txn-dr").replace("${EnvironmentName}", "prod")
        .replace("${AWS::AccountId}", "111122223333");
  }

  private static String property(Template template, String logicalId, String name) {
    return resolve(template.resource(logicalId).path("Properties").path(name));
  }

  private static String role(String name) {
    return "arn:aws:iam::111122223333:role/" + name;
  }

  /** The names the templates create, by what the SCP must do with them. */
  static Map<String, List<String>> templateNames() {
    Template lambda = Template.ofModule("lambda");
    Template iam = Template.ofModule("iam");
    Map<String, List<String>> names = new LinkedHashMap<>();
    names.put("leaseFunctions", List.of(property(lambda, "FailoverOrchestratorFunction", "FunctionName"),
        property(lambda, "LeaseKeeperFunction", "FunctionName")));
    names.put("reconciler", List.of(property(lambda, "ReconcilerFunction", "FunctionName")));
    names.put("drOperations", List.of(property(iam, "DrOperatorRole", "RoleName")));
    names.put("controlTableWriters", List.of(property(iam, "LeaseKeeperExecutionRole", "RoleName"),
        property(iam, "OrchestratorExecutionRole", "RoleName"), property(iam, "ReconcilerExecutionRole", "RoleName"),
        property(iam, "DrOperatorRole", "RoleName")));
    names.put("parameterWriters", List.of(property(iam, "PeerValuesExecutionRole", "RoleName"),
        property(iam, "OrchestratorExecutionRole", "RoleName"), resolve(Template.load(RepoRoot.find()
            .resolve("stacksets/templates/bootstrap.template.json")).resource("StackSetExecutionRole")
            .path("Properties").path("RoleName"))));
    List<String> alarms = new ArrayList<>();
    Template monitoring = Template.ofModule("monitoring");
    for (String id : monitoring.resourceIdsOfType("AWS::CloudWatch::Alarm")) {
      alarms.add(property(monitoring, id, "AlarmName"));
    }
    for (String id : monitoring.resourceIdsOfType("AWS::CloudWatch::CompositeAlarm")) {
      alarms.add(property(monitoring, id, "AlarmName"));
    }
    names.put("alarms", alarms);
    List<String> parameters = new ArrayList<>();
    Template ssm = Template.ofModule("ssm");
    for (String id : ssm.resourceIdsOfType("AWS::SSM::Parameter")) {
      parameters.add(property(ssm, id, "Name"));
    }
    // What the peer-values function writes in the secondary (root stack, PeerValues.Write).
    parameters.add("/txn-dr/prod/peer/api-endpoint");
    parameters.add("/txn-dr/prod/peer/health-check-id");
    names.put("parameters", parameters);
    names.put("controlTable", List.of(property(Template.ofModule("dynamodb-global"), "ControlTable", "TableName")));
    return names;
  }

  /** Each template name the SCP does not protect, or does not except where it must (empty when all are). */
  static List<String> namingProblems(JsonNode policy, Map<String, List<String>> names) {
    List<String> problems = new ArrayList<>();
    String lambda = "arn:aws:lambda:us-east-1:111122223333:function:";
    for (String function : names.get("leaseFunctions")) {
      for (String arn : List.of(lambda + function, lambda + function + ":live")) {
        if (!covers(policy, "DenyInvokeOfLeaseFunctions", arn)) {
          problems.add("DenyInvokeOfLeaseFunctions does not cover " + arn);
        }
      }
    }
    for (String function : names.get("reconciler")) {
      if (!covers(policy, "DenyInvokeOfReconcilerExceptDrOperations", lambda + function)) {
        problems.add("DenyInvokeOfReconcilerExceptDrOperations does not cover " + function);
      }
    }
    for (String dr : names.get("drOperations")) {
      if (!exceptedRoles(policy, "DenyInvokeOfReconcilerExceptDrOperations").contains(role(dr))) {
        problems.add("the reconciler's deny does not except " + dr + " (the drill's reconcile)");
      }
    }
    for (String alarm : names.get("alarms")) {
      String arn = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:" + alarm;
      for (String sid : List.of("DenySetAlarmStateExceptBreakGlass", "DenyAlarmChangesExceptDeployers")) {
        if (!covers(policy, sid, arn)) {
          problems.add(sid + " does not cover alarm " + alarm);
        }
      }
    }
    for (String parameter : names.get("parameters")) {
      String arn = "arn:aws:ssm:us-west-2:111122223333:parameter" + parameter;
      if (!covers(policy, "DenyProjectParameterWritesExceptWriters", arn)) {
        problems.add("DenyProjectParameterWritesExceptWriters does not cover " + parameter);
      }
    }
    for (String writer : names.get("parameterWriters")) {
      if (!exceptedRoles(policy, "DenyProjectParameterWritesExceptWriters").contains(role(writer))) {
        problems.add("the parameters' deny does not except " + writer);
      }
    }
    for (String table : names.get("controlTable")) {
      if (!covers(policy, "DenyControlTableWritesExceptLeaseRoles", "arn:aws:dynamodb:us-west-2:111122223333:table/"
          + table)) {
        problems.add("DenyControlTableWritesExceptLeaseRoles does not cover " + table);
      }
    }
    for (String writer : names.get("controlTableWriters")) {
      if (!exceptedRoles(policy, "DenyControlTableWritesExceptLeaseRoles").contains(role(writer))) {
        problems.add("the control table's deny does not except " + writer);
      }
    }
    return problems;
  }

  @Test
  void theScpIsAValidServiceControlPolicy() throws IOException {
    assertThat(syntaxProblems(text())).isEmpty();
  }

  @Test
  void theScpFitsOrganizationsLimitWithTheLongestNames() throws IOException {
    // ProjectName: 12 characters (its AllowedPattern); role names: IAM's 64.
    String longest = text().replace("<ACCOUNT_ID>", "123456789012").replace("<PROJECT>", "abcdefghijkl")
        .replace("<ENV>", "staging").replace("<DEPLOYER_ROLE>", "d".repeat(64))
        .replace("<BREAK_GLASS_ROLE>", "b".repeat(64));

    assertThat(longest.length()).isLessThanOrEqualTo(MAX_SCP_CHARACTERS);
    assertThat(syntaxProblems(longest)).isEmpty();
  }

  @Test
  void aPolicyOverTheLimitOrWithAPrincipalOrAnAllowFails() throws IOException {
    String text = text();
    assertThat(syntaxProblems(text + " ".repeat(MAX_SCP_CHARACTERS))).first().asString()
        .startsWith("the policy has ");
    assertThat(syntaxProblems(text.replaceFirst("\"Effect\": \"Deny\"", "\"Effect\": \"Allow\"")))
        .containsExactly("DenyInvokeOfLeaseFunctions: every statement is a Deny");
    assertThat(syntaxProblems(text.replaceFirst("\"Effect\": \"Deny\",", "\"Effect\": \"Deny\", \"Principal\": \"*\",")))
        .containsExactly("DenyInvokeOfLeaseFunctions: Principal is not an element an SCP supports here (no Principal"
            + " in an SCP)");
  }

  @Test
  void theScpNamesWhatTheTemplatesCreate() throws IOException {
    assertThat(namingProblems(policy(text(), DEFAULTS), templateNames())).isEmpty();
  }

  @Test
  void aRenamedFunctionRoleOrTableIsNoLongerProtectedAndTheTestSaysSo() throws IOException {
    Map<String, List<String>> renamed = new LinkedHashMap<>(templateNames());
    renamed.put("leaseFunctions", List.of("txn-dr-prod-orchestrator"));
    renamed.put("controlTableWriters", List.of("txn-dr-prod-dr-break-glass"));
    renamed.put("controlTable", List.of("txn-dr-prod-lease"));

    assertThat(namingProblems(policy(text(), DEFAULTS), renamed)).containsExactly(
        "DenyInvokeOfLeaseFunctions does not cover arn:aws:lambda:us-east-1:111122223333:function:txn-dr-prod-orchestrator",
        "DenyInvokeOfLeaseFunctions does not cover"
            + " arn:aws:lambda:us-east-1:111122223333:function:txn-dr-prod-orchestrator:live",
        "DenyControlTableWritesExceptLeaseRoles does not cover txn-dr-prod-lease",
        "the control table's deny does not except txn-dr-prod-dr-break-glass");
  }

  @Test
  void onlyTheBreakGlassRoleMaySetTheProjectsAlarmStates() throws IOException {
    JsonNode policy = policy(text(), DEFAULTS);

    assertThat(exceptedRoles(policy, "DenySetAlarmStateExceptBreakGlass")).containsExactly(role("break-glass"));
    assertThat(covers(policy, "DenySetAlarmStateExceptBreakGlass",
        "arn:aws:cloudwatch:us-east-1:111122223333:alarm:txn-dr-prod-primary-region-unhealthy")).isTrue();
  }
}
