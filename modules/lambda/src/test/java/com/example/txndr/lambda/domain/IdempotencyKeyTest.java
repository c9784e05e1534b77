package com.example.txndr.lambda.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {
  @Test
  void missingKeyIsRequired() {
    assertThatThrownBy(() -> IdempotencyKey.parse(null))
        .isInstanceOf(ValidationException.class)
        .hasMessage("The Idempotency-Key header is required on POST /transactions: send a unique value (such as a"
            + " UUID) per transaction and reuse it only to retry that transaction")
        .extracting(e -> ((ValidationException) e).code()).isEqualTo("IDEMPOTENCY_KEY_REQUIRED");
  }

  @Test
  void emptyKeyIsRequired() {
    assertThatThrownBy(() -> IdempotencyKey.parse(""))
        .extracting(e -> ((ValidationException) e).code()).isEqualTo("IDEMPOTENCY_KEY_REQUIRED");
  }

  @Test
  void keyOf128CharactersIsAccepted() throws Exception {
    assertThat(IdempotencyKey.parse("k".repeat(128)).value()).hasSize(128);
  }

  @Test
  void keyOf129CharactersIsRejected() {
    assertThatThrownBy(() -> IdempotencyKey.parse("k".repeat(129)))
        .hasMessage("Idempotency-Key must be at most 128 characters: got 129")
        .extracting(e -> ((ValidationException) e).code()).isEqualTo("VALIDATION_FAILED");
  }

  @Test
  void nonPrintableCharacterIsRejected() {
    assertThatThrownBy(() -> IdempotencyKey.parse("ab\tc"))
        .hasMessage("Idempotency-Key must contain printable ASCII characters only: character 3 is U+0009");
  }

  @Test
  void nonAsciiCharacterIsRejected() {
    assertThatThrownBy(() -> IdempotencyKey.parse("clé"))
        .hasMessage("Idempotency-Key must contain printable ASCII characters only: character 3 is U+00E9");
  }

  @Test
  void theFirstAndLastPrintableAsciiCharactersAreAccepted() throws Exception {
    assertThat(IdempotencyKey.parse(" ~").value()).isEqualTo(" ~");
  }

  @Test
  void theCharactersJustOutsidePrintableAsciiAreRejected() {
    assertThatThrownBy(() -> IdempotencyKey.parse("a\u001f"))
        .hasMessage("Idempotency-Key must contain printable ASCII characters only: character 2 is U+001F");
    assertThatThrownBy(() -> IdempotencyKey.parse("a\u007f"))
        .hasMessage("Idempotency-Key must contain printable ASCII characters only: character 2 is U+007F");
  }

  @Test
  void keysAreEqualByTheirValueAndPrintAsIt() throws Exception {
    IdempotencyKey key = IdempotencyKey.parse("order-42");

    assertThat(key).isEqualTo(IdempotencyKey.parse("order-42")).hasSameHashCodeAs(IdempotencyKey.parse("order-42"))
        .isNotEqualTo(IdempotencyKey.parse("order-43")).isNotEqualTo("order-42").hasToString("order-42");
    assertThat(key.hashCode()).isNotEqualTo(IdempotencyKey.parse("order-43").hashCode());
  }
}
