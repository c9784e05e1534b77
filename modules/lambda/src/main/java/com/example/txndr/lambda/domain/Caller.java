package com.example.txndr.lambda.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who calls the API, as the authorizer established it: {@code jwt:<issuer>|<subject>}, {@code
 * iam:<principal ARN>}, or {@code anonymous} when the route has no authorizer (local mode).
 * Idempotency keys are scoped to the caller: two callers' equal keys are different keys.
 *
 * @param id the caller's identity
 */
public record Caller(String id) {
  public static final Caller ANONYMOUS = new Caller("anonymous");
  /** Reconciliation's own postings. */
  public static final Caller RECONCILIATION = new Caller("system:reconciliation");

  /** A short, key-safe digest of the identity (the first 128 bits of its SHA-256, hex). */
  public String scope() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
