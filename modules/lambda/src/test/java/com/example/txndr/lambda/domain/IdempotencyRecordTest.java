package com.example.txndr.lambda.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.domain.IdempotencyRecord.Verdict;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdempotencyRecordTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final IdempotencyRecord record =
      new IdempotencyRecord("fp-1", "txn-1", 201, "{}", NOW.plus(IdempotencyRecord.RETENTION), 1);

  @Test
  void sameRequestFromAnotherInvocationIsAReplay() {
    assertThat(record.judge("fp-1", "txn-2", NOW)).isEqualTo(Verdict.REPLAY);
  }

  @Test
  void sameRequestWithTheSameTransactionIdIsThisInvocationsOwnWrite() {
    assertThat(record.judge("fp-1", "txn-1", NOW)).isEqualTo(Verdict.OWN_WRITE);
  }

  @Test
  void differentRequestReusesTheKey() {
    assertThat(record.judge("fp-2", "txn-2", NOW)).isEqualTo(Verdict.KEY_REUSED);
  }

  @Test
  void recordPastItsRetentionHasExpired() {
    assertThat(record.judge("fp-1", "txn-2", NOW.plus(IdempotencyRecord.RETENTION))).isEqualTo(Verdict.EXPIRED);
  }

  @Test
  void keysAreRememberedForADay() {
    assertThat(IdempotencyRecord.RETENTION).hasHours(24);
  }
}
