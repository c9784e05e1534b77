package com.example.txndr.lambda.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.domain.Money;
import com.example.txndr.lambda.domain.TradableCurrency;
import com.example.txndr.lambda.domain.Transaction;
import com.example.txndr.lambda.domain.TransactionType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the reconciler counts as a commit at a stale epoch. */
class StaleEpochCommitsTest {
  private static Transaction at(long createdAtMillis) {
    return new Transaction("t" + createdAtMillis, TransactionType.DEPOSIT, null, "alice",
        Money.of(new BigDecimal("1.00"), TradableCurrency.USD), Transaction.COMMITTED, "us-east-1", 1,
        Instant.ofEpochMilli(createdAtMillis), "anonymous", "k" + createdAtMillis, Transaction.Kind.CLIENT, null);
  }

  @Test
  void commitsOfAnEndedEpochAtOrAfterTheNextEpochsStartAreStale() {
    long next = 1_000_000;

    assertThat(Reconciler.staleEpochCommits(List.of(at(next - 5_000), at(next - 1), at(next), at(next + 30_000)),
        next)).isEqualTo(2);
    assertThat(Reconciler.staleEpochCommits(List.of(at(next - 1)), next)).isZero();
  }
}
