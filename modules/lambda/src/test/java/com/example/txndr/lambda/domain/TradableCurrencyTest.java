package com.example.txndr.lambda.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TradableCurrencyTest {
  // A change to this table is a product decision: it shows up here, as a reviewed diff.
  @Test
  void theTableIsPinned() {
    Map<String, String> table = new LinkedHashMap<>();
    Arrays.stream(TradableCurrency.values()).forEach(currency -> table.put(currency.code(),
        currency.minorUnits() + " digits, at most " + currency.maxTransactionAmount().toPlainString()));

    assertThat(table).containsExactly(
        Map.entry("AUD", "2 digits, at most 15000000"),
        Map.entry("CAD", "2 digits, at most 14000000"),
        Map.entry("CHF", "2 digits, at most 8000000"),
        Map.entry("EUR", "2 digits, at most 9000000"),
        Map.entry("GBP", "2 digits, at most 7500000"),
        Map.entry("JPY", "0 digits, at most 1500000000"),
        Map.entry("KWD", "3 digits, at most 3000000"),
        Map.entry("USD", "2 digits, at most 10000000"));
  }

  @Test
  void aListedCodeIsItsCurrency() throws Exception {
    assertThat(TradableCurrency.of("KWD")).isEqualTo(TradableCurrency.KWD);
  }

  @Test
  void lowercaseCurrencyIsRejected() {
    assertThatThrownBy(() -> TradableCurrency.of("usd")).hasMessage(
        "currency must be an ISO 4217 code of three uppercase letters, such as \"USD\": got \"usd\"");
  }

  @Test
  void aCodeOffTheListIsRejectedWithTheAcceptedOnes() {
    assertThatThrownBy(() -> TradableCurrency.of("DEM"))
        .isInstanceOf(ValidationException.class)
        .hasMessage("currency DEM is not accepted: the accepted currencies are AUD, CAD, CHF, EUR, GBP, JPY, KWD and"
            + " USD");
  }

  @Test
  void aStoredCodeOffTheListIsAnIllegalState() {
    assertThatThrownBy(() -> TradableCurrency.stored("CLF"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("A stored amount is in CLF, which is not in the pinned currency table (TradableCurrency): put it"
            + " back in the table or migrate the stored items; stored amounts are never read under guessed rules");
  }
}
