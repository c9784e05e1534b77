package com.example.txndr.deploy.budget;

import static com.example.txndr.deploy.budget.Budgets.check;
import static com.example.txndr.deploy.budget.Budgets.input;
import static com.example.txndr.deploy.budget.Budgets.term;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.deploy.Manifest;
import com.example.txndr.template.RepoRoot;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Root parameters: defaults, dist/parameter-overrides.txt, and the CLI's two parameters-file formats. */
class RootParametersTest {
  @TempDir
  static Path dist;

  @TempDir
  Path dir;

  private static Path repo;

  @BeforeAll
  static void packageTheRepository() {
    repo = RepoRoot.find();
    Budgets.packageTo(repo, dist);
  }

  private Path file(String name, String json) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, json);
    return f;
  }

  private static Report budget(Optional<Path> parameters) {
    return Budgets.compute(repo, dist, "measurement", parameters);
  }

  private static RootParameters.Value value(Report r, String name) {
    return r.context().parameters().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void listFormatSetsTheHealthCheckThresholdTheRootPassesDown() throws IOException {
    Path f = file("list.json", "[{\"ParameterKey\": \"HealthCheckFailureThreshold\", \"ParameterValue\": \"5\"}]");

    Report r = budget(Optional.of(f));

    Report.Input threshold = input(term(r.rto(), "DNS: health checks see the primary fail").inputs(), "failure threshold");
    assertThat(threshold.value()).isEqualByComparingTo(BigDecimal.valueOf(5));
    assertThat(threshold.source().stack()).isEqualTo("Root/PrimaryRegionalStack/Route53Stack");
    assertThat(value(r, "HealthCheckFailureThreshold"))
        .isEqualTo(new RootParameters.Value("HealthCheckFailureThreshold", "5", RootParameters.Origin.FILE));
  }

  @Test
  void parametersObjectFormatSetsTheReservedConcurrencyOfBothRegions() throws IOException {
    Path f = file("object.json", "{\"Parameters\": {\"ReservedConcurrency\": 400}}");

    Report r = budget(Optional.of(f));

    for (String region : List.of(Budgets.PRIMARY, Budgets.SECONDARY)) {
      // 400 concurrent executions carry 40 ms per request at the 10,000 TPS target.
      assertThat(check(r, "Lambda reserved concurrency of the processor", region).available())
          .isEqualByComparingTo(BigDecimal.valueOf(40));
    }
  }

  @Test
  void parameterOverridesOfDistAreUsedWithoutAParametersFile() {
    Report r = budget(Optional.empty());

    assertThat(value(r, "ArtifactKeyPrefix")).isEqualTo(new RootParameters.Value("ArtifactKeyPrefix",
        Manifest.read(dist).keyPrefix(), RootParameters.Origin.OVERRIDES));
    assertThat(value(r, "LambdaCodeKey").value()).isEqualTo(Manifest.read(dist).lambdaCodeKey());
  }

  @Test
  void theParametersFileWinsOverTheOverridesOfDist() throws IOException {
    Path f = file("key.json", "{\"Parameters\": {\"ArtifactKeyPrefix\": \"elsewhere/\"}}");

    Report r = budget(Optional.of(f));

    assertThat(value(r, "ArtifactKeyPrefix"))
        .isEqualTo(new RootParameters.Value("ArtifactKeyPrefix", "elsewhere/", RootParameters.Origin.FILE));
  }

  @Test
  void requiredParametersWithoutAValueArePlaceholdersThatChangeNoFigure() throws IOException {
    Path f = file("names.json", "[{\"ParameterKey\": \"ArtifactBucketPrefix\", \"ParameterValue\": \"acme-art\"},"
        + "{\"ParameterKey\": \"HostedZoneName\", \"ParameterValue\": \"dr.acme.example\"},"
        + "{\"ParameterKey\": \"AlertEmail\", \"ParameterValue\": \"ops@acme.example\"}]");

    Report placeholders = budget(Optional.empty());
    Report given = budget(Optional.of(f));

    assertThat(value(placeholders, "HostedZoneName").origin()).isEqualTo(RootParameters.Origin.PLACEHOLDER);
    for (Report.Section s : List.of(placeholders.rto(), placeholders.rpo(), placeholders.documents(),
        placeholders.backups())) {
      Report.Section other = List.of(given.rto(), given.rpo(), given.documents(), given.backups()).stream()
          .filter(o -> o.name().equals(s.name())).findFirst().orElseThrow();
      assertThat(other.terms().stream().map(Report.Term::value).toList())
          .isEqualTo(s.terms().stream().map(Report.Term::value).toList());
    }
    assertThat(given.capacity().checks().stream().map(Report.Check::available).toList())
        .isEqualTo(placeholders.capacity().checks().stream().map(Report.Check::available).toList());
  }

  @Test
  void aParameterTheRootDoesNotDeclareIsRejectedByName() throws IOException {
    Path f = file("unknown.json", "{\"Parameters\": {\"FailuresToPromote\": \"3\"}}");

    assertThatThrownBy(() -> budget(Optional.of(f))).isInstanceOf(BudgetException.class)
        .hasMessage("parameters file " + f + ": the root template declares no parameter FailuresToPromote");
  }

  @Test
  void aFileInNeitherFormatIsRejected() throws IOException {
    Path f = file("flat.json", "{\"ReservedConcurrency\": \"400\"}");

    assertThatThrownBy(() -> budget(Optional.of(f))).isInstanceOf(BudgetException.class)
        .hasMessage("parameters file " + f + " is in neither CloudFormation CLI format: "
            + "[{\"ParameterKey\": \"K\", \"ParameterValue\": \"V\"}, ...] or {\"Parameters\": {\"K\": \"V\"}}");
  }

  @Test
  void usePreviousValueIsRejectedBecauseNoDeployedValueIsKnown() throws IOException {
    Path f = file("previous.json", "[{\"ParameterKey\": \"ReservedConcurrency\", \"UsePreviousValue\": true}]");

    assertThatThrownBy(() -> budget(Optional.of(f))).isInstanceOf(BudgetException.class)
        .hasMessage("parameters file " + f + ": ReservedConcurrency has no ParameterValue (UsePreviousValue: the "
            + "budget cannot know a deployed stack's previous value; give the value)");
  }

  @Test
  void aValueCloudFormationWouldRejectIsRejectedWithTheConstraint() throws IOException {
    Path f = file("over.json", "{\"Parameters\": {\"HealthCheckFailureThreshold\": \"11\", "
        + "\"HealthCheckRequestInterval\": \"20\"}}");

    assertThatThrownBy(() -> budget(Optional.of(f))).isInstanceOf(BudgetException.class)
        .hasMessage("CloudFormation would reject the root parameters: HealthCheckRequestInterval=20 (parameters "
            + "file) is not one of its AllowedValues [10,30]; HealthCheckFailureThreshold=11 (parameters file) is "
            + "above its MaxValue 10");
  }

  @Test
  void aMissingParametersFileIsNamed() {
    Path f = dir.resolve("absent.json");

    assertThatThrownBy(() -> budget(Optional.of(f))).isInstanceOf(BudgetException.class)
        .hasMessage("parameters file " + f + " does not exist");
  }

  @Test
  void overridesLineIsSplitIntoKeyValuePairs() {
    assertThat(RootParameters.overridesLine("ArtifactKeyPrefix=a/b/ LambdaCodeKey=a/x.jar\n"))
        .containsExactly(java.util.Map.entry("ArtifactKeyPrefix", "a/b/"), java.util.Map.entry("LambdaCodeKey", "a/x.jar"));
  }
}
