package com.example.txndr.drill.internal;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AWS Backup's ListCopyJobs, called on its REST API with a SigV4-signed GET (the Maven registry
 * has no Backup client of the SDK release this project pins).
 */
public final class HttpBackups implements Backups {
  private final Http http;
  private final URI endpointOverride;

  public HttpBackups(Http http, URI endpointOverride) {
    this.http = http;
    this.endpointOverride = endpointOverride;
  }

  @Override
  public Optional<CopyJob> lastCopyJob(String region, String destinationVaultArn) {
    URI base = endpointOverride != null ? endpointOverride : URI.create("https://backup." + region + ".amazonaws.com");
    URI url = URI.create(base + "/copy-jobs/?destinationVaultArn="
        + URLEncoder.encode(destinationVaultArn, StandardCharsets.UTF_8) + "&maxResults=100");
    Http.Answer answer = http.signed("GET", url, "backup", region, Map.of(), null);
    if (answer.status() != 200) {
      throw new IllegalStateException("ListCopyJobs in " + region + " answered " + answer.status() + ": "
          + answer.body());
    }
    return latest(JsonText.objectOrEmpty(answer.body()));
  }

  /** The job with the latest CreationDate of a ListCopyJobs response. */
  static Optional<CopyJob> latest(Map<String, Object> response) {
    CopyJob latest = null;
    if (response.get("CopyJobs") instanceof List<?> jobs) {
      for (Object item : jobs) {
        if (item instanceof Map<?, ?> job) {
          Instant created = instant(job.get("CreationDate"));
          if (created != null && (latest == null || created.isAfter(latest.created()))) {
            latest = new CopyJob(String.valueOf(job.get("CopyJobId")), String.valueOf(job.get("State")),
                String.valueOf(job.get("ResourceType")), created, instant(job.get("CompletionDate")));
          }
        }
      }
    }
    return Optional.ofNullable(latest);
  }

  /** A REST-JSON timestamp: epoch seconds with a fraction. */
  private static Instant instant(Object value) {
    if (!(value instanceof Number number)) {
      return null;
    }
    BigDecimal seconds = new BigDecimal(number.toString());
    long whole = seconds.longValue();
    int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
    return Instant.ofEpochSecond(whole, nanos);
  }
}
