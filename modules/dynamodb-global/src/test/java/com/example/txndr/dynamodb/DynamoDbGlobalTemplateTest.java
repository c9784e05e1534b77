package com.example.txndr.dynamodb;

import static com.example.txndr.template.JsonMatch.json;
import static com.example.txndr.testkit.TemplateAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.store.TableLayout;
import com.example.txndr.template.Evaluator;
import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
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
  private static final String CONTROL = "ControlTable";
  private static final List<String> TABLES = List.of(TABLE, CONTROL);

  // Sizing assumptions for 10,000 TPS, restated here so that a change to either side fails.
  private static final int TRANSACTIONS_PER_SECOND = 10_000;
  private static final int ITEMS_PER_TRANSACTION = 5;
  private static final int WRITE_UNITS_PER_TRANSACTIONAL_ITEM = 2;
  private static final int READS_PER_TRANSACTION = 2;
  private static final int READ_UNITS_PER_STRONGLY_CONSISTENT_READ = 1;
  private static final int JOURNAL_ENTRIES_PER_TRANSACTION = 1;
  private static final int WRITE_UNITS_PER_INDEX_ENTRY = 1;

  @Test
  void templateHasTheTransactionsAndTheControlGlobalTablesNamedByTheConvention() {
    assertThat(TEMPLATE).hasResourceCount("AWS::DynamoDB::GlobalTable", 2)
        .hasResource(TABLE, "AWS::DynamoDB::GlobalTable")
        .property("TableName")
        .isEqualTo(json("""
            {"Fn::Sub": "${ProjectName}-${EnvironmentName}-transactions"}"""));
    assertThat(TEMPLATE).hasResource(CONTROL, "AWS::DynamoDB::GlobalTable")
        .property("TableName")
        .isEqualTo(json("""
            {"Fn::Sub": "${ProjectName}-${EnvironmentName}-control"}"""));
  }

  @Test
  void everyTableBillsOnDemand() {
    TABLES.forEach(table -> assertThat(TEMPLATE).hasResource(table).hasPropertyEqualTo("BillingMode", "PAY_PER_REQUEST"));
  }

  @Test
  void replicasOfEveryTableAreExactlyThePrimaryAndSecondaryRegions() {
    for (String table : TABLES) {
      List<JsonNode> regions = new ArrayList<>();
      replicas(table).forEach(r -> regions.add(r.path("Region")));
      assertThat(regions).as("replica regions of %s", table).containsExactlyInAnyOrder(
          json("""
              {"Ref": "PrimaryRegion"}"""),
          json("""
              {"Ref": "SecondaryRegion"}"""));
    }
  }

  @Test
  void everyReplicaHasPointInTimeRecoveryForTheMaximumPeriod() {
    for (String table : TABLES) {
      assertThat(replicas(table)).as(table).hasSize(2).allSatisfy(r ->
          assertThat(r.path("PointInTimeRecoverySpecification")).isEqualTo(json("""
              {"PointInTimeRecoveryEnabled": true, "RecoveryPeriodInDays": 35}""")));
    }
  }

  @Test
  void everyReplicaIsEncryptedWithItsOwnRegionsKeyAliasArn() {
    for (String table : TABLES) {
      for (JsonNode replica : replicas(table)) {
        String regionParameter = replica.path("Region").path("Ref").asText();
        assertThat(replica.path("SSESpecification").path("KMSMasterKeyId")).as(table).isEqualTo(json(
            "{\"Fn::Sub\": \"arn:${AWS::Partition}:kms:${" + regionParameter
                + "}:${AWS::AccountId}:${KeyAliasName}\"}"));
      }
    }
  }

  @Test
  void everyTableEncryptsWithCustomerManagedKmsKeys() {
    TABLES.forEach(table -> assertThat(TEMPLATE).hasResource(table).hasPropertyEqualTo("SSESpecification",
        Map.of("SSEEnabled", true, "SSEType", "KMS")));
  }

  @Test
  void streamCarriesNewAndOldImages() {
    assertThat(TEMPLATE).hasResource(TABLE)
        .hasPropertyEqualTo("StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"));
  }

  @Test
  void everyReplicaHasDeletionProtection() {
    for (String table : TABLES) {
      assertThat(replicas(table)).as(table).hasSize(2)
          .allSatisfy(r -> assertThat(r.path("DeletionProtectionEnabled").asBoolean()).isTrue());
    }
  }

  @Test
  void everyTableIsRetainedOnDeleteAndReplace() {
    TABLES.forEach(table -> assertThat(TEMPLATE).hasResource(table).isRetained());
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
            Map.of("AttributeName", layout.group(3), "AttributeType", layout.group(4)),
            Map.of("AttributeName", TableLayout.JOURNAL_PK, "AttributeType", "S"),
            Map.of("AttributeName", TableLayout.JOURNAL_SK, "AttributeType", "S")))
        .hasPropertyEqualTo("TimeToLiveSpecification",
            Map.of("AttributeName", layout.group(5), "Enabled", true));
  }

  @Test
  void keysOfBothTablesAreTheCodesPartitionAndSortKeys() {
    for (String table : TABLES) {
      assertThat(TEMPLATE).hasResource(table).hasPropertyEqualTo("KeySchema", List.of(
          Map.of("AttributeName", TableLayout.PK, "KeyType", "HASH"),
          Map.of("AttributeName", TableLayout.SK, "KeyType", "RANGE")));
    }
    assertThat(TEMPLATE).hasResource(TABLE).property("TimeToLiveSpecification.AttributeName")
        .isEqualTo(TableLayout.EXPIRES_AT);
  }

  @Test
  void journalIndexKeysMatchTheTableLayoutOfTheCode() {
    assertThat(TEMPLATE).hasResource(TABLE).hasPropertyEqualTo("GlobalSecondaryIndexes[0].IndexName",
            TableLayout.JOURNAL_INDEX)
        .hasPropertyEqualTo("GlobalSecondaryIndexes[0].KeySchema", List.of(
            Map.of("AttributeName", TableLayout.JOURNAL_PK, "KeyType", "HASH"),
            Map.of("AttributeName", TableLayout.JOURNAL_SK, "KeyType", "RANGE")));
    assertThat(TEMPLATE.resource(TABLE).path("Properties").path("GlobalSecondaryIndexes")).hasSize(1);
  }

  @Test
  void journalIndexProjectsWholeTransactionsBecauseReconciliationReadsThemFromIt() {
    assertThat(TEMPLATE).hasResource(TABLE)
        .hasPropertyEqualTo("GlobalSecondaryIndexes[0].Projection", Map.of("ProjectionType", "ALL"));
  }

  @Test
  void journalIndexWarmWriteThroughputCoversOneEntryPerTransaction() {
    int needed = TRANSACTIONS_PER_SECOND * JOURNAL_ENTRIES_PER_TRANSACTION * WRITE_UNITS_PER_INDEX_ENTRY;
    assertThat(needed).isEqualTo(10_000);
    assertThat(TEMPLATE).hasResource(TABLE).property("GlobalSecondaryIndexes[0].WarmThroughput")
        .isEqualTo(json("""
            {"WriteUnitsPerSecond": {"Ref": "WarmJournalWriteUnitsPerSecond"}}"""));
    assertThat(TEMPLATE).hasParameter("WarmJournalWriteUnitsPerSecond")
        .contains(Map.of("Type", "Number", "Default", needed, "MinValue", 4000));
  }

  @Test
  void journalBucketsKeepEachIndexPartitionUnderOneItemsWriteLimit() {
    double perPartition = (double) TRANSACTIONS_PER_SECOND / TableLayout.JOURNAL_BUCKETS;
    assertThat(perPartition).isEqualTo(625).isLessThan(1_000);
    assertThat(TEMPLATE).at("Metadata.WarmThroughputSizing.JournalIndexWriteUnitsPerSecond")
        .textContains("10,000 transactions/s x 1 index item of up to 1 KB x 1 write unit = 10,000 write units/s")
        .textContains("625 index writes/s per partition key");
  }

  @Test
  void warmWriteThroughputCoversTenThousandTransactionalTransfersPerSecond() {
    int needed = TRANSACTIONS_PER_SECOND * ITEMS_PER_TRANSACTION * WRITE_UNITS_PER_TRANSACTIONAL_ITEM;
    assertThat(needed).isEqualTo(100_000);
    assertThat(TEMPLATE).hasResource(TABLE).property("WarmThroughput.WriteUnitsPerSecond")
        .isRef("WarmWriteUnitsPerSecond");
    assertThat(TEMPLATE).hasParameter("WarmWriteUnitsPerSecond")
        .contains(Map.of("Type", "Number", "Default", needed, "MinValue", 4000));
  }

  @Test
  void productionRejectsWarmThroughputBelowTheSizedFigures() {
    assertThat(Evaluator.of(TEMPLATE, "us-east-1", Map.of("WarmWriteUnitsPerSecond", "50000")).failedRules())
        .containsExactly("In production WarmWriteUnitsPerSecond must cover 10,000 transactions/s: one of 100000, 150000,"
            + " 200000, 300000 or 400000 (CloudFormation rules cannot compare numbers, so the allowed values are listed)."
            + " Lower values, down to the on-demand default 4000, are for dev and staging only: set EnvironmentName, or"
            + " raise the value.");
    assertThat(Evaluator.of(TEMPLATE, "us-east-1", Map.of("WarmReadUnitsPerSecond", "12000")).failedRules())
        .singleElement().asString().startsWith("In production WarmReadUnitsPerSecond must cover 10,000 transactions/s");
    assertThat(Evaluator.of(TEMPLATE, "us-east-1", Map.of("WarmJournalWriteUnitsPerSecond", "5000")).failedRules())
        .singleElement().asString().startsWith("In production WarmJournalWriteUnitsPerSecond must cover one journal"
            + " index write per transaction at 10,000 transactions/s");
    assertThat(Evaluator.of(TEMPLATE, "us-east-1", Map.of()).failedRules()).isEmpty();
  }

  @Test
  void outsideProductionTheOnDemandStartingValuesNeedNoPreWarming() {
    for (String environment : List.of("dev", "staging")) {
      assertThat(Evaluator.of(TEMPLATE, "us-east-1", Map.of("EnvironmentName", environment,
          "WarmWriteUnitsPerSecond", "4000", "WarmReadUnitsPerSecond", "12000",
          "WarmJournalWriteUnitsPerSecond", "4000")).failedRules()).isEmpty();
    }
  }

  @Test
  void warmReadThroughputCoversTwoStronglyConsistentReadsPerTransfer() {
    int needed = TRANSACTIONS_PER_SECOND * READS_PER_TRANSACTION * READ_UNITS_PER_STRONGLY_CONSISTENT_READ;
    assertThat(TEMPLATE).hasResource(TABLE).property("WarmThroughput.ReadUnitsPerSecond")
        .isRef("WarmReadUnitsPerSecond");
    assertThat(TEMPLATE).hasParameter("WarmReadUnitsPerSecond")
        .contains(Map.of("Type", "Number", "Default", needed, "MinValue", 12000));
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
  void transactionsTableIsMultiRegionEventualBecauseStrongConsistencyHasNoTransactionsAndNoTtl() {
    assertThat(TEMPLATE).hasResource(TABLE).hasPropertyEqualTo("MultiRegionConsistency", "EVENTUAL")
        .doesNotHaveProperty("GlobalTableWitnesses");
  }

  @Test
  void controlTableIsMultiRegionStrongWithExactlyOneWitnessFromTheWitnessRegionParameter() {
    assertThat(TEMPLATE).hasResource(CONTROL).hasPropertyEqualTo("MultiRegionConsistency", "STRONG")
        .property("GlobalTableWitnesses").isEqualTo(json("""
            [{"Region": {"Ref": "WitnessRegion"}}]"""));
  }

  @Test
  void controlTableWitnessIsUsEast2TheThirdRegionOfTheUsRegionSet() {
    assertThat(TEMPLATE).hasParameter("WitnessRegion")
        .contains(Map.of("Type", "String", "Default", "us-east-2", "AllowedValues", List.of("us-east-2")));
    JsonNode witness = Evaluator.of(TEMPLATE, "us-east-1", Map.of()).property(CONTROL, "GlobalTableWitnesses");
    assertThat(witness).isEqualTo(json("""
        [{"Region": "us-east-2"}]"""));
  }

  @Test
  void witnessRuleSaysWhyOnlyUsEast2FitsAndThatItHoldsNoData() {
    assertThat(TEMPLATE).hasRule("WitnessCompletesTheUsRegionSet").at("Assertions[0].Assert")
        .isEqualTo(json("""
            {"Fn::Equals": [{"Ref": "WitnessRegion"}, "us-east-2"]}"""));
    assertThat(TEMPLATE).hasRule("WitnessCompletesTheUsRegionSet").at("Assertions[0].AssertDescription")
        .textContains("exactly three Regions of one Region set")
        .textContains("(us-east-1, us-east-2, us-west-2)")
        .textContains("holds no data of ours");
    assertThat(Evaluator.of(TEMPLATE, "us-east-1", Map.of("WitnessRegion", "us-west-2")).failedRules())
        .anySatisfy(message -> assertThat(message).startsWith("WitnessRegion must be us-east-2"))
        .anySatisfy(message -> assertThat(message).startsWith("WitnessRegion must differ from PrimaryRegion"));
  }

  @Test
  void controlTableHasNoTtlNoLocalSecondaryIndexAndNoStreamBecauseStrongConsistencySupportsNeither() {
    assertThat(TEMPLATE).hasResource(CONTROL)
        .doesNotHaveProperty("TimeToLiveSpecification")
        .doesNotHaveProperty("LocalSecondaryIndexes")
        .doesNotHaveProperty("GlobalSecondaryIndexes")
        .doesNotHaveProperty("StreamSpecification")
        .doesNotHaveProperty("WarmThroughput");
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

  @Test
  void outputsNameAndArnOfTheControlTable() {
    assertThat(TEMPLATE).hasOutput("ControlTableName").at("Value").isRef(CONTROL);
    assertThat(TEMPLATE).hasOutput("ControlTableArn").at("Value").isGetAtt(CONTROL, "Arn");
  }

  private static List<JsonNode> replicas(String table) {
    List<JsonNode> out = new ArrayList<>();
    TEMPLATE.resource(table).path("Properties").path("Replicas").forEach(out::add);
    return out;
  }
}
