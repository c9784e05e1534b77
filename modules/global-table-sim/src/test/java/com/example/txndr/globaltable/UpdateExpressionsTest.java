package com.example.txndr.globaltable;

import static com.example.txndr.globaltable.Fixture.item;
import static com.example.txndr.globaltable.Fixture.n;
import static com.example.txndr.globaltable.Fixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

class UpdateExpressionsTest {
  private final MemoryDynamoDb memory = new MemoryDynamoDb();
  private final DynamoDbClient client = Fixture.client(memory, "us-east-1");

  @BeforeEach
  void createTable() {
    client.createTable(Fixture.hashTable("accounts"));
  }

  private void put(Map<String, AttributeValue> item) {
    client.putItem(r -> r.tableName("accounts").item(item));
  }

  private Map<String, AttributeValue> update(String expression, Map<String, AttributeValue> values) {
    return update(expression, values, ReturnValue.ALL_NEW);
  }

  private Map<String, AttributeValue> update(String expression, Map<String, AttributeValue> values, ReturnValue returnValues) {
    return client.updateItem(r -> r.tableName("accounts").key(item("pk", s("a"))).updateExpression(expression)
        .expressionAttributeValues(values.isEmpty() ? null : values).returnValues(returnValues)).attributes();
  }

  @Test
  void setWritesAValue() {
    put(item("pk", s("a")));

    assertThat(update("SET v = :v", Map.of(":v", s("x")))).isEqualTo(item("pk", s("a"), "v", s("x")));
  }

  @Test
  void updateOfAMissingItemCreatesItFromTheKey() {
    assertThat(update("SET v = :v", Map.of(":v", n("1")))).isEqualTo(item("pk", s("a"), "v", n("1")));
  }

  @Test
  void updateWithoutAnExpressionCreatesTheKeyOnlyItem() {
    client.updateItem(r -> r.tableName("accounts").key(item("pk", s("a"))));

    assertThat(client.getItem(r -> r.tableName("accounts").key(item("pk", s("a")))).item()).isEqualTo(item("pk", s("a")));
  }

  @Test
  void additionIsExact() {
    assertThat(update("SET v = :a + :b", Map.of(":a", n("0.1"), ":b", n("0.2")))).containsEntry("v", n("0.3"));
  }

  @Test
  void subtractionIsExact() {
    put(item("pk", s("a"), "v", n("0.3")));

    assertThat(update("SET v = v - :b", Map.of(":b", n("0.1")))).containsEntry("v", n("0.2"));
  }

  @Test
  void arithmeticKeepsAll38Digits() {
    put(item("pk", s("a"), "v", n("1234567890123456789012345678901234567.8")));

    assertThat(update("SET v = v + :b", Map.of(":b", n("0.1")))).containsEntry("v", n("1234567890123456789012345678901234567.9"));
  }

  @Test
  void arithmeticBeyond38DigitsIsRefused() {
    put(item("pk", s("a"), "v", n("9999999999999999999999999999999999999.9")));

    assertThatThrownBy(() -> update("SET v = v + :b", Map.of(":b", n("0.01"))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Attempting to store more than 38 significant digits in a Number (Service");
  }

  @Test
  void addToANumberIsExactAndNormalised() {
    put(item("pk", s("a"), "balance", n("100.00")));

    assertThat(update("ADD balance :d", Map.of(":d", n("-80.00")))).containsEntry("balance", n("20"));
  }

  @Test
  void addToAMissingAttributeTakesTheValue() {
    put(item("pk", s("a")));

    assertThat(update("ADD hits :one", Map.of(":one", n("1")))).containsEntry("hits", n("1"));
  }

  @Test
  void addToASetIsAUnion() {
    put(item("pk", s("a"), "tags", AttributeValue.fromSs(List.of("x", "y"))));

    Map<String, AttributeValue> after = update("ADD tags :t", Map.of(":t", AttributeValue.fromSs(List.of("y", "z"))));

    assertThat(after.get("tags").ss()).containsExactlyInAnyOrder("x", "y", "z");
  }

  @Test
  void deleteFromASetRemovesElements() {
    put(item("pk", s("a"), "tags", AttributeValue.fromSs(List.of("x", "y"))));

    assertThat(update("DELETE tags :t", Map.of(":t", AttributeValue.fromSs(List.of("x"))))).containsEntry("tags", AttributeValue.fromSs(List.of("y")));
  }

  @Test
  void deletingTheLastElementsRemovesTheAttribute() {
    put(item("pk", s("a"), "tags", AttributeValue.fromSs(List.of("x"))));

    assertThat(update("DELETE tags :t", Map.of(":t", AttributeValue.fromSs(List.of("x", "q"))))).doesNotContainKey("tags");
  }

  @Test
  void addOfAStringIsRefused() {
    assertThatThrownBy(() -> update("ADD v :s", Map.of(":s", s("x"))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING (Service");
  }

  @Test
  void addOfANumberToAStringIsRefused() {
    put(item("pk", s("a"), "v", s("x")));

    assertThatThrownBy(() -> update("ADD v :one", Map.of(":one", n("1"))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("An operand in the update expression has an incorrect data type (Service");
  }

  @Test
  void removeDeletesAttributes() {
    put(item("pk", s("a"), "x", n("1"), "y", n("2"), "z", n("3")));

    assertThat(update("REMOVE x, y", Map.of())).isEqualTo(item("pk", s("a"), "z", n("3")));
  }

  @Test
  void ifNotExistsKeepsAnExistingValue() {
    put(item("pk", s("a"), "v", n("5")));

    assertThat(update("SET v = if_not_exists(v, :zero)", Map.of(":zero", n("0")))).containsEntry("v", n("5"));
  }

  @Test
  void ifNotExistsUsesTheFallbackForAMissingAttribute() {
    assertThat(update("SET v = if_not_exists(v, :zero) + :one", Map.of(":zero", n("0"), ":one", n("1")))).containsEntry("v", n("1"));
  }

  @Test
  void listAppendConcatenates() {
    put(item("pk", s("a"), "l", AttributeValue.fromL(List.of(n("1")))));

    assertThat(update("SET l = list_append(l, :more)", Map.of(":more", AttributeValue.fromL(List.of(n("2"))))))
        .containsEntry("l", AttributeValue.fromL(List.of(n("1"), n("2"))));
  }

  @Test
  void listAppendOfANonListIsRefused() {
    put(item("pk", s("a"), "l", n("1")));

    assertThatThrownBy(() -> update("SET l = list_append(l, :more)", Map.of(":more", AttributeValue.fromL(List.of(n("2"))))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("An operand in the update expression has an incorrect data type (Service");
  }

  @Test
  void setOperandsReadTheItemBeforeTheUpdate() {
    put(item("pk", s("a"), "x", n("1"), "y", n("2")));

    assertThat(update("SET x = y, y = x", Map.of())).containsEntry("x", n("2")).containsEntry("y", n("1"));
  }

  @Test
  void clausesMayComeInAnyOrder() {
    put(item("pk", s("a"), "gone", n("1"), "c", n("1")));

    assertThat(update("REMOVE gone ADD c :one SET v = :one", Map.of(":one", n("1"))))
        .isEqualTo(item("pk", s("a"), "c", n("2"), "v", n("1")));
  }

  @Test
  void repeatedClauseIsRefused() {
    assertThatThrownBy(() -> update("SET x = :one SET y = :one", Map.of(":one", n("1"))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression; (Service");
  }

  @Test
  void overlappingPathsAreRefused() {
    assertThatThrownBy(() -> update("SET y = :one REMOVE y", Map.of(":one", n("1"))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [y], path two: [y] (Service");
  }

  @Test
  void updatingAKeyAttributeIsRefused() {
    assertThatThrownBy(() -> update("SET pk = :v", Map.of(":v", s("b"))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key (Service");
  }

  @Test
  void arithmeticOnAMissingAttributeIsRefused() {
    assertThatThrownBy(() -> update("SET v = v + :one", Map.of(":one", n("1"))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("The provided expression refers to an attribute that does not exist in the item (Service");
  }

  @Test
  void arithmeticOnAStringIsRefused() {
    put(item("pk", s("a"), "v", s("x")));

    assertThatThrownBy(() -> update("SET v = v + :one", Map.of(":one", n("1"))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("An operand in the update expression has an incorrect data type (Service");
  }

  @Test
  void updatedOldReturnsThePreviousValuesOfTheUpdatedAttributes() {
    put(item("pk", s("a"), "x", n("1"), "y", n("2"), "z", n("3")));

    assertThat(update("SET x = :nine, w = :nine REMOVE y", Map.of(":nine", n("9")), ReturnValue.UPDATED_OLD))
        .isEqualTo(item("x", n("1"), "y", n("2")));
  }

  @Test
  void updatedNewReturnsTheNewValuesOfTheUpdatedAttributes() {
    put(item("pk", s("a"), "x", n("1"), "y", n("2"), "z", n("3")));

    assertThat(update("SET x = :nine, w = :nine REMOVE y", Map.of(":nine", n("9")), ReturnValue.UPDATED_NEW))
        .isEqualTo(item("x", n("9"), "w", n("9")));
  }

  @Test
  void allOldReturnsTheWholePreviousItem() {
    put(item("pk", s("a"), "x", n("1"), "z", n("3")));

    assertThat(update("SET x = :nine", Map.of(":nine", n("9")), ReturnValue.ALL_OLD)).isEqualTo(item("pk", s("a"), "x", n("1"), "z", n("3")));
  }

  @Test
  void noneReturnsNoAttributes() {
    put(item("pk", s("a"), "x", n("1")));

    assertThat(client.updateItem(r -> r.tableName("accounts").key(item("pk", s("a"))).updateExpression("SET x = :nine")
        .expressionAttributeValues(Map.of(":nine", n("9")))).hasAttributes()).isFalse();
  }

  @Test
  void failedConditionReturnsTheItemWhenAskedForAllOld() {
    put(item("pk", s("a"), "balance", n("5")));

    assertThatThrownBy(() -> client.updateItem(r -> r.tableName("accounts").key(item("pk", s("a")))
        .updateExpression("SET balance = balance - :amount").conditionExpression("balance >= :amount")
        .expressionAttributeValues(Map.of(":amount", n("10")))
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
        .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> assertThat(e.item()).isEqualTo(item("pk", s("a"), "balance", n("5"))));
  }

  @Test
  void emptyExpressionIsASyntaxError() {
    assertThatThrownBy(() -> update("", Map.of()))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"\" (Service");
  }
}
