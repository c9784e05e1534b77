package com.example.txndr.lambda.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Amounts read back from the table: at the pinned scale of their currency, never rounded. */
class StoredAmountsTest {
  /** A stored transaction item of {@code amount} (a DynamoDB number) in {@code currency}. */
  private static Map<String, AttributeValue> item(String amount, String currency) {
    return Map.of(
        "transactionId", AttributeValue.fromS("t-1"),
        "type", AttributeValue.fromS("DEPOSIT"),
        "destinationAccount", AttributeValue.fromS("alice-123"),
        "amount", AttributeValue.fromN(amount),
        "currency", AttributeValue.fromS(currency),
        "status", AttributeValue.fromS("COMMITTED"),
        "region", AttributeValue.fromS("us-east-1"),
        "epoch", AttributeValue.fromN("1"),
        "createdAt", AttributeValue.fromS("2026-12-01T00:00:00Z"));
  }

  @Test
  void aStoredNumberWithoutTrailingZerosIsReadAtThePinnedScale() {
    assertThat(Ledger.toTransaction(item("10.5", "USD")).amount().toPlainString()).isEqualTo("10.50");
    assertThat(Ledger.toTransaction(item("7.5", "KWD")).amount().toPlainString()).isEqualTo("7.500");
    assertThat(Ledger.toTransaction(item("700", "JPY")).amount().toPlainString()).isEqualTo("700");
  }

  @Test
  void aStoredAmountWithMoreDigitsThanPinnedFailsLoudlyInsteadOfRounding() {
    assertThatThrownBy(() -> Ledger.toTransaction(item("10.505", "USD")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("A stored USD amount has 3 fraction digits; USD is pinned to 2 (TradableCurrency). It is not"
            + " rounded: the stored item or the currency table is wrong");
  }

  @Test
  void aStoredAmountInACurrencyOffThePinnedListFailsLoudly() {
    assertThatThrownBy(() -> Ledger.toTransaction(item("10", "DEM")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("A stored amount is in DEM, which is not in the pinned currency table (TradableCurrency):"
            + " put it back in the table or migrate the stored items; stored amounts are never read under guessed"
            + " rules");
  }
}
