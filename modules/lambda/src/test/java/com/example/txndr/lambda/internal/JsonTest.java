package com.example.txndr.lambda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void numbersAreReadAsBigDecimal() throws Exception {
    assertThat(Json.parse("0.1")).isEqualTo(new BigDecimal("0.1"));
    assertThat(Json.parse("12")).isEqualTo(new BigDecimal("12"));
  }

  @Test
  void duplicateKeysAreRejected() {
    assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}"))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessageStartingWith("Duplicate field 'a'");
  }

  @Test
  void trailingContentIsRejected() {
    assertThatThrownBy(() -> Json.parse("{} {}"))
        .hasMessage("unexpected content after the JSON value at line 1, column 4");
  }

  @Test
  void emptyDocumentIsRejected() {
    assertThatThrownBy(() -> Json.parse("  ")).hasMessage("the document is empty");
  }

  @Test
  void truncatedDocumentIsRejectedWithItsLocation() {
    assertThatThrownBy(() -> Json.parse("{\"a\":")).hasMessageContaining("line 1, column");
  }

  @Test
  void writeKeepsOrderAndEscapes() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("b", "quote \" and \n");
    value.put("a", List.of(1, new BigDecimal("1E+3"), true));
    value.put("n", null);

    assertThat(Json.write(value)).isEqualTo("{\"b\":\"quote \\\" and \\n\",\"a\":[1,1000,true],\"n\":null}");
  }
}
