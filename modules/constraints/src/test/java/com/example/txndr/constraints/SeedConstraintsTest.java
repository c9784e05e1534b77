package com.example.txndr.constraints;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SeedConstraintsTest {

  static Stream<Arguments> constraintsByTemplate() {
    return RepoRoot.templates().stream()
        .flatMap(t -> Arrays.stream(Constraint.values()).map(c -> Arguments.of(c, t)));
  }

  @ParameterizedTest(name = "{0} holds in {1}")
  @MethodSource("constraintsByTemplate")
  void everyTemplateSatisfiesEveryConstraint(Constraint constraint, Template template) {
    assertThat(constraint.violations(template)).as("%s in %s", constraint, template).isEmpty();
  }

  @ParameterizedTest(name = "{0} catches its broken fixture")
  @EnumSource(Constraint.class)
  void brokenFixtureViolatesItsConstraint(Constraint constraint) {
    assertThat(constraint.violations(Repository.fixture(constraint.brokenFixture())))
        .containsExactly(constraint.expectedViolation());
  }

  @ParameterizedTest(name = "{0}''s broken fixture breaks no other constraint")
  @EnumSource(Constraint.class)
  void brokenFixtureViolatesNoOtherConstraint(Constraint constraint) {
    Template fixture = Repository.fixture(constraint.brokenFixture());
    for (Constraint other : Constraint.values()) {
      if (other != constraint) {
        assertThat(other.violations(fixture)).as("%s on %s", other, constraint.brokenFixture()).isEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0} passes the compliant fixture")
  @EnumSource(Constraint.class)
  void compliantFixtureSatisfiesEveryConstraint(Constraint constraint) {
    assertThat(constraint.violations(Repository.fixture("fixtures/compliant.fixture.json"))).isEmpty();
  }

  @Test
  void firehoseStreamWithoutTheCustomerManagedKeyViolatesTheCmkConstraint() {
    assertThat(SeedConstraints.encryptedWithCmk(Repository.fixture("fixtures/firehose-aws-owned-key.fixture.json")))
        .containsExactly(
            "LogArchiveDeliveryStream: DeliveryStreamEncryptionConfigurationInput.KeyType must be CUSTOMER_MANAGED_CMK",
            "LogArchiveDeliveryStream: DeliveryStreamEncryptionConfigurationInput.KeyARN is missing; set it to the"
                + " customer managed key",
            "LogArchiveDeliveryStream: ExtendedS3DestinationConfiguration.EncryptionConfiguration.KMSEncryptionConfig"
                + ".AWSKMSKeyARN is missing; set it to the customer managed key");
  }

  private static final String WITNESS_ONLY = "; it is allowed only as the witness of a global table with"
      + " multi-Region strong consistency (GlobalTableWitnesses[].Region, the parameter WitnessRegion and the rules that"
      + " check it), which holds no data of ours: every replica and resource belongs in us-east-1 or us-west-2";

  @Test
  void witnessRegionAsTheControlTablesWitnessSatisfiesEveryConstraint() {
    Template fixture = Repository.fixture("fixtures/witness-region.fixture.json");
    for (Constraint constraint : Constraint.values()) {
      assertThat(constraint.violations(fixture)).as("%s on the witness fixture", constraint).isEmpty();
    }
  }

  @Test
  void witnessRegionAsAReplicaIsReportedAtEveryPlaceItAppears() {
    assertThat(SeedConstraints.regionsArePrimaryAndSecondary(
        Repository.fixture("fixtures/witness-region-as-replica.fixture.json"))).containsExactly(
        "region us-east-2 appears at Resources.TransactionsTable.Properties.Replicas[2].Region" + WITNESS_ONLY,
        "region us-east-2 appears at Resources.TransactionsTable.Properties.Replicas[2].SSESpecification"
            + ".KMSMasterKeyId.Fn::Sub" + WITNESS_ONLY);
  }

  @Test
  void witnessParameterUsedAsAReplicasRegionIsReported() {
    String onlyAsWitness = "; it may only be a strongly consistent global table's GlobalTableWitnesses[].Region or a"
        + " nested stack's WitnessRegion (the witness holds no data of ours: no replica or resource may be placed there)";
    assertThat(SeedConstraints.regionsArePrimaryAndSecondary(
        Repository.fixture("fixtures/witness-parameter-as-replica.fixture.json"))).containsExactly(
        "parameter WitnessRegion is used at Resources.ControlTable.Properties.Replicas[2].Region" + onlyAsWitness,
        "parameter WitnessRegion is used at Resources.ControlTable.Properties.Replicas[2].SSESpecification"
            + ".KMSMasterKeyId" + onlyAsWitness);
  }

  @Test
  void witnessFixturesBreakNoOtherConstraint() {
    for (String name : List.of("witness-region-as-replica", "witness-parameter-as-replica")) {
      Template fixture = Repository.fixture("fixtures/" + name + ".fixture.json");
      for (Constraint constraint : Constraint.values()) {
        if (constraint != Constraint.REGIONS_ARE_PRIMARY_AND_SECONDARY) {
          assertThat(constraint.violations(fixture)).as("%s on %s", constraint, name).isEmpty();
        }
      }
    }
  }

  @Test
  void witnessOfAnEventuallyConsistentTableIsNotAWitnessPlace() {
    Template fixture = Repository.fixture("fixtures/witness-region.fixture.json");
    ((com.fasterxml.jackson.databind.node.ObjectNode) fixture.resource("ControlTable").path("Properties"))
        .put("MultiRegionConsistency", "EVENTUAL");
    assertThat(SeedConstraints.regionsArePrimaryAndSecondary(fixture)).singleElement().asString()
        .startsWith("parameter WitnessRegion is used at Resources.ControlTable.Properties.GlobalTableWitnesses[0].Region");
  }

  @Test
  void repositoryHasTemplatesOfEveryServiceModule() {
    assertThat(RepoRoot.templates()).extracting(t -> t.file().getFileName().toString())
        .contains("kms.template.json", "iam.template.json", "dynamodb-global.template.json",
            "s3-crr.template.json", "lambda.template.json", "route53.template.json",
            "monitoring.template.json", "backup.template.json", "ssm.template.json");
  }
}
