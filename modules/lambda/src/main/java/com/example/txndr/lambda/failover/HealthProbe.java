package com.example.txndr.lambda.failover;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/** Probes a region's {@code GET /health}: healthy only on HTTP 200 within the timeout. */
public interface HealthProbe {
  /** The result of one probe. */
  final class Result {
    private final boolean healthy;
    private final String detail;

    public Result(boolean healthy, String detail) {
      this.healthy = healthy;
      this.detail = detail;
    }

    public boolean healthy() {
      return healthy;
    }

    public String detail() {
      return detail;
    }
  }

  Result check(URI healthUrl);

  /** The HTTP probe, on HttpURLConnection (already loaded for the SDK: no other HTTP stack). */
  static HealthProbe http(Duration timeout) {
    return url -> {
      HttpURLConnection connection = null;
      try {
        connection = (HttpURLConnection) url.toURL().openConnection();
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        connection.setInstanceFollowRedirects(false);
        int status = connection.getResponseCode();
        try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
          if (body != null) {
            body.readNBytes(4096);
          }
        }
        return new Result(status == 200, "GET " + url + " answered " + status);
      } catch (IOException | RuntimeException e) {
        return new Result(false, "GET " + url + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      } finally {
        if (connection != null) {
          connection.disconnect();
        }
      }
    };
  }
}
