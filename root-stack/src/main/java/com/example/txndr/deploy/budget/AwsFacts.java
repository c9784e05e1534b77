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

  /** Where {@link #REQUESTS_PER_ENVIRONMENT_PER_SECOND} is documented. */
  public static final String LAMBDA_QUOTAS_DOC = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";
  /**
   * Lambda's quota "Invocation requests per function per Region (synchronous)": "Each instance of
   * your execution environment can serve up to 10 requests per second. In other words, the total
   * invocation limit is 10 times your concurrency limit." A function with reserved concurrency R
   * takes at most 10 × R synchronous requests per second, however short each one is; the HTTP API
   * answers the rest with errors.
   */
  public static final BigDecimal REQUESTS_PER_ENVIRONMENT_PER_SECOND = BigDecimal.TEN;

  /** Where {@link #VPC_COLD_START_SECONDS} is documented. */
  public static final String VPC_NETWORKING_DOC =
      "https://aws.amazon.com/blogs/compute/announcing-improved-vpc-networking-for-aws-lambda-functions/";
  /**
   * What a VPC attachment adds to a cold start: nothing the budget can count. Since Lambda's
   * Hyperplane ENIs (2019) the network interface is made when the function is created or updated
   * and shared by its execution environments, so a new environment no longer waits for an ENI.
   * Not zero in every case: an idle VPC function (uninvoked for weeks) loses its ENI and its next
   * invocation fails while Lambda makes a new one; the standby is never idle, its /health is
   * probed every 10 s by Route 53.
   */
  public static final BigDecimal VPC_COLD_START_SECONDS = BigDecimal.ZERO;

  /** How Route 53 decides a health check's status (the budget's DNS terms). */
  public static final String ROUTE53_HEALTH_DOC =
      "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html";
  /**
   * How long a change of a health check's status takes to reach the failover record's answers.
   * Route 53 documents no figure; 2 s is an assumption (the simulation's too), named as one in
   * the report.
   */
  public static final BigDecimal DNS_PROPAGATION_SECONDS = BigDecimal.valueOf(2);
  /**
   * How long a Route 53 checker waits for an HTTPS check before counting it failed: it must
   * establish the TCP connection within 4 s, and the endpoint must answer with a status within 2 s
   * after connecting (ROUTE53_HEALTH_DOC). A region that has gone silent fails its last check that
   * long after the check was sent.
   */
  public static final BigDecimal HEALTH_CHECK_RESPONSE_SECONDS = BigDecimal.valueOf(6);

  private AwsFacts() {}
}
