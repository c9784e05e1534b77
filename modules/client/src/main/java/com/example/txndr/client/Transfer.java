package com.example.txndr.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The body of {@code POST /transactions}. The amount is sent as a decimal string (the API refuses
 * JSON numbers for money), exactly as given.
 */
public record Transfer(Type type, String sourceAccount, String destinationAccount, BigDecimal amount,
    String currency) {
  /** The transaction types of the API. */
  public enum Type { TRANSFER, DEPOSIT, WITHDRAWAL }

  public Transfer {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    if (type != Type.DEPOSIT && sourceAccount == null) {
      throw new IllegalArgumentException("A " + type + " needs a source account");
    }
    if (type != Type.WITHDRAWAL && destinationAccount == null) {
      throw new IllegalArgumentException("A " + type + " needs a destination account");
    }
  }

  public static Transfer between(String source, String destination, BigDecimal amount, String currency) {
    return new Transfer(Type.TRANSFER, source, destination, amount, currency);
  }

  public static Transfer deposit(String destination, BigDecimal amount, String currency) {
    return new Transfer(Type.DEPOSIT, null, destination, amount, currency);
  }

  public static Transfer withdrawal(String source, BigDecimal amount, String currency) {
    return new Transfer(Type.WITHDRAWAL, source, null, amount, currency);
  }

  /** The JSON body. */
  public String json() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("type", type.name());
    if (sourceAccount != null) {
      body.put("sourceAccount", sourceAccount);
    }
    if (destinationAccount != null) {
      body.put("destinationAccount", destinationAccount);
    }
    body.put("amount", amount.toPlainString());
    body.put("currency", currency);
    return body.toString();
  }
}
