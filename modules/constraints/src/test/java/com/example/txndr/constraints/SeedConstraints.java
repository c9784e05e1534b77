package com.example.txndr.constraints;

import com.example.txndr.template.Intrinsics;
import com.example.txndr.template.JsonMatch;
import com.example.txndr.template.Template;
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
      "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::ApiMapping", "AWS::ApiGatewayV2::Authorizer",
      "AWS::ApiGatewayV2::DomainName",
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
      "AWS::SSM::Parameter",
      // Network configuration: addresses, routes and rules, no stored data. Flow-log records are
      // stored in their log group, which the CMK rule covers (and flowLogsToEncryptedExpiringGroups).
      "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::SubnetRouteTableAssociation",
      "AWS::EC2::Route", "AWS::EC2::VPCEndpoint", "AWS::EC2::SecurityGroup", "AWS::EC2::FlowLog",
      "AWS::EC2::VPCPeeringConnection");

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
      Map.entry("AWS::KinesisFirehose::DeliveryStream", "DeliveryStreamName"),
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
        case "AWS::KinesisFirehose::DeliveryStream" -> {
          JsonNode sse = p.path("DeliveryStreamEncryptionConfigurationInput");
          if (!"CUSTOMER_MANAGED_CMK".equals(sse.path("KeyType").asText())) {
            out.add(id + ": DeliveryStreamEncryptionConfigurationInput.KeyType must be CUSTOMER_MANAGED_CMK");
          }
          requireCmk(out, id, "DeliveryStreamEncryptionConfigurationInput.KeyARN", sse.path("KeyARN"));
          requireCmk(out, id, "ExtendedS3DestinationConfiguration.EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN",
              p.path("ExtendedS3DestinationConfiguration").path("EncryptionConfiguration").path("KMSEncryptionConfig")
                  .path("AWSKMSKeyARN"));
        }
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
   * The one Region other than the primary and the secondary that a template may name: the
   * witness of the control table. A table with multi-Region strong consistency spans exactly
   * three Regions of one Region set, and with replicas in us-east-1 and us-west-2 the third Region
   * of the US set is us-east-2. The witness holds no data of ours: it cannot be read or written,
   * it does not appear in the account, and nothing of ours is deployed there.
   */
  static final String WITNESS = "us-east-2";
  /** The parameter that carries the witness Region (modules/dynamodb-global, the root stack). */
  static final String WITNESS_PARAMETER = "WitnessRegion";

  private static final Pattern WITNESS_PROPERTY =
      Pattern.compile("Resources\\.([^.]+)\\.Properties\\.GlobalTableWitnesses\\[\\d+]\\.Region");
  private static final Pattern NESTED_WITNESS_PARAMETER =
      Pattern.compile("Resources\\.([^.]+)\\.Properties\\.Parameters\\." + WITNESS_PARAMETER);

  /**
   * Constraint 2: regions are us-east-1 (primary) and us-west-2 (secondary), nothing else. Two
   * exceptions, neither of them a region that holds our resources or data: where Route 53 runs
   * its health checkers ({@code HealthCheckConfig.Regions}: observation points), and the witness
   * Region us-east-2 of a global table with multi-Region strong consistency. The witness may be
   * named only as that table's {@code GlobalTableWitnesses[].Region}, in the definition of the
   * parameter {@code WitnessRegion}, and in the rules that check that parameter; the parameter in
   * turn may be used only as such a witness or passed to a nested stack's {@code WitnessRegion}.
   * The witness holds no data of ours (DynamoDB owns it; it cannot be read or written).
   */
  static List<String> regionsArePrimaryAndSecondary(Template t) {
    List<String> out = new ArrayList<>();
    checkDefault(out, t, "PrimaryRegion", PRIMARY);
    checkDefault(out, t, "SecondaryRegion", SECONDARY);
    Set<String> others = new java.util.TreeSet<>();
    Set<String> misplacedWitness = new java.util.TreeSet<>();
    Intrinsics.walk(t.root(), "", (path, node) -> {
      if (!node.isTextual() || path.matches("Resources\\.[^.]+\\.Properties\\.HealthCheckConfig\\.Regions\\[\\d+]")
          && "AWS::Route53::HealthCheck".equals(t.typeOf(path.split("\\.")[1]))) {
        return;
      }
      Matcher m = REGION_LITERAL.matcher(node.asText());
      while (m.find()) {
        String region = m.group();
        if (region.equals(PRIMARY) || region.equals(SECONDARY)) {
          continue;
        }
        if (!region.equals(WITNESS)) {
          others.add(region);
        } else if (!mayNameTheWitness(t, path)) {
          misplacedWitness.add(path);
        }
      }
    });
    others.forEach(r -> out.add("region " + r + " appears in the template; only " + PRIMARY + " and "
        + SECONDARY + " are allowed"));
    misplacedWitness.forEach(path -> out.add("region " + WITNESS + " appears at " + path + "; it is allowed only as"
        + " the witness of a global table with multi-Region strong consistency (GlobalTableWitnesses[].Region, the"
        + " parameter " + WITNESS_PARAMETER + " and the rules that check it), which holds no data of ours: every"
        + " replica and resource belongs in " + PRIMARY + " or " + SECONDARY));
    Intrinsics.walk(t.root(), "", (path, node) -> {
      if (path.startsWith("Rules.") || !usesWitnessParameter(node) || isWitnessProperty(t, path)
          || isNestedStackWitness(t, path)) {
        return;
      }
      out.add("parameter " + WITNESS_PARAMETER + " is used at " + path + "; it may only be a strongly consistent"
          + " global table's GlobalTableWitnesses[].Region or a nested stack's " + WITNESS_PARAMETER
          + " (the witness holds no data of ours: no replica or resource may be placed there)");
    });
    return out;
  }

  /** Whether the text at {@code path} may name the witness Region. */
  private static boolean mayNameTheWitness(Template t, String path) {
    String[] parts = path.split("\\.", 3);
    if (parts.length >= 2 && parts[0].equals("Parameters") && parts[1].equals(WITNESS_PARAMETER)) {
      return true;
    }
    if (parts.length >= 2 && parts[0].equals("Rules")
        && Intrinsics.referencedNames(t.section("Rules").path(parts[1])).contains(WITNESS_PARAMETER)) {
      return true;
    }
    return isWitnessProperty(t, path);
  }

  /** {@code GlobalTableWitnesses[n].Region} of a global table with multi-Region strong consistency. */
  private static boolean isWitnessProperty(Template t, String path) {
    Matcher m = WITNESS_PROPERTY.matcher(path);
    return m.matches() && "AWS::DynamoDB::GlobalTable".equals(t.typeOf(m.group(1)))
        && "STRONG".equals(t.resource(m.group(1)).path("Properties").path("MultiRegionConsistency").asText());
  }

  private static boolean isNestedStackWitness(Template t, String path) {
    Matcher m = NESTED_WITNESS_PARAMETER.matcher(path);
    return m.matches() && "AWS::CloudFormation::Stack".equals(t.typeOf(m.group(1)));
  }

  /** A {@code Ref} to the witness parameter, or an {@code Fn::Sub} whose text substitutes it. */
  private static boolean usesWitnessParameter(JsonNode node) {
    if (!Intrinsics.isIntrinsic(node)) {
      return false;
    }
    if (Intrinsics.isRef(node, WITNESS_PARAMETER)) {
      return true;
    }
    JsonNode sub = node.path("Fn::Sub");
    String text = sub.isArray() ? sub.path(0).asText() : sub.asText();
    return text.contains("${" + WITNESS_PARAMETER + "}");
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

  /**
   * Constraints 4 and 9 for network records: every VPC flow log delivers to a CloudWatch Logs
   * group that this template creates (so the CMK and Retain rules apply to it), encrypted with a
   * customer managed key (KmsKeyId) and with a retention (RetentionInDays). A flow log to a group
   * named by text, to S3 or to Firehose escapes both.
   */
  static List<String> flowLogsToEncryptedExpiringGroups(Template t) {
    List<String> out = new ArrayList<>();
    for (String id : t.resourceIdsOfType("AWS::EC2::FlowLog")) {
      JsonNode p = t.resource(id).path("Properties");
      String destination = p.path("LogDestinationType").asText("cloud-watch-logs");
      JsonNode group = p.path("LogGroupName");
      String target = group.has("Ref") ? group.get("Ref").asText() : null;
      if (!destination.equals("cloud-watch-logs") || target == null
          || !"AWS::Logs::LogGroup".equals(t.typeOf(target))) {
        out.add(id + ": LogGroupName must Ref a log group of this template (CMK-encrypted, with a retention),"
            + " found " + (destination.equals("cloud-watch-logs") ? group : "LogDestinationType " + destination));
        continue;
      }
      JsonNode groupProperties = t.resource(target).path("Properties");
      if (groupProperties.path("KmsKeyId").isMissingNode()) {
        out.add(id + ": its log group " + target + " has no KmsKeyId; encrypt it with the customer managed key");
      }
      if (groupProperties.path("RetentionInDays").isMissingNode()) {
        out.add(id + ": its log group " + target + " has no RetentionInDays; flow logs must expire");
      }
    }
    return out;
  }

  /** Conventions: a Name tag is a name too; it carries ProjectName and EnvironmentName. */
  static List<String> nameTagsCarryProjectAndEnvironment(Template t) {
    List<String> out = new ArrayList<>();
    t.resources().forEach((id, r) -> {
      for (JsonNode tag : r.path("Properties").path("Tags")) {
        if ("Name".equals(tag.path("Key").asText())) {
          List<String> refs = Intrinsics.referencedNames(tag.path("Value"));
          if (!refs.contains("ProjectName") || !refs.contains("EnvironmentName")) {
            out.add(id + ": tag Name " + tag.path("Value") + " must include ${ProjectName} and ${EnvironmentName}");
          }
        }
      }
    });
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
