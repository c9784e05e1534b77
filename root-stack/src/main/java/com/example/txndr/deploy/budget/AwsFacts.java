package com.example.txndr.deploy.budget;

import java.math.BigDecimal;

/**
 * Fixed service behaviour the capacity checks need, from DESIGN.md "Hard facts to design by" and
 * the AWS documentation it cites. These are not settings of this system: no template can change
 * them, so they are constants with their source, never figures of the system.
 */
public final class AwsFacts {
  /** Where {@link #TRANSACTIONAL_WRITE_UNITS_PER_KB} is documented. */
  public static final String TRANSACTIONS_DOC =
      "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling";
  /** Where {@link #ITEM_WRITE_UNITS_PER_SECOND} is documented. */
  public static final String PARTITION_DOC =
      "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";
  /**
   * DynamoDB performs two underlying writes (prepare, commit) of every item of a
   * {@code TransactWriteItems}, a {@code ConditionCheck} included: 2 write units per item and KB.
   */
  public static final BigDecimal TRANSACTIONAL_WRITE_UNITS_PER_KB = BigDecimal.valueOf(2);
  /** One write unit covers an item of up to 1 KB; larger items take one unit per started KB. */
  public static final BigDecimal WRITE_UNIT_BYTES = BigDecimal.valueOf(1024);
  /** DESIGN.md: "1,000 WCU per partition key", whatever the table's warm throughput; one item is never split. */
  public static final BigDecimal ITEM_WRITE_UNITS_PER_SECOND = BigDecimal.valueOf(1_000);

  private AwsFacts() {}
}
