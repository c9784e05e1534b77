package com.example.txndr.drill.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** HTTPS to the APIs: plain for the open {@code GET /health}, SigV4-signed for everything else. */
public interface Http {
  /** An unsigned GET (the health route is open, as the Route 53 checkers need it). */
  Answer get(URI url);

  /**
   * A request signed with SigV4 for {@code service} in {@code region} with the CLI's
   * credentials: {@code execute-api} for the IAM-authorised API routes, {@code backup} for
   * Backup's REST API, {@code lambda} for Lambda's.
   */
  Answer signed(String method, URI url, String service, String region, Map<String, String> headers, String body);

  /** The same with a longer wait for the answer than the default (a synchronous Lambda invocation). */
  default Answer signed(String method, URI url, String service, String region, Map<String, String> headers,
      String body, Duration timeout) {
    return signed(method, url, service, region, headers, body);
  }

  /** A response: status, body, and the response headers (names in lower case; the first value of each). */
  record Answer(int status, String body, Map<String, String> headers) {
    public Answer {
      headers = Map.copyOf(headers);
    }

    public Answer(int status, String body) {
      this(status, body, Map.of());
    }

    /** A response header, or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }
}
