package com.example.txndr.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The physical names, ARNs and {@code Ref} values of resources, by type, the way AWS forms them:
 * S3 bucket {@code arn:aws:s3:::<BucketName>}, KMS alias {@code arn:aws:kms:<r>:<acct>:<AliasName>},
 * IAM role {@code arn:aws:iam::<acct>:role/<RoleName>} (global), and so on.
 *
 * <p>A value AWS generates (a key ID, an API ID) stays symbolic: the resource's token
 * {@code {{<stack path>/<Id>}}}. A type without a rule has only symbolic values and creates
 * nothing a name can match.
 */
public final class PhysicalNames {
  /** The scope of resources that are not regional (IAM, Route 53). */
  public static final String GLOBAL = "global";

  private static final String ACCOUNT = Evaluator.ACCOUNT_ID;

  /** How a resource's properties are read: the resolved value at a dotted path, or a missing node. */
  @FunctionalInterface
  public interface Properties {
    /** The resolved value at {@code path} below Properties, or a missing node. */
    JsonNode at(String path);
  }

  /**
   * Something a resource creates, that other resources name: a scope (a region or
   * {@link #GLOBAL}), the type, the physical name (or null) and the ARN (or null).
   */
  public record Identity(String scope, String type, String name, String arn) {}

  private PhysicalNames() {}

  /** The types whose physical identity lives outside any region. */
  public static boolean isGlobal(String type) {
    return type.startsWith("AWS::IAM::") || type.startsWith("AWS::Route53::");
  }

  /** The physical name of a resource from its name property, or null when AWS generates it. */
  public static String name(String type, Properties p) {
    String property = NAME_PROPERTY.get(type);
    if (property == null) {
      return null;
    }
    JsonNode value = p.at(property);
    return value.isValueNode() && !value.asText().isEmpty() ? value.asText() : null;
  }

  /** What {@code Ref} returns for the resource; {@code symbolic} where AWS generates it. */
  public static String ref(String type, Properties p, String region, String symbolic) {
    String name = name(type, p);
    switch (type) {
      case "AWS::SNS::Topic":
      case "AWS::IAM::ManagedPolicy":
        return orSymbolic(arn(type, name, p, region, symbolic), symbolic);
      case "AWS::SQS::Queue":
        return name == null ? symbolic : "https://sqs." + region + ".amazonaws.com/" + ACCOUNT + "/" + name;
      case "AWS::Lambda::Alias":
        return orSymbolic(arn(type, name, p, region, symbolic), symbolic);
      case "AWS::KMS::Key":
      case "AWS::ApiGatewayV2::Api":
      case "AWS::Route53::HealthCheck":
      case "AWS::Route53::HostedZone":
      case "AWS::Backup::BackupPlan":
        return symbolic;
      default:
        return name == null ? symbolic : name;
    }
  }

  /** The value of {@code GetAtt} for an attribute this class knows, or empty. */
  public static Optional<String> attribute(String type, String attribute, Properties p, String region,
      String symbolic) {
    String name = name(type, p);
    String arn = arn(type, name, p, region, symbolic);
    switch (attribute) {
      case "Arn":
      case "TopicArn":
      case "BackupVaultArn":
      case "BackupPlanArn":
      case "DestinationArn":
        return Optional.ofNullable(arn);
      default:
        break;
    }
    switch (type + "." + attribute) {
      case "AWS::S3::Bucket.DomainName":
        return Optional.ofNullable(name).map(n -> n + ".s3.amazonaws.com");
      case "AWS::S3::Bucket.RegionalDomainName":
        return Optional.ofNullable(name).map(n -> n + ".s3." + region + ".amazonaws.com");
      case "AWS::SNS::Topic.TopicName":
      case "AWS::SQS::Queue.QueueName":
      case "AWS::Backup::BackupVault.BackupVaultName":
      case "AWS::Kinesis::Stream.Name":
        return Optional.ofNullable(name);
      case "AWS::SQS::Queue.QueueUrl":
        return Optional.of(ref(type, p, region, symbolic)).filter(v -> !v.equals(symbolic));
      case "AWS::KMS::Key.KeyId":
      case "AWS::ApiGatewayV2::Api.ApiId":
      case "AWS::Route53::HealthCheck.HealthCheckId":
      case "AWS::Route53::HostedZone.Id":
      case "AWS::Backup::BackupPlan.BackupPlanId":
        return Optional.of(symbolic);
      case "AWS::ApiGatewayV2::Api.ApiEndpoint":
        return Optional.of("https://" + symbolic + ".execute-api." + region + ".amazonaws.com");
      case "AWS::SSM::Parameter.Value":
      case "AWS::SSM::Parameter.Type": {
        JsonNode v = p.at(attribute);
        return v.isValueNode() ? Optional.of(v.asText()) : Optional.empty();
      }
      default:
        return Optional.empty();
    }
  }

  /** What the resource creates that others can name; empty for types without a rule. */
  public static List<Identity> identities(String type, Properties p, String region, String symbolic) {
    String name = name(type, p);
    String scope = isGlobal(type) ? GLOBAL : region;
    List<Identity> out = new ArrayList<>();
    if (type.equals("AWS::Route53::RecordSet")) {
      return out; // failover records share their name by design; a record is told apart by SetIdentifier
    }
    if (type.equals("AWS::DynamoDB::GlobalTable")) {
      // One table per replica, each in its replica's region, all made by this one resource, and
      // each global secondary index in every replica (an index has its own ARN, which IAM grants
      // name: table/<name>/index/<index>).
      for (JsonNode replica : p.at("Replicas")) {
        String r = replica.path("Region").asText();
        String table = name == null ? null : arn("AWS::DynamoDB::Table", name, p, r, symbolic);
        out.add(new Identity(r, type, name, table));
        if (table != null) {
          for (JsonNode index : p.at("GlobalSecondaryIndexes")) {
            if (index.path("IndexName").isTextual()) {
              out.add(new Identity(r, type, null, table + "/index/" + index.path("IndexName").asText()));
            }
          }
        }
      }
      return out;
    }
    String arn = arn(type, name, p, region, symbolic);
    if (name == null && arn == null) {
      return out;
    }
    out.add(new Identity(scope, type, name, arn));
    if (type.equals("AWS::Logs::LogGroup") && arn != null) {
      out.add(new Identity(scope, type, name, arn.substring(0, arn.length() - 2)));
    }
    return out;
  }

  private static String arn(String type, String name, Properties p, String region, String symbolic) {
    String regional = "arn:aws:%s:" + region + ":" + ACCOUNT + ":";
    switch (type) {
      case "AWS::S3::Bucket":
        return name == null ? null : "arn:aws:s3:::" + name;
      case "AWS::KMS::Key":
        return String.format(regional, "kms") + "key/" + symbolic;
      case "AWS::KMS::Alias":
        return name == null ? null : String.format(regional, "kms") + name;
      case "AWS::Backup::BackupVault":
        return name == null ? null : String.format(regional, "backup") + "backup-vault:" + name;
      case "AWS::Backup::BackupPlan":
        return String.format(regional, "backup") + "backup-plan:" + symbolic;
      case "AWS::SSM::Parameter":
        return name == null ? null : String.format(regional, "ssm") + "parameter/"
            + (name.startsWith("/") ? name.substring(1) : name);
      case "AWS::Logs::Destination":
        return name == null ? null : String.format(regional, "logs") + "destination:" + name;
      case "AWS::Logs::LogGroup":
        return name == null ? null : String.format(regional, "logs") + "log-group:" + name + ":*";
      case "AWS::Kinesis::Stream":
        return name == null ? null : String.format(regional, "kinesis") + "stream/" + name;
      case "AWS::KinesisFirehose::DeliveryStream":
        return name == null ? null : String.format(regional, "firehose") + "deliverystream/" + name;
      case "AWS::IAM::Role":
        return name == null ? null : "arn:aws:iam::" + ACCOUNT + ":role" + path(p) + name;
      case "AWS::IAM::ManagedPolicy":
        return name == null ? null : "arn:aws:iam::" + ACCOUNT + ":policy" + path(p) + name;
      case "AWS::DynamoDB::Table":
      case "AWS::DynamoDB::GlobalTable":
        return name == null ? null : String.format(regional, "dynamodb") + "table/" + name;
      case "AWS::SNS::Topic":
        return name == null ? null : String.format(regional, "sns") + name;
      case "AWS::SQS::Queue":
        return name == null ? null : String.format(regional, "sqs") + name;
      case "AWS::Lambda::Function":
        return name == null ? null : String.format(regional, "lambda") + "function:" + name;
      case "AWS::Lambda::Alias": {
        String function = functionName(p);
        return name == null || function == null ? null
            : String.format(regional, "lambda") + "function:" + function + ":" + name;
      }
      case "AWS::CloudWatch::Alarm":
      case "AWS::CloudWatch::CompositeAlarm":
        return name == null ? null : String.format(regional, "cloudwatch") + "alarm:" + name;
      case "AWS::CloudWatch::Dashboard":
        return name == null ? null : "arn:aws:cloudwatch::" + ACCOUNT + ":dashboard/" + name;
      case "AWS::Events::Rule":
        return name == null ? null : String.format(regional, "events") + "rule/" + name;
      case "AWS::Events::EventBus":
        return name == null ? null : String.format(regional, "events") + "event-bus/" + name;
      case "AWS::Route53::HealthCheck":
        return "arn:aws:route53:::healthcheck/" + symbolic;
      case "AWS::Route53::HostedZone":
        return "arn:aws:route53:::hostedzone/" + symbolic;
      case "AWS::CertificateManager::Certificate":
        return String.format(regional, "acm") + "certificate/" + symbolic;
      default:
        return null;
    }
  }

  private static final Map<String, String> NAME_PROPERTY = Map.ofEntries(
      Map.entry("AWS::S3::Bucket", "BucketName"),
      Map.entry("AWS::KMS::Alias", "AliasName"),
      Map.entry("AWS::Backup::BackupVault", "BackupVaultName"),
      Map.entry("AWS::SSM::Parameter", "Name"),
      Map.entry("AWS::Logs::Destination", "DestinationName"),
      Map.entry("AWS::Logs::LogGroup", "LogGroupName"),
      Map.entry("AWS::Kinesis::Stream", "Name"),
      Map.entry("AWS::KinesisFirehose::DeliveryStream", "DeliveryStreamName"),
      Map.entry("AWS::IAM::Role", "RoleName"),
      Map.entry("AWS::IAM::ManagedPolicy", "ManagedPolicyName"),
      Map.entry("AWS::DynamoDB::Table", "TableName"),
      Map.entry("AWS::DynamoDB::GlobalTable", "TableName"),
      Map.entry("AWS::SNS::Topic", "TopicName"),
      Map.entry("AWS::SQS::Queue", "QueueName"),
      Map.entry("AWS::Lambda::Function", "FunctionName"),
      Map.entry("AWS::Lambda::Alias", "Name"),
      Map.entry("AWS::CloudWatch::Alarm", "AlarmName"),
      Map.entry("AWS::CloudWatch::CompositeAlarm", "AlarmName"),
      Map.entry("AWS::CloudWatch::Dashboard", "DashboardName"),
      Map.entry("AWS::Events::Rule", "Name"),
      Map.entry("AWS::Events::EventBus", "Name"),
      Map.entry("AWS::Route53::HostedZone", "Name"),
      Map.entry("AWS::Route53::RecordSet", "Name"),
      Map.entry("AWS::ApiGatewayV2::DomainName", "DomainName"),
      Map.entry("AWS::Lambda::LayerVersion", "LayerName"));

  private static String path(Properties p) {
    JsonNode path = p.at("Path");
    return path.isValueNode() && !path.asText().isEmpty() ? path.asText() : "/";
  }

  private static String functionName(Properties p) {
    JsonNode f = p.at("FunctionName");
    if (!f.isValueNode() || f.asText().isEmpty()) {
      return null;
    }
    String text = f.asText();
    int i = text.indexOf(":function:");
    return i < 0 ? text : text.substring(i + ":function:".length());
  }

  private static String orSymbolic(String value, String symbolic) {
    return value == null ? symbolic : value;
  }
}
