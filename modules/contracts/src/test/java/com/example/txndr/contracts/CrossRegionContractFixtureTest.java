package com.example.txndr.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.Composition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each cross-region check proved able to fail: a fixture that breaks it, beside one that keeps it. */
class CrossRegionContractFixtureTest {
  private static final String REGIONAL = name("regional.fixture.json");

  private static String name(String fixture) {
    return Repository.fixture("cross-region/" + fixture).name();
  }

  private static Composition.Step step(String name, String fixture, String region, Map<String, ?> parameters) {
    return new Composition.Step(name, Repository.fixture("cross-region/" + fixture), List.of(region), parameters);
  }

  private static CrossRegionContract deploy(Composition.Step... steps) {
    return CrossRegionContract.of(Composition.deploy(List.of(steps), CustomResources.MODELS));
  }

  private static CrossRegionContract root(String fixture, String peerRegionDeployed) {
    return deploy(step("Root", fixture, "us-east-1", Map.of("PeerRegionDeployed", peerRegionDeployed)));
  }

  /** The design's order, as plain steps: global, the secondary, then the primary. */
  private static CrossRegionContract regionalPair(String fixture) {
    return deploy(step("Iam", "global.fixture.json", "us-east-1", Map.of()),
        step("Secondary", fixture, "us-west-2", Map.of()),
        step("Primary", fixture, "us-east-1", Map.of()));
  }

  @Test
  void systemKeepingTheContractHasNoMismatchOrderViolationOrDuplicate() {
    CrossRegionContract contract = root("root.fixture.json", "false");
    assertThat(List.of(contract.mismatches(), contract.orderViolations(), contract.duplicates())).allMatch(List::isEmpty);
    assertThat(contract.withStatus("ok")).extracting(CrossRegionContract.Reference::line).contains(
        "ok       Root/PrimaryRegionalStack Resources.DocumentBucket.Properties.ReplicationConfiguration.Rules[0]"
            + ".Destination.Bucket [us-east-1 -> us-west-2, s3 ARN, AT_CREATION]:"
            + " arn:aws:s3:::fx-documents-123456789012-us-west-2 => Root/SecondaryStackSet[us-west-2]/DocumentBucket");
  }

  @Test
  void stackSetRolesMadeInTheSameDeploymentAsTheStackSetAreReported() {
    assertThat(root("root.fixture.json", "false").stackSetRolesNotFromEarlierDeployments()).containsExactly(
        "Root (" + name("root.fixture.json") + " in us-east-1): Resources.SecondaryStackSet.Properties"
            + ".AdministrationRoleARN names Root/IamStack/ReplicationRole, which the same deployment creates: IAM may"
            + " not have propagated its trust policy when the first stack-set operation starts, and a retry then meets"
            + " the stack set that already exists. Fix: create the StackSet roles in a deployment that completes"
            + " before this one (the bootstrap in the primary region, ADR 6) and name them by their deterministic"
            + " names");
  }

  @Test
  void stackSetRolesFromAnEarlierDeploymentAreAccepted() {
    CrossRegionContract contract = deploy(step("Prerequisites", "global.fixture.json", "us-east-1", Map.of()),
        step("Root", "root-with-prerequisite-roles.fixture.json", "us-east-1", Map.of("PeerRegionDeployed", "false")));
    assertThat(contract.stackSetRolesNotFromEarlierDeployments()).isEmpty();
    assertThat(contract.withStatus("ok")).extracting(CrossRegionContract.Reference::line)
        .anyMatch(line -> line.contains("AdministrationRoleARN") && line.endsWith("=> Prerequisites/ReplicationRole"));
  }

  @Test
  void peerBucketDerivedDifferentlyFromWhatThePeerCreatesIsAMismatch() {
    String misnamed = name("regional-misnamed-peer.fixture.json");
    assertThat(regionalPair("regional-misnamed-peer.fixture.json").mismatches()).containsExactly(
        "Primary (" + misnamed + " in us-east-1): Resources.DocumentBucket.Properties.ReplicationConfiguration.Rules[0]"
            + ".Destination.Bucket: \"arn:aws:s3:::fx-docs-123456789012-us-west-2\" is an ARN in us-west-2, but nothing"
            + " in us-west-2 creates it; the nearest there: [arn:aws:s3:::fx-documents-123456789012-us-west-2]."
            + " Fix: derive the name by the rule of the template that creates it (docs/conventions.md)");
  }

  @Test
  void primaryNotWaitingForTheStackSetIsAnOrderViolation() {
    String root = name("root-without-order.fixture.json");
    assertThat(root("root-without-order.fixture.json", "false").orderViolations()).containsExactly(
        "Root/PrimaryRegionalStack (" + REGIONAL + " in us-east-1): Resources.DocumentBucket.Properties"
            + ".ReplicationConfiguration.Rules[0].Destination.Bucket needs Root/SecondaryStackSet[us-west-2]/DocumentBucket"
            + " (AWS::S3::Bucket in us-west-2) when it is created, but that is not created before it: in Root (" + root
            + "), PrimaryRegionalStack does not depend on SecondaryStackSet. Fix: make the referencing side depend on"
            + " the creating side, or create the reference only when PeerRegionDeployed is true",
        "Root/PrimaryRegionalStack (" + REGIONAL + " in us-east-1): Resources.DocumentBucket.Properties"
            + ".ReplicationConfiguration.Rules[0].Destination.EncryptionConfiguration.ReplicaKmsKeyID needs"
            + " Root/SecondaryStackSet[us-west-2]/DataKeyAlias (AWS::KMS::Alias in us-west-2) when it is created, but"
            + " that is not created before it: in Root (" + root + "), PrimaryRegionalStack does not depend on"
            + " SecondaryStackSet. Fix: make the referencing side depend on the creating side, or create the reference"
            + " only when PeerRegionDeployed is true");
  }

  @Test
  void failbackBehindPeerRegionDeployedIsAbsentOnTheFirstDeployAndResolvesAfterTheSwitch() {
    String failback = "Root/SecondaryStackSet[us-west-2] Resources.DocumentBucket.Properties.ReplicationConfiguration"
        + ".Rules[0].Destination.Bucket";
    assertThat(root("root.fixture.json", "false").references()).noneMatch(r -> (r.from() + " " + r.where()).equals(failback));
    assertThat(root("root.fixture.json", "true").references())
        .filteredOn(r -> (r.from() + " " + r.where()).equals(failback))
        .singleElement().satisfies(r -> assertThat(r.creators()).extracting(c -> c.id())
            .containsExactly("Root/PrimaryRegionalStack/DocumentBucket"));
  }

  @Test
  void switchedFailbackIsAnOrderViolationIfItWereAFirstDeploy() {
    assertThat(root("root.fixture.json", "true").orderViolations()).hasSize(2)
        .allMatch(v -> v.contains("SecondaryStackSet does not depend on PrimaryRegionalStack"));
  }

  @Test
  void peerValueTheSecondaryDoesNotCreateIsAMismatch() {
    String root = name("root-reads-missing-peer-value.fixture.json");
    assertThat(root("root-reads-missing-peer-value.fixture.json", "false").mismatches()).containsExactly(
        "Root (" + root + " in us-east-1): Resources.PeerValues.Properties.Read[1]: \"/fx/api-endpoint\" is an SSM"
            + " parameter in us-west-2, but nothing in us-west-2 creates it; the nearest there: [/fx/document-bucket]."
            + " Fix: derive the name by the rule of the template that creates it (docs/conventions.md)");
  }

  @Test
  void peerValueReadBeforeTheStackSetIsAnOrderViolation() {
    String root = name("root-reads-peer-values-too-early.fixture.json");
    assertThat(root("root-reads-peer-values-too-early.fixture.json", "false").orderViolations()).containsExactly(
        "Root (" + root + " in us-east-1): Resources.PeerValues.Properties.Read[0] needs"
            + " Root/SecondaryStackSet[us-west-2]/DocumentBucketParameter (AWS::SSM::Parameter in us-west-2) when it is"
            + " created, but that is not created before it: in Root (" + root + "), PeerValues does not depend on"
            + " SecondaryStackSet. Fix: make the referencing side depend on the creating side, or create the reference"
            + " only when PeerRegionDeployed is true");
  }

  @Test
  void roleThatNoTemplateCreatesIsAMismatch() {
    assertThat(deploy(step("Secondary", "regional.fixture.json", "us-west-2", Map.of()),
        step("Primary", "regional.fixture.json", "us-east-1", Map.of())).mismatches()).containsExactly(
        "Primary (" + REGIONAL + " in us-east-1): Resources.DocumentBucket.Properties.ReplicationConfiguration.Role:"
            + " \"arn:aws:iam::123456789012:role/fx-replication\" is an IAM role in global, but nothing in the system"
            + " (IAM and Route 53 are global) creates it. Fix: derive the name by the rule of the template that creates"
            + " it (docs/conventions.md)");
  }

  @Test
  void nameInAShapeTheContractDoesNotKnowFailsLoudly() {
    String unknown = name("regional-unknown-shape.fixture.json");
    assertThat(regionalPair("regional-unknown-shape.fixture.json").mismatches()).containsExactly(
        "Secondary (" + unknown + " in us-west-2): Resources.DocumentBucketParameter.Properties.Value: \"copies go to"
            + " us-east-1 nightly\" names us-east-1 in a shape the contract does not know (not a region, endpoint, ARN,"
            + " name or JSON). Fix: teach CrossRegionContract the shape, or write the value as one",
        "Primary (" + unknown + " in us-east-1): Resources.DocumentBucketParameter.Properties.Value: \"copies go to"
            + " us-west-2 nightly\" names us-west-2 in a shape the contract does not know (not a region, endpoint, ARN,"
            + " name or JSON). Fix: teach CrossRegionContract the shape, or write the value as one");
  }

  @Test
  void customResourceActingInTheOtherRegionWithoutAModelFailsLoudly() {
    String unmodelled = name("regional-unmodelled-custom-resource.fixture.json");
    assertThat(regionalPair("regional-unmodelled-custom-resource.fixture.json").mismatches()).containsExactly(
        "Secondary (" + unmodelled + " in us-west-2): Resources.PeerMirror.Properties: custom resource of type"
            + " Custom::Mirror names [us-east-1], but the contract has no model of what it reads or writes there."
            + " Fix: model the type in CrossRegionContract (as Custom::PeerRegionValues is)",
        "Primary (" + unmodelled + " in us-east-1): Resources.PeerMirror.Properties: custom resource of type"
            + " Custom::Mirror names [us-west-2], but the contract has no model of what it reads or writes there."
            + " Fix: model the type in CrossRegionContract (as Custom::PeerRegionValues is)");
  }

  @Test
  void sameRoleCreatedTwiceIsADuplicate() {
    assertThat(deploy(step("Iam", "global.fixture.json", "us-east-1", Map.of()),
        step("IamAgain", "global.fixture.json", "us-west-2", Map.of())).duplicates()).containsExactly(
        "global: arn:aws:iam::123456789012:role/fx-replication is created by Iam/ReplicationRole and"
            + " IamAgain/ReplicationRole. Fix: create it in one place (retained resources collide on the second create)");
  }

  @Test
  void wildcardGrantMatchingNothingIsReportedAsAPatternNotAMismatch() {
    CrossRegionContract contract = regionalPair("regional.fixture.json");
    assertThat(contract.mismatches()).isEmpty();
    assertThat(contract.withStatus("PATTERN")).extracting(CrossRegionContract.Reference::value)
        .containsExactly("arn:aws:sqs:us-west-2:123456789012:fx-later-*");
  }

  @Test
  void policyNamingThePeerBucketResolvesToIt() {
    assertThat(regionalPair("regional.fixture.json").references())
        .filteredOn(r -> r.where().equals("Resources.ReplicationRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource[1]"))
        .singleElement().satisfies(r -> {
          assertThat(r.need()).isEqualTo(CrossRegionContract.Need.NAME_ONLY);
          assertThat(r.creators()).extracting(c -> c.id()).containsExactly("Secondary/DocumentBucket");
        });
  }

}
