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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** ConditionExpression: each comparator, function and connective, through a conditional put. */
class ConditionsTest {
  private final MemoryDynamoDb memory = new MemoryDynamoDb();
  private final DynamoDbClient client = Fixture.client(memory, "us-east-1");
  private static final Map<String, AttributeValue> VALUES = Map.of(
      ":one", n("1"), ":two", n("2"), ":ten", n("10"), ":abc", s("abc"), ":ab", s("ab"), ":S", s("S"),
      ":x", s("x"), ":big", n("99999999999999999999999999999999999999"), ":list", AttributeValue.fromL(List.of(n("1"), s("x"))));

  @BeforeEach
  void createItem() {
    client.createTable(Fixture.hashTable("things"));
    client.putItem(r -> r.tableName("things").item(item(
        "pk", s("k"), "n", n("2"), "s", s("abcd"), "tags", AttributeValue.fromSs(List.of("x", "y")),
        "l", AttributeValue.fromL(List.of(n("1"), s("x"))), "bin", AttributeValue.fromB(SdkBytes.fromUtf8String("abc")),
        "flag", AttributeValue.fromBool(true))));
  }

  /** Whether a put guarded by the condition succeeds (the put rewrites the same item). */
  private boolean holds(String condition) {
    Map<String, AttributeValue> used = new java.util.HashMap<>();
    VALUES.forEach((k, v) -> {
      if (condition.matches(".*" + k + "\\b.*")) {
        used.put(k, v);
      }
    });
    Map<String, AttributeValue> current = client.getItem(r -> r.tableName("things").key(item("pk", s("k")))).item();
    try {
      client.putItem(r -> r.tableName("things").item(current).conditionExpression(condition)
          .expressionAttributeValues(used.isEmpty() ? null : used));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Test
  void equalityOfNumbersIsNumeric() {
    client.putItem(r -> r.tableName("things").item(item("pk", s("k"), "n", n("2.00"))));

    assertThat(holds("n = :two")).isTrue();
  }

  @Test
  void equalityAcrossTypesIsFalse() {
    assertThat(holds("n = :abc")).isFalse();
  }

  @Test
  void notEqualIsTrueForAMissingAttribute() {
    assertThat(holds("nothere <> :one")).isTrue();
  }

  @Test
  void orderingComparatorsCompareNumbers() {
    assertThat(holds("n < :ten AND n <= :two AND n > :one AND n >= :two")).isTrue();
  }

  @Test
  void orderingAcrossTypesIsFalse() {
    assertThat(holds("n < :abc")).isFalse();
    assertThat(holds("n > :abc")).isFalse();
  }

  @Test
  void orderingWithAMissingAttributeIsFalse() {
    assertThat(holds("nothere < :ten")).isFalse();
    assertThat(holds("nothere >= :one")).isFalse();
  }

  @Test
  void stringsCompareLexicographically() {
    assertThat(holds("s > :abc AND s < :x")).isTrue();
  }

  @Test
  void betweenIsInclusive() {
    assertThat(holds("n BETWEEN :one AND :two")).isTrue();
    assertThat(holds("n BETWEEN :two AND :ten")).isTrue();
  }

  @Test
  void betweenWithInvertedLiteralBoundsIsRefused() {
    assertThatThrownBy(() -> holds("n BETWEEN :ten AND :one"))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
            + "lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:1} (Service: DynamoDb");
  }

  @Test
  void inMatchesAnyCandidate() {
    assertThat(holds("n IN (:one, :two)")).isTrue();
    assertThat(holds("n IN (:one, :ten)")).isFalse();
  }

  @Test
  void attributeExistsAndNotExists() {
    assertThat(holds("attribute_exists(n) AND attribute_not_exists(nothere)")).isTrue();
    assertThat(holds("attribute_exists(nothere)")).isFalse();
  }

  @Test
  void attributeTypeChecksTheType() {
    assertThat(holds("attribute_type(s, :S)")).isTrue();
    assertThat(holds("attribute_type(n, :S)")).isFalse();
  }

  @Test
  void attributeTypeWithAnUnknownTypeIsRefused() {
    assertThatThrownBy(() -> holds("attribute_type(s, :x)"))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Invalid ConditionExpression: Invalid attribute type name found; type: x, valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M } (Service: DynamoDb");
  }

  @Test
  void beginsWithOnStringsAndBinary() {
    assertThat(holds("begins_with(s, :ab)")).isTrue();
    assertThat(holds("begins_with(s, :x)")).isFalse();
  }

  @Test
  void beginsWithANumberOperandIsRefused() {
    assertThatThrownBy(() -> holds("begins_with(s, :one)"))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N (Service");
  }

  @Test
  void containsOnStringsSetsAndLists() {
    assertThat(holds("contains(s, :abc)")).isTrue();
    assertThat(holds("contains(tags, :x)")).isTrue();
    assertThat(holds("contains(l, :one)")).isTrue();
    assertThat(holds("contains(tags, :abc)")).isFalse();
  }

  @Test
  void sizeOfStringsSetsAndLists() {
    assertThat(holds("size(s) > :two AND size(tags) = :two AND size(l) = :two")).isTrue();
  }

  @Test
  void sizeOfANumberFailsLoudly() {
    assertThatThrownBy(() -> holds("size(n) = :one"))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("MemoryDynamoDb does not support size() of an attribute of type N (DynamoDB documents no result for it) (Service");
  }

  @Test
  void notBindsTighterThanAndWhichBindsTighterThanOr() {
    // OR(false, AND(true, NOT false)) = true; a left-to-right reading would give false.
    assertThat(holds("n = :one OR n = :two AND NOT n = :ten")).isTrue();
    // AND(NOT true, ...) = false.
    assertThat(holds("NOT n = :two AND n = :two")).isFalse();
  }

  @Test
  void parenthesesOverridePrecedence() {
    assertThat(holds("(n = :one OR n = :two) AND n = :ten")).isFalse();
  }

  @Test
  void keywordsAreCaseInsensitive() {
    assertThat(holds("n between :one and :two aNd not n = :ten")).isTrue();
  }

  @Test
  void equalityOfListsIsDeep() {
    assertThat(holds("l = :list")).isTrue();
  }

  @Test
  void reservedWordAsANameIsRefused() {
    assertThatThrownBy(() -> holds("status = :one"))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status (Service");
  }

  @Test
  void syntaxErrorIsRefused() {
    assertThatThrownBy(() -> holds("n = = :one"))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :one\" (Service");
  }

  @Test
  void unknownFunctionIsRefused() {
    assertThatThrownBy(() -> holds("exists(n)"))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Invalid ConditionExpression: Invalid function name; function: exists (Service");
  }

  @Test
  void nestedPathsFailLoudly() {
    assertThatThrownBy(() -> holds("l[0] = :one"))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("MemoryDynamoDb does not support nested document paths (a.b, a[0]) in ConditionExpression: l[ (Service");
  }

  @Test
  void conditionOnAMissingItemSeesNoAttributes() {
    assertThatThrownBy(() -> client.putItem(r -> r.tableName("things").item(item("pk", s("new"))).conditionExpression("attribute_exists(pk)")))
        .isInstanceOf(ConditionalCheckFailedException.class);
  }
}
