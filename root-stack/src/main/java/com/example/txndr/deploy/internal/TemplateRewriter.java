package com.example.txndr.deploy.internal;

import com.example.txndr.deploy.PackagingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a source template into its packaged form: relative {@code TemplateURL}s of nested stacks
 * and StackSets become region-local artifact URLs, and the parameters {@code LambdaCodeKey} and
 * {@code ArtifactKeyPrefix} get the packaged values as their defaults.
 */
public final class TemplateRewriter {
  /** Parameter: prefix of the artifact buckets; the bucket of a region is {@code <prefix>-<region>}. */
  public static final String BUCKET_PREFIX_PARAMETER = "ArtifactBucketPrefix";
  /** Parameter: key prefix of the artifacts in the buckets; default set by packaging. */
  public static final String KEY_PREFIX_PARAMETER = "ArtifactKeyPrefix";
  /** Parameter: key of the Lambda jar; default set by packaging. */
  public static final String LAMBDA_CODE_KEY_PARAMETER = "LambdaCodeKey";

  private static final Set<String> NESTING_TYPES =
      Set.of("AWS::CloudFormation::Stack", "AWS::CloudFormation::StackSet");
  private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final SourceTemplates sources;
  private final String keyPrefix;
  private final String lambdaCodeKey;

  /** A rewriter for one packaging run. */
  public TemplateRewriter(SourceTemplates sources, String keyPrefix, String lambdaCodeKey) {
    this.sources = sources;
    this.keyPrefix = keyPrefix;
    this.lambdaCodeKey = lambdaCodeKey;
  }

  /** The {@code TemplateURL} value of a packaged nested template: the bucket of the deploying region. */
  public static ObjectNode templateUrl(String fileName) {
    ObjectNode sub = JSON.objectNode();
    sub.put("Fn::Sub", "https://${" + BUCKET_PREFIX_PARAMETER + "}-${AWS::Region}.s3.${AWS::Region}"
        + ".${AWS::URLSuffix}/${" + KEY_PREFIX_PARAMETER + "}templates/" + fileName);
    return sub;
  }

  /** Rewrites the template read from {@code file} in place. */
  public void rewrite(Path file, ObjectNode template) {
    String name = sources.relative(file);
    List<String> nesting = new ArrayList<>();
    JsonNode resources = template.path("Resources");
    for (Map.Entry<String, JsonNode> resource : resources.properties()) {
      if (!NESTING_TYPES.contains(resource.getValue().path("Type").asText())) {
        continue;
      }
      JsonNode properties = resource.getValue().path("Properties");
      JsonNode url = properties.path("TemplateURL");
      if (!url.isTextual() || URL.matcher(url.asText()).matches()) {
        continue; // an intrinsic or an absolute URL: not ours to rewrite
      }
      Path target = resolve(file, name, resource.getKey(), url.asText());
      ((ObjectNode) properties).set("TemplateURL", templateUrl(target.getFileName().toString()));
      nesting.add(resource.getKey());
    }
    JsonNode parameters = template.path("Parameters");
    if (!nesting.isEmpty()) {
      List<String> missing = new ArrayList<>();
      for (String p : List.of(BUCKET_PREFIX_PARAMETER, KEY_PREFIX_PARAMETER)) {
        if (!parameters.has(p)) {
          missing.add(p);
        }
      }
      if (!missing.isEmpty()) {
        throw new PackagingException(name + ": nests templates (" + String.join(", ", nesting)
            + ") but does not declare the parameter" + (missing.size() > 1 ? "s " : " ")
            + String.join(" and ", missing) + "; packaged TemplateURLs read the artifact bucket "
            + "from ArtifactBucketPrefix and ArtifactKeyPrefix: declare both (see root-stack/README.md)");
      }
    }
    if (parameters.isObject()) {
      setDefault((ObjectNode) parameters, LAMBDA_CODE_KEY_PARAMETER, lambdaCodeKey);
      setDefault((ObjectNode) parameters, KEY_PREFIX_PARAMETER, keyPrefix);
    }
  }

  private Path resolve(Path file, String name, String logicalId, String relative) {
    Path target;
    try {
      target = file.getParent().resolve(relative).normalize();
    } catch (InvalidPathException e) {
      target = null;
    }
    Path found = target == null ? null : sources.at(target);
    if (found == null) {
      String resolved = target == null ? "an invalid path" : sources.relative(target);
      throw new PackagingException(name + ": resource " + logicalId + " has TemplateURL \"" + relative
          + "\", which names no template (resolves to " + resolved + "). A TemplateURL is a path "
          + "relative to the nesting template's folder to another *" + SourceTemplates.SUFFIX
          + " in modules/<module>/templates, stacksets/templates or root-stack/templates.");
    }
    return found;
  }

  /** Sets a parameter's Default, right after its Type, keeping the other fields in order. */
  private static void setDefault(ObjectNode parameters, String parameter, String value) {
    JsonNode existing = parameters.get(parameter);
    if (!(existing instanceof ObjectNode definition)) {
      return;
    }
    if (definition.has("Default")) {
      definition.put("Default", value);
      return;
    }
    ObjectNode rebuilt = JSON.objectNode();
    for (Map.Entry<String, JsonNode> e : definition.properties()) {
      rebuilt.set(e.getKey(), e.getValue());
      if (e.getKey().equals("Type")) {
        rebuilt.put("Default", value);
      }
    }
    if (!rebuilt.has("Default")) {
      rebuilt.put("Default", value);
    }
    parameters.set(parameter, rebuilt);
  }
}
