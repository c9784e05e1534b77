package com.example.txndr.drill.internal;

import java.net.URI;
import java.util.Map;

/** HTTPS to the APIs: plain for the open {@code GET /health}, SigV4-signed for everything else. */
public interface Http {
  /** An unsigned GET (the health route is open, as the Route 53 checkers need it). */
  Answer get(URI url);

  /**
   * A request signed with SigV4 for {@code service} in {@code region} with the CLI's
   * credentials: {@code execute-api} for the IAM-authorised API routes, {@code backup} for
   * Backup's REST API.
   */
  Answer signed(String method, URI url, String service, String region, Map<String, String> headers, String body);

  /** A response: status and body. */
  record Answer(int status, String body) {}
}
