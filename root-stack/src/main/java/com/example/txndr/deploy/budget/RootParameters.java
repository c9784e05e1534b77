package com.example.txndr.deploy.budget;

import com.example.txndr.deploy.Packager;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The root stack's parameter values the budget deploys with, as {@code aws cloudformation deploy}
 * would: the packaged template's defaults, then {@code dist/parameter-overrides.txt} (given on
 * every deploy), then the user's parameters file. A parameter that has no value after that gets a
 * placeholder: only names and addresses lack defaults (artifact bucket prefix, zone name, alert
 * address), and no figure of the budget is derived from them.
 *
 * <p>The parameters file takes the CloudFormation CLI's formats:
 * {@code [{"ParameterKey": "K", "ParameterValue": "V"}, ...]} and {@code {"Parameters": {"K": "V"}}}.
 */
public final class RootParameters {
  /** Where a value came from. */
  public enum Origin {
    DEFAULT("template default"),
    OVERRIDES("dist/" + Packager.PARAMETER_OVERRIDES),
    FILE("parameters file"),
    PLACEHOLDER("placeholder: no figure depends on it");

    private final String label;

    Origin(String label) {
      this.label = label;
    }

    /** How the report names it. */
    public String label() {
      return label;
    }
  }

  /** One root parameter's value and where it came from. */
  public record Value(String name, String value, Origin origin) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, Value> values;
  private final Optional<Path> file;

  private RootParameters(Map<String, Value> values, Optional<Path> file) {
    this.values = values;
    this.file = file;
  }

  /**
   * The values for the packaged root template of {@code dist}, with the user's parameters file when
   * given. Fails on a file in neither format, a parameter the template does not declare, or a
   * value CloudFormation would reject (AllowedValues, MinValue, MaxValue, a Number that is none).
   */
  public static RootParameters resolve(Template root, Path dist, Optional<Path> parametersFile) {
    JsonNode declared = root.section("Parameters");
    Map<String, Value> values = new LinkedHashMap<>();
    declared.properties().forEach(e -> {
      JsonNode d = e.getValue().path("Default");
      if (!d.isMissingNode()) {
        values.put(e.getKey(), new Value(e.getKey(), d.asText(), Origin.DEFAULT));
      }
    });
    Path overrides = dist.resolve(Packager.PARAMETER_OVERRIDES);
    if (Files.isRegularFile(overrides)) {
      for (Map.Entry<String, String> e : overridesLine(read(overrides)).entrySet()) {
        put(values, declared, e.getKey(), e.getValue(), Origin.OVERRIDES, "dist/" + Packager.PARAMETER_OVERRIDES);
      }
    }
    if (parametersFile.isPresent()) {
      Path path = parametersFile.get();
      for (Map.Entry<String, String> e : fileValues(path).entrySet()) {
        put(values, declared, e.getKey(), e.getValue(), Origin.FILE, "parameters file " + path);
      }
    }
    declared.properties().forEach(e -> {
      if (!values.containsKey(e.getKey())) {
        values.put(e.getKey(), new Value(e.getKey(), placeholder(e.getKey()), Origin.PLACEHOLDER));
      }
    });
    List<String> rejected = new ArrayList<>();
    values.values().forEach(v -> check(declared.path(v.name()), v).ifPresent(rejected::add));
    if (!rejected.isEmpty()) {
      throw new BudgetException("CloudFormation would reject the root parameters: " + String.join("; ", rejected));
    }
    return new RootParameters(values, parametersFile);
  }

  /** Every root parameter, in template order. */
  public List<Value> values() {
    List<Value> out = new ArrayList<>();
    values.values().forEach(out::add);
    return out;
  }

  /** The values by name, as the composition takes them. */
  public Map<String, String> asMap() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, v.value()));
    return out;
  }

  /** One value; fails when the template does not declare it. */
  public String get(String name) {
    Value v = values.get(name);
    if (v == null) {
      throw new BudgetException("the root template declares no parameter " + name);
    }
    return v.value();
  }

  /** The user's parameters file, if one was given. */
  public Optional<Path> file() {
    return file;
  }

  /** The {@code Key=Value} pairs of a {@code --parameter-overrides} line. */
  static Map<String, String> overridesLine(String line) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String token : line.strip().split("\\s+", -1)) {
      if (token.isEmpty()) {
        continue;
      }
      int eq = token.indexOf('=');
      if (eq <= 0) {
        throw new BudgetException("dist/" + Packager.PARAMETER_OVERRIDES + ": \"" + token
            + "\" is not Key=Value; run ./mvnw package again");
      }
      out.put(token.substring(0, eq), token.substring(eq + 1));
    }
    return out;
  }

  /** The values of a parameters file in either CLI format. */
  static Map<String, String> fileValues(Path path) {
    JsonNode root;
    try {
      root = MAPPER.readTree(read(path));
    } catch (JsonProcessingException e) {
      throw new BudgetException("parameters file " + path + " is not JSON: " + e.getOriginalMessage());
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (root != null && root.isArray()) {
      for (JsonNode item : root) {
        String key = item.path("ParameterKey").asText("");
        if (key.isEmpty()) {
          throw new BudgetException("parameters file " + path + ": an entry has no ParameterKey: " + item);
        }
        if (!item.has("ParameterValue")) {
          throw new BudgetException("parameters file " + path + ": " + key + " has no ParameterValue"
              + (item.path("UsePreviousValue").asBoolean(false)
                  ? " (UsePreviousValue: the budget cannot know a deployed stack's previous value; give the value)"
                  : ""));
        }
        out.put(key, text(item.get("ParameterValue")));
      }
      return out;
    }
    if (root != null && root.isObject() && root.path("Parameters").isObject()) {
      root.get("Parameters").properties().forEach(e -> out.put(e.getKey(), text(e.getValue())));
      return out;
    }
    throw new BudgetException("parameters file " + path + " is in neither CloudFormation CLI format: "
        + "[{\"ParameterKey\": \"K\", \"ParameterValue\": \"V\"}, ...] or {\"Parameters\": {\"K\": \"V\"}}");
  }

  private static String text(JsonNode value) {
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(v.asText()));
      return String.join(",", parts);
    }
    return value.asText();
  }

  private static void put(Map<String, Value> values, JsonNode declared, String key, String value, Origin origin,
      String where) {
    if (!declared.has(key)) {
      throw new BudgetException(where + ": the root template declares no parameter " + key);
    }
    values.put(key, new Value(key, value, origin));
  }

  /** Why CloudFormation would reject the value, if it would. */
  private static Optional<String> check(JsonNode definition, Value v) {
    String at = v.name() + "=" + v.value() + " (" + v.origin().label() + ")";
    JsonNode allowed = definition.path("AllowedValues");
    if (allowed.isArray() && allowed.size() > 0) {
      boolean found = false;
      for (JsonNode a : allowed) {
        found |= a.asText().equals(v.value());
      }
      if (!found && v.origin() != Origin.PLACEHOLDER) {
        return Optional.of(at + " is not one of its AllowedValues " + allowed);
      }
    }
    if (definition.path("Type").asText().equals("Number")) {
      BigDecimal number;
      try {
        number = new BigDecimal(v.value().strip());
      } catch (NumberFormatException e) {
        return Optional.of(at + " is not a Number");
      }
      if (definition.has("MinValue") && number.compareTo(definition.get("MinValue").decimalValue()) < 0) {
        return Optional.of(at + " is below its MinValue " + definition.get("MinValue").asText());
      }
      if (definition.has("MaxValue") && number.compareTo(definition.get("MaxValue").decimalValue()) > 0) {
        return Optional.of(at + " is above its MaxValue " + definition.get("MaxValue").asText());
      }
    }
    return Optional.empty();
  }

  private static String placeholder(String name) {
    return "placeholder" + name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new BudgetException("parameters file " + path + " does not exist");
    } catch (IOException e) {
      throw new BudgetException("cannot read " + path + ": " + e.getMessage());
    }
  }
}
