package com.example.txndr.deploy.budget;

import static com.example.txndr.deploy.budget.Budgets.term;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.deploy.budget.Report.Status;
import com.example.txndr.template.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The measurement file: what is missing is named with the command that writes it, never assumed. */
class MeasurementTest {
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

  private static Report budget(Path measurement) {
    return RecoveryBudget.compute(new RecoveryBudget.Options(dist, "dist", measurement,
        "docs/measurements/lambda.json", Optional.empty(), Optional.of(repo)));
  }

  @Test
  void theMissingMeasurementMessageNamesTheBenchmarkCommandAndTheFile() {
    assertThat(Measurement.MISSING).isEqualTo("no measurement: run ./mvnw -q -pl modules/lambda -Pbench -DskipTests "
        + "-DskipITs verify (modules/lambda/README.md) to write docs/measurements/lambda.json");
  }

  @Test
  void withoutTheMeasurementFileTheBudgetFailsOnceWithThatMessage() {
    Report r = budget(dir.resolve("lambda.json"));

    assertThat(r.failures()).filteredOn(f -> f.startsWith("no measurement")).containsExactly(Measurement.MISSING);
    assertThat(term(r.rto(), "Warm-up of the standby's functions").problem()).isEqualTo(Measurement.MISSING);
    assertThat(r.capacity().status()).isEqualTo(Status.INCOMPLETE);
    assertThat(r.passed()).isFalse();
  }

  @Test
  void withoutTheMeasurementFileTheTemplateFiguresAreStillComputed() {
    Report r = budget(dir.resolve("lambda.json"));

    assertThat(r.rpo().figure()).isNotNull();
    assertThat(term(r.rto(), "DNS: health checks see the primary fail").value()).isNotNull();
    assertThat(Budgets.check(r, "API stage throttling rate", Budgets.PRIMARY).status()).isEqualTo(Status.PASS);
  }

  @Test
  void aMeasurementWithoutTheDynamoDbFiguresNamesTheMissingField() {
    Report r = budget(Budgets.measurement("measurement-without-dynamodb"));

    assertThat(Budgets.check(r, "DynamoDB warm write throughput", "every replica").problem())
        .isEqualTo("docs/measurements/lambda.json has no dynamoDb.actionsPerTransaction (a number, at least 0): run "
            + Measurement.COMMAND + " (modules/lambda/README.md) to write it again");
    assertThat(Budgets.check(r, "DynamoDB hottest item", "every replica").problem())
        .isEqualTo("docs/measurements/lambda.json has no dynamoDb.hottestItem: run " + Measurement.COMMAND
            + " (modules/lambda/README.md) to write it again");
    assertThat(term(r.rto(), "Warm-up of the standby's functions").problem()).isNull();
  }

  @Test
  void aMeasurementThatIsNotJsonSaysSoAndHowToWriteItAgain() throws IOException {
    Path f = dir.resolve("lambda.json");
    Files.writeString(f, "coldStartMillis=1450");

    Report r = budget(f);

    assertThat(term(r.rto(), "Warm-up of the standby's functions").problem())
        .startsWith("docs/measurements/lambda.json is not JSON (")
        .endsWith("): run " + Measurement.COMMAND + " (modules/lambda/README.md) to write it again");
  }

  @Test
  void aNegativeFigureIsNotUsable() throws IOException {
    Path f = dir.resolve("lambda.json");
    Files.writeString(f, Files.readString(Budgets.measurement("measurement"))
        .replace("\"coldStartMillis\": 1450", "\"coldStartMillis\": -1"));

    Report r = budget(f);

    assertThat(term(r.rto(), "Warm-up of the standby's functions").problem())
        .isEqualTo("docs/measurements/lambda.json has no usable coldStartMillis (a number, at least 0): run "
            + Measurement.COMMAND + " (modules/lambda/README.md) to write it again");
  }

  @Test
  void theReportRecordsWhenWhereAndHowItWasMeasured() {
    Report r = budget(Budgets.measurement("measurement"));

    assertThat(r.context().measuredAt()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(r.context().command()).isEqualTo(Measurement.COMMAND);
    assertThat(r.context().machine()).isEqualTo("fixture: not a measurement");
  }
}
