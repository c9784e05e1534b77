package com.example.txndr.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.txndr.template.Composition;
import com.example.txndr.template.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cross-region contract over each system description (src/test/resources/systems), in each
 * of its scenarios. Every reference found is written to
 * target/cross-region-references/<system>.<scenario>.txt for review.
 */
class CrossRegionContractTest {

  static Stream<Arguments> systemsAndScenarios() {
    return systems().stream().flatMap(s -> s.scenarios().stream().map(sc -> Arguments.of(s, sc)));
  }

  static Stream<Arguments> systemsAndFirstDeploys() {
    return systems().stream().flatMap(s -> s.scenarios().stream().filter(SystemDescription.Scenario::firstDeploy)
        .map(sc -> Arguments.of(s, sc)));
  }

  static List<SystemDescription> systems() {
    return Repository.systemFiles().stream().map(SystemDescription::load).toList();
  }

  private static CrossRegionContract contract(SystemDescription system, SystemDescription.Scenario scenario) {
    assumeTrue(system.missingTemplates().isEmpty(), () -> system.name() + " names templates not written yet: "
        + system.missingTemplates());
    Composition composition = system.deploy(scenario);
    CrossRegionContract contract = CrossRegionContract.of(composition, system.externals());
    report(system, scenario, contract);
    return contract;
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("systemsAndScenarios")
  void everyCrossRegionNameIsWhatTheOtherRegionCreates(SystemDescription system, SystemDescription.Scenario scenario) {
    assertThat(contract(system, scenario).mismatches()).isEmpty();
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("systemsAndFirstDeploys")
  void everyReferenceNeededAtCreationNamesAResourceCreatedEarlier(SystemDescription system,
      SystemDescription.Scenario scenario) {
    assertThat(contract(system, scenario).orderViolations()).isEmpty();
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("systemsAndFirstDeploys")
  void stackSetRolesComeFromADeploymentBeforeTheStackSet(SystemDescription system,
      SystemDescription.Scenario scenario) {
    assertThat(contract(system, scenario).stackSetRolesNotFromEarlierDeployments()).isEmpty();
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("systemsAndScenarios")
  void noTwoResourcesCreateTheSamePhysicalName(SystemDescription system, SystemDescription.Scenario scenario) {
    assertThat(contract(system, scenario).duplicates()).isEmpty();
  }

  @Test
  void everyTopLevelNestingTemplateIsDeployedByASystemDescription() {
    assertThat(NestingContracts.notDeployedByASystem(Repository.nestingTemplates(), systems())).isEmpty();
  }

  @Test
  void nestingTemplateThatNoSystemDeploysIsReported() {
    Template parent = Repository.fixture("nesting/parent.fixture.json");
    assertThat(NestingContracts.notDeployedByASystem(List.of(parent), List.of())).containsExactly(parent.name()
        + " nests stacks but no system description deploys it. Fix: add it as a step of a *.system.json in"
        + " modules/contracts/src/test/resources/systems");
  }

  @Test
  void rootSystemResolvesEveryCrossRegionReferenceOfTheDesign() {
    SystemDescription root = SystemDescription.load(Repository.resource("systems/root.system.json"));
    List<String> resolved = contract(root, root.scenarios().get(0)).references().stream()
        .filter(CrossRegionContract.Reference::matched)
        .flatMap(r -> r.creators().stream().map(c -> r.from() + " " + r.where() + " => " + c.id())).toList();
    String secondary = "Root/SecondaryStackSet[us-west-2]";
    assertThat(resolved).contains(
        "Root/PrimaryRegionalStack/S3CrrStack Resources.DocumentBucket.Properties.ReplicationConfiguration.Rules[0]"
            + ".Destination.Bucket => " + secondary + "/S3CrrStack/DocumentBucket",
        "Root/PrimaryRegionalStack/S3CrrStack Resources.DocumentBucket.Properties.ReplicationConfiguration.Rules[0]"
            + ".Destination.EncryptionConfiguration.ReplicaKmsKeyID => " + secondary + "/KmsStack/DataKeyAlias",
        "Root/DynamoDbGlobalStack Resources.TransactionsTable.Properties.Replicas[1].SSESpecification.KMSMasterKeyId => "
            + secondary + "/KmsStack/DataKeyAlias",
        "Root/BackupStack Resources.BackupPlan.Properties.BackupPlan.BackupPlanRule[1].CopyActions[0]"
            + ".DestinationBackupVaultArn => " + secondary + "/BackupStack/BackupVault",
        "Root/MonitoringStack Resources.LogArchiveBucket.Properties.ReplicationConfiguration.Rules[0].Destination.Bucket"
            + " => " + secondary + "/MonitoringStack/LogArchiveBucket",
        "Root Resources.PeerValues.Properties.Read[0] => " + secondary + "/SsmStack/ApiEndpointParameter",
        "Root Resources.PeerValues.Properties.Read[1] => " + secondary + "/SsmStack/HealthCheckIdParameter",
        "Root Resources.SecondaryStackSet.Properties.ExecutionRoleName => Bootstrap[us-east-1]/StackSetExecutionRole",
        "Root Resources.SecondaryStackSet.Properties.AdministrationRoleARN => Bootstrap[us-east-1]/StackSetAdministrationRole",
        secondary + "/LambdaStack Resources.TransactionProcessorFunction.Properties.Role => "
            + "Root/IamStack/ProcessorExecutionRole",
        "Root/IamStack Resources.S3ReplicationRole.Properties.Policies[0].PolicyDocument.Statement[1].Resource[1] => "
            + secondary + "/S3CrrStack/DocumentBucket",
        "Root Resources.PeerNetworkValues.Properties.Read[0] => " + secondary + "/SsmStack/VpcIdParameter",
        "Root Resources.PeerNetworkValues.Properties.Read[1] => " + secondary + "/SsmStack/PrivateRouteTableIdParameter",
        "Root/PeeringStack Resources.PeeringConnection.Properties.PeerVpcId => " + secondary + "/NetworkStack/Vpc",
        "Root/SecondaryPeeringStackSet[us-west-2] Resources.PeerVpcRoute.Properties.VpcPeeringConnectionId => "
            + "Root/PeeringStack/PeeringConnection",
        secondary + "/NetworkStack Resources.VpcFlowLog.Properties.DeliverLogsPermissionArn => Root/IamStack/VpcFlowLogsRole");
  }

  @Test
  void realModulesFailTheContractWhenTheSecondaryIsNamedForAnotherEnvironment() {
    SystemDescription modules = SystemDescription.load(Repository.resource("systems/modules.system.json"))
        .withParameters("Secondary", java.util.Map.of("EnvironmentName", "staging"));
    CrossRegionContract contract = CrossRegionContract.of(modules.deploy(modules.scenarios().get(0)), modules.externals());
    assertThat(contract.mismatches()).contains(
        "PrimaryS3 (modules/s3-crr/templates/s3-crr.template.json in us-east-1): Resources.DocumentBucket.Properties"
            + ".ReplicationConfiguration.Rules[0].Destination.Bucket: \"arn:aws:s3:::txn-dr-prod-documents-123456789012"
            + "-us-west-2\" is an ARN in us-west-2, but nothing in us-west-2 creates it; the nearest there:"
            + " [arn:aws:s3:::txn-dr-staging-documents-123456789012-us-west-2, arn:aws:s3:::txn-dr-staging-logs-123456789012"
            + "-us-west-2, arn:aws:s3:::txn-dr-artifacts-us-west-2]."
            + " Fix: derive the name by the rule of the template that creates it (docs/conventions.md)",
        "PrimaryBackup (modules/backup/templates/backup.template.json in us-east-1): Resources.BackupPlan.Properties"
            + ".BackupPlan.BackupPlanRule[1].CopyActions[0].DestinationBackupVaultArn: \"arn:aws:backup:us-west-2:"
            + "123456789012:backup-vault:txn-dr-prod-vault\" is an ARN in us-west-2, but nothing in us-west-2 creates it;"
            + " the nearest there: [arn:aws:backup:us-west-2:123456789012:backup-vault:txn-dr-staging-vault]. Fix: derive"
            + " the name by the rule of the template that creates it (docs/conventions.md)",
        "PrimaryMonitoring (modules/monitoring/templates/monitoring.template.json in us-east-1): Resources"
            + ".LogArchiveBucket.Properties.ReplicationConfiguration.Rules[0].Destination.Bucket: \"arn:aws:s3:::txn-dr-prod"
            + "-logs-123456789012-us-west-2\" is an ARN in us-west-2, but nothing in us-west-2 creates it; the nearest there:"
            + " [arn:aws:s3:::txn-dr-staging-logs-123456789012-us-west-2, arn:aws:s3:::txn-dr-staging-documents-123456789012"
            + "-us-west-2, arn:aws:s3:::txn-dr-artifacts-us-west-2]. Fix: derive the name by the rule of the template that"
            + " creates it (docs/conventions.md)");
  }

  @Test
  void failbackReferencesOfTheSecondaryAppearOnlyAfterThePeerSwitch() {
    SystemDescription root = SystemDescription.load(Repository.resource("systems/root.system.json"));
    String failback = "Root/SecondaryStackSet[us-west-2]/S3CrrStack Resources.DocumentBucket.Properties"
        + ".ReplicationConfiguration.Rules[0].Destination.Bucket => Root/PrimaryRegionalStack/S3CrrStack/DocumentBucket";
    List<String> first = resolved(contract(root, root.scenarios().get(0)));
    List<String> switched = resolved(contract(root, root.scenarios().get(1)));
    assertThat(first).doesNotContain(failback);
    assertThat(switched).contains(failback);
  }

  private static List<String> resolved(CrossRegionContract contract) {
    return contract.references().stream().filter(CrossRegionContract.Reference::matched)
        .flatMap(r -> r.creators().stream().map(c -> r.from() + " " + r.where() + " => " + c.id())).toList();
  }

  private static void report(SystemDescription system, SystemDescription.Scenario scenario, CrossRegionContract contract) {
    Path dir = Path.of("target", "cross-region-references");
    String name = system.name().replace(".system.json", "") + "." + scenario.name().replaceAll("[^A-Za-z0-9]+", "-");
    List<String> lines = new ArrayList<>();
    lines.add("# " + system.name() + ", scenario \"" + scenario.name() + "\": " + contract.references().size()
        + " references (ok " + contract.withStatus("ok").size() + ", PATTERN " + contract.withStatus("PATTERN").size()
        + ", MISMATCH " + contract.withStatus("MISMATCH").size() + ")");
    contract.references().forEach(r -> lines.add(r.line()));
    contract.mismatches().forEach(m -> lines.add("PROBLEM  " + m));
    if (scenario.firstDeploy()) {
      contract.orderViolations().forEach(m -> lines.add("ORDER    " + m));
    }
    contract.duplicates().forEach(m -> lines.add("DUPLICATE " + m));
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + ".txt"), lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
