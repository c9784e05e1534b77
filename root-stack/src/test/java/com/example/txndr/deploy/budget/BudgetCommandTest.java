package com.example.txndr.deploy.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.deploy.Main;
import com.example.txndr.template.RepoRoot;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code root-stack budget}: the summary, the two report files, and the failure status. */
class BudgetCommandTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void budgetPrintsOneLineEachForRtoRpoAndCapacityThenTheReport() {
    Budgets.Copy copy = Budgets.Copy.of(dir);
    Path dist = copy.packageDist();

    int status = run("budget", "--repo-root=" + copy.root(), "--dist=" + dist,
        "--measurements=" + Budgets.measurement("measurement-within-capacity"));

    assertThat(status).isZero();
    String[] lines = out().split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).startsWith("RTO       ").endsWith(", limit under 900 s (15 min): PASS; project target 120 s (2 min): met");
    assertThat(lines[1]).startsWith("RPO       ")
        .contains(" for transactions (DynamoDB), limit under 300 s (5 min): PASS; documents (S3) ")
        .endsWith(", not gated");
    assertThat(lines[2]).isEqualTo("capacity  10,000 TPS in each region, 8 checks: PASS");
    assertThat(lines[3]).startsWith("report: ").endsWith("root-stack/target/dist/dr-report.md");
    assertThat(dist.resolve(RecoveryBudget.JSON)).isRegularFile();
    assertThat(dist.resolve(RecoveryBudget.MARKDOWN)).isRegularFile();
  }

  @Test
  void budgetFailureIsOneErrorListingEveryFailureAndStatusOne() {
    Path repo = RepoRoot.find();
    Path dist = Budgets.packageTo(repo, dir.resolve("dist"));

    int status = run("budget", "--repo-root=" + repo, "--dist=" + dist,
        "--measurements=" + dir.resolve("absent.json"));

    assertThat(status).isEqualTo(1);
    assertThat(err()).startsWith("error: recovery budget failed (report: ")
        .contains("\n- " + Measurement.MISSING + "\n");
    assertThat(out()).contains("\nreport: ");
    assertThat(dist.resolve(RecoveryBudget.MARKDOWN)).content().contains("**MISSING:** " + Measurement.MISSING);
  }

  @Test
  void budgetWithoutPackagedTemplatesSaysToPackageFirst() {
    int status = run("budget", "--repo-root=" + RepoRoot.find(), "--dist=" + dir);

    assertThat(status).isEqualTo(1);
    assertThat(err()).isEqualTo("error: no templates/root.template.json in " + dir
        + ": run ./mvnw package (or the package command) first\n");
  }

  @Test
  void theJsonReportGivesEveryTermsInputsWithTheirSources() {
    Budgets.Copy copy = Budgets.Copy.of(dir);
    Path dist = copy.packageDist();
    run("budget", "--repo-root=" + copy.root(), "--dist=" + dist,
        "--measurements=" + Budgets.measurement("measurement-within-capacity"));

    JsonNode json = Budgets.read(dist.resolve(RecoveryBudget.JSON));

    assertThat(json.path("summary").path("passed").asBoolean()).isTrue();
    assertThat(json.path("limits").path("rtoSeconds").decimalValue()).isEqualByComparingTo(SeedLimits.RTO_SECONDS);
    for (String section : new String[] {"rto", "rpo", "documentRpo", "backups"}) {
      assertThat(json.path(section).path("terms")).isNotEmpty();
      for (JsonNode term : json.path(section).path("terms")) {
        assertThat(term.path("inputs")).as(section + " " + term.path("name")).isNotEmpty();
        for (JsonNode input : term.path("inputs")) {
          assertThat(input.path("source").path("file").asText()).isNotEmpty();
          assertThat(input.path("source").path("value").asText()).isNotEmpty();
        }
      }
    }
    assertThat(json.path("rto").path("figure").decimalValue()).isEqualByComparingTo(
        json.path("summary").path("rto").path("seconds").decimalValue());
    assertThat(json.path("failures")).isEmpty();
  }

  @Test
  void theMarkdownReportHasATablePerSectionWithItsTotal() {
    Budgets.Copy copy = Budgets.Copy.of(dir);
    Path dist = copy.packageDist();
    run("budget", "--repo-root=" + copy.root(), "--dist=" + dist,
        "--measurements=" + Budgets.measurement("measurement-within-capacity"));

    assertThat(dist.resolve(RecoveryBudget.MARKDOWN)).content()
        .contains("## RTO: failover of us-east-1 to us-west-2\n")
        .contains("### Transactions (DynamoDB)\n")
        .contains("### Documents (S3), not gated\n")
        .contains("### Backups, not gated\n")
        .contains("## Capacity\n")
        .contains("| **RTO** | **")
        .contains("| **RPO** | **")
        .contains("| **Result** | | | | **PASS** | every check | |")
        .contains("`modules/route53/templates/route53.template.json` `Root/PrimaryRegionalStack/Route53Stack` "
            + "(us-east-1) `ApiHealthCheck` `HealthCheckConfig.FailureThreshold` = `");
  }
}
