package com.example.txndr.contracts;

import com.example.txndr.template.Composition;
import com.example.txndr.template.DeployedResource;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What the project's custom resource types return, for {@link Composition}: a
 * {@code Custom::PeerRegionValues} (docs/conventions.md) returns one attribute per Read name,
 * in UpperCamelCase ({@code api-endpoint} -> {@code ApiEndpoint}), whose value is the SSM
 * parameter {@code <ParameterPrefix>/<name>} in {@code Region}: the Value some stack of that
 * region creates it with.
 */
final class CustomResources {
  /** The custom resource type of the root stack's peer-values resource. */
  static final String PEER_REGION_VALUES = "Custom::PeerRegionValues";

  /** The models, by type. */
  static final Map<String, Composition.AttributeModel> MODELS =
      Map.of(PEER_REGION_VALUES, CustomResources::peerRegionValue);

  private CustomResources() {}

  private static String peerRegionValue(Composition composition, DeployedResource resource, String attribute) {
    String region = resource.property("Region").asText();
    String prefix = resource.property("ParameterPrefix").asText();
    for (JsonNode read : resource.property("Read")) {
      if (!attributeName(read.asText()).equals(attribute)) {
        continue;
      }
      String name = prefix + "/" + read.asText();
      for (DeployedResource p : composition.resources()) {
        if (p.type().equals("AWS::SSM::Parameter") && p.region().equals(region)
            && name.equals(p.property("Name").asText())) {
          JsonNode value = p.property("Value");
          return value.isValueNode() ? value.asText() : null;
        }
      }
    }
    return null;
  }

  /** The attribute a Read name is returned as: {@code api-endpoint} -> {@code ApiEndpoint}. */
  static String attributeName(String ssmName) {
    StringBuilder out = new StringBuilder();
    for (String part : ssmName.split("[-/_]")) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return out.toString();
  }
}
