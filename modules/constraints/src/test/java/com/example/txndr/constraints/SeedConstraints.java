package com.example.txndr.constraints;

import com.example.txndr.testkit.Intrinsics;
import com.example.txndr.testkit.JsonMatch;
import com.example.txndr.testkit.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's constraints as checks over one template. Each returns its violations, one line
 * each naming the logical ID and what to change; an empty list means the template complies.
 */
final class SeedConstraints {
  static final String PRIMARY = "us-east-1";
  static final String SECONDARY = "us-west-2";

  /** AWS-managed key aliases: encryption with them is not encryption with a CMK. */
  private static final Pattern AWS_MANAGED_KEY = Pattern.compile("^alias/aws/.*");

  /**
   * Types that store no customer data at rest (configuration, wiring, identity, metrics),
   * so the CMK rule does not apply. SSM String parameters hold identifiers (names, ARNs,
   * URLs): CloudFormation cannot create SecureString parameters (see modules/ssm/README.md).
   * Custom resources ({@code Custom::*}) are invocations of a function, not stores. Any
   * other type neither here nor in {@link #encryptedWithCmk} fails until it is classified.
   */
  private static final Set<String> HOLDS_NO_DATA = Set.of(
      "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::ApiMapping", "AWS::ApiGatewayV2::DomainName",
      "AWS::ApiGatewayV2::Integration", "AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Stage",
      "AWS::Backup::BackupPlan", "AWS::Backup::BackupSelection",
      "AWS::CertificateManager::Certificate", "AWS::CloudFormation::Stack",
      "AWS::CloudFormation::StackSet", "AWS::CloudFormation::CustomResource",
      "AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm", "AWS::CloudWatch::Dashboard",
      "AWS::Events::Rule", "AWS::IAM::ManagedPolicy", "AWS::IAM::Policy", "AWS::IAM::Role",
      "AWS::IAM::RolePolicy", "AWS::KMS::Alias", "AWS::KMS::Key", "AWS::Lambda::Alias",
      "AWS::Lambda::EventInvokeConfig", "AWS::Lambda::Permission", "AWS::Lambda::Version",
      "AWS::Logs::Destination", "AWS::Logs::SubscriptionFilter", "AWS::Route53::HealthCheck",
      "AWS::Route53::HostedZone", "AWS::Route53::RecordSet", "AWS::S3::BucketPolicy",
      "AWS::SNS::Subscription", "AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy",
      "AWS::SSM::Parameter");

  /** Physical-name properties by type; each must carry ProjectName and EnvironmentName. */
  private static final Map<String, String> NAME_PROPERTIES = Map.ofEntries(
      Map.entry("AWS::S3::Bucket", "BucketName"),
      Map.entry("AWS::DynamoDB::GlobalTable", "TableName"),
      Map.entry("AWS::DynamoDB::Table", "TableName"),
      Map.entry("AWS::SNS::Topic", "TopicName"),
      Map.entry("AWS::SQS::Queue", "QueueName"),
      Map.entry("AWS::IAM::Role", "RoleName"),
      Map.entry("AWS::IAM::ManagedPolicy", "ManagedPolicyName"),
      Map.entry("AWS::Lambda::Function", "FunctionName"),
      Map.entry("AWS::Logs::LogGroup", "LogGroupName"),
      Map.entry("AWS::Logs::Destination", "DestinationName"),
      Map.entry("AWS::Kinesis::Stream", "Name"),
      Map.entry("AWS::Backup::BackupVault", "BackupVaultName"),
      Map.entry("AWS::CloudWatch::Alarm", "AlarmName"),
      Map.entry("AWS::CloudWatch::CompositeAlarm", "AlarmName"),
      Map.entry("AWS::CloudWatch::Dashboard", "DashboardName"),
      Map.entry("AWS::Events::Rule", "Name"),
      Map.entry("AWS::ApiGatewayV2::Api", "Name"),
      Map.entry("AWS::SSM::Parameter", "Name"),
      Map.entry("AWS::CloudFormation::StackSet", "StackSetName"));

  private static final Pattern REGION_LITERAL =
      Pattern.compile("\\b(?:us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:gov-)?[a-z]+-\\d\\b");

  private static final Pattern YAML_FILE = Pattern.compile(".*\\.(ya?ml|template)$");

  private SeedConstraints() {}

  /**
   * Constraint 1: templates are JSON only. Lists the files below {@code root} that hold a
   * CloudFormation template in another format; target/, .git/ and test fixtures/ folders
   * (data that proves this check fails) are not searched.
   */
  static List<String> nonJsonTemplates(java.nio.file.Path root) throws java.io.IOException {
    List<String> out = new ArrayList<>();
    try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(root)) {
      for (java.nio.file.Path file : walk.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
        String path = root.relativize(file).toString();
        if (path.contains("target/") || path.startsWith(".git/") || path.contains("/fixtures/")
            || !YAML_FILE.matcher(path).matches()) {
          continue;
        }
        String text = java.nio.file.Files.readString(file);
        if (text.contains("AWSTemplateFormatVersion") || text.contains("Resources:")) {
          out.add(path + ": a CloudFormation template that is not JSON; write it as .template.json");
        }
      }
    }
    return out;
  }

  /** Constraint 9: every resource has DeletionPolicy and UpdateReplacePolicy Retain. */
  static List<String> retainEverywhere(Template t) {
    List<String> out = new ArrayList<>();
    t.resources().forEach((id, r) -> {
      for (String policy : List.of("DeletionPolicy", "UpdateReplacePolicy")) {
        if (!"Retain".equals(r.path(policy).asText())) {
          out.add(id + ": " + policy + (r.has(policy) ? " is " + r.get(policy) : " is missing")
              + ", must be \"Retain\"");
        }
      }
    });
    return out;
  }

  /** Constraint 4: everything holding data at rest is encrypted with a customer managed KMS key. */
  static List<String> encryptedWithCmk(Template t) {
    List<String> out = new ArrayList<>();
    t.resources().forEach((id, r) -> {
      String type = r.path("Type").asText();
      JsonNode p = r.path("Properties");
      switch (type) {
        case "AWS::S3::Bucket" -> {
          JsonNode sse = p.path("BucketEncryption").path("ServerSideEncryptionConfiguration")
              .path(0).path("ServerSideEncryptionByDefault");
          if (!sse.path("SSEAlgorithm").asText().startsWith("aws:kms")) {
            out.add(id + ": BucketEncryption must use SSEAlgorithm aws:kms, found " + sse.path("SSEAlgorithm"));
          }
          requireCmk(out, id, "BucketEncryption...KMSMasterKeyID", sse.path("KMSMasterKeyID"));
        }
        case "AWS::DynamoDB::GlobalTable" -> {
          if (!p.path("SSESpecification").path("SSEEnabled").asBoolean(false)
              || !"KMS".equals(p.path("SSESpecification").path("SSEType").asText())) {
            out.add(id + ": SSESpecification must be {SSEEnabled: true, SSEType: KMS}");
          }
          JsonNode replicas = p.path("Replicas");
          for (int i = 0; i < replicas.size(); i++) {
            requireCmk(out, id, "Replicas[" + i + "].SSESpecification.KMSMasterKeyId",
                replicas.get(i).path("SSESpecification").path("KMSMasterKeyId"));
          }
        }
        case "AWS::DynamoDB::Table" -> {
          if (!p.path("SSESpecification").path("SSEEnabled").asBoolean(false)) {
            out.add(id + ": SSESpecification.SSEEnabled must be true");
          }
          requireCmk(out, id, "SSESpecification.KMSMasterKeyId", p.path("SSESpecification").path("KMSMasterKeyId"));
        }
        case "AWS::SNS::Topic", "AWS::SQS::Queue" -> requireCmk(out, id, "KmsMasterKeyId", p.path("KmsMasterKeyId"));
        case "AWS::Logs::LogGroup" -> requireCmk(out, id, "KmsKeyId", p.path("KmsKeyId"));
        case "AWS::Kinesis::Stream" -> {
          if (!"KMS".equals(p.path("StreamEncryption").path("EncryptionType").asText())) {
            out.add(id + ": StreamEncryption.EncryptionType must be KMS");
          }
          requireCmk(out, id, "StreamEncryption.KeyId", p.path("StreamEncryption").path("KeyId"));
        }
        case "AWS::Backup::BackupVault" -> requireCmk(out, id, "EncryptionKeyArn", p.path("EncryptionKeyArn"));
        case "AWS::Lambda::Function" -> requireCmk(out, id, "KmsKeyArn", p.path("KmsKeyArn"));
        default -> {
          if (!HOLDS_NO_DATA.contains(type) && !type.startsWith("Custom::")) {
            out.add(id + ": type " + type + " is not classified: add its CMK rule to SeedConstraints"
                + " or list it as holding no data, with the reason");
          }
        }
      }
    });
    return out;
  }

  private static void requireCmk(List<String> out, String id, String property, JsonNode key) {
    if (key.isMissingNode() || key.isNull() || key.asText().isEmpty() && !Intrinsics.isIntrinsic(key)) {
      out.add(id + ": " + property + " is missing; set it to the customer managed key");
    } else if (key.isTextual() && AWS_MANAGED_KEY.matcher(key.asText()).matches()) {
      out.add(id + ": " + property + " is the AWS managed key " + key.asText() + "; use the customer managed key");
    }
  }

  /** Constraint 7: every Lambda function reserves at least 100 concurrent executions. */
  static List<String> reservedConcurrencyAtLeast100(Template t) {
    List<String> out = new ArrayList<>();
    for (String id : t.resourceIdsOfType("AWS::Lambda::Function")) {
      JsonNode value = t.resource(id).path("Properties").path("ReservedConcurrentExecutions");
      if (value.isMissingNode()) {
        out.add(id + ": ReservedConcurrentExecutions is missing; reserve at least 100");
      } else if (value.isNumber() || value.isTextual() && value.asText().matches("\\d+")) {
        if (value.asInt() < 100) {
          out.add(id + ": ReservedConcurrentExecutions is " + value.asInt() + ", must be at least 100");
        }
      } else if (value.has("Ref")) {
        JsonNode parameter = t.section("Parameters").path(value.get("Ref").asText());
        if (parameter.path("MinValue").asInt(0) < 100 || parameter.path("Default").asInt(0) < 100) {
          out.add(id + ": ReservedConcurrentExecutions comes from parameter " + value.get("Ref").asText()
              + " whose MinValue and Default must both be at least 100");
        }
      } else {
        out.add(id + ": ReservedConcurrentExecutions must be a number or a Ref to a parameter with MinValue 100, found " + value);
      }
    }
    return out;
  }

  /** Constraint 10: every alarm notifies an SNS topic on ALARM and on OK. */
  static List<String> alarmsNotifySns(Template t) {
    List<String> out = new ArrayList<>();
    List<String> alarms = new ArrayList<>(t.resourceIdsOfType("AWS::CloudWatch::Alarm"));
    alarms.addAll(t.resourceIdsOfType("AWS::CloudWatch::CompositeAlarm"));
    for (String id : alarms) {
      JsonNode p = t.resource(id).path("Properties");
      for (String actions : List.of("AlarmActions", "OKActions")) {
        if (!p.path(actions).isArray() || p.path(actions).isEmpty()) {
          out.add(id + ": " + actions + " is missing; notify the alert topic");
        } else if (!notifiesTopic(t, p.path(actions))) {
          out.add(id + ": " + actions + " " + p.path(actions) + " names no SNS topic");
        }
      }
      if (p.has("ActionsEnabled") && !p.path("ActionsEnabled").asBoolean(true)) {
        out.add(id + ": ActionsEnabled is false; alarms must notify");
      }
    }
    return out;
  }

  private static boolean notifiesTopic(Template t, JsonNode actions) {
    for (JsonNode action : actions) {
      for (String name : Intrinsics.referencedNames(action)) {
        if (t.typeOf(name).equals("AWS::SNS::Topic") || name.endsWith("TopicArn")) {
          return true;
        }
      }
      if (action.isTextual() && action.asText().startsWith("arn:") && action.asText().contains(":sns:")
          || action.toString().contains(":sns:")) {
        return true;
      }
    }
    return false;
  }

  /** Constraint 6: every DynamoDB table and global-table replica has point-in-time recovery. */
  static List<String> pointInTimeRecovery(Template t) {
    List<String> out = new ArrayList<>();
    for (String id : t.resourceIdsOfType("AWS::DynamoDB::GlobalTable")) {
      JsonNode replicas = t.resource(id).path("Properties").path("Replicas");
      for (int i = 0; i < replicas.size(); i++) {
        if (!pitrEnabled(replicas.get(i))) {
          out.add(id + ": Replicas[" + i + "] must enable PointInTimeRecoverySpecification");
        }
      }
    }
    for (String id : t.resourceIdsOfType("AWS::DynamoDB::Table")) {
      if (!pitrEnabled(t.resource(id).path("Properties"))) {
        out.add(id + ": PointInTimeRecoverySpecification must be enabled");
      }
    }
    return out;
  }

  private static boolean pitrEnabled(JsonNode holder) {
    return holder.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean(false);
  }

  /** Constraint 8: every bucket that replicates has Transfer Acceleration enabled. */
  static List<String> replicatingBucketsAccelerated(Template t) {
    List<String> out = new ArrayList<>();
    for (String id : t.resourceIdsOfType("AWS::S3::Bucket")) {
      JsonNode p = t.resource(id).path("Properties");
      if (p.has("ReplicationConfiguration")
          && !"Enabled".equals(p.path("AccelerateConfiguration").path("AccelerationStatus").asText())) {
        out.add(id + ": replicates but AccelerateConfiguration.AccelerationStatus is not Enabled");
      }
    }
    return out;
  }

  /**
   * Constraint 2: regions are us-east-1 (primary) and us-west-2 (secondary), nothing else. The
   * one exception is where Route 53 runs its health checkers ({@code HealthCheckConfig.Regions}):
   * those are observation points, not deployment regions.
   */
  static List<String> regionsArePrimaryAndSecondary(Template t) {
    List<String> out = new ArrayList<>();
    checkDefault(out, t, "PrimaryRegion", PRIMARY);
    checkDefault(out, t, "SecondaryRegion", SECONDARY);
    Set<String> others = new java.util.TreeSet<>();
    Intrinsics.walk(t.root(), "", (path, node) -> {
      if (!node.isTextual() || path.matches("Resources\\.[^.]+\\.Properties\\.HealthCheckConfig\\.Regions\\[\\d+]")
          && "AWS::Route53::HealthCheck".equals(t.typeOf(path.split("\\.")[1]))) {
        return;
      }
      Matcher m = REGION_LITERAL.matcher(node.asText());
      while (m.find()) {
        if (!m.group().equals(PRIMARY) && !m.group().equals(SECONDARY)) {
          others.add(m.group());
        }
      }
    });
    others.forEach(r -> out.add("region " + r + " appears in the template; only " + PRIMARY + " and "
        + SECONDARY + " are allowed"));
    return out;
  }

  private static void checkDefault(List<String> out, Template t, String parameter, String expected) {
    JsonNode p = t.section("Parameters").path(parameter);
    if (!p.isMissingNode() && !expected.equals(p.path("Default").asText())) {
      out.add("parameter " + parameter + " must default to " + expected + ", found " + p.path("Default"));
    }
  }

  /** Conventions: shared parameters, the RegionsDiffer rule and IsPrimaryRegion are copied verbatim. */
  static List<String> sharedDefinitionsMatchConventions(Template t, JsonNode shared) {
    List<String> out = new ArrayList<>();
    for (String section : List.of("Parameters", "Rules", "Conditions")) {
      shared.path(section).fields().forEachRemaining(e -> {
        JsonNode mine = t.section(section).path(e.getKey());
        if (!mine.isMissingNode() && !JsonMatch.equals(mine, e.getValue())) {
          out.add(section + "." + e.getKey() + " differs from docs/shared-parameters.json; copy it verbatim");
        }
      });
    }
    boolean hasRegions = t.section("Parameters").has("PrimaryRegion") && t.section("Parameters").has("SecondaryRegion");
    if (hasRegions && !t.section("Rules").has("RegionsDiffer")) {
      out.add("Rules.RegionsDiffer is missing; a template with both region parameters must reject equal regions");
    }
    return out;
  }

  /** Conventions: every explicit physical name carries ProjectName and EnvironmentName. */
  static List<String> namesCarryProjectAndEnvironment(Template t) {
    List<String> out = new ArrayList<>();
    t.resources().forEach((id, r) -> {
      String property = NAME_PROPERTIES.get(r.path("Type").asText());
      JsonNode name = property == null ? null : r.path("Properties").path(property);
      if (name == null || name.isMissingNode()) {
        return;
      }
      List<String> refs = Intrinsics.referencedNames(name);
      if (!refs.contains("ProjectName") || !refs.contains("EnvironmentName")) {
        out.add(id + ": " + property + " " + name + " must include ${ProjectName} and ${EnvironmentName}");
      }
    });
    return out;
  }
}
