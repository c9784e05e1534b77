package com.example.txndr.client;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What authorizes an attempt, applied to each one just before it is sent (so that a token that
 * expired during the back-off is fetched again, and a SigV4 signature carries the attempt's time).
 * A bearer token for the JWT authorizer of the failover name; a SigV4 signer (the drill's) for the
 * IAM-authorized routes of one region.
 */
@FunctionalInterface
public interface RequestSigner {
  Transport.Call sign(Transport.Call call);

  /** Nothing added: an open route, or a transport that authorizes by itself. */
  static RequestSigner none() {
    return call -> call;
  }

  /**
   * {@code Authorization: Bearer <token>}, the token asked of {@code tokens} for every attempt
   * (the caller's token cache decides when to refresh it).
   */
  static RequestSigner bearer(Supplier<String> tokens) {
    Objects.requireNonNull(tokens, "tokens");
    return call -> {
      String token = tokens.get();
      if (token == null || token.isBlank()) {
        throw new IllegalStateException("The token supplier returned no token: the API's JWT authorizer would"
            + " answer 401 to every attempt");
      }
      return call.withHeader("Authorization", "Bearer " + token);
    };
  }
}
