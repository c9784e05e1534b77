package com.example.txndr.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PhysicalNamesTest {
  private static PhysicalNames.Properties props(String json) {
    JsonNode node = JsonMatch.json(json);
    return path -> Optional.ofNullable(JsonPaths.at(node, path)).orElse(MissingNode.getInstance());
  }

  private static String arn(String type, String json, String region) {
    return PhysicalNames.identities(type, props(json), region, "{{S/X}}").get(0).arn();
  }

  @Test
  void bucketArnCarriesNoRegion() {
    assertThat(arn("AWS::S3::Bucket", "{\"BucketName\": \"b-us-west-2\"}", "us-west-2")).isEqualTo("arn:aws:s3:::b-us-west-2");
  }

  @Test
  void kmsAliasArnIsTheAliasNameInItsRegion() {
    assertThat(arn("AWS::KMS::Alias", "{\"AliasName\": \"alias/k\"}", "us-west-2"))
        .isEqualTo("arn:aws:kms:us-west-2:123456789012:alias/k");
  }

  @Test
  void roleArnIsGlobalAndCarriesItsPath() {
    PhysicalNames.Identity role = PhysicalNames.identities("AWS::IAM::Role",
        props("{\"RoleName\": \"r\", \"Path\": \"/app/\"}"), "us-east-1", "{{S/X}}").get(0);
    assertThat(role).isEqualTo(new PhysicalNames.Identity(PhysicalNames.GLOBAL, "AWS::IAM::Role", "r",
        "arn:aws:iam::123456789012:role/app/r"));
  }

  @Test
  void ssmParameterArnDropsTheLeadingSlash() {
    assertThat(arn("AWS::SSM::Parameter", "{\"Name\": \"/p/e/x\"}", "us-east-1"))
        .isEqualTo("arn:aws:ssm:us-east-1:123456789012:parameter/p/e/x");
  }

  @Test
  void globalTableCreatesATableInEachReplicaRegion() {
    assertThat(PhysicalNames.identities("AWS::DynamoDB::GlobalTable", props("{\"TableName\": \"t\", \"Replicas\":"
        + " [{\"Region\": \"us-east-1\"}, {\"Region\": \"us-west-2\"}]}"), "us-east-1", "{{S/X}}"))
        .extracting(PhysicalNames.Identity::scope, PhysicalNames.Identity::arn)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("us-east-1", "arn:aws:dynamodb:us-east-1:123456789012:table/t"),
            org.assertj.core.groups.Tuple.tuple("us-west-2", "arn:aws:dynamodb:us-west-2:123456789012:table/t"));
  }

  @Test
  void globalTableCreatesEachOfItsIndexesInEveryReplicaRegion() {
    assertThat(PhysicalNames.identities("AWS::DynamoDB::GlobalTable", props("{\"TableName\": \"t\", \"Replicas\":"
        + " [{\"Region\": \"us-east-1\"}, {\"Region\": \"us-west-2\"}], \"GlobalSecondaryIndexes\":"
        + " [{\"IndexName\": \"JournalIndex\"}]}"), "us-east-1", "{{S/X}}"))
        .extracting(PhysicalNames.Identity::scope, PhysicalNames.Identity::arn)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("us-east-1", "arn:aws:dynamodb:us-east-1:123456789012:table/t"),
            org.assertj.core.groups.Tuple.tuple("us-east-1", "arn:aws:dynamodb:us-east-1:123456789012:table/t/index/JournalIndex"),
            org.assertj.core.groups.Tuple.tuple("us-west-2", "arn:aws:dynamodb:us-west-2:123456789012:table/t"),
            org.assertj.core.groups.Tuple.tuple("us-west-2", "arn:aws:dynamodb:us-west-2:123456789012:table/t/index/JournalIndex"));
  }

  @Test
  void generatedIdentifiersStaySymbolic() {
    assertThat(PhysicalNames.ref("AWS::KMS::Key", props("{}"), "us-east-1", "{{S/Key}}")).isEqualTo("{{S/Key}}");
    assertThat(arn("AWS::KMS::Key", "{}", "us-east-1")).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/{{S/X}}");
  }

  @Test
  void queueRefIsItsUrl() {
    assertThat(PhysicalNames.ref("AWS::SQS::Queue", props("{\"QueueName\": \"q\"}"), "us-west-2", "{{S/Q}}"))
        .isEqualTo("https://sqs.us-west-2.amazonaws.com/123456789012/q");
  }

  @Test
  void typeWithoutARuleCreatesNothingNameable() {
    assertThat(PhysicalNames.identities("AWS::Lambda::Permission", props("{}"), "us-east-1", "{{S/X}}")).isEmpty();
    assertThat(PhysicalNames.attribute("AWS::Lambda::Permission", "Id", props("{}"), "us-east-1", "{{S/X}}")).isEmpty();
  }
}
