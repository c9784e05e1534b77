package com.example.txndr.drill.internal;

import com.example.txndr.client.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The API client's transport for the drill: each attempt through {@link Http#signed}, SigV4 for
 * {@code execute-api} in one region (the canary routes are IAM-authorized in every mode, and a
 * signature is valid in the region it names only), with the operator's credentials.
 */
final class SignedApiTransport implements Transport {
  private final Http http;
  private final String region;

  SignedApiTransport(Http http, String region) {
    this.http = http;
    this.region = region;
  }

  @Override
  public Reply send(Call call, Duration timeout) throws IOException {
    Http.Answer answer;
    try {
      answer = http.signed(call.method(), call.uri(), "execute-api", region, call.headers(), call.body(), timeout);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new Reply(answer.status(), answer.headers(), answer.body());
  }
}
