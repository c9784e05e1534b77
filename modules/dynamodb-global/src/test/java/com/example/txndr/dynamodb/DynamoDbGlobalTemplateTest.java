package com.example.txndr.dynamodb;

import static com.example.txndr.testkit.JsonMatch.json;
import static com.example.txndr.testkit.TemplateAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.testkit.RepoRoot;
import com.example.txndr.testkit.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DynamoDbGlobalTemplateTest {
  private static final Template TEMPLATE = Template.ofModule("dynamodb-global");
  private static final String TABLE = "TransactionsTable";

  // Sizing assumptions for 10,000 TPS, restated here so that a change to either side fails.
  private static final int TRANSACTIONS_PER_SECOND = 10_000;
  private static final int ITEMS_PER_TRANSACTION = 5;
  private static final int WRITE_UNITS_PER_TRANSACTIONAL_ITEM = 2;
  private static final int READS_PER_TRANSACTION = 2;
  private static final int READ_UNITS_PER_STRONGLY_CONSISTENT_READ = 1;

  @Test
  void tableIsAGlobalTableNamedByTheConvention() {
    assertThat(TEMPLATE).hasResourceCount("AWS::DynamoDB::GlobalTable", 1)
        .hasResource(TABLE, "AWS::DynamoDB::GlobalTable")
        .property("TableName")
        .isEqualTo(json("""
            {"Fn::Sub": "${ProjectName}-${EnvironmentName}-transactions"}"""));
  }

  @Test
  void tableBillsOnDemand() {
    assertThat(TEMPLATE).hasResource(TABLE).hasPropertyEqualTo("BillingMode", "PAY_PER_REQUEST");
  }

  @Test
  void replicasAreExactlyThePrimaryAndSecondaryRegions() {
    List<JsonNode> regions = new ArrayList<>();
    replicas().forEach(r -> regions.add(r.path("Region")));
    assertThat(regions).containsExactlyInAnyOrder(
        json("""
            {"Ref": "PrimaryRegion"}"""),
        json("""
            {"Ref": "SecondaryRegion"}"""));
  }

  @Test
  void everyReplicaHasPointInTimeRecoveryForTheMaximumPeriod() {
    assertThat(replicas()).hasSize(2).allSatisfy(r ->
        assertThat(r.path("PointInTimeRecoverySpecification")).isEqualTo(json("""
            {"PointInTimeRecoveryEnabled": true, "RecoveryPeriodInDays": 35}""")));
  }

  @Test
  void everyReplicaIsEncryptedWithItsOwnRegionsKeyAliasArn() {
    for (JsonNode replica : replicas()) {
      String regionParameter = replica.path("Region").path("Ref").asText();
      assertThat(replica.path("SSESpecification").path("KMSMasterKeyId")).isEqualTo(json(
          "{\"Fn::Sub\": \"arn:${AWS::Partition}:kms:${" + regionParameter
              + "}:${AWS::AccountId}:${KeyAliasName}\"}"));
    }
  }

  @Test
  void tableEncryptsWithCustomerManagedKmsKeys() {
    assertThat(TEMPLATE).hasResource(TABLE).hasPropertyEqualTo("SSESpecification",
        Map.of("SSEEnabled", true, "SSEType", "KMS"));
  }

  @Test
  void streamCarriesNewAndOldImages() {
    assertThat(TEMPLATE).hasResource(TABLE)
        .hasPropertyEqualTo("StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"));
  }

  @Test
  void everyReplicaHasDeletionProtection() {
    assertThat(replicas()).hasSize(2)
        .allSatisfy(r -> assertThat(r.path("DeletionProtectionEnabled").asBoolean()).isTrue());
  }

  @Test
  void tableIsRetainedOnDeleteAndReplace() {
    assertThat(TEMPLATE).hasResource(TABLE).isRetained();
  }

  @Test
  void keySchemaAndTtlMatchTheTableLayoutInTheConventions() throws IOException {
    String conventions = Files.readString(RepoRoot.find().resolve("docs/conventions.md"));
    Matcher layout = Pattern.compile(
        "partition\\s+key\\s+`(\\w+)`\\s+\\((\\w)\\),\\s+sort\\s+key\\s+`(\\w+)`\\s+\\((\\w)\\),"
            + "\\s+TTL\\s+attribute\\s+`(\\w+)`")
        .matcher(conventions);
    assertThat(layout.find()).as("docs/conventions.md states the table layout").isTrue();

    assertThat(TEMPLATE).hasResource(TABLE)
        .hasPropertyEqualTo("KeySchema", List.of(
            Map.of("AttributeName", layout.group(1), "KeyType", "HASH"),
            Map.of("AttributeName", layout.group(3), "KeyType", "RANGE")))
        .hasPropertyEqualTo("AttributeDefinitions", List.of(
            Map.of("AttributeName", layout.group(1), "AttributeType", layout.group(2)),
            Map.of("AttributeName", layout.group(3), "AttributeType", layout.group(4))))
        .hasPropertyEqualTo("TimeToLiveSpecification",
            Map.of("AttributeName", layout.group(5), "Enabled", true));
  }

  @Test
  void warmWriteThroughputCoversTenThousandTransactionalTransfersPerSecond() {
    int needed = TRANSACTIONS_PER_SECOND * ITEMS_PER_TRANSACTION * WRITE_UNITS_PER_TRANSACTIONAL_ITEM;
    assertThat(needed).isEqualTo(100_000);
    assertThat(TEMPLATE).hasResource(TABLE).property("WarmThroughput.WriteUnitsPerSecond")
        .isRef("WarmWriteUnitsPerSecond");
    assertThat(TEMPLATE).hasParameter("WarmWriteUnitsPerSecond")
        .contains(Map.of("Type", "Number", "Default", needed, "MinValue", needed));
  }

  @Test
  void warmReadThroughputCoversTwoStronglyConsistentReadsPerTransfer() {
    int needed = TRANSACTIONS_PER_SECOND * READS_PER_TRANSACTION * READ_UNITS_PER_STRONGLY_CONSISTENT_READ;
    assertThat(TEMPLATE).hasResource(TABLE).property("WarmThroughput.ReadUnitsPerSecond")
        .isRef("WarmReadUnitsPerSecond");
    assertThat(TEMPLATE).hasParameter("WarmReadUnitsPerSecond")
        .contains(Map.of("Type", "Number", "Default", needed, "MinValue", needed));
  }

  @Test
  void warmThroughputArithmeticIsShownInTheTemplate() {
    assertThat(TEMPLATE).at("Metadata.WarmThroughputSizing.WriteUnitsPerSecond")
        .textContains("10,000 transactions/s x 5 actions")
        .textContains("x 2 write units per action")
        .textContains("= 100,000 write units/s");
    assertThat(TEMPLATE).at("Metadata.WarmThroughputSizing.ReadUnitsPerSecond")
        .textContains("= 20,000 read units/s");
  }

  @Test
  void consistencyIsMultiRegionEventual() {
    assertThat(TEMPLATE).hasResource(TABLE).hasPropertyEqualTo("MultiRegionConsistency", "EVENTUAL");
  }

  @Test
  void stackMayOnlyBeDeployedInThePrimaryRegion() {
    assertThat(TEMPLATE).hasRule("DeployInPrimaryRegion").at("Assertions[0].Assert")
        .isEqualTo(json("""
            {"Fn::Equals": [{"Ref": "AWS::Region"}, {"Ref": "PrimaryRegion"}]}"""));
  }

  @Test
  void primaryAndSecondaryRegionsMustDiffer() {
    assertThat(TEMPLATE).hasRule("RegionsDiffer").at("Assertions[0].Assert")
        .isEqualTo(json("""
            {"Fn::Not": [{"Fn::Equals": [{"Ref": "PrimaryRegion"}, {"Ref": "SecondaryRegion"}]}]}"""));
  }

  @Test
  void outputsNameArnAndStreamOfTheTable() {
    assertThat(TEMPLATE).hasOutput("TransactionsTableName").at("Value").isRef(TABLE);
    assertThat(TEMPLATE).hasOutput("TransactionsTableArn").at("Value").isGetAtt(TABLE, "Arn");
    assertThat(TEMPLATE).hasOutput("TransactionsTableStreamArn").at("Value")
        .isGetAtt(TABLE, "StreamArn");
  }

  private static List<JsonNode> replicas() {
    List<JsonNode> out = new ArrayList<>();
    TEMPLATE.resource(TABLE).path("Properties").path("Replicas").forEach(out::add);
    return out;
  }
}
