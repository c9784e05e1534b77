package com.example.txndr.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.JsonMatch;
import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each template against its golden summary in docs/golden. With {@code -Dgolden.update=true}
 * ({@link GoldenSummaries#UPDATE_COMMAND}) the goldens are rewritten instead, except where the
 * change is destructive and not allowed.
 */
class GoldenSummaryTest {
  private static final Path ALLOW_LIST = GoldenSummaries.directory().resolve(GoldenSummaries.ALLOW_LIST);
  private static final String FIXTURES = "modules/contracts/target/test-classes/fixtures/golden/";

  static List<Template> templates() {
    return RepoRoot.templates();
  }

  private static JsonNode golden(Template template) {
    Path file = GoldenSummaries.file(template);
    return Files.isRegularFile(file) ? GoldenSummaries.read(file) : null;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void templateMatchesItsGoldenSummary(Template template) {
    Path file = GoldenSummaries.file(template);
    String actual = GoldenSummaries.text(GoldenSummaries.summary(template));
    if (GoldenSummaries.updating()) {
      List<String> refused = GoldenSummaries.destructiveChanges(golden(template), GoldenSummaries.summary(template),
          GoldenSummaries.allowed(ALLOW_LIST));
      assertThat(refused).as("golden of %s not rewritten", template).isEmpty();
      if (!Files.isRegularFile(file) || !GoldenSummaries.readText(file).equals(actual)) {
        GoldenSummaries.write(file, actual);
      }
      return;
    }
    assertThat(Files.isRegularFile(file)).withFailMessage("%s has no golden summary %s; create it with: %s",
        template, Repository.relative(file), GoldenSummaries.UPDATE_COMMAND).isTrue();
    String expected = GoldenSummaries.readText(file);
    assertThat(actual).withFailMessage("%s", GoldenSummaries.mismatch(template.name(), Repository.relative(file),
        expected, actual)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void noChangeRemovesOrRetypesAStatefulResourceUnlessAllowed(Template template) {
    assertThat(GoldenSummaries.destructiveChanges(golden(template), GoldenSummaries.summary(template),
        GoldenSummaries.allowed(ALLOW_LIST))).isEmpty();
  }

  @Test
  void everyGoldenSummaryHasItsTemplate() {
    Set<String> expected = templates().stream().map(t -> GoldenSummaries.file(t).getFileName().toString())
        .collect(Collectors.toSet());
    List<GoldenSummaries.Allowed> allowed = GoldenSummaries.allowed(ALLOW_LIST);
    if (GoldenSummaries.updating()) {
      for (Path file : GoldenSummaries.goldenFiles(GoldenSummaries.directory())) {
        if (!expected.contains(file.getFileName().toString())
            && GoldenSummaries.destructiveChanges(GoldenSummaries.read(file), null, allowed).isEmpty()) {
          delete(file);
        }
      }
    }
    assertThat(GoldenSummaries.orphans(GoldenSummaries.goldenFiles(GoldenSummaries.directory()), expected, allowed))
        .isEmpty();
  }

  @Test
  void everyAllowedDestructiveChangeHasAReasonAndIsNotUndone() {
    assertThat(GoldenSummaries.invalidAllowances(GoldenSummaries.allowed(ALLOW_LIST), templates())).isEmpty();
  }

  @Test
  void goldenWhoseTemplateIsGoneIsAnOrphan() {
    List<Path> goldens = GoldenSummaries.goldenFiles(Repository.resource("fixtures/golden/orphans"));
    assertThat(GoldenSummaries.orphans(goldens, Set.of("kept.template.json.summary.json"), List.of())).containsExactly(
        FIXTURES + "orphans/gone.template.json.summary.json is read by no test: its template is gone; " + FIXTURES
            + "orphans/gone.template.json: destructive change: removes the template and with it Queue"
            + " (AWS::SQS::Queue), a resource that holds data. Keep the logical ID and type, or allow it in"
            + " docs/golden/allowed-destructive-changes.json with {\"template\": \"" + FIXTURES
            + "orphans/gone.template.json\", \"logicalId\": \"Queue\", \"type\": \"AWS::SQS::Queue\", \"reason\":"
            + " \"<why the data may go>\"}",
        FIXTURES + "orphans/stateless.template.json.summary.json is read by no test: its template is gone. Delete it,"
            + " or run: ./mvnw -pl modules/contracts -am verify -Dgolden.update=true");
  }

  @Test
  void allowanceWithoutAReasonOrForAResourceBackAgainIsInvalid() {
    assertThat(GoldenSummaries.invalidAllowances(allowList(), List.of(Repository.fixture("golden/before.fixture.json"))))
        .containsExactly(
            FIXTURES + "before.fixture.json DocumentBucket: the template has this AWS::S3::Bucket again, so the entry"
                + " would let its next removal pass unseen. Fix: remove the entry from allowed-destructive-changes.json",
            FIXTURES + "before.fixture.json TransactionsTable: the allowed destructive change has no reason. Fix: give it",
            FIXTURES + "before.fixture.json TransactionsTable: the template has this AWS::DynamoDB::Table again, so the"
                + " entry would let its next removal pass unseen. Fix: remove the entry from"
                + " allowed-destructive-changes.json");
  }

  @Test
  void summaryListsParametersOutputsAndResourcesSortedByName() {
    assertThat(GoldenSummaries.text(GoldenSummaries.summary(Repository.fixture("golden/before.fixture.json"))))
        .isEqualTo(GoldenSummaries.text(JsonMatch.json("{\"template\": \"" + FIXTURES + "before.fixture.json\","
            + " \"parameters\": {\"KmsKeyArn\": {\"Type\": \"String\"}, \"ProjectName\": {\"Type\": \"String\","
            + " \"Default\": \"fx\"}, \"Retention\": {\"Type\": \"Number\", \"Default\": 7}},"
            + " \"outputs\": [\"DocumentBucketName\", \"TransactionsTableName\"],"
            + " \"resources\": {\"DocumentBucket\": \"AWS::S3::Bucket\", \"DocumentBucketPolicy\":"
            + " \"AWS::S3::BucketPolicy\", \"TransactionsTable\": \"AWS::DynamoDB::Table\"}}")));
  }

  @Test
  void removingAStatefulResourceIsDestructive() {
    assertThat(destructive("removes-bucket.fixture.json", List.of())).containsExactly(FIXTURES
        + "before.fixture.json: destructive change: removes DocumentBucket (AWS::S3::Bucket), a resource that holds"
        + " data. Keep the logical ID and type, or allow it in docs/golden/allowed-destructive-changes.json with"
        + " {\"template\": \"" + FIXTURES + "before.fixture.json\", \"logicalId\": \"DocumentBucket\", \"type\":"
        + " \"AWS::S3::Bucket\", \"reason\": \"<why the data may go>\"}");
  }

  @Test
  void retypingAStatefulResourceIsDestructive() {
    assertThat(destructive("retypes-table.fixture.json", List.of())).containsExactly(FIXTURES
        + "before.fixture.json: destructive change: retypes TransactionsTable from AWS::DynamoDB::Table to"
        + " AWS::DynamoDB::GlobalTable, a resource that holds data. Keep the logical ID and type, or allow it in"
        + " docs/golden/allowed-destructive-changes.json with {\"template\": \"" + FIXTURES + "before.fixture.json\","
        + " \"logicalId\": \"TransactionsTable\", \"type\": \"AWS::DynamoDB::Table\", \"reason\":"
        + " \"<why the data may go>\"}");
  }

  @Test
  void removingAResourceWithoutDataIsNotDestructive() {
    assertThat(destructive("removes-policy.fixture.json", List.of())).isEmpty();
  }

  @Test
  void allowListEntryWithAReasonPermitsTheChange() {
    assertThat(destructive("removes-bucket.fixture.json", allowList())).isEmpty();
  }

  @Test
  void allowListEntryWithoutAReasonPermitsNothing() {
    assertThat(destructive("retypes-table.fixture.json", allowList())).hasSize(1);
  }

  @Test
  void mismatchNamesTheDiffAndTheCommand() {
    String before = GoldenSummaries.text(GoldenSummaries.summary(Repository.fixture("golden/before.fixture.json")));
    String after = GoldenSummaries.text(GoldenSummaries.summary(Repository.fixture("golden/removes-policy.fixture.json")));
    assertThat(GoldenSummaries.mismatch("t.template.json", "docs/golden/t.template.json.summary.json", before, after))
        .isEqualTo("golden summary docs/golden/t.template.json.summary.json does not match t.template.json"
            + " (- golden, + template):\n"
            + "-   \"template\": \"" + FIXTURES + "before.fixture.json\",\n"
            + "+   \"template\": \"" + FIXTURES + "removes-policy.fixture.json\",\n"
            + "+     \"EnvironmentName\": {\n"
            + "+       \"Type\": \"String\",\n"
            + "+       \"Default\": \"prod\"\n"
            + "+     },\n"
            + "-     \"DocumentBucketPolicy\": \"AWS::S3::BucketPolicy\",\n"
            + "Review the change; if it is intended, regenerate the goldens with:"
            + " ./mvnw -pl modules/contracts -am verify -Dgolden.update=true");
  }

  private static List<GoldenSummaries.Allowed> allowList() {
    return GoldenSummaries.allowed(Repository.resource("fixtures/golden/allowed-destructive-changes.json"));
  }

  private static List<String> destructive(String after, List<GoldenSummaries.Allowed> allowed) {
    return GoldenSummaries.destructiveChanges(GoldenSummaries.summary(Repository.fixture("golden/before.fixture.json")),
        GoldenSummaries.summary(Repository.fixture("golden/" + after)), allowed);
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
