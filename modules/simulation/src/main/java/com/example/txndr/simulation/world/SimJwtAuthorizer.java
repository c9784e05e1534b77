package com.example.txndr.simulation.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The failover name's JWT authorizer, the same issuer and audience in both regions (as the
 * templates' {@code JwtIssuer} and {@code JwtAudience} are): a bearer token whose {@code iss} and
 * {@code aud} match passes its claims to the function, any other is answered 401 before the function
 * runs, as API Gateway does. Signatures are not modelled: the simulation's identity provider issues
 * unsigned tokens ({@code alg: none}); what is tested is that the same token serves in both regions
 * and that the caller the function derives from the claims is the one the client is.
 */
public final class SimJwtAuthorizer {
  public static final String ISSUER = "https://idp.example";
  public static final String AUDIENCE = "transactions";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private SimJwtAuthorizer() {}

  /** The identity provider's token for {@code subject}. */
  public static String token(String subject) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER);
    claims.put("aud", AUDIENCE);
    claims.put("sub", subject);
    try {
      return ENCODER.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
          + ENCODER.encodeToString(JSON.writeValueAsBytes(claims)) + ".";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The claims API Gateway passes on for an {@code Authorization} header, or empty for a 401. */
  public static Optional<Map<String, String>> claims(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return Optional.empty();
    }
    String[] parts = authorization.substring("Bearer ".length()).split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    JsonNode claims;
    try {
      claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!ISSUER.equals(claims.path("iss").asText()) || !AUDIENCE.equals(claims.path("aud").asText())) {
      return Optional.empty();
    }
    Map<String, String> passed = new LinkedHashMap<>();
    claims.fields().forEachRemaining(field -> passed.put(field.getKey(), field.getValue().asText()));
    return Optional.of(passed);
  }
}
