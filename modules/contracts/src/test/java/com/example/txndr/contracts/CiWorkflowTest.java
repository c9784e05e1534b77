package com.example.txndr.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.RepoRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The CI workflow users copy into their repositories (ci/workflows/build.yml), checked for the
 * promises ci/README.md makes about it. Each rule of {@link Workflow} has a fixture
 * (fixtures/ci/workflow-*.fixture.yml) that breaks it, and only it, beside a valid one.
 */
class CiWorkflowTest {
  private static final Path WORKFLOW = RepoRoot.find().resolve("ci/workflows/build.yml");

  private static List<String> fixture(String name) {
    return Workflow.read(Repository.resource("fixtures/ci/" + name)).violations();
  }

  @Test
  void committedWorkflowBreaksNoRule() {
    assertThat(Workflow.read(WORKFLOW).violations()).isEmpty();
  }

  @Test
  void committedWorkflowPublishesAndRunsTaskcatOnlyOnDemandWithTheRoleFromARepositoryVariable() {
    Workflow workflow = Workflow.read(WORKFLOW);
    JsonNode publish = workflow.jobs().get("publish");
    assertThat(publish.path("if").asText()).isEqualTo("github.event_name == 'workflow_dispatch'");
    assertThat(workflow.triggers()).containsExactlyInAnyOrder("push", "pull_request", "workflow_dispatch");
    assertThat(workflow.runCommands(publish)).anyMatch(c -> c.startsWith("./mvnw -B -ntp package ")
        && c.contains("-Dpublish.bucketPrefix=\"$BUCKET_PREFIX\""));
    assertThat(workflow.runCommands(publish)).anyMatch(c -> c.contains(" -pl root-stack -am verify -Ptaskcat "));
    assertThat(publish.path("steps").findValues("role-to-assume")).extracting(JsonNode::asText)
        .containsExactly("${{ vars.AWS_TASKCAT_ROLE_ARN }}");
  }

  @Test
  void validFixtureBreaksNoRule() {
    assertThat(fixture("workflow-valid.fixture.yml")).isEmpty();
  }

  @Test
  void actionPinnedToATagIsRefused() {
    assertThat(fixture("workflow-action-not-pinned.fixture.yml")).containsExactly(
        "pinning: jobs.build.steps[1] uses actions/setup-java@v4: pin it to a full 40-hex commit SHA, with"
            + " the release in a comment");
  }

  @Test
  void topLevelWritePermissionIsRefused() {
    assertThat(fixture("workflow-write-permission.fixture.yml")).containsExactly(
        "permissions: the top level grants contents: write; it must be read-only (contents: read), jobs add"
            + " what they need");
  }

  @Test
  void idTokenOnAJobThatAssumesNoRoleIsRefused() {
    assertThat(fixture("workflow-id-token-without-role.fixture.yml")).containsExactly(
        "permissions: job build grants id-token: write but assumes no AWS role"
            + " (aws-actions/configure-aws-credentials)");
  }

  @Test
  void testJobWithoutTheReadmeCommandIsRefused() {
    assertThat(fixture("workflow-no-verify.fixture.yml")).containsExactly(
        "test job: no job that runs on every push and pull request runs ./mvnw verify (README.md, the"
            + " test command; only output options such as -B may be added)");
  }

  @Test
  void cfnLintOtherThanThePinnedVersionIsRefused() {
    assertThat(fixture("workflow-cfn-lint-not-pinned.fixture.yml")).containsExactly(
        "cfn-lint: jobs.build.steps[2] installs cfn-lint==1.50.0; ci/cfn-lint/VERSION pins 1.51.0");
  }

  @Test
  void jobWithoutTimeoutIsRefused() {
    assertThat(fixture("workflow-no-timeout.fixture.yml")).containsExactly(
        "timeouts: job build has no timeout-minutes (GitHub's default is 6 hours)");
  }

  /** A GitHub Actions workflow and the rules ci/README.md promises for it. */
  static final class Workflow {
    private static final Pattern PINNED = Pattern.compile("[^@\\s]+@[0-9a-f]{40}");
    private static final Pattern VERSION_COMMENT = Pattern.compile("#\\s*v\\d+(\\.\\d+)*\\b");
    private static final Pattern CFN_LINT = Pattern.compile("(?<![\\w-])cfn-lint(?![\\w-])(\\S*)");
    /** Maven options that change only the output, allowed beside the README's ./mvnw verify. */
    private static final Set<String> OUTPUT_OPTIONS =
        Set.of("-B", "--batch-mode", "-ntp", "--no-transfer-progress", "-V", "--show-version", "-e", "--errors");
    private static final String AWS_CREDENTIALS_ACTION = "aws-actions/configure-aws-credentials";

    private final String text;
    private final JsonNode root;
    private final String cfnLintVersion;

    private Workflow(String text, JsonNode root, String cfnLintVersion) {
      this.text = text;
      this.root = root;
      this.cfnLintVersion = cfnLintVersion;
    }

    static Workflow read(Path file) {
      try {
        String text = Files.readString(file);
        String version = Files.readString(RepoRoot.find().resolve("ci/cfn-lint/VERSION")).strip();
        return new Workflow(text, new YAMLMapper().readTree(text), version);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }

    Map<String, JsonNode> jobs() {
      Map<String, JsonNode> jobs = new LinkedHashMap<>();
      root.path("jobs").fields().forEachRemaining(e -> jobs.put(e.getKey(), e.getValue()));
      return jobs;
    }

    /** The events of {@code on:} (a YAML 1.1 reader may read the key as true). */
    List<String> triggers() {
      JsonNode on = root.has("on") ? root.path("on") : root.path("true");
      List<String> out = new ArrayList<>();
      if (on.isTextual()) {
        out.add(on.asText());
      } else if (on.isArray()) {
        on.forEach(e -> out.add(e.asText()));
      } else {
        on.fieldNames().forEachRemaining(out::add);
      }
      return out;
    }

    /** Every command line of the job's run steps, continuation lines joined. */
    List<String> runCommands(JsonNode job) {
      List<String> out = new ArrayList<>();
      job.path("steps").forEach(step -> {
        String script = step.path("run").asText("").replace("\\\n", " ");
        for (String line : script.split("\n")) {
          if (!line.isBlank()) {
            out.add(line.strip().replaceAll("\\s+", " "));
          }
        }
      });
      return out;
    }

    List<String> violations() {
      List<String> out = new ArrayList<>();
      pinning(out);
      topLevelPermissions(out);
      jobPermissions(out);
      testJob(out);
      cfnLint(out);
      timeouts(out);
      return out;
    }

    private void pinning(List<String> out) {
      jobs().forEach((name, job) -> {
        if (job.has("uses")) {
          pinned("jobs." + name, job.path("uses").asText(), out);
        }
        for (int i = 0; i < job.path("steps").size(); i++) {
          JsonNode step = job.path("steps").get(i);
          if (step.has("uses")) {
            pinned("jobs." + name + ".steps[" + i + "]", step.path("uses").asText(), out);
          }
        }
      });
    }

    private void pinned(String where, String uses, List<String> out) {
      if (uses.startsWith("./")) {
        return;
      }
      if (!PINNED.matcher(uses).matches()) {
        out.add("pinning: " + where + " uses " + uses + ": pin it to a full 40-hex commit SHA, with the release"
            + " in a comment");
        return;
      }
      boolean commented = text.lines().filter(l -> l.contains("uses: " + uses))
          .allMatch(l -> VERSION_COMMENT.matcher(l.substring(l.indexOf(uses) + uses.length())).find());
      if (!commented) {
        out.add("pinning: " + where + " uses " + uses + " without a # vX.Y.Z comment naming its release");
      }
    }

    private void topLevelPermissions(List<String> out) {
      JsonNode permissions = root.path("permissions");
      if (permissions.isMissingNode()) {
        out.add("permissions: the workflow sets no top-level permissions: set contents: read (the default token"
            + " may write)");
      } else if (permissions.isTextual()) {
        if (!permissions.asText().equals("read-all")) {
          out.add("permissions: the top level grants " + permissions.asText() + "; it must be read-only"
              + " (contents: read), jobs add what they need");
        }
      } else {
        permissions.fields().forEachRemaining(p -> {
          if (!Set.of("read", "none").contains(p.getValue().asText())) {
            out.add("permissions: the top level grants " + p.getKey() + ": " + p.getValue().asText()
                + "; it must be read-only (contents: read), jobs add what they need");
          }
        });
      }
    }

    private void jobPermissions(List<String> out) {
      jobs().forEach((name, job) -> {
        JsonNode permissions = job.path("permissions");
        if (permissions.isTextual() && !permissions.asText().equals("read-all")) {
          out.add("permissions: job " + name + " grants " + permissions.asText() + "; a job may add only"
              + " id-token: write");
        }
        permissions.fields().forEachRemaining(p -> {
          String level = p.getValue().asText();
          if (Set.of("read", "none").contains(level)) {
            return;
          }
          if (!p.getKey().equals("id-token")) {
            out.add("permissions: job " + name + " grants " + p.getKey() + ": " + level + "; a job may add only"
                + " id-token: write");
          } else if (job.path("steps").findValues("uses").stream()
              .noneMatch(u -> u.asText().startsWith(AWS_CREDENTIALS_ACTION + "@"))) {
            out.add("permissions: job " + name + " grants id-token: write but assumes no AWS role ("
                + AWS_CREDENTIALS_ACTION + ")");
          }
        });
      });
    }

    /** A job of every push and pull request (no if:) runs exactly the README's ./mvnw verify. */
    private void testJob(List<String> out) {
      List<String> triggers = triggers();
      if (!triggers.contains("push") || !triggers.contains("pull_request")) {
        out.add("triggers: the workflow must run on push and pull_request; it runs on " + triggers);
      }
      boolean found = jobs().values().stream()
          .filter(job -> !job.has("if"))
          .flatMap(job -> runCommands(job).stream())
          .anyMatch(Workflow::isReadmeVerify);
      if (!found) {
        out.add("test job: no job that runs on every push and pull request runs ./mvnw verify (README.md, the"
            + " test command; only output options such as -B may be added)");
      }
    }

    private static boolean isReadmeVerify(String command) {
      List<String> words = new ArrayList<>(List.of(command.split(" ")));
      if (words.isEmpty() || !words.remove(0).equals("./mvnw")) {
        return false;
      }
      words.removeIf(OUTPUT_OPTIONS::contains);
      return words.equals(List.of("verify"));
    }

    /** Every pip install of cfn-lint names the pinned version; the test job installs it. */
    private void cfnLint(List<String> out) {
      boolean testJobInstallsIt = false;
      for (Map.Entry<String, JsonNode> job : jobs().entrySet()) {
        JsonNode steps = job.getValue().path("steps");
        for (int i = 0; i < steps.size(); i++) {
          List<String> installs = steps.get(i).path("run").asText("").lines()
              .filter(l -> l.contains("pip install") || l.contains("pip3 install")).toList();
          for (String install : installs) {
            Matcher m = CFN_LINT.matcher(install);
            while (m.find()) {
              String spec = m.group(1).replaceAll("[\"']", "");
              if (spec.equals("==" + cfnLintVersion)) {
                testJobInstallsIt |= !job.getValue().has("if");
              } else {
                out.add("cfn-lint: jobs." + job.getKey() + ".steps[" + i + "] installs cfn-lint" + spec
                    + (spec.isEmpty() ? " without a version" : "") + "; ci/cfn-lint/VERSION pins " + cfnLintVersion);
              }
            }
          }
        }
      }
      if (!testJobInstallsIt && out.stream().noneMatch(v -> v.startsWith("cfn-lint:"))) {
        out.add("cfn-lint: the test job installs no cfn-lint==" + cfnLintVersion + " (ci/cfn-lint/VERSION): the"
            + " lint gate of ./mvnw verify needs it");
      }
    }

    private void timeouts(List<String> out) {
      jobs().forEach((name, job) -> {
        if (!job.has("timeout-minutes") && !job.has("uses")) {
          out.add("timeouts: job " + name + " has no timeout-minutes (GitHub's default is 6 hours)");
        }
      });
    }
  }
}
