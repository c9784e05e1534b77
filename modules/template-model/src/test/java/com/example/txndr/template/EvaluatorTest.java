package com.example.txndr.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static final Template FIXTURE = Fixtures.load("evaluator.fixture.json");

  private static Evaluator in(String region, Map<String, ?> parameters) {
    return Evaluator.of(FIXTURE, region, parameters);
  }

  @Test
  void subResolvesParametersAndPseudoParametersForTheRegion() {
    assertThat(in("us-west-2", Map.of()).property("DocumentBucket", "BucketName").asText())
        .isEqualTo("txn-dr-prod-documents-123456789012-us-west-2");
  }

  @Test
  void conditionsFollowTheRegionAndParameters() {
    assertThat(in("us-east-1", Map.of()).condition("ShipToPeer")).isTrue();
    assertThat(in("us-west-2", Map.of()).condition("ShipToPeer")).isFalse();
    assertThat(in("us-west-2", Map.of("PeerRegionDeployed", "true")).condition("ShipToPeer")).isTrue();
  }

  @Test
  void ifWithNoValueRemovesThePropertyAndTheListElement() {
    Evaluator secondary = in("us-west-2", Map.of());
    assertThat(secondary.property("DocumentBucket", "ReplicationConfiguration").isMissingNode()).isTrue();
    assertThat(secondary.property("DocumentBucket", "Tags").size()).isEqualTo(2);
  }

  @Test
  void nestedSubJoinAndIfResolveThePeerBucketArn() {
    Evaluator primary = in("us-east-1", Map.of());
    assertThat(primary.property("DocumentBucket", "ReplicationConfiguration.Rules[0].Destination.Bucket").asText())
        .isEqualTo("arn:aws:s3:::txn-dr-prod-documents-123456789012-us-west-2");
    assertThat(primary.property("DocumentBucket", "ReplicationConfiguration.Role").asText())
        .isEqualTo("arn:aws:iam::123456789012:role/txn-dr-prod-s3-replication");
  }

  @Test
  void commaDelimitedListsSelectAndSplit() {
    Evaluator primary = in("us-east-1", Map.of());
    assertThat(primary.property("DocumentBucket", "Tags[0].Value").asText()).isEqualTo("a@example.com");
    assertThat(primary.property("DocumentBucket", "Tags[1].Value").asText()).isEqualTo("example.com");
  }

  @Test
  void resourceAttributesStaySymbolic() {
    Evaluator primary = in("us-east-1", Map.of());
    assertThat(primary.output("BucketArn").asText()).isEqualTo("{{DocumentBucket.Arn}}");
    assertThat(primary.property("BucketPolicy", "Bucket").asText()).isEqualTo("{{DocumentBucket}}");
    assertThat(primary.property("BucketPolicy", "PolicyDocument.Resource").asText())
        .isEqualTo("{{DocumentBucket.Arn}}/*");
  }

  @Test
  void cidrCutsConsecutiveBlocksFromTheStartOfTheRange() {
    assertThat(in("us-east-1", Map.of()).output("SubnetBlocks").asText())
        .isEqualTo("10.20.0.0/20,10.20.16.0/20,10.20.32.0/20");
  }

  @Test
  void findInMapEscapedSubAndLiteralDollarText() {
    Evaluator primary = in("us-east-1", Map.of("Concurrency", 300));
    assertThat(primary.output("DetectionSeconds").asInt()).isEqualTo(30);
    assertThat(primary.output("Escaped").asText()).isEqualTo("${Literal}-300");
    assertThat(primary.output("Literal").asText()).isEqualTo("${NotASubstitution}");
  }

  @Test
  void referencesGiveValuesOfResourcesKnownFromOutside() {
    Evaluator primary = Evaluator.of(FIXTURE, "us-east-1", Map.of(),
        (id, attribute) -> id.equals("DocumentBucket") && attribute == null ? TextNode.valueOf("known-bucket") : null);
    assertThat(primary.property("BucketPolicy", "Bucket").asText()).isEqualTo("known-bucket");
    assertThat(primary.property("BucketPolicy", "PolicyDocument.Resource").asText()).isEqualTo("{{DocumentBucket.Arn}}/*");
  }

  @Test
  void unknownParameterIsRejectedWithTheDeclaredOnes() {
    assertThatThrownBy(() -> in("us-east-1", Map.of("ProjectNmae", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("evaluator.fixture.json: no parameter ProjectNmae; parameters: [ProjectName,"
            + " EnvironmentName, PrimaryRegion, SecondaryRegion, PeerRegionDeployed, Emails, Concurrency]");
  }

  @Test
  void rulesReportTheDescriptionOfEveryFailedAssertion() {
    assertThat(in("us-east-1", Map.of()).failedRules()).isEmpty();
    assertThat(in("us-east-1", Map.of("SecondaryRegion", "us-east-1")).failedRules())
        .containsExactly("PrimaryRegion and SecondaryRegion must differ.");
  }

  @Test
  void ruleConditionLimitsWhereARuleApplies() {
    assertThat(in("us-west-2", Map.of("SecondaryRegion", "eu-west-1")).failedRules()).isEmpty();
    assertThat(in("us-west-2", Map.of("SecondaryRegion", "eu-west-1", "PeerRegionDeployed", "true")).failedRules())
        .containsExactly("SecondaryRegion must be us-east-1 or us-west-2.");
  }
}
