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
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

class ItemsTest {
  private final MemoryDynamoDb memory = new MemoryDynamoDb();
  private final DynamoDbClient client = Fixture.client(memory, "us-east-1");

  @BeforeEach
  void createTable() {
    client.createTable(Fixture.hashTable("accounts"));
  }

  private void put(Map<String, AttributeValue> item) {
    client.putItem(r -> r.tableName("accounts").item(item));
  }

  private Map<String, AttributeValue> get(String pk) {
    return client.getItem(r -> r.tableName("accounts").key(item("pk", s(pk)))).item();
  }

  @Test
  void putThenGetReturnsTheItem() {
    put(item("pk", s("a"), "balance", n("5"), "name", s("Ann")));

    assertThat(get("a")).isEqualTo(item("pk", s("a"), "balance", n("5"), "name", s("Ann")));
  }

  @Test
  void getOfAMissingItemHasNoItem() {
    GetItemResponse response = client.getItem(r -> r.tableName("accounts").key(item("pk", s("nobody"))));

    assertThat(response.hasItem()).isFalse();
  }

  @Test
  void everyAttributeTypeRoundTrips() {
    Map<String, AttributeValue> all = item(
        "pk", s("a"),
        "s", s(""),
        "n", n("-1.5"),
        "b", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")),
        "bool", AttributeValue.fromBool(true),
        "null", AttributeValue.fromNul(true),
        "m", AttributeValue.fromM(item("x", n("1"), "y", AttributeValue.fromL(List.of(s("z"))))),
        "l", AttributeValue.fromL(List.of(n("1"), s("two"))),
        "ss", AttributeValue.fromSs(List.of("x", "y")),
        "ns", AttributeValue.fromNs(List.of("1", "2.5")),
        "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("p"), SdkBytes.fromUtf8String("q"))));
    put(all);

    assertThat(get("a")).isEqualTo(all);
  }

  @Test
  void numbersComeBackInDynamoDbsNormalForm() {
    put(item("pk", s("a"), "x", n("10.00"), "y", n("0100"), "z", n("1E+2"), "w", n("-0.0")));

    assertThat(get("a")).containsEntry("x", n("10")).containsEntry("y", n("100")).containsEntry("z", n("100")).containsEntry("w", n("0"));
  }

  @Test
  void numberOfMoreThan38DigitsIsRefused() {
    assertThatThrownBy(() -> put(item("pk", s("a"), "x", n("123456789012345678901234567890123456789"))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Attempting to store more than 38 significant digits in a Number (Service: DynamoDb, Status Code: 400");
  }

  @Test
  void putReplacesTheWholeItem() {
    put(item("pk", s("a"), "old", s("x")));
    put(item("pk", s("a"), "new", s("y")));

    assertThat(get("a")).isEqualTo(item("pk", s("a"), "new", s("y")));
  }

  @Test
  void putWithAllOldReturnsThePreviousItem() {
    put(item("pk", s("a"), "v", n("1")));

    PutItemResponse response = client.putItem(r -> r.tableName("accounts").item(item("pk", s("a"), "v", n("2"))).returnValues(ReturnValue.ALL_OLD));

    assertThat(response.attributes()).isEqualTo(item("pk", s("a"), "v", n("1")));
  }

  @Test
  void putWithAllOldOfANewItemReturnsNoAttributes() {
    PutItemResponse response = client.putItem(r -> r.tableName("accounts").item(item("pk", s("a"))).returnValues(ReturnValue.ALL_OLD));

    assertThat(response.hasAttributes()).isFalse();
  }

  @Test
  void putWithAllNewIsRefused() {
    assertThatThrownBy(() -> client.putItem(r -> r.tableName("accounts").item(item("pk", s("a"))).returnValues(ReturnValue.ALL_NEW)))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("ReturnValues can only be ALL_OLD or NONE (Service: DynamoDb, Status Code: 400");
  }

  @Test
  void failedPutConditionReturnsTheItemWhenAskedForAllOld() {
    put(item("pk", s("a"), "v", n("1")));

    assertThatThrownBy(() -> client.putItem(r -> r.tableName("accounts").item(item("pk", s("a")))
        .conditionExpression("attribute_not_exists(pk)")
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
        .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
          assertThat(e.item()).isEqualTo(item("pk", s("a"), "v", n("1")));
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
        });
  }

  @Test
  void failedPutConditionReturnsNoItemByDefault() {
    put(item("pk", s("a"), "v", n("1")));

    assertThatThrownBy(() -> client.putItem(r -> r.tableName("accounts").item(item("pk", s("a"))).conditionExpression("attribute_not_exists(pk)")))
        .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> assertThat(e.hasItem()).isFalse());
  }

  @Test
  void failedConditionLeavesTheItemUnchanged() {
    put(item("pk", s("a"), "v", n("1")));

    assertThatThrownBy(() -> client.putItem(r -> r.tableName("accounts").item(item("pk", s("a"), "v", n("2"))).conditionExpression("attribute_not_exists(pk)")))
        .isInstanceOf(ConditionalCheckFailedException.class);
    assertThat(get("a")).isEqualTo(item("pk", s("a"), "v", n("1")));
  }

  @Test
  void deleteRemovesTheItemAndReturnsItWithAllOld() {
    put(item("pk", s("a"), "v", n("1")));

    Map<String, AttributeValue> old = client.deleteItem(r -> r.tableName("accounts").key(item("pk", s("a"))).returnValues(ReturnValue.ALL_OLD)).attributes();

    assertThat(old).isEqualTo(item("pk", s("a"), "v", n("1")));
    assertThat(get("a")).isEmpty();
  }

  @Test
  void deleteWithAFailedConditionKeepsTheItem() {
    put(item("pk", s("a"), "v", n("1")));

    assertThatThrownBy(() -> client.deleteItem(r -> r.tableName("accounts").key(item("pk", s("a")))
        .conditionExpression("v = :two").expressionAttributeValues(Map.of(":two", n("2")))))
        .isInstanceOf(ConditionalCheckFailedException.class);
    assertThat(get("a")).isNotEmpty();
  }

  @Test
  void projectionReturnsOnlyTheNamedAttributes() {
    put(item("pk", s("a"), "v", n("1"), "status", s("open"), "other", s("x")));

    Map<String, AttributeValue> got = client.getItem(r -> r.tableName("accounts").key(item("pk", s("a")))
        .projectionExpression("v, #s, nothere").expressionAttributeNames(Map.of("#s", "status")).consistentRead(true)).item();

    assertThat(got).isEqualTo(item("v", n("1"), "status", s("open")));
  }

  @Test
  void putWithoutTheKeyIsRefused() {
    assertThatThrownBy(() -> put(item("other", s("x"))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("One or more parameter values were invalid: Missing the key pk in the item (Service: DynamoDb, Status Code: 400");
  }

  @Test
  void putWithAKeyOfTheWrongTypeIsRefused() {
    assertThatThrownBy(() -> put(item("pk", n("1"))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N (Service: DynamoDb");
  }

  @Test
  void emptyStringKeyIsRefused() {
    assertThatThrownBy(() -> put(item("pk", s(""))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk (Service: DynamoDb");
  }

  @Test
  void getWithAKeyThatDoesNotMatchTheSchemaIsRefused() {
    assertThatThrownBy(() -> client.getItem(r -> r.tableName("accounts").key(item("id", s("a")))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("The provided key element does not match the schema (Service: DynamoDb");
  }

  @Test
  void itemOver400KbIsRefused() {
    assertThatThrownBy(() -> put(item("pk", s("a"), "blob", s("x".repeat(400 * 1024)))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Item size has exceeded the maximum allowed size (Service: DynamoDb");
  }

  @Test
  void itemOfExactly400KbIsStored() {
    // 2 + 1 bytes of key, 4 of the name "blob": the value takes the rest of 409,600 bytes.
    put(item("pk", s("a"), "blob", s("x".repeat(400 * 1024 - 7))));

    assertThat(get("a")).containsKey("blob");
  }

  @Test
  void itemOperationOnAMissingTableIsResourceNotFound() {
    assertThatThrownBy(() -> client.getItem(r -> r.tableName("nothing").key(item("pk", s("a")))))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageStartingWith("Requested resource not found (Service: DynamoDb");
  }

  @Test
  void emptySetIsRefused() {
    assertThatThrownBy(() -> put(item("pk", s("a"), "tags", AttributeValue.fromSs(List.of()))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("One or more parameter values were invalid: An string set  may not be empty (Service: DynamoDb");
  }

  @Test
  void legacyParametersFailLoudly() {
    assertThatThrownBy(() -> client.getItem(r -> r.tableName("accounts").key(item("pk", s("a"))).attributesToGet("v")))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("MemoryDynamoDb does not support the AttributesToGet parameter of GetItem (Service: DynamoDb");
  }
}
