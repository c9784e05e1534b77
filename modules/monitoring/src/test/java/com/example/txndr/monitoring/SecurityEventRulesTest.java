package com.example.txndr.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CloudTrail detection rules (docs/adr/0013, finding M5): each misuse step of the review, as
 * the CloudTrail event EventBridge receives, pages through the alert topic in the region where the
 * event arrives, and nothing outside the project does where the pattern can tell.
 */
class SecurityEventRulesTest {
  private static final Template TEMPLATE = Template.ofModule("monitoring");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ACCOUNT = Evaluator.ACCOUNT_ID;
  private static final List<String> GLOBAL_RULES = List.of("HealthCheckTamperingRule", "IamRoleChangeRule");
  private static final String FN = "txn-dr-prod-transaction-processor";

  /** A misuse step as CloudTrail reports it: source, event source, event name, request parameters ({region} is the event's). */
  private record Call(String source, String eventSource, String eventName, String requestParameters) {
  }

  /** Every misuse step the review lists (M5) and the brief adds, with the CloudTrail event names. */
  private static final Map<String, Call> MISUSE = new LinkedHashMap<>();

  static {
    for (String name : List.of("DisableKey", "ScheduleKeyDeletion", "PutKeyPolicy", "UpdateAlias", "DeleteAlias")) {
      MISUSE.put("kms " + name, new Call("aws.kms", "kms.amazonaws.com", name,
          "{\"keyId\": \"alias/transaction-encryption\"}"));
    }
    for (String name : List.of("UpdateFunctionCode20150331v2", "UpdateFunctionConfiguration20150331v2",
        "AddPermission20150331v2", "CreateFunctionUrlConfig20211031", "UpdateFunctionUrlConfig20211031",
        "PutFunctionConcurrency20171031", "UpdateAlias20150331")) {
      MISUSE.put("lambda " + name, new Call("aws.lambda", "lambda.amazonaws.com", name,
          "{\"functionName\": \"" + FN + "\"}"));
    }
    MISUSE.put("lambda by full ARN", new Call("aws.lambda", "lambda.amazonaws.com", "UpdateFunctionCode20150331v2",
        "{\"functionName\": \"arn:aws:lambda:{region}:" + ACCOUNT + ":function:" + FN + "\"}"));
    MISUSE.put("lambda by partial ARN", new Call("aws.lambda", "lambda.amazonaws.com", "AddPermission20150331v2",
        "{\"functionName\": \"" + ACCOUNT + ":function:" + FN + "\"}"));
    MISUSE.put("cloudwatch SetAlarmState", new Call("aws.cloudwatch", "monitoring.amazonaws.com", "SetAlarmState",
        "{\"alarmName\": \"txn-dr-prod-primary-region-unhealthy\", \"stateValue\": \"ALARM\"}"));
    MISUSE.put("cloudwatch DisableAlarmActions", new Call("aws.cloudwatch", "monitoring.amazonaws.com",
        "DisableAlarmActions", "{\"alarmNames\": [\"other-alarm\", \"txn-dr-prod-api-5xx-rate\"]}"));
    MISUSE.put("events DisableRule", new Call("aws.events", "events.amazonaws.com", "DisableRule",
        "{\"name\": \"txn-dr-prod-primary-unhealthy-to-orchestrator\"}"));
    for (String name : List.of("PutParameter", "DeleteParameter")) {
      MISUSE.put("ssm " + name, new Call("aws.ssm", "ssm.amazonaws.com", name,
          "{\"name\": \"/txn-dr/prod/peer/api-endpoint\"}"));
    }
    MISUSE.put("ssm DeleteParameters", new Call("aws.ssm", "ssm.amazonaws.com", "DeleteParameters",
        "{\"names\": [\"/txn-dr/prod/peer/health-check-id\"]}"));
    for (String name : List.of("UpdateHealthCheck", "DeleteHealthCheck")) {
      MISUSE.put("route53 " + name, new Call("aws.route53", "route53.amazonaws.com", name,
          "{\"healthCheckId\": \"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\"}"));
    }
    for (String name : List.of("DeleteBackupVaultAccessPolicy", "PutBackupVaultAccessPolicy",
        "DeleteBackupVaultLockConfiguration")) {
      MISUSE.put("backup " + name, new Call("aws.backup", "backup.amazonaws.com", name,
          "{\"backupVaultName\": \"txn-dr-prod-vault\"}"));
    }
    for (String name : List.of("UpdateStackSet", "DeleteStackSet", "CreateStackInstances")) {
      MISUSE.put("cloudformation " + name, new Call("aws.cloudformation", "cloudformation.amazonaws.com", name,
          "{\"stackSetName\": \"txn-dr-prod-secondary-region\"}"));
    }
    for (String name : List.of("UpdateAssumeRolePolicy", "PutRolePolicy", "AttachRolePolicy")) {
      MISUSE.put("iam " + name, new Call("aws.iam", "iam.amazonaws.com", name,
          "{\"roleName\": \"txn-dr-prod-processor-execution\"}"));
    }
  }

  /** Calls on other projects' resources that patterns with a name filter must not page on. */
  private static final Map<String, Call> OTHER_PROJECTS = Map.of(
      "lambda", new Call("aws.lambda", "lambda.amazonaws.com", "UpdateFunctionCode20150331v2",
          "{\"functionName\": \"billing-prod-api\"}"),
      "alarm", new Call("aws.cloudwatch", "monitoring.amazonaws.com", "SetAlarmState",
          "{\"alarmName\": \"billing-prod-errors\"}"),
      "parameter", new Call("aws.ssm", "ssm.amazonaws.com", "PutParameter", "{\"name\": \"/billing/prod/url\"}"),
      "stack set", new Call("aws.cloudformation", "cloudformation.amazonaws.com", "UpdateStackSet",
          "{\"stackSetName\": \"billing-prod-regions\"}"),
      "role", new Call("aws.iam", "iam.amazonaws.com", "PutRolePolicy", "{\"roleName\": \"billing-prod-api\"}"));

  @TempDir
  Path temp;

  @Test
  void everyMisuseStepPagesInUsEast1() {
    assertThat(unmatched(TEMPLATE, "us-east-1", MISUSE)).isEmpty();
  }

  @Test
  void everyRegionalMisuseStepPagesInUsWest2AndGlobalServicesAreWatchedOnlyInUsEast1() {
    Map<String, Call> regional = new LinkedHashMap<>(MISUSE);
    regional.keySet().removeIf(k -> k.startsWith("route53") || k.startsWith("iam"));
    assertThat(unmatched(TEMPLATE, "us-west-2", regional)).isEmpty();
    for (String rule : GLOBAL_RULES) {
      assertThat(TEMPLATE.resource(rule).path("Condition").asText()).as(rule).isEqualTo("IsUsEast1");
      assertThat(evaluator(TEMPLATE, "us-west-2").exists(rule)).as(rule).isFalse();
    }
  }

  @Test
  void coverageCheckFailsWhenAnEventNameIsMissing() {
    Template mutated = mutate(root -> {
      ArrayNode names = (ArrayNode) root.at("/Resources/KmsKeyTamperingRule/Properties/EventPattern/detail/eventName");
      for (int i = names.size() - 1; i >= 0; i--) {
        if (names.get(i).asText().equals("ScheduleKeyDeletion")) {
          names.remove(i);
        }
      }
    });
    assertThat(unmatched(mutated, "us-east-1", MISUSE)).containsExactly("kms ScheduleKeyDeletion");
  }

  @Test
  void callsOnOtherProjectsResourcesDoNotPageWhereThePatternNamesTheProject() {
    assertThat(unmatched(TEMPLATE, "us-east-1", OTHER_PROJECTS)).containsExactlyInAnyOrderElementsOf(OTHER_PROJECTS.keySet());
  }

  @Test
  void onlyManagementEventsDeliveredByCloudTrailMatch() {
    for (String rule : securityRules()) {
      JsonNode pattern = TEMPLATE.resource(rule).path("Properties").path("EventPattern");
      assertThat(pattern.path("detail-type")).as(rule).containsExactly(MAPPER.valueToTree("AWS API Call via CloudTrail"));
      assertThat(pattern.path("detail").path("eventSource")).as(rule).hasSize(1);
    }
  }

  @Test
  void everySecurityRuleSendsToTheAlertTopicWithTheDeadLetterQueue() {
    assertThat(securityRules()).hasSize(9);
    for (String rule : securityRules()) {
      JsonNode targets = TEMPLATE.resource(rule).path("Properties").path("Targets");
      assertThat(targets).as(rule).hasSize(1);
      assertThat(targets.get(0).path("Arn").path("Ref").asText()).as(rule).isEqualTo("AlertTopic");
      assertThat(targets.get(0).path("DeadLetterConfig").path("Arn").toString()).as(rule)
          .isEqualTo("{\"Fn::GetAtt\":[\"FailoverTriggerDlq\",\"Arn\"]}");
    }
  }

  @Test
  void theTopicAndTheDeadLetterQueueAdmitEverySecurityRuleAndNoOtherSource() {
    for (String region : List.of("us-east-1", "us-west-2")) {
      assertThat(admissionProblems(TEMPLATE, region)).as(region).isEmpty();
    }
  }

  @Test
  void admissionCheckFailsWhenTheTopicPolicyDoesNotNameARule() {
    Template mutated = mutate(root -> {
      for (JsonNode statement : root.at("/Resources/AlertTopicPolicy/Properties/PolicyDocument/Statement")) {
        if (statement.path("Sid").asText().equals("AllowSecurityEventRules")) {
          ((ArrayNode) statement.at("/Condition/ArnEquals/aws:SourceArn")).remove(0);
        }
      }
    });
    assertThat(admissionProblems(mutated, "us-west-2"))
        .containsExactly("AlertTopicPolicy does not admit KmsKeyTamperingRule");
  }

  @Test
  void everyPatternFitsTheDefaultEventPatternSizeWithTheLongestNames() {
    Map<String, String> longest = new HashMap<>(required());
    longest.put("ProjectName", "abcdefghijkl");
    longest.put("EnvironmentName", "staging");
    for (String rule : securityRules()) {
      JsonNode pattern = Evaluator.of(TEMPLATE, "us-east-1", longest).property(rule, "EventPattern");
      // EventBridge's default quota for an event pattern is 2048 characters.
      assertThat(pattern.toString().length()).as(rule).isLessThan(2048);
    }
  }

  /** The keys of {@code calls} that no security rule existing in {@code region} matches. */
  private static List<String> unmatched(Template template, String region, Map<String, Call> calls) {
    Evaluator evaluator = evaluator(template, region);
    List<JsonNode> patterns = new ArrayList<>();
    for (String rule : securityRules(template)) {
      if (evaluator.exists(rule)) {
        patterns.add(evaluator.property(rule, "EventPattern"));
      }
    }
    List<String> missed = new ArrayList<>();
    calls.forEach((what, call) -> {
      JsonNode event = event(call, region);
      if (patterns.stream().noneMatch(p -> EventPatternMatcher.matches(p, event))) {
        missed.add(what);
      }
    });
    return missed;
  }

  /** Rules the topic or queue policy does not admit, and sources it admits that are no rule of this stack. */
  private static List<String> admissionProblems(Template template, String region) {
    Evaluator evaluator = evaluator(template, region);
    List<String> problems = new ArrayList<>();
    List<String> topicSources = new ArrayList<>();
    for (JsonNode statement : evaluator.property("AlertTopicPolicy", "PolicyDocument").path("Statement")) {
      if (statement.path("Principal").path("Service").asText().equals("events.amazonaws.com")) {
        statement.path("Condition").path("ArnEquals").path("aws:SourceArn").forEach(a -> topicSources.add(a.asText()));
        if (statement.path("Condition").path("ArnEquals").path("aws:SourceArn").isTextual()) {
          topicSources.add(statement.path("Condition").path("ArnEquals").path("aws:SourceArn").asText());
        }
      }
    }
    List<String> queueSources = new ArrayList<>();
    evaluator.property("FailoverTriggerDlqPolicy", "PolicyDocument").path("Statement").get(0)
        .path("Condition").path("ArnEquals").path("aws:SourceArn").forEach(a -> queueSources.add(a.asText()));
    for (String rule : securityRules(template)) {
      if (evaluator.exists(rule)) {
        String arn = "{{" + rule + ".Arn}}";
        if (!topicSources.contains(arn)) {
          problems.add("AlertTopicPolicy does not admit " + rule);
        }
        if (!queueSources.contains(arn)) {
          problems.add("FailoverTriggerDlqPolicy does not admit " + rule);
        }
      }
    }
    for (String source : topicSources) {
      String rule = source.replace("{{", "").replace(".Arn}}", "");
      if (!evaluator.exists(rule) || !template.typeOf(rule).equals("AWS::Events::Rule")) {
        problems.add("AlertTopicPolicy admits " + source + ", which is no rule of this stack in " + region);
      }
    }
    return problems;
  }

  private static JsonNode event(Call call, String region) {
    try {
      return MAPPER.readTree("""
          {"source": "%s", "detail-type": "AWS API Call via CloudTrail", "account": "%s", "region": "%s",
           "detail": {"eventSource": "%s", "eventName": "%s", "awsRegion": "%s",
                      "userIdentity": {"arn": "arn:aws:sts::%s:assumed-role/PowerUser/mallory"},
                      "requestParameters": %s}}""".formatted(call.source(), ACCOUNT, region, call.eventSource(),
          call.eventName(), region, ACCOUNT, call.requestParameters().replace("{region}", region)));
    } catch (IOException e) {
      throw new AssertionError("bad event fixture " + call, e);
    }
  }

  private static List<String> securityRules() {
    return securityRules(TEMPLATE);
  }

  private static List<String> securityRules(Template template) {
    List<String> rules = new ArrayList<>();
    for (String rule : template.resourceIdsOfType("AWS::Events::Rule")) {
      if (template.resource(rule).path("Properties").path("Name").toString().contains("-security-")) {
        rules.add(rule);
      }
    }
    return rules;
  }

  private static Evaluator evaluator(Template template, String region) {
    return Evaluator.of(template, region, required());
  }

  private static Map<String, String> required() {
    Map<String, String> values = new HashMap<>();
    values.put("KmsKeyArn", "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab");
    values.put("HttpApiId", "abcde12345");
    values.put("FailoverOrchestratorArn", "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:txn-dr-prod-failover-orchestrator:live");
    values.put("LeaseKeeperArn", "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:txn-dr-prod-lease-keeper");
    values.put("ReconcilerArn", "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:txn-dr-prod-reconciler");
    values.put("PrimaryHealthCheckId", "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0");
    return values;
  }

  /** A copy of the monitoring template changed by {@code change}. */
  private Template mutate(Consumer<ObjectNode> change) {
    ObjectNode root = TEMPLATE.root().deepCopy();
    change.accept(root);
    Path file = temp.resolve("monitoring.template.json");
    try {
      Files.writeString(file, MAPPER.writeValueAsString(root));
    } catch (IOException e) {
      throw new AssertionError("cannot write the mutated template", e);
    }
    return Template.load(file);
  }
}
