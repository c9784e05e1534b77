package com.example.txndr.lambda.domain;

import com.example.txndr.lambda.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated body of {@code POST /transactions}.
 *
 * @param sourceAccount the debited account, or null for a deposit
 * @param destinationAccount the credited account, or null for a withdrawal
 */
public record TransactionRequest(TransactionType type, String sourceAccount, String destinationAccount, Money amount) {
  static final Set<String> FIELDS =
      Set.of("type", "sourceAccount", "destinationAccount", "amount", "currency");
  private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /**
   * Validates a parsed JSON body. Every problem is reported, in field order, in one message:
   * unknown fields, wrong JSON types (amount is a string, never a JSON number), required and
   * forbidden accounts for the type, amount and currency rules ({@link Money}).
   */
  public static TransactionRequest fromJson(Object body) throws ValidationException {
    if (!(body instanceof Map)) {
      throw ValidationException.invalid("The body must be a JSON object: got " + Json.typeName(body));
    }
    Map<?, ?> fields = (Map<?, ?>) body;
    List<String> problems = new ArrayList<>();
    for (Object name : fields.keySet()) {
      if (!FIELDS.contains(name)) {
        problems.add("unknown field \"" + name + "\" (allowed: type, sourceAccount,"
            + " destinationAccount, amount, currency)");
      }
    }
    String typeText = string(fields, "type", problems);
    String source = string(fields, "sourceAccount", problems);
    String destination = string(fields, "destinationAccount", problems);
    String amountText = string(fields, "amount", problems);
    String currencyCode = string(fields, "currency", problems);

    TransactionType type = null;
    if (typeText == null) {
      if (!fields.containsKey("type") || fields.get("type") == null) {
        problems.add("type is required (DEPOSIT, WITHDRAWAL or TRANSFER)");
      }
    } else {
      try {
        type = TransactionType.valueOf(typeText);
      } catch (IllegalArgumentException e) {
        problems.add("type must be DEPOSIT, WITHDRAWAL or TRANSFER: got \"" + typeText + "\"");
      }
    }
    if (type != null) {
      account(type.hasSource(), "sourceAccount", source, fields, type, problems);
      account(type.hasDestination(), "destinationAccount", destination, fields, type, problems);
      if (type == TransactionType.TRANSFER && source != null && source.equals(destination)) {
        problems.add("sourceAccount and destinationAccount must differ");
      }
    }
    TradableCurrency currency = null;
    if (currencyCode == null) {
      if (!fields.containsKey("currency") || fields.get("currency") == null) {
        problems.add("currency is required (an ISO 4217 code such as \"USD\")");
      }
    } else {
      try {
        currency = TradableCurrency.of(currencyCode);
      } catch (ValidationException e) {
        problems.add(e.getMessage());
      }
    }
    Money amount = null;
    if (amountText == null) {
      if (!fields.containsKey("amount") || fields.get("amount") == null) {
        problems.add("amount is required (a decimal string such as \"10.50\")");
      }
    } else if (currency != null) {
      try {
        amount = Money.parseAmount(amountText, currency);
      } catch (ValidationException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw ValidationException.invalid(String.join("; ", problems));
    }
    return new TransactionRequest(
        type, type.hasSource() ? source : null, type.hasDestination() ? destination : null, amount);
  }

  private static String string(Map<?, ?> fields, String name, List<String> problems) {
    Object value = fields.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    String hint = name.equals("amount") ? " such as \"10.50\" (JSON numbers are not accepted for money)" : "";
    problems.add(name + " must be a string" + hint + ": got " + Json.typeName(value));
    return null;
  }

  private static void account(
      boolean required, String name, String value, Map<?, ?> fields, TransactionType type,
      List<String> problems) {
    if (required) {
      if (value == null) {
        if (!fields.containsKey(name) || fields.get(name) == null) {
          problems.add(name + " is required for " + type);
        }
      } else if (!ACCOUNT_ID.matcher(value).matches()) {
        problems.add(name + " must be 1-64 letters, digits, '.', '_' or '-', starting with a"
            + " letter or digit: got \"" + value + "\"");
      }
    } else if (fields.get(name) != null) {
      problems.add(name + " must not be set for " + type);
    }
  }

  /**
   * SHA-256 of the request's meaning and its caller: equal for bodies that differ only in
   * whitespace, field order or an amount's trailing zeros ("10.5" and "10.50" USD), different
   * otherwise. An idempotency key replays only a request with the same fingerprint.
   */
  public String fingerprint(Caller caller) {
    String canonical = String.join("\n",
        caller.id(),
        type.name(),
        sourceAccount == null ? "" : sourceAccount,
        destinationAccount == null ? "" : destinationAccount,
        amount.toPlainString(),
        amount.currencyCode());
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
