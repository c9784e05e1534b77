package com.example.txndr.deploy.budget;

import com.example.txndr.deploy.Packager;
import com.example.txndr.deploy.internal.SourceTemplates;
import com.example.txndr.template.CanonicalJson;
import com.example.txndr.template.Composition;
import com.example.txndr.template.DeployedResource;
import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Test support: the repository's source templates (or an edited copy of them) packaged into a
 * temporary dist, the budget computed over it, and the same system deployed on paper by the kit
 * straight from the source templates, so that a test compares the budget's figures with what the
 * kit resolves, never with typed-in numbers.
 */
final class Budgets {
  /** The primary and secondary regions of the root template's defaults. */
  static final String PRIMARY = "us-east-1";
  static final String SECONDARY = "us-west-2";
  /** Values for the root parameters that have no Default in the source template. */
  static final Map<String, String> REQUIRED = Map.of(
      "ArtifactBucketPrefix", "example-artifacts",
      "LambdaCodeKey", "transaction-dr/lambda/transaction-dr-lambda-0123456789ab.jar",
      "HostedZoneName", "dr.example.com",
      "AlertEmail", "oncall@example.com",
      // Required in prod, the default environment (rule ProductionNamesDeployers, docs/adr/0009).
      "DeployerPrincipalArns", "arn:aws:iam::123456789012:role/txn-dr-deployer",
      // JWT, the default authorization, needs the identity provider (rule JwtAuthorizationNeedsIssuerAndAudience).
      "JwtIssuer", "https://login.example.com/oauth2/default",
      "JwtAudience", "txn-api");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Budgets() {}

  /** A fixture measurement file: {@code fixtures/budget/<name>.fixture.json}. */
  static Path measurement(String name) {
    URL url = Budgets.class.getResource("/fixtures/budget/" + name + ".fixture.json");
    if (url == null) {
      throw new IllegalArgumentException("no fixture fixtures/budget/" + name + ".fixture.json");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A number field of a fixture measurement (dotted path). */
  static BigDecimal measured(String fixture, String field) {
    JsonNode n = read(measurement(fixture));
    for (String part : field.split("\\.")) {
      n = n.path(part);
    }
    return n.decimalValue();
  }

  /** Packages the source templates of {@code repoRoot} into {@code dist} with a fixture jar. */
  static Path packageTo(Path repoRoot, Path dist) {
    try {
      Path jar = Files.createTempFile("fixture-lambda", ".jar");
      Files.writeString(jar, "fixture lambda jar\n");
      new Packager(repoRoot, "transaction-dr/", "test").packageTo(dist, jar);
      Files.delete(jar);
      return dist;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The budget of {@code dist} with a fixture measurement and, optionally, a parameters file. */
  static Report compute(Path repoRoot, Path dist, String fixture, Optional<Path> parameters) {
    return RecoveryBudget.compute(new RecoveryBudget.Options(dist, "dist", measurement(fixture),
        "docs/measurements/lambda.json", parameters, Optional.of(repoRoot)));
  }

  /** The source system of {@code repoRoot} deployed on paper by the kit, root defaults plus {@code values}. */
  static Composition kit(Path repoRoot, Map<String, String> values) {
    Map<String, String> parameters = new LinkedHashMap<>(REQUIRED);
    parameters.putAll(values);
    Template root = Template.load(repoRoot.resolve("root-stack/templates/root.template.json"));
    return Composition.deploy(List.of(new Composition.Step("Root", root, List.of(PRIMARY), parameters)));
  }

  /** A resource of the kit's composition by stack path and logical ID. */
  static DeployedResource resource(Composition kit, String stack, String logicalId) {
    return kit.stack(stack).resource(logicalId)
        .orElseThrow(() -> new AssertionError(stack + " creates no " + logicalId));
  }

  /** A resolved property of a kit resource as a number. */
  static BigDecimal number(Composition kit, String stack, String logicalId, String property) {
    JsonNode value = resource(kit, stack, logicalId).property(property);
    if (value.isMissingNode()) {
      throw new AssertionError(stack + "/" + logicalId + " has no " + property);
    }
    return new BigDecimal(value.asText());
  }

  /** A resolved property of a kit resource as text. */
  static String text(Composition kit, String stack, String logicalId, String property) {
    return resource(kit, stack, logicalId).property(property).asText();
  }

  /** A term of a section by name. */
  static Report.Term term(Report.Section section, String name) {
    return section.terms().stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(section.name() + " has no term " + name + ": "
            + section.terms().stream().map(Report.Term::name).toList()));
  }

  /** A capacity check by name and region. */
  static Report.Check check(Report report, String name, String region) {
    return report.capacity().checks().stream().filter(c -> c.name().startsWith(name) && c.region().equals(region))
        .findFirst().orElseThrow(() -> new AssertionError("no check " + name + " in " + region));
  }

  /** An input of a term or check by name. */
  static Report.Input input(List<Report.Input> inputs, String name) {
    return inputs.stream().filter(i -> i.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no input " + name + ": " + inputs.stream()
            .map(Report.Input::name).toList()));
  }

  /** A temporary copy of the repository's source templates, edited before it is packaged. */
  static final class Copy {
    private final Path root;

    private Copy(Path root) {
      this.root = root;
    }

    /** Copies every source template of the repository (SourceTemplates) below {@code root}. */
    static Copy of(Path root) {
      Path repo = RepoRoot.find();
      SourceTemplates sources = SourceTemplates.find(repo);
      try {
        for (Path file : sources.files()) {
          Path target = root.resolve(sources.relative(file));
          Files.createDirectories(target.getParent());
          Files.copy(file, target);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Copy(root);
    }

    Path root() {
      return root;
    }

    /** Edits one template of the copy (repository path) in place. */
    Copy edit(String path, Consumer<ObjectNode> edit) {
      Path file = root.resolve(path);
      ObjectNode template = (ObjectNode) read(file);
      edit.accept(template);
      try {
        Files.writeString(file, CanonicalJson.format(template));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    /** Sets a parameter's Default in one template of the copy. */
    Copy parameterDefault(String path, String parameter, Object value) {
      return edit(path, t -> {
        ObjectNode definition = (ObjectNode) t.path("Parameters").path(parameter);
        if (definition.isMissingNode()) {
          throw new AssertionError(path + " declares no parameter " + parameter);
        }
        definition.set("Default", MAPPER.valueToTree(value));
      });
    }

    /** Sets a resource property (dotted path below Properties, objects only) in one template of the copy. */
    Copy property(String path, String logicalId, String property, Object value) {
      return edit(path, t -> {
        ObjectNode node = (ObjectNode) t.path("Resources").path(logicalId).path("Properties");
        String[] parts = property.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
          node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], MAPPER.valueToTree(value));
      });
    }

    /** Packages the copy into {@code root/root-stack/target/dist}. */
    Path packageDist() {
      return packageTo(root, root.resolve("root-stack/target/dist"));
    }
  }

  static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
