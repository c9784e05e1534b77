package com.example.txndr.contracts;

import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sample values for the parameters a template requires (no Default), so that any template can
 * be deployed on paper the moment it lands: the first AllowedValue, a Number's MinValue (else
 * 1), an empty list, else the parameter name in kebab case ({@code ArtifactBucketPrefix} ->
 * {@code sample-artifact-bucket-prefix}). A system description's explicit values win.
 */
final class Samples {
  private Samples() {}

  /** Values for every parameter of {@code template} that has no Default and is not in {@code given}. */
  static Map<String, Object> forRequired(Template template, Map<String, ?> given) {
    Map<String, Object> out = new LinkedHashMap<>(given);
    template.section("Parameters").fields().forEachRemaining(e -> {
      if (!e.getValue().has("Default") && !out.containsKey(e.getKey())) {
        out.put(e.getKey(), sample(e.getKey(), e.getValue()));
      }
    });
    return out;
  }

  /** The sample value of one parameter definition. */
  static String sample(String name, JsonNode definition) {
    JsonNode allowed = definition.path("AllowedValues");
    if (allowed.isArray() && allowed.size() > 0) {
      return allowed.get(0).asText();
    }
    String type = definition.path("Type").asText();
    if (type.equals("Number")) {
      return definition.has("MinValue") ? definition.get("MinValue").asText() : "1";
    }
    if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
      return "";
    }
    return "sample" + name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
  }
}
