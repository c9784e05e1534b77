package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpBackupsTest {
  private static final String VAULT = "arn:aws:backup:us-west-2:123456789012:backup-vault:txn-dr-prod-vault";
  private final List<String> requests = new ArrayList<>();

  private HttpBackups backups(int status, String body) {
    Http http = new Http() {
      @Override
      public Answer get(URI url) {
        throw new AssertionError("unsigned");
      }

      @Override
      public Answer signed(String method, URI url, String service, String region, Map<String, String> headers,
          String payload) {
        requests.add(method + " " + url + " " + service + " " + region);
        return new Answer(status, body);
      }
    };
    return new HttpBackups(http, null);
  }

  @Test
  void listCopyJobsIsASignedGetOfTheRegionsBackupEndpoint() {
    backups(200, "{\"CopyJobs\":[]}").lastCopyJob("us-east-1", VAULT);

    assertThat(requests).containsExactly("GET https://backup.us-east-1.amazonaws.com/copy-jobs/?destinationVaultArn="
        + "arn%3Aaws%3Abackup%3Aus-west-2%3A123456789012%3Abackup-vault%3Atxn-dr-prod-vault&maxResults=100 backup"
        + " us-east-1");
  }

  @Test
  void theMostRecentlyCreatedJobIsTheLastCopy() {
    Optional<Backups.CopyJob> job = backups(200, "{\"CopyJobs\":["
        + "{\"CopyJobId\":\"old\",\"State\":\"COMPLETED\",\"ResourceType\":\"DynamoDB\",\"CreationDate\":1767225600.5,"
        + "\"CompletionDate\":1767226000},"
        + "{\"CopyJobId\":\"new\",\"State\":\"RUNNING\",\"ResourceType\":\"S3\",\"CreationDate\":1767229200.25}]}")
        .lastCopyJob("us-east-1", VAULT);

    assertThat(job).contains(new Backups.CopyJob("new", "RUNNING", "S3", Instant.parse("2026-01-01T01:00:00.250Z"),
        null));
  }

  @Test
  void noJobIsEmpty() {
    assertThat(backups(200, "{\"CopyJobs\":[]}").lastCopyJob("us-east-1", VAULT)).isEmpty();
  }

  @Test
  void aRefusalIsAnErrorWithTheAnswer() {
    assertThatThrownBy(() -> backups(403, "{\"Message\":\"denied\"}").lastCopyJob("us-east-1", VAULT))
        .hasMessage("ListCopyJobs in us-east-1 answered 403: {\"Message\":\"denied\"}");
  }
}
