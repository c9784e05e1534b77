package com.example.txndr.lambda.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the API shows of a transaction: only the accounts it moves, and the kind only for reconciliation's. */
class TransactionTest {
  private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");

  private static Transaction client(TransactionType type, String from, String to) {
    return Transaction.of("t-1", new TransactionRequest(type, from, to, Money.of(BigDecimal.ONE, TradableCurrency.USD)),
        "us-east-1", 3, AT, "caller", "k-1");
  }

  @Test
  void aDepositShowsOnlyItsDestinationAndAWithdrawalOnlyItsSource() {
    assertThat(client(TransactionType.DEPOSIT, null, "alice").toJson())
        .containsEntry("destinationAccount", "alice").doesNotContainKey("sourceAccount");
    assertThat(client(TransactionType.WITHDRAWAL, "alice", null).toJson())
        .containsEntry("sourceAccount", "alice").doesNotContainKey("destinationAccount");
  }

  @Test
  void aClientsTransactionShowsNoKindAndACompensationShowsWhatItCompensates() {
    Transaction deposit = client(TransactionType.DEPOSIT, null, "alice");
    Transaction reversal = new Transaction("t-2", TransactionType.WITHDRAWAL, "alice", null, deposit.amount(),
        Transaction.COMMITTED, "us-east-1", 4, AT, "reconciler", "k-2", Transaction.Kind.REVERSAL, "t-1");

    assertThat(deposit.toJson()).doesNotContainKeys("kind", "compensates")
        .containsEntry("amount", "1.00").containsEntry("currency", "USD").containsEntry("epoch", 3L);
    assertThat(reversal.toJson()).containsEntry("kind", "REVERSAL").containsEntry("compensates", "t-1");
  }
}
