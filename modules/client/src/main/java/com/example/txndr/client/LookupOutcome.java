package com.example.txndr.client;

import com.fasterxml.jackson.databind.JsonNode;

/** What a read ({@code GET /transactions/{id}}, {@code GET /canary/{id}}) found. */
public sealed interface LookupOutcome permits LookupOutcome.Found, LookupOutcome.NotFoundInRegion, Refused, Unknown {
  /** Attempts sent for this outcome. */
  int attempts();

  /** 200: the transaction, as the API answered it. */
  record Found(JsonNode body, int attempts) implements LookupOutcome {}

  /**
   * 404: the region that answered has no such transaction readable by this caller. Right after a
   * failover it may be one the other region wrote that has not replicated yet: it is no proof that
   * the request was never applied, so a request is retried with its own key, never a new one.
   */
  record NotFoundInRegion(String message, int attempts) implements LookupOutcome {}
}
