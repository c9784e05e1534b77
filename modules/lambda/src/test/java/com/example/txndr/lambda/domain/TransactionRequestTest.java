package com.example.txndr.lambda.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.lambda.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionRequestTest {
  private static TransactionRequest parse(String json) throws Exception {
    return TransactionRequest.fromJson(Json.parse(json));
  }

  @Test
  void transferNeedsBothAccounts() throws Exception {
    TransactionRequest request = parse(
        "{\"type\":\"TRANSFER\",\"sourceAccount\":\"a\",\"destinationAccount\":\"b\",\"amount\":\"1.25\",\"currency\":\"EUR\"}");

    assertThat(request.type()).isEqualTo(TransactionType.TRANSFER);
    assertThat(request.sourceAccount()).isEqualTo("a");
    assertThat(request.destinationAccount()).isEqualTo("b");
    assertThat(request.amount().toString()).isEqualTo("1.25 EUR");
  }

  @Test
  void depositWithoutDestinationIsRejected() {
    assertThatThrownBy(() -> parse("{\"type\":\"DEPOSIT\",\"amount\":\"1\",\"currency\":\"USD\"}"))
        .isInstanceOf(ValidationException.class)
        .hasMessage("destinationAccount is required for DEPOSIT");
  }

  @Test
  void depositWithSourceIsRejected() {
    assertThatThrownBy(() -> parse(
        "{\"type\":\"DEPOSIT\",\"sourceAccount\":\"a\",\"destinationAccount\":\"b\",\"amount\":\"1\",\"currency\":\"USD\"}"))
        .hasMessage("sourceAccount must not be set for DEPOSIT");
  }

  @Test
  void withdrawalWithoutSourceIsRejected() {
    assertThatThrownBy(() -> parse("{\"type\":\"WITHDRAWAL\",\"amount\":\"1\",\"currency\":\"USD\"}"))
        .hasMessage("sourceAccount is required for WITHDRAWAL");
  }

  @Test
  void transferToTheSameAccountIsRejected() {
    assertThatThrownBy(() -> parse(
        "{\"type\":\"TRANSFER\",\"sourceAccount\":\"a\",\"destinationAccount\":\"a\",\"amount\":\"1\",\"currency\":\"USD\"}"))
        .hasMessage("sourceAccount and destinationAccount must differ");
  }

  @Test
  void amountAsAJsonNumberIsRejected() {
    assertThatThrownBy(() -> parse(
        "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"a\",\"amount\":10.5,\"currency\":\"USD\"}"))
        .hasMessage("amount must be a string such as \"10.50\" (JSON numbers are not accepted for money): got a number");
  }

  @Test
  void unknownFieldIsRejected() {
    assertThatThrownBy(() -> parse(
        "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"a\",\"amount\":\"1\",\"currency\":\"USD\",\"memo\":\"x\"}"))
        .hasMessage("unknown field \"memo\" (allowed: type, sourceAccount, destinationAccount, amount, currency)");
  }

  @Test
  void unknownTypeIsRejected() {
    assertThatThrownBy(() -> parse("{\"type\":\"REFUND\",\"amount\":\"1\",\"currency\":\"USD\"}"))
        .hasMessage("type must be DEPOSIT, WITHDRAWAL or TRANSFER: got \"REFUND\"");
  }

  @Test
  void everyProblemIsReportedInOneMessage() {
    assertThatThrownBy(() -> parse("{\"currency\":\"usd\"}"))
        .hasMessage("type is required (DEPOSIT, WITHDRAWAL or TRANSFER); currency must be an ISO 4217 code of"
            + " three uppercase letters, such as \"USD\": got \"usd\"; amount is required (a decimal string such"
            + " as \"10.50\")");
  }

  @Test
  void accountIdWithInvalidCharactersIsRejected() {
    assertThatThrownBy(() -> parse(
        "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"a#b\",\"amount\":\"1\",\"currency\":\"USD\"}"))
        .hasMessage("destinationAccount must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or"
            + " digit: got \"a#b\"");
  }

  @Test
  void bodyThatIsNotAnObjectIsRejected() {
    assertThatThrownBy(() -> parse("[1, 2]")).hasMessage("The body must be a JSON object: got an array");
  }

  @Test
  void explicitNullForAForbiddenAccountIsTreatedAsAbsent() throws Exception {
    TransactionRequest request = parse(
        "{\"type\":\"DEPOSIT\",\"sourceAccount\":null,\"destinationAccount\":\"b\",\"amount\":\"1\",\"currency\":\"USD\"}");

    assertThat(request.sourceAccount()).isNull();
  }

  @Test
  void fingerprintIgnoresFieldOrderWhitespaceAndTrailingZeros() throws Exception {
    String first = parse(
        "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"b\",\"amount\":\"1.5\",\"currency\":\"USD\"}").fingerprint(Caller.ANONYMOUS);
    String second = parse(
        "{ \"currency\" : \"USD\", \"amount\" : \"1.50\", \"destinationAccount\" : \"b\", \"type\" : \"DEPOSIT\" }")
        .fingerprint(Caller.ANONYMOUS);

    assertThat(first).isEqualTo(second).hasSize(64);
  }

  @Test
  void fingerprintDiffersWhenTheAmountDiffers() throws Exception {
    String first = parse(
        "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"b\",\"amount\":\"1.50\",\"currency\":\"USD\"}").fingerprint(Caller.ANONYMOUS);
    String second = parse(
        "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"b\",\"amount\":\"1.51\",\"currency\":\"USD\"}").fingerprint(Caller.ANONYMOUS);

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void fingerprintDiffersBetweenCallers() throws Exception {
    TransactionRequest request = parse(
        "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"b\",\"amount\":\"1.50\",\"currency\":\"USD\"}");

    assertThat(request.fingerprint(new Caller("iam:arn:aws:iam::111122223333:role/a")))
        .isNotEqualTo(request.fingerprint(new Caller("iam:arn:aws:iam::111122223333:role/b")));
  }

  private static String deposit(String amount, String currency) {
    return "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"b\",\"amount\":\"" + amount + "\",\"currency\":\""
        + currency + "\"}";
  }

  // java.util.Currency knows all of these: the Deutsche Mark (obsolete), US dollar next day (a
  // fund code), the Chilean unidad de fomento (a unit of account with 4 digits), gold, and none.
  @ParameterizedTest
  @ValueSource(strings = {"DEM", "USN", "CLF", "XAU", "XYZ"})
  void aCurrencyOffThePinnedListIsRefusedWithTheListOfAcceptedOnes(String code) {
    assertThatThrownBy(() -> parse(deposit("10", code)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("currency " + code + " is not accepted: the accepted currencies are AUD, CAD, CHF, EUR, GBP, JPY,"
            + " KWD and USD");
  }

  @ParameterizedTest
  @CsvSource({
      "USD, 10000000.00, 10000000.01, 10000000",
      "EUR, 9000000.00, 9000000.01, 9000000",
      "GBP, 7500000.00, 7500000.01, 7500000",
      "CHF, 8000000.00, 8000000.01, 8000000",
      "CAD, 14000000.00, 14000000.01, 14000000",
      "AUD, 15000000.00, 15000000.01, 15000000",
      "JPY, 1500000000, 1500000001, 1500000000",
      "KWD, 3000000.000, 3000000.001, 3000000"})
  void eachCurrencyHasItsOwnTransactionLimit(String code, String largest, String over, String limit) throws Exception {
    assertThat(parse(deposit(largest, code)).amount().toString()).isEqualTo(largest + " " + code);
    assertThatThrownBy(() -> parse(deposit(over, code)))
        .hasMessage("amount must not exceed " + limit + " " + code + ": got " + over);
  }

  @Test
  void oneBillionDollarsIsOverTheLimit() {
    assertThatThrownBy(() -> parse(deposit("1000000000.00", "USD")))
        .hasMessage("amount must not exceed 10000000 USD: got 1000000000.00");
  }

  @Test
  void yenTakeNoFractionDigits() {
    assertThatThrownBy(() -> parse(deposit("10.00", "JPY")))
        .hasMessage("amount 10.00 has 2 fraction digits; JPY allows at most 0");
  }

  @Test
  void dinarsTakeThreeFractionDigits() throws Exception {
    assertThat(parse(deposit("1.5", "KWD")).amount().toPlainString()).isEqualTo("1.500");
    assertThatThrownBy(() -> parse(deposit("1.0001", "KWD")))
        .hasMessage("amount 1.0001 has 4 fraction digits; KWD allows at most 3");
  }

  @Test
  void aTypeOrCurrencyOfTheWrongJsonTypeIsReportedOnceNotAlsoAsMissing() {
    assertThatThrownBy(() -> parse("{\"type\":1,\"destinationAccount\":\"b\",\"amount\":\"1\",\"currency\":\"USD\"}"))
        .hasMessage("type must be a string: got a number");
    assertThatThrownBy(() -> parse("{\"type\":\"DEPOSIT\",\"destinationAccount\":\"b\",\"amount\":\"1\",\"currency\":true}"))
        .hasMessage("currency must be a string: got a boolean");
    assertThatThrownBy(() -> parse("{\"type\":\"DEPOSIT\",\"destinationAccount\":7,\"amount\":\"1\",\"currency\":\"USD\"}"))
        .hasMessage("destinationAccount must be a string: got a number");
  }

  @Test
  void anExplicitNullTypeCurrencyOrRequiredAccountIsMissing() {
    assertThatThrownBy(() -> parse("{\"type\":null,\"destinationAccount\":\"b\",\"amount\":\"1\",\"currency\":\"USD\"}"))
        .hasMessage("type is required (DEPOSIT, WITHDRAWAL or TRANSFER)");
    assertThatThrownBy(() -> parse("{\"type\":\"DEPOSIT\",\"destinationAccount\":\"b\",\"amount\":\"1\",\"currency\":null}"))
        .hasMessage("currency is required (an ISO 4217 code such as \"USD\")");
    assertThatThrownBy(() -> parse("{\"type\":\"DEPOSIT\",\"destinationAccount\":null,\"amount\":\"1\",\"currency\":\"USD\"}"))
        .hasMessage("destinationAccount is required for DEPOSIT");
  }

  @Test
  void fingerprintDiffersWhenAnAccountDiffers() throws Exception {
    String fromA = parse("{\"type\":\"WITHDRAWAL\",\"sourceAccount\":\"a\",\"amount\":\"1\",\"currency\":\"USD\"}")
        .fingerprint(Caller.ANONYMOUS);
    String fromC = parse("{\"type\":\"WITHDRAWAL\",\"sourceAccount\":\"c\",\"amount\":\"1\",\"currency\":\"USD\"}")
        .fingerprint(Caller.ANONYMOUS);
    String toB = parse("{\"type\":\"TRANSFER\",\"sourceAccount\":\"a\",\"destinationAccount\":\"b\",\"amount\":\"1\","
        + "\"currency\":\"USD\"}").fingerprint(Caller.ANONYMOUS);
    String toC = parse("{\"type\":\"TRANSFER\",\"sourceAccount\":\"a\",\"destinationAccount\":\"c\",\"amount\":\"1\","
        + "\"currency\":\"USD\"}").fingerprint(Caller.ANONYMOUS);

    assertThat(fromA).isNotEqualTo(fromC);
    assertThat(toB).isNotEqualTo(toC);
  }
}
