package com.example.txndr.contracts;

import com.example.txndr.template.CanonicalJson;
import com.example.txndr.template.JsonMatch;
import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Golden summaries of the templates: {@code docs/golden/<template file name>.summary.json},
 * canonical JSON with the template's path, its parameters (type, default), its output names and
 * its resources (logical ID -> type), each sorted by name. A change that removes or retypes a
 * resource of a {@link #STATEFUL_TYPES stateful type} is destructive and refused, even when
 * regenerating, unless {@code docs/golden/allowed-destructive-changes.json} names the template,
 * the logical ID and the old type with a reason.
 */
final class GoldenSummaries {
  /** The documented command that rewrites the goldens (it still refuses destructive changes). */
  static final String UPDATE_COMMAND = "./mvnw -pl modules/contracts -am verify -Dgolden.update=true";
  /** The system property the command sets. */
  static final String UPDATE_PROPERTY = "golden.update";
  static final String SUFFIX = ".summary.json";
  static final String ALLOW_LIST = "allowed-destructive-changes.json";

  /**
   * Types that hold data, or hold resources that do: removing or retyping one loses data or
   * orphans it (every resource is retained) and collides with the retained name on the next
   * create. Nested stacks and StackSets count because they hold such resources; a hosted zone
   * because its delegation (name servers) changes when it is re-created.
   */
  static final Set<String> STATEFUL_TYPES = Set.of(
      "AWS::S3::Bucket", "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::KMS::Key",
      "AWS::KMS::ReplicaKey", "AWS::Logs::LogGroup", "AWS::Backup::BackupVault", "AWS::Kinesis::Stream",
      "AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::SSM::Parameter", "AWS::SecretsManager::Secret",
      "AWS::Route53::HostedZone", "AWS::CloudFormation::Stack", "AWS::CloudFormation::StackSet",
      "AWS::EFS::FileSystem", "AWS::RDS::DBCluster", "AWS::RDS::DBInstance", "AWS::ECR::Repository",
      "AWS::Cognito::UserPool");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** An allowed destructive change: template path, logical ID, the stateful type it had, the reason. */
  record Allowed(String template, String logicalId, String type, String reason) {}

  private GoldenSummaries() {}

  /** Whether the run rewrites goldens ({@code -Dgolden.update=true}). */
  static boolean updating() {
    return Boolean.getBoolean(UPDATE_PROPERTY);
  }

  /** docs/golden. */
  static Path directory() {
    return RepoRoot.find().resolve("docs").resolve("golden");
  }

  /** The golden file of a template. */
  static Path file(Template template) {
    return directory().resolve(template.file().getFileName() + SUFFIX);
  }

  /** The summary of a template. */
  static ObjectNode summary(Template template) {
    ObjectNode summary = NODES.objectNode();
    summary.put("template", template.name());
    ObjectNode parameters = summary.putObject("parameters");
    TreeMap<String, JsonNode> sorted = new TreeMap<>();
    template.section("Parameters").fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
    sorted.forEach((name, definition) -> {
      ObjectNode p = parameters.putObject(name);
      p.set("Type", definition.path("Type"));
      if (definition.has("Default")) {
        p.set("Default", definition.get("Default"));
      }
    });
    ArrayNode outputs = summary.putArray("outputs");
    new TreeSet<>(fieldNames(template.section("Outputs"))).forEach(outputs::add);
    ObjectNode resources = summary.putObject("resources");
    new TreeMap<>(template.resources()).forEach((id, r) -> resources.put(id, r.path("Type").asText()));
    return summary;
  }

  /** The canonical text of a summary, as the golden file holds it. */
  static String text(JsonNode summary) {
    return CanonicalJson.write(summary);
  }

  /** Every stateful resource of {@code before} that {@code after} removes or retypes, as a message. */
  static List<String> destructiveChanges(JsonNode before, JsonNode after, List<Allowed> allowed) {
    List<String> out = new ArrayList<>();
    if (before == null) {
      return out;
    }
    String template = before.path("template").asText();
    before.path("resources").fields().forEachRemaining(e -> {
      String id = e.getKey();
      String type = e.getValue().asText();
      JsonNode now = after == null ? null : after.path("resources").get(id);
      if (!STATEFUL_TYPES.contains(type) || now != null && now.asText().equals(type)) {
        return;
      }
      boolean ok = allowed.stream().anyMatch(a -> a.template().equals(template) && a.logicalId().equals(id)
          && a.type().equals(type) && !a.reason().isBlank());
      if (!ok) {
        String change = now == null ? (after == null ? "removes the template and with it " : "removes ")
            + id + " (" + type + ")" : "retypes " + id + " from " + type + " to " + now.asText();
        out.add(template + ": destructive change: " + change + ", a resource that holds data. Keep the logical ID"
            + " and type, or allow it in docs/golden/" + ALLOW_LIST + " with {\"template\": \"" + template
            + "\", \"logicalId\": \"" + id + "\", \"type\": \"" + type + "\", \"reason\": \"<why the data may go>\"}");
      }
    });
    return out;
  }

  /** The message of a golden that differs from its template: the diff and the command. */
  static String mismatch(String template, String golden, String expected, String actual) {
    return "golden summary " + golden + " does not match " + template + " (- golden, + template):\n"
        + diff(expected, actual) + "Review the change; if it is intended, regenerate the goldens with: " + UPDATE_COMMAND;
  }

  /** A line diff: lines only in {@code expected} with "- ", only in {@code actual} with "+ ". */
  static String diff(String expected, String actual) {
    String[] a = expected.split("\n");
    String[] b = actual.split("\n");
    int[][] lcs = new int[a.length + 1][b.length + 1];
    for (int i = a.length - 1; i >= 0; i--) {
      for (int j = b.length - 1; j >= 0; j--) {
        lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i].equals(b[j])) {
        i++;
        j++;
      } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
        out.append("- ").append(a[i++]).append('\n');
      } else {
        out.append("+ ").append(b[j++]).append('\n');
      }
    }
    return out.toString();
  }

  /** The allow list at {@code file} (none when it does not exist). */
  static List<Allowed> allowed(Path file) {
    List<Allowed> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    for (JsonNode a : Repository.readJson(file).path("allowed")) {
      out.add(new Allowed(a.path("template").asText(), a.path("logicalId").asText(), a.path("type").asText(),
          a.path("reason").asText()));
    }
    return out;
  }

  /**
   * Golden files whose template is gone, each with what to do: delete it, or (when the template
   * held stateful resources) allow their removal first.
   */
  static List<String> orphans(List<Path> goldens, Set<String> expectedFileNames, List<Allowed> allowed) {
    List<String> out = new ArrayList<>();
    for (Path file : goldens) {
      if (!expectedFileNames.contains(file.getFileName().toString())) {
        List<String> refused = destructiveChanges(read(file), null, allowed);
        out.add(Repository.relative(file) + " is read by no test: its template is gone"
            + (refused.isEmpty() ? ". Delete it, or run: " + UPDATE_COMMAND : "; " + String.join("; ", refused)));
      }
    }
    return out;
  }

  /** Allow-list entries without a reason, or whose template has that logical ID and type again. */
  static List<String> invalidAllowances(List<Allowed> allowed, List<Template> templates) {
    List<String> out = new ArrayList<>();
    for (Allowed a : allowed) {
      if (a.reason().isBlank()) {
        out.add(a.template() + " " + a.logicalId() + ": the allowed destructive change has no reason. Fix: give it");
      }
      for (Template t : templates) {
        if (t.name().equals(a.template()) && t.typeOf(a.logicalId()).equals(a.type())) {
          out.add(a.template() + " " + a.logicalId() + ": the template has this " + a.type() + " again, so the entry"
              + " would let its next removal pass unseen. Fix: remove the entry from " + ALLOW_LIST);
        }
      }
    }
    return out;
  }

  /** The golden summary files in a folder. */
  static List<Path> goldenFiles(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path file) {
    return JsonMatch.json(readText(file));
  }

  static String readText(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
