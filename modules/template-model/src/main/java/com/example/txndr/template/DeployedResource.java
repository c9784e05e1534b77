package com.example.txndr.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A resource created by a {@link DeployedStack}, with its properties resolved for the stack's
 * region and parameters and every value another stack gives it (nested outputs, physical names
 * of resources elsewhere) substituted where it is known before deploy.
 */
public final class DeployedResource {
  private final Composition composition;
  private final DeployedStack stack;
  private final String logicalId;
  private JsonNode evaluated;
  private JsonNode properties;

  DeployedResource(Composition composition, DeployedStack stack, String logicalId) {
    this.composition = composition;
    this.stack = stack;
    this.logicalId = logicalId;
  }

  /** The stack that creates the resource. */
  public DeployedStack stack() {
    return stack;
  }

  /** The logical ID. */
  public String logicalId() {
    return logicalId;
  }

  /** The resource type. */
  public String type() {
    return stack.template().typeOf(logicalId);
  }

  /** The region of the stack that creates it. */
  public String region() {
    return stack.region();
  }

  /** {@code <stack path>/<logical ID>}: unique in the composition. */
  public String id() {
    return stack.path() + "/" + logicalId;
  }

  /** The symbolic token of the resource, {@code {{<stack path>/<logical ID>}}}. */
  public String token() {
    return "{{" + id() + "}}";
  }

  /** The properties with every known value substituted; unknown values stay {@code {{path/Id...}}}. */
  public JsonNode properties() {
    if (properties == null) {
      properties = composition.physical(composition.qualify(stack.resolvingEvaluator().properties(logicalId), stack));
    }
    return properties;
  }

  /** The resolved property at a dotted path below Properties, or a missing node. */
  public JsonNode property(String path) {
    return composition.physical(composition.qualify(JsonPaths.at(evaluated(), path), stack));
  }

  /** What {@code Ref} returns: the physical name where the template sets one, else the token. */
  public String ref() {
    return PhysicalNames.ref(type(), this::property, region(), token());
  }

  /** What {@code GetAtt} returns for an attribute with a known form, or empty. */
  public Optional<String> attribute(String attribute) {
    return PhysicalNames.attribute(type(), attribute, this::property, region(), token());
  }

  /** The names and ARNs the resource creates, with their scope (a region, or global). */
  public List<PhysicalNames.Identity> identities() {
    return PhysicalNames.identities(type(), this::property, region(), token());
  }

  /** The properties as the stack's evaluator resolves them (tokens of this stack unqualified). */
  JsonNode evaluated() {
    if (evaluated == null) {
      evaluated = stack.evaluator().properties(logicalId);
    }
    return evaluated;
  }

  @Override
  public String toString() {
    return id() + " (" + type() + ", " + region() + ")";
  }
}
