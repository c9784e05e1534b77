package com.example.txndr.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.example.txndr.template.Evaluator;
import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The taskcat configuration of the real-account tests (ci/taskcat/.taskcat.yml), checked offline
 * against the templates it deploys, since taskcat itself needs an AWS account. Each rule of
 * {@link TaskcatConfig} has a fixture (fixtures/ci/taskcat-*.fixture.yml) that breaks it, and
 * only it, beside a valid one.
 */
class TaskcatConfigTest {
  private static final Path CONFIG = RepoRoot.find().resolve("ci/taskcat/.taskcat.yml");
  private static final Path RUNNER = RepoRoot.find().resolve("ci/taskcat/run");
  private static final List<String> BOTH = List.of("us-east-1", "us-west-2");

  private static List<String> fixture(String name) {
    return TaskcatConfig.read(Repository.resource("fixtures/ci/" + name)).violations();
  }

  @Test
  void committedConfigBreaksNoRule() {
    assertThat(TaskcatConfig.read(CONFIG).violations()).isEmpty();
  }

  @Test
  void committedConfigTestsTheRootSystemInUsEast1AndTheStandaloneTemplatesWhereTheyDeploy() {
    assertThat(TaskcatConfig.read(CONFIG).testRegions()).containsExactly(
        entry("root", List.of("us-east-1")),
        entry("kms", BOTH),
        entry("bootstrap", BOTH),
        entry("ssm", BOTH),
        entry("iam", List.of("us-east-1")));
  }

  @Test
  void everyValueLeftToTheRunnerIsOneTheRunnerWrites() throws IOException {
    String runner = Files.readString(RUNNER);
    Set<String> supplied = TaskcatConfig.read(CONFIG).runnerSupplied();
    assertThat(supplied).containsExactlyInAnyOrder(
        "ProjectName", "ArtifactBucketPrefix", "ArtifactKeyPrefix", "LambdaCodeKey");
    assertThat(supplied).allSatisfy(name -> assertThat(runner).contains("echo \"" + name + ": $(quote "));
  }

  /**
   * The root test's StackSet roles come from a bootstrap the runner deploys for the run (ADR 6):
   * the test's environment and key alias must be that bootstrap's, or the execution role's key
   * permissions name another alias.
   */
  @Test
  void rootTestSharesTheEnvironmentAndKeyAliasOfTheRunnersBootstrap() throws IOException {
    String runner = Files.readString(RUNNER);
    JsonNode root = new YAMLMapper().readTree(CONFIG.toFile()).path("tests").path("root").path("parameters");

    assertThat(runner).contains("readonly ROOT_ENVIRONMENT=" + root.path("EnvironmentName").asText() + "\n")
        .contains("readonly ROOT_KEY_ALIAS_PLACEHOLDER=" + TaskcatConfig.ROOT_KEY_ALIAS_PLACEHOLDER + "\n")
        .contains("root_key_alias=\"alias/$run_id-$ROOT_ENVIRONMENT-data\"")
        .contains("\"KeyAliasName=$root_key_alias\"")
        .contains("--capabilities CAPABILITY_NAMED_IAM");
    assertThat(root.path("KeyAliasName").asText()).isEqualTo(TaskcatConfig.ROOT_KEY_ALIAS_PLACEHOLDER);
    assertThat(ROOT_ALIAS_SAMPLE_SHAPE.matcher(TaskcatConfig.ROOT_KEY_ALIAS_SAMPLE).matches()).isTrue();
  }

  /** What the runner's alias looks like for a run ID of its own making (tc + 8 hex digits). */
  private static final Pattern ROOT_ALIAS_SAMPLE_SHAPE = Pattern.compile("alias/tc[0-9a-f]{8}-staging-data");

  @Test
  void validFixtureBreaksNoRule() {
    assertThat(fixture("taskcat-valid.fixture.yml")).isEmpty();
  }

  @Test
  void settingUnknownToTaskcatIsRefused() {
    assertThat(fixture("taskcat-unknown-setting.fixture.yml")).containsExactly(
        "keys: tests.kms.region is no taskcat v0.9 setting (its schema refuses unknown keys)");
  }

  @Test
  void regionOutsideThePairIsRefused() {
    assertThat(fixture("taskcat-region-outside-the-pair.fixture.yml")).containsExactly(
        "regions: test bootstrap runs in eu-west-1; only us-east-1 and us-west-2 are allowed");
  }

  @Test
  void rootStackInBothRegionsIsRefused() {
    assertThat(fixture("taskcat-root-in-both-regions.fixture.yml")).containsExactly(
        "regions: test root deploys the root stack, which runs in us-east-1 only (it builds us-west-2"
            + " through its StackSet); found [us-east-1, us-west-2]");
  }

  @Test
  void templateThatPackagingDoesNotProduceIsRefused() {
    assertThat(fixture("taskcat-template-missing.fixture.yml")).containsExactly(
        "template: test route53 names templates/route-53.template.json, but packaging produces no such"
            + " template (it copies every source *.template.json to templates/<file name> of"
            + " root-stack/target/dist)");
  }

  @Test
  void parameterTheTemplateDoesNotDeclareIsRefused() {
    assertThat(fixture("taskcat-parameter-not-declared.fixture.yml")).containsExactly(
        "parameters: test kms gives KmsKeyArn, which templates/kms.template.json does not declare");
  }

  @Test
  void requiredParameterNotGivenIsRefused() {
    assertThat(fixture("taskcat-required-parameter-missing.fixture.yml")).containsExactly(
        "parameters: test root does not give AlertEmail, which templates/root.template.json requires"
            + " (it has no Default)");
  }

  @Test
  void valueTheTemplateRefusesIsRefused() {
    assertThat(fixture("taskcat-value-breaks-constraint.fixture.yml")).containsExactly(
        "values: test kms gives EnvironmentName \"test\", which templates/kms.template.json refuses:"
            + " not one of AllowedValues [dev, staging, prod]");
  }

  @Test
  void regionWhereTheTemplatesRulesRejectTheStackIsRefused() {
    assertThat(fixture("taskcat-rule-rejects-region.fixture.yml")).containsExactly(
        "rules: test iam in us-west-2: templates/iam.template.json rejects the stack: Deploy this template"
            + " once, in the PrimaryRegion (IAM is global and its roles serve both regions): create the"
            + " stack in that region or set PrimaryRegion to the region of the stack.");
  }

  @Test
  void moduleTestInOneRegionWhereItsTemplateDeploysInBothIsRefused() {
    assertThat(fixture("taskcat-module-in-one-region.fixture.yml")).containsExactly(
        "coverage: test kms runs only in us-east-1, but templates/kms.template.json deploys in us-west-2"
            + " too: run it in both regions");
  }

  @Test
  void committedCredentialIsRefused() {
    assertThat(fixture("taskcat-secret-committed.fixture.yml")).containsExactly(
        "secrets: line 17 holds what looks like an AWS access key ID: commit no credential; use a"
            + " $[taskcat_...] generator or a value the runner supplies");
  }

  /**
   * A taskcat v0.9 configuration read as taskcat reads it: a test's regions are its own or the
   * project's; its parameters are its own with the project's laid over them (taskcat gives the
   * project's precedence), then the general section's, and taskcat passes a template only the
   * parameters it declares. Template paths are relative to the project root the runner gives,
   * root-stack/target/dist, whose {@code templates/} holds every source template, packaged.
   */
  static final class TaskcatConfig {
    static final List<String> REGIONS = List.of("us-east-1", "us-west-2");
    static final String PRIMARY = "us-east-1";
    static final String ROOT_TEMPLATE = "templates/root.template.json";
    static final String PLACEHOLDER = "SET_BY_CI_TASKCAT_RUN";
    /** The root test's key alias, which ci/taskcat/run sets to its bootstrap's: alias/RUN-staging-data. */
    static final String ROOT_KEY_ALIAS_PLACEHOLDER = "SET_BY_CI_TASKCAT_RUN_FOR_ROOT";
    static final String ROOT_KEY_ALIAS_SAMPLE = "alias/tc0123abcd-staging-data";

    /** The keys taskcat's v0.9 schema (taskcat/cfg/config_schema.json) allows; it refuses others. */
    private static final Map<String, Set<String>> KEYS = Map.of(
        "", Set.of("general", "project", "tests"),
        "general", Set.of("artifact_regions", "auth", "parameters", "posthooks", "prehooks", "regions",
            "s3_bucket", "s3_regional_buckets", "tags"),
        "project", Set.of("artifact_regions", "auth", "az_blacklist", "build_submodules",
            "lambda_source_path", "lambda_zip_path", "name", "org_id", "owner", "package_lambda",
            "parameters", "posthooks", "prehooks", "regions", "role_name", "s3_bucket", "s3_enable_sig_v2",
            "s3_object_acl", "s3_regional_buckets", "shorten_stack_name", "tags", "template"),
        "test", Set.of("artifact_regions", "auth", "az_blacklist", "parameters", "posthooks", "prehooks",
            "regions", "role_name", "s3_bucket", "s3_regional_buckets", "stack_name", "stack_name_prefix",
            "stack_name_suffix", "tags", "template"));

    /** What taskcat draws for its generators, to check a generated value against the template. */
    private static final Map<Pattern, Function<Matcher, String>> GENERATED = Map.of(
        Pattern.compile("\\$\\[taskcat_random-string]"), m -> "abcdefghijklmnopqrst",
        Pattern.compile("\\$\\[taskcat_random-numbers]"), m -> "12345678901234567890",
        Pattern.compile("\\$\\[taskcat_genpass_(\\d{1,2})([AS]?)]"),
        m -> ("S".equals(m.group(2)) ? "aB3!" : "aB3").repeat(64).substring(0, Integer.parseInt(m.group(1))),
        Pattern.compile("\\$\\[taskcat_gen[gu]uid]"), m -> "5b1c9a34-7f1e-11ef-8d2a-0242ac120002");

    private static final Map<String, Pattern> SECRETS = secrets();

    private static Map<String, Pattern> secrets() {
      Map<String, Pattern> secrets = new LinkedHashMap<>();
      secrets.put("an AWS access key ID", Pattern.compile("(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])"));
      secrets.put("an AWS secret access key",
          Pattern.compile("(?<![A-Za-z0-9/+=])(?=[^\\s]*[A-Z])(?=[^\\s]*[a-z])(?=[^\\s]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"));
      secrets.put("a private key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));
      secrets.put("an AWS credential setting", Pattern.compile("(?i)aws_(secret_access_key|session_token)"));
      return secrets;
    }

    private final String text;
    private final JsonNode root;
    private final Map<String, Template> packaged = new LinkedHashMap<>();

    private TaskcatConfig(String text, JsonNode root) {
      this.text = text;
      this.root = root;
      for (Template template : RepoRoot.templates()) {
        packaged.put("templates/" + template.file().getFileName(), template);
      }
    }

    static TaskcatConfig read(Path file) {
      try {
        String text = Files.readString(file);
        return new TaskcatConfig(text, new YAMLMapper().readTree(text));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }

    /** Each test's regions, in file order. */
    Map<String, List<String>> testRegions() {
      Map<String, List<String>> out = new LinkedHashMap<>();
      tests().forEach((name, test) -> out.put(name, regions(test)));
      return out;
    }

    /** The parameters whose value the runner supplies through .taskcat_overrides.yml. */
    Set<String> runnerSupplied() {
      Set<String> names = new TreeSet<>();
      for (String section : List.of("general", "project")) {
        root.path(section).path("parameters").fields().forEachRemaining(e -> {
          if (PLACEHOLDER.equals(e.getValue().asText())) {
            names.add(e.getKey());
          }
        });
      }
      return names;
    }

    /** Every broken rule, one message each, grouped by rule. */
    List<String> violations() {
      List<String> out = new ArrayList<>();
      keys(out);
      regionRules(out);
      templates(out);
      parameters(out);
      values(out);
      rules(out);
      coverage(out);
      secrets(out);
      return out;
    }

    private Map<String, JsonNode> tests() {
      Map<String, JsonNode> tests = new LinkedHashMap<>();
      root.path("tests").fields().forEachRemaining(e -> tests.put(e.getKey(), e.getValue()));
      return tests;
    }

    private List<String> regions(JsonNode test) {
      JsonNode regions = test.has("regions") ? test.path("regions")
          : root.path("project").has("regions") ? root.path("project").path("regions")
          : root.path("general").path("regions");
      List<String> out = new ArrayList<>();
      regions.forEach(r -> out.add(r.asText()));
      return out;
    }

    /** The test's parameters as taskcat passes them: the project's over the test's, the general's over both. */
    private Map<String, JsonNode> effectiveParameters(JsonNode test) {
      Map<String, JsonNode> out = new LinkedHashMap<>();
      for (JsonNode source : List.of(test.path("parameters"), root.path("project").path("parameters"),
          root.path("general").path("parameters"))) {
        source.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
      }
      return out;
    }

    private Template template(JsonNode test) {
      return packaged.get(test.path("template").asText());
    }

    private boolean isRoot(JsonNode test) {
      return ROOT_TEMPLATE.equals(test.path("template").asText());
    }

    /** The regions where a test may run at all: the pair, and for the root stack the primary only. */
    private List<String> allowedRegions(JsonNode test) {
      return regions(test).stream()
          .filter(REGIONS::contains)
          .filter(r -> !isRoot(test) || PRIMARY.equals(r))
          .toList();
    }

    private void keys(List<String> out) {
      unknownKeys(root, "", "", out);
      unknownKeys(root.path("general"), "general", "general.", out);
      unknownKeys(root.path("project"), "project", "project.", out);
      tests().forEach((name, test) -> unknownKeys(test, "test", "tests." + name + ".", out));
    }

    private static void unknownKeys(JsonNode node, String section, String path, List<String> out) {
      node.fieldNames().forEachRemaining(key -> {
        if (!KEYS.get(section).contains(key)) {
          out.add("keys: " + path + key + " is no taskcat v0.9 setting (its schema refuses unknown keys)");
        }
      });
    }

    private void regionRules(List<String> out) {
      List<String> project = new ArrayList<>();
      root.path("project").path("regions").forEach(r -> project.add(r.asText()));
      if (!project.equals(REGIONS)) {
        out.add("regions: project.regions must be " + REGIONS + "; found " + project);
      }
      tests().forEach((name, test) -> {
        List<String> regions = regions(test);
        if (regions.isEmpty()) {
          out.add("regions: test " + name + " runs in no region");
        }
        regions.stream().filter(r -> !REGIONS.contains(r)).forEach(r -> out.add("regions: test " + name
            + " runs in " + r + "; only us-east-1 and us-west-2 are allowed"));
        if (isRoot(test) && !regions.equals(List.of(PRIMARY))) {
          out.add("regions: test " + name + " deploys the root stack, which runs in us-east-1 only (it builds"
              + " us-west-2 through its StackSet); found " + regions);
        }
      });
    }

    private void templates(List<String> out) {
      tests().forEach((name, test) -> {
        String path = test.path("template").asText("");
        if (path.isEmpty()) {
          out.add("template: test " + name + " names no template");
        } else if (!packaged.containsKey(path)) {
          out.add("template: test " + name + " names " + path + ", but packaging produces no such template (it"
              + " copies every source *.template.json to templates/<file name> of root-stack/target/dist)");
        }
      });
    }

    private void parameters(List<String> out) {
      Set<String> declaredByAny = new LinkedHashSet<>();
      tests().forEach((name, test) -> {
        Template template = template(test);
        if (template == null) {
          return;
        }
        JsonNode declared = template.section("Parameters");
        declared.fieldNames().forEachRemaining(declaredByAny::add);
        test.path("parameters").fieldNames().forEachRemaining(p -> {
          if (!declared.has(p)) {
            out.add("parameters: test " + name + " gives " + p + ", which " + test.path("template").asText()
                + " does not declare");
          }
        });
        Map<String, JsonNode> given = effectiveParameters(test);
        declared.fields().forEachRemaining(p -> {
          if (!p.getValue().has("Default") && !given.containsKey(p.getKey())) {
            out.add("parameters: test " + name + " does not give " + p.getKey() + ", which "
                + test.path("template").asText() + " requires (it has no Default)");
          }
        });
      });
      for (String section : List.of("general", "project")) {
        root.path(section).path("parameters").fieldNames().forEachRemaining(p -> {
          if (!declaredByAny.isEmpty() && !declaredByAny.contains(p)) {
            out.add("parameters: " + section + ".parameters." + p + " is declared by none of the tested templates");
          }
        });
      }
    }

    private void values(List<String> out) {
      tests().forEach((name, test) -> {
        Template template = template(test);
        if (template == null) {
          return;
        }
        JsonNode declared = template.section("Parameters");
        effectiveParameters(test).forEach((parameter, value) -> {
          JsonNode definition = declared.path(parameter);
          if (definition.isMissingNode() || value.isContainerNode() || PLACEHOLDER.equals(value.asText())) {
            return;
          }
          String sample = ROOT_KEY_ALIAS_PLACEHOLDER.equals(value.asText()) ? ROOT_KEY_ALIAS_SAMPLE
              : generated(value.asText());
          if (sample == null) {
            return;
          }
          String refusal = refusal(definition, sample);
          if (refusal != null) {
            String shown = sample.equals(value.asText()) ? "\"" + sample + "\""
                : "\"" + value.asText() + "\" (drawn like \"" + sample + "\")";
            out.add("values: test " + name + " gives " + parameter + " " + shown + ", which "
                + test.path("template").asText() + " refuses: " + refusal);
          }
        });
      });
    }

    /** The value with each taskcat generator replaced by a value of its kind; null for a generator not modelled. */
    private static String generated(String value) {
      String out = value;
      for (Map.Entry<Pattern, Function<Matcher, String>> generator : GENERATED.entrySet()) {
        Matcher m = generator.getKey().matcher(out);
        StringBuilder replaced = new StringBuilder();
        while (m.find()) {
          m.appendReplacement(replaced, Matcher.quoteReplacement(generator.getValue().apply(m)));
        }
        m.appendTail(replaced);
        out = replaced.toString();
      }
      return out.contains("$[taskcat_") ? null : out;
    }

    /** Why CloudFormation would refuse the value for this parameter definition, or null. */
    private static String refusal(JsonNode definition, String value) {
      JsonNode allowed = definition.path("AllowedValues");
      if (allowed.isArray()) {
        List<String> values = new ArrayList<>();
        allowed.forEach(v -> values.add(v.asText()));
        if (!values.contains(value)) {
          return "not one of AllowedValues " + values;
        }
      }
      String pattern = definition.path("AllowedPattern").asText("");
      if (!pattern.isEmpty() && !Pattern.compile(pattern).matcher(value).matches()) {
        return "does not match AllowedPattern " + pattern;
      }
      if (definition.has("MinLength") && value.length() < definition.path("MinLength").asInt()) {
        return "shorter than MinLength " + definition.path("MinLength").asInt();
      }
      if (definition.has("MaxLength") && value.length() > definition.path("MaxLength").asInt()) {
        return "longer than MaxLength " + definition.path("MaxLength").asInt();
      }
      if ("Number".equals(definition.path("Type").asText())) {
        BigDecimal number;
        try {
          number = new BigDecimal(value);
        } catch (NumberFormatException e) {
          return "not a number";
        }
        if (definition.has("MinValue") && number.compareTo(definition.path("MinValue").decimalValue()) < 0) {
          return "below MinValue " + definition.path("MinValue").asText();
        }
        if (definition.has("MaxValue") && number.compareTo(definition.path("MaxValue").decimalValue()) > 0) {
          return "above MaxValue " + definition.path("MaxValue").asText();
        }
      }
      return null;
    }

    private void rules(List<String> out) {
      tests().forEach((name, test) -> {
        Template template = template(test);
        if (template == null) {
          return;
        }
        for (String region : allowedRegions(test)) {
          for (String failed : failedRules(template, region, effectiveParameters(test))) {
            out.add("rules: test " + name + " in " + region + ": " + test.path("template").asText()
                + " rejects the stack: " + failed);
          }
        }
      });
    }

    /** The rule assertions the template fails in the region with these values (missing required values taken as ""). */
    private static List<String> failedRules(Template template, String region, Map<String, JsonNode> given) {
      JsonNode declared = template.section("Parameters");
      Map<String, Object> values = new LinkedHashMap<>();
      declared.fields().forEachRemaining(p -> {
        JsonNode value = given.get(p.getKey());
        if (value != null) {
          values.put(p.getKey(), value.isContainerNode() ? value : value.asText());
        } else if (!p.getValue().has("Default")) {
          values.put(p.getKey(), "");
        }
      });
      return Evaluator.of(template, region, values).failedRules();
    }

    private void coverage(List<String> out) {
      Map<String, JsonNode> tests = tests();
      if (tests.values().stream().noneMatch(this::isRoot)) {
        out.add("coverage: no test deploys " + ROOT_TEMPLATE + ": the root system is tested end to end");
      }
      Set<String> covered = new TreeSet<>();
      tests.forEach((name, test) -> {
        Template template = template(test);
        if (template == null || isRoot(test)) {
          return;
        }
        List<String> regions = allowedRegions(test);
        covered.addAll(regions);
        if (regions.size() == 1) {
          String other = REGIONS.stream().filter(r -> !r.equals(regions.get(0))).findFirst().orElseThrow();
          if (failedRules(template, other, effectiveParameters(test)).isEmpty()) {
            out.add("coverage: test " + name + " runs only in " + regions.get(0) + ", but "
                + test.path("template").asText() + " deploys in " + other + " too: run it in both regions");
          }
        }
      });
      if (!covered.isEmpty() && !covered.containsAll(REGIONS)) {
        out.add("coverage: the module tests run only in " + covered + "; together they must cover us-east-1"
            + " and us-west-2");
      }
    }

    private void secrets(List<String> out) {
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        int line = i + 1;
        String content = lines[i];
        SECRETS.forEach((what, pattern) -> {
          if (pattern.matcher(content).find()) {
            out.add("secrets: line " + line + " holds what looks like " + what + ": commit no credential; use a"
                + " $[taskcat_...] generator or a value the runner supplies");
          }
        });
      }
    }
  }
}
