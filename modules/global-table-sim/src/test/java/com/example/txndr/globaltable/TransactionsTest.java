package com.example.txndr.globaltable;

import static com.example.txndr.globaltable.Fixture.item;
import static com.example.txndr.globaltable.Fixture.n;
import static com.example.txndr.globaltable.Fixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

class TransactionsTest {
  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final MemoryDynamoDb memory = new MemoryDynamoDb(clock);
  private final DynamoDbClient client = Fixture.client(memory, "us-east-1");

  @BeforeEach
  void createTable() {
    client.createTable(Fixture.hashTable("accounts"));
    client.putItem(r -> r.tableName("accounts").item(item("pk", s("a"), "balance", n("100"))));
    client.putItem(r -> r.tableName("accounts").item(item("pk", s("b"), "balance", n("0"))));
  }

  private Map<String, AttributeValue> get(String pk) {
    return client.getItem(r -> r.tableName("accounts").key(item("pk", s(pk)))).item();
  }

  private static TransactWriteItem debit(String pk, String amount) {
    return TransactWriteItem.builder().update(u -> u.tableName("accounts").key(item("pk", s(pk)))
        .updateExpression("SET balance = balance - :x").conditionExpression("balance >= :x")
        .expressionAttributeValues(Map.of(":x", n(amount)))
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
  }

  private static TransactWriteItem credit(String pk, String amount) {
    return TransactWriteItem.builder().update(u -> u.tableName("accounts").key(item("pk", s(pk)))
        .updateExpression("ADD balance :x").expressionAttributeValues(Map.of(":x", n(amount)))).build();
  }

  @Test
  void allActionsApplyTogether() {
    client.transactWriteItems(r -> r.transactItems(debit("a", "30.5"), credit("b", "30.5"),
        TransactWriteItem.builder().put(p -> p.tableName("accounts").item(item("pk", s("log"), "n", n("1")))).build(),
        TransactWriteItem.builder().conditionCheck(c -> c.tableName("accounts").key(item("pk", s("log2"))).conditionExpression("attribute_not_exists(pk)")).build()));

    assertThat(get("a")).containsEntry("balance", n("69.5"));
    assertThat(get("b")).containsEntry("balance", n("30.5"));
    assertThat(get("log")).isNotEmpty();
  }

  @Test
  void failedConditionWritesNothing() {
    assertThatThrownBy(() -> client.transactWriteItems(r -> r.transactItems(credit("b", "500"), debit("a", "500"))))
        .isInstanceOf(TransactionCanceledException.class);

    assertThat(get("a")).containsEntry("balance", n("100"));
    assertThat(get("b")).containsEntry("balance", n("0"));
  }

  @Test
  void reasonsAreInActionOrderWithNoneForActionsThatDidNotFail() {
    assertThatThrownBy(() -> client.transactWriteItems(r -> r.transactItems(credit("b", "500"), debit("a", "500"))))
        .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
          assertThat(e.cancellationReasons()).extracting(CancellationReason::code).containsExactly("None", "ConditionalCheckFailed");
          assertThat(e.cancellationReasons().get(1).message()).isEqualTo("The conditional request failed");
          assertThat(e.awsErrorDetails().errorMessage())
              .isEqualTo("Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]");
        });
  }

  @Test
  void failedActionThatAskedForAllOldCarriesTheItem() {
    assertThatThrownBy(() -> client.transactWriteItems(r -> r.transactItems(credit("b", "500"), debit("a", "500"))))
        .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
          assertThat(e.cancellationReasons().get(1).item()).isEqualTo(item("pk", s("a"), "balance", n("100")));
          assertThat(e.cancellationReasons().get(0).hasItem()).isFalse();
        });
  }

  @Test
  void failedActionWithoutAllOldCarriesNoItem() {
    TransactWriteItem check = TransactWriteItem.builder().conditionCheck(c -> c.tableName("accounts").key(item("pk", s("a")))
        .conditionExpression("attribute_not_exists(pk)")).build();

    assertThatThrownBy(() -> client.transactWriteItems(r -> r.transactItems(check)))
        .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons().get(0).hasItem()).isFalse());
  }

  @Test
  void typeErrorOfAnUpdateIsAValidationErrorReason() {
    client.putItem(r -> r.tableName("accounts").item(item("pk", s("c"), "balance", s("lots"))));

    assertThatThrownBy(() -> client.transactWriteItems(r -> r.transactItems(credit("c", "1"), credit("a", "1"))))
        .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
          assertThat(e.cancellationReasons()).extracting(CancellationReason::code).containsExactly("ValidationError", "None");
          assertThat(e.cancellationReasons().get(0).message()).isEqualTo("An operand in the update expression has an incorrect data type");
        });
  }

  @Test
  void twoActionsOnOneItemAreRefused() {
    assertThatThrownBy(() -> client.transactWriteItems(r -> r.transactItems(credit("a", "1"), debit("a", "1"))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("Transaction request cannot include multiple operations on one item (Service");
  }

  @Test
  void moreThan100ActionsAreRefused() {
    List<TransactWriteItem> actions = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      String pk = "k" + i;
      actions.add(TransactWriteItem.builder().put(p -> p.tableName("accounts").item(item("pk", s(pk)))).build());
    }

    assertThatThrownBy(() -> client.transactWriteItems(r -> r.transactItems(actions)))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageStartingWith("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100 (Service");
  }

  @Test
  void exactly100ActionsAreAccepted() {
    List<TransactWriteItem> actions = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String pk = "k" + i;
      actions.add(TransactWriteItem.builder().put(p -> p.tableName("accounts").item(item("pk", s(pk)))).build());
    }

    client.transactWriteItems(r -> r.transactItems(actions));

    assertThat(get("k99")).isNotEmpty();
  }

  @Test
  void actionOnAMissingTableIsResourceNotFound() {
    TransactWriteItem put = TransactWriteItem.builder().put(p -> p.tableName("nothing").item(item("pk", s("a")))).build();

    assertThatThrownBy(() -> client.transactWriteItems(r -> r.transactItems(put)))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageStartingWith("Requested resource not found (Service");
  }

  @Test
  void sameTokenAndRequestWithinTenMinutesAppliesOnce() {
    client.transactWriteItems(r -> r.clientRequestToken("t-1").transactItems(credit("b", "5")));
    clock.advance(Duration.ofMinutes(9));
    client.transactWriteItems(r -> r.clientRequestToken("t-1").transactItems(credit("b", "5")));

    assertThat(get("b")).containsEntry("balance", n("5"));
  }

  @Test
  void sameTokenAfterTenMinutesIsANewRequest() {
    client.transactWriteItems(r -> r.clientRequestToken("t-1").transactItems(credit("b", "5")));
    clock.advance(Duration.ofMinutes(10));
    client.transactWriteItems(r -> r.clientRequestToken("t-1").transactItems(credit("b", "5")));

    assertThat(get("b")).containsEntry("balance", n("10"));
  }

  @Test
  void sameTokenWithADifferentRequestIsAMismatch() {
    client.transactWriteItems(r -> r.clientRequestToken("t-1").transactItems(credit("b", "5")));

    assertThatThrownBy(() -> client.transactWriteItems(r -> r.clientRequestToken("t-1").transactItems(credit("b", "6"))))
        .isInstanceOf(IdempotentParameterMismatchException.class)
        .hasMessageStartingWith("Request parameters do not match the original request for this client request token (Service");
  }

  @Test
  void cancelledTransactionDoesNotClaimItsToken() {
    assertThatThrownBy(() -> client.transactWriteItems(r -> r.clientRequestToken("t-2").transactItems(debit("b", "5"))))
        .isInstanceOf(TransactionCanceledException.class);
    client.transactWriteItems(r -> r.clientRequestToken("t-2").transactItems(credit("b", "6")));

    assertThat(get("b")).containsEntry("balance", n("6"));
  }

  @Test
  void transactGetItemsReadsEachItemInOrder() {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    client.transactGetItems(r -> r.transactItems(
        g -> g.get(x -> x.tableName("accounts").key(item("pk", s("b")))),
        g -> g.get(x -> x.tableName("accounts").key(item("pk", s("nobody")))),
        g -> g.get(x -> x.tableName("accounts").key(item("pk", s("a"))).projectionExpression("balance"))))
        .responses().forEach(r -> items.add(r.hasItem() ? r.item() : null));

    assertThat(items).containsExactly(item("pk", s("b"), "balance", n("0")), null, item("balance", n("100")));
  }
}
