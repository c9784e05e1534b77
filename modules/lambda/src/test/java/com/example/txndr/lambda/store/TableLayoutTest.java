package com.example.txndr.lambda.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The control table's keys are those of docs/conventions.md ("Table layout"): the IAM grants bound roles by them. */
class TableLayoutTest {
  private static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
  }

  @Test
  void theControlTablesItemsHaveTheDocumentedKeys() {
    assertThat(TableLayout.leaseKey()).isEqualTo(key("LEASE", "LEASE"));
    assertThat(TableLayout.keeperKey("us-west-2")).isEqualTo(key("KEEPER#us-west-2", "KEEPER"));
    assertThat(TableLayout.epochRecordKey(7)).isEqualTo(key("EPOCHS", "E#000000000007"));
    assertThat(TableLayout.noticeKey(7)).isEqualTo(key("NOTICE#7", "NOTICE"));
    assertThat(TableLayout.reconciliationLockKey()).isEqualTo(key("RECONCILIATION", "LOCK"));
  }
}
