package com.example.txndr.lambda.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.domain.IdempotencyRecord;
import com.example.txndr.lambda.domain.Money;
import com.example.txndr.lambda.domain.Transaction;
import com.example.txndr.lambda.domain.TransactionType;
import com.example.txndr.lambda.fencing.ActiveRegion;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The fencing part of a commit, against a DynamoDB client that records the request. */
class TransactionRepositoryTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final ActiveRegion FENCE = new ActiveRegion("us-east-1", 4);

  private final List<TransactWriteItemsRequest> requests = new ArrayList<>();
  private boolean fenced;

  private final DynamoDbClient dynamoDb = new DynamoDbClient() {
    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
      requests.add(request);
      if (fenced) {
        throw TransactionCanceledException.builder().message("cancelled")
            .cancellationReasons(CancellationReason.builder().code("ConditionalCheckFailed").build(),
                CancellationReason.builder().code("None").build())
            .build();
      }
      return TransactWriteItemsResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  };

  private final TransactionRepository repository =
      new TransactionRepository(dynamoDb, "txn-dr-dev-transactions", ControlShards.of(16));

  private CommitOutcome commit(String idempotencyKey) {
    Transaction transaction = new Transaction("t-1", TransactionType.DEPOSIT, null, "alice",
        Money.of(new BigDecimal("1.00"), java.util.Currency.getInstance("USD")), Transaction.COMMITTED,
        "us-east-1", FENCE.epoch(), NOW, NOW);
    IdempotencyRecord record = new IdempotencyRecord("f", "t-1", 201, "{}", NOW.plusSeconds(86_400));
    return repository.commit(transaction, idempotencyKey, record, FENCE, NOW);
  }

  private ConditionCheck firstCheck() {
    return requests.get(0).transactItems().get(0).conditionCheck();
  }

  @Test
  void commitChecksTheControlShardOfItsIdempotencyKey() {
    commit("first-1");

    assertThat(firstCheck().key()).isEqualTo(Map.of(
        "pk", AttributeValue.fromS("CONTROL#7"), "sk", AttributeValue.fromS("ACTIVE_REGION")));
  }

  @Test
  void commitRequiresThisRegionAndTheEpochOfItsFence() {
    commit("first-1");

    assertThat(firstCheck().conditionExpression()).isEqualTo("#region = :region AND #epoch = :epoch");
    assertThat(firstCheck().expressionAttributeValues())
        .isEqualTo(Map.of(":region", AttributeValue.fromS("us-east-1"), ":epoch", AttributeValue.fromN("4")));
  }

  @Test
  void commitChecksOneShardOnly() {
    commit("first-1");

    assertThat(requests.get(0).transactItems()).filteredOn(item -> item.conditionCheck() != null).hasSize(1);
  }

  @Test
  void fencedCommitNamesTheShardThatRefused() {
    fenced = true;

    CommitOutcome outcome = commit("first-2");

    assertThat(outcome.kind()).isEqualTo(CommitOutcome.Kind.FENCED);
    assertThat(outcome.shard()).isEqualTo(13);
  }
}
