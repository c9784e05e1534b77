package com.example.txndr.deploy.budget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code docs/measurements/lambda.json}, written by the lambda module's benchmark
 * ({@link #COMMAND}); its format is {@code docs/measurements/README.md}. The budget reads the
 * measured figures from it and nothing else: a missing file or field is reported as such, never
 * replaced by an assumed figure.
 */
public final class Measurement {
  /** The file, relative to the repository root. */
  public static final String FILE = "docs/measurements/lambda.json";
  /** The command that writes it (modules/lambda/README.md). */
  public static final String COMMAND = "./mvnw -q -pl modules/lambda -Pbench -DskipTests -DskipITs verify";
  /** The message when the file does not exist. */
  public static final String MISSING = "no measurement: run " + COMMAND + " (modules/lambda/README.md) to write "
      + FILE;

  /** Per-request latency of the local mode against moto_server, 99th percentile (includes DynamoDB I/O). */
  public static final String P99 = "localEndToEndMillisP99";
  /** Per-request latency of the local mode against moto_server, median. */
  public static final String P50 = "localEndToEndMillisP50";
  /** From starting a JVM to its first response (a committed POST /transactions), no SnapStart. */
  public static final String COLD_START = "coldStartMillis";
  /** Handler CPU time per transaction, JMH, without I/O. */
  public static final String HANDLER_CPU = "handlerCpuMicrosPerTransaction";
  /** Size of the shaded jar. */
  public static final String JAR_BYTES = "jarBytes";
  /** Actions (Put, Update, Delete, ConditionCheck) of the TransactWriteItems of one transfer. */
  public static final String ACTIONS = "dynamoDb.actionsPerTransaction";
  /** The largest item among those actions, in bytes as DynamoDB sizes items. */
  public static final String LARGEST_ITEM = "dynamoDb.largestItemBytes";
  /** The item the most actions of the run touched (partition and sort key). */
  public static final String HOTTEST_ITEM = "dynamoDb.hottestItem";
  /** Actions on that item divided by the transfers of the run. */
  public static final String HOTTEST_ITEM_ACTIONS = "dynamoDb.hottestItemActionsPerTransaction";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path file;
  private final String display;
  private final JsonNode root;
  private final String problem;

  private Measurement(Path file, String display, JsonNode root, String problem) {
    this.file = file;
    this.display = display;
    this.root = root;
    this.problem = problem;
  }

  /**
   * Reads the file; a missing or unreadable file gives a measurement whose every figure is missing
   * with the reason ({@link #MISSING} when the file does not exist), so that the rest of the budget
   * is still computed and reported.
   */
  public static Measurement read(Path file, String display) {
    try {
      JsonNode root = MAPPER.readTree(Files.readString(file));
      if (root == null || !root.isObject()) {
        return new Measurement(file, display, null, display + " is not a JSON object: run " + COMMAND
            + " (modules/lambda/README.md) to write it again");
      }
      return new Measurement(file, display, root, null);
    } catch (NoSuchFileException e) {
      return new Measurement(file, display, null, MISSING);
    } catch (JsonProcessingException e) {
      return new Measurement(file, display, null, display + " is not JSON (" + e.getOriginalMessage() + "): run "
          + COMMAND + " (modules/lambda/README.md) to write it again");
    } catch (IOException e) {
      return new Measurement(file, display, null, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The file read. */
  public Path file() {
    return file;
  }

  /** How the report names the file. */
  public String display() {
    return display;
  }

  /** Why the file cannot be used at all, if it cannot. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /** A text field (provenance: measuredAt, machine, command), if present. */
  public Optional<String> text(String field) {
    JsonNode n = node(field);
    return n.isValueNode() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty();
  }

  /**
   * A number field that is at least zero; throws {@link MissingSource} saying what is wrong and how
   * to write it.
   */
  public BigDecimal number(String field) throws MissingSource {
    if (problem != null) {
      throw new MissingSource(problem);
    }
    JsonNode n = node(field);
    if (!n.isNumber() || n.decimalValue().signum() < 0) {
      throw new MissingSource(display + " has no " + (n.isMissingNode() ? "" : "usable ") + field
          + " (a number, at least 0): run " + COMMAND + " (modules/lambda/README.md) to write it again");
    }
    return n.decimalValue();
  }

  /** A text field that must be present; throws {@link MissingSource} otherwise. */
  public String requiredText(String field) throws MissingSource {
    if (problem != null) {
      throw new MissingSource(problem);
    }
    return text(field).orElseThrow(() -> new MissingSource(display + " has no " + field
        + ": run " + COMMAND + " (modules/lambda/README.md) to write it again"));
  }

  private JsonNode node(String field) {
    if (root == null) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    JsonNode n = root;
    for (String part : field.split("\\.", -1)) {
      n = n.path(part);
    }
    return n;
  }
}
