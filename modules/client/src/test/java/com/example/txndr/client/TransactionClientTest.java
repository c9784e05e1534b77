package com.example.txndr.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class TransactionClientTest {
  private static final String COMMITTED = "{\"transactionId\":\"t-1\",\"region\":\"us-west-2\",\"epoch\":2}";
  private static final Transfer TRANSFER = Transfer.between("alice", "bob", new BigDecimal("10.00"), "USD");

  private final ScriptedTransport transport = new ScriptedTransport();
  private final FakeClock clock = new FakeClock();
  private final AtomicInteger keys = new AtomicInteger();

  /** Jitter at its ceiling, so that a back-off's bound shows in the sleeps. */
  private static final RandomGenerator CEILING = new RandomGenerator() {
    @Override
    public long nextLong() {
      return 0;
    }

    @Override
    public long nextLong(long bound) {
      return bound - 1;
    }
  };

  private TransactionClient client(RetryPolicy policy) {
    return TransactionClient.builder(URI.create("https://api.bank.example/"))
        .transport(transport).clock(clock).random(CEILING).policy(policy)
        .keys(() -> "key-" + keys.incrementAndGet()).build();
  }

  private TransactionClient client() {
    return client(RetryPolicy.standard());
  }

  @Test
  void everyAttemptOfOneRequestCarriesTheSameKeyAcrossAFailover() {
    transport.silence()
        .error(503, "NOT_ACTIVE_REGION", Map.of("Retry-After", "5"))
        .error(409, "REQUEST_IN_PROGRESS", Map.of("Retry-After", "1"))
        .answer(201, COMMITTED);

    TransferOutcome outcome = client().submit(TRANSFER);

    assertThat(outcome).isEqualTo(new TransferOutcome.Committed("key-1", "t-1", "us-west-2", 2, false, 4,
        ((TransferOutcome.Committed) outcome).body()));
    assertThat(transport.sent).extracting(c -> c.header("Idempotency-Key")).containsOnly("key-1").hasSize(4);
    assertThat(transport.sent).extracting(Transport.Call::body).containsOnly(TRANSFER.json());
    assertThat(transport.sent.get(0).uri()).isEqualTo(URI.create("https://api.bank.example/transactions"));
    assertThat(transport.sent.get(0).header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void noAnswerAndServerErrorsDropTheConnectionsButConflictsAndThrottlingKeepThem() {
    transport.silence()
        .error(503, "NOT_ACTIVE_REGION", Map.of())
        .error(409, "TRANSACTION_CONFLICT", Map.of())
        .answer(429, "{\"message\":\"Too Many Requests\"}")
        .error(502, "BAD_GATEWAY", Map.of())
        .answer(201, COMMITTED);

    assertThat(client().submit(TRANSFER)).isInstanceOf(TransferOutcome.Committed.class);
    assertThat(transport.reconnects).isEqualTo(3);
  }

  @Test
  void retryAfterIsTheShortestWaitAndTheBackOffDoublesToItsCeiling() {
    transport.error(503, "SERVICE_UNAVAILABLE", Map.of()).error(503, "SERVICE_UNAVAILABLE", Map.of())
        .error(503, "SERVICE_UNAVAILABLE", Map.of()).error(503, "SERVICE_UNAVAILABLE", Map.of())
        .error(503, "SERVICE_UNAVAILABLE", Map.of()).error(503, "SERVICE_UNAVAILABLE", Map.of())
        .error(503, "NOT_ACTIVE_REGION", Map.of("Retry-After", "7"))
        .answer(201, COMMITTED);

    client().submit(TRANSFER);

    assertThat(clock.sleeps).containsExactly(200L, 400L, 800L, 1600L, 3200L, 5000L, 7000L);
  }

  @Test
  void theJitterIsFullSoThatClientsThatFailedTogetherDoNotRetryTogether() {
    transport.error(503, "SERVICE_UNAVAILABLE", Map.of()).error(503, "SERVICE_UNAVAILABLE", Map.of())
        .answer(201, COMMITTED);
    TransactionClient client = TransactionClient.builder(URI.create("https://api.bank.example"))
        .transport(transport).clock(clock).random(new java.util.SplittableRandom(7)).build();

    client.submit(TRANSFER);

    assertThat(clock.sleeps).hasSize(2);
    assertThat(clock.sleeps.get(0)).isBetween(0L, 200L);
    assertThat(clock.sleeps.get(1)).isBetween(0L, 400L);
    assertThat(clock.sleeps).isNotEqualTo(java.util.List.of(200L, 400L));
  }

  @Test
  void anHttpDateRetryAfterCountsFromNow() {
    String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        Instant.ofEpochMilli(clock.now + 30_000).atOffset(ZoneOffset.UTC));
    transport.error(503, "NOT_ACTIVE_REGION", Map.of("retry-after", in30s)).answer(201, COMMITTED);

    client().submit(TRANSFER);

    assertThat(clock.sleeps).containsExactly(30_000L);
  }

  @Test
  void theDeadlineEndsInUnknownWithTheKeyToResumeWithoutSleepingPastIt() {
    transport.error(503, "NOT_ACTIVE_REGION", Map.of("Retry-After", "5"));
    long started = clock.now;

    TransferOutcome outcome = client(RetryPolicy.standard().withDeadline(Duration.ofSeconds(30))).submit(TRANSFER);

    assertThat(outcome).isInstanceOf(Unknown.class);
    Unknown unknown = (Unknown) outcome;
    assertThat(unknown.idempotencyKey()).isEqualTo("key-1");
    assertThat(unknown.lastStatus()).isEqualTo(503);
    assertThat(unknown.lastSeen()).startsWith("503 NOT_ACTIVE_REGION").contains("deadline");
    assertThat(unknown.attempts()).isEqualTo(6);
    assertThat(clock.now - started).isLessThan(30_000);
  }

  @Test
  void anAttemptNeverWaitsPastTheDeadline() {
    transport.silence();

    client(new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(100), Duration.ofMillis(100),
        Duration.ofMillis(15_000), Duration.ofSeconds(10))).submit(TRANSFER);

    assertThat(transport.timeouts.get(0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(transport.timeouts).allMatch(t -> t.compareTo(Duration.ofSeconds(10)) <= 0);
  }

  @Test
  void resumingAnUnknownRequestSendsItsKey() {
    transport.answer(200, COMMITTED, Map.of("Idempotent-Replayed", "true"));

    TransferOutcome outcome = client().submit(TRANSFER, "key-from-yesterday");

    assertThat(transport.sent.get(0).header("Idempotency-Key")).isEqualTo("key-from-yesterday");
    assertThat(((TransferOutcome.Committed) outcome).replayed()).isTrue();
  }

  @Test
  void eachNewRequestGetsItsOwnKey() {
    transport.answer(201, COMMITTED);
    TransactionClient client = client();

    client.submit(TRANSFER);
    client.submit(TRANSFER);

    assertThat(transport.sent).extracting(c -> c.header("Idempotency-Key")).containsExactly("key-1", "key-2");
  }

  @Test
  void aDeclineIsFinalAndNotRetried() {
    transport.error(422, "INSUFFICIENT_FUNDS", Map.of());

    TransferOutcome outcome = client().submit(TRANSFER);

    assertThat(outcome).isEqualTo(new TransferOutcome.Declined("key-1", "INSUFFICIENT_FUNDS",
        "INSUFFICIENT_FUNDS message", false, 1));
    assertThat(transport.sent).hasSize(1);
  }

  @Test
  void aWrongRequestIsRefusedAndNotRetried() {
    transport.error(422, "IDEMPOTENCY_KEY_REUSED", Map.of());
    assertThat(client().submit(TRANSFER)).isEqualTo(new Refused(422, "IDEMPOTENCY_KEY_REUSED",
        "IDEMPOTENCY_KEY_REUSED message", 1));

    ScriptedTransport unauthorized = new ScriptedTransport().answer(401, "{\"message\":\"Unauthorized\"}");
    TransferOutcome outcome = TransactionClient.builder(URI.create("https://api.bank.example"))
        .transport(unauthorized).clock(clock).build().submit(TRANSFER);
    assertThat(outcome).isEqualTo(new Refused(401, null, "{\"message\":\"Unauthorized\"}", 1));
    assertThat(unauthorized.sent).hasSize(1);
  }

  @Test
  void oneAttemptPolicyReportsUnknownAfterTheFirstAnswerThatIsNotDefinitive() {
    transport.error(503, "NOT_ACTIVE_REGION", Map.of("Retry-After", "5")).answer(201, COMMITTED);

    TransferOutcome outcome = client(RetryPolicy.singleAttempt(Duration.ofSeconds(15))).postCanary("canary-key");

    assertThat(outcome).isEqualTo(new Unknown("canary-key", 503, "503 NOT_ACTIVE_REGION", 1));
    assertThat(clock.sleeps).isEmpty();
    assertThat(transport.sent.get(0).uri()).isEqualTo(URI.create("https://api.bank.example/canary"));
    assertThat(transport.sent.get(0).body()).isNull();
  }

  @Test
  void theBearerTokenIsAskedForOnEveryAttempt() {
    transport.silence().answer(201, COMMITTED);
    AtomicInteger tokens = new AtomicInteger();
    TransactionClient client = TransactionClient.builder(URI.create("https://api.bank.example"))
        .transport(transport).clock(clock).signer(RequestSigner.bearer(() -> "token-" + tokens.incrementAndGet()))
        .build();

    client.submit(TRANSFER);

    assertThat(transport.sent).extracting(c -> c.header("Authorization"))
        .containsExactly("Bearer token-1", "Bearer token-2");
  }

  @Test
  void readsFindTheTransactionOrSayItIsNotInThisRegion() {
    transport.answer(200, COMMITTED);
    assertThat(client().transaction("t-1")).isInstanceOf(LookupOutcome.Found.class);
    assertThat(transport.sent.get(0).uri()).isEqualTo(URI.create("https://api.bank.example/transactions/t-1"));
    assertThat(transport.sent.get(0).header("Idempotency-Key")).isNull();

    ScriptedTransport lagging = new ScriptedTransport().error(503, "SERVICE_UNAVAILABLE", Map.of())
        .error(404, "NOT_FOUND", Map.of());
    LookupOutcome outcome = TransactionClient.builder(URI.create("https://api.bank.example"))
        .transport(lagging).clock(clock).build().canary("t-2");
    assertThat(outcome).isEqualTo(new LookupOutcome.NotFoundInRegion("NOT_FOUND message", 2));
    assertThat(lagging.sent.get(0).uri().getPath()).isEqualTo("/canary/t-2");
  }

  @Test
  void aTransactionIdThatIsNotOneIsRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> client().transaction("../accounts/alice"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../accounts/alice");
    assertThatThrownBy(() -> client().transaction("..")).isInstanceOf(IllegalArgumentException.class);
    assertThat(transport.sent).isEmpty();
  }

  @Test
  void anInterruptedWaitEndsInUnknownAndKeepsTheInterrupt() {
    transport.error(503, "NOT_ACTIVE_REGION", Map.of());
    ClientClock interrupting = new ClientClock() {
      @Override
      public long nowMillis() {
        return 0;
      }

      @Override
      public void sleep(long millis) throws InterruptedException {
        throw new InterruptedException();
      }
    };
    TransferOutcome outcome = TransactionClient.builder(URI.create("https://api.bank.example"))
        .transport(transport).clock(interrupting).build().submit(TRANSFER, "k");
    try {
      assertThat(outcome).isInstanceOf(Unknown.class);
      assertThat(((Unknown) outcome).lastSeen()).startsWith("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void badSettingsAreRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> TransactionClient.builder(URI.create("/relative")))
        .hasMessageContaining("absolute with a host");
    assertThatThrownBy(() -> TransactionClient.builder(URI.create("https://api.bank.example/?stage=x")))
        .hasMessageContaining("no query");
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1),
        Duration.ofSeconds(1))).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(1))).hasMessageContaining("maxDelay");
    assertThatThrownBy(() -> Transfer.deposit(null, BigDecimal.ONE, "USD")).hasMessageContaining("destination");
    assertThatThrownBy(() -> RequestSigner.bearer(() -> "").sign(
        new Transport.Call("GET", URI.create("https://x"), Map.of(), null))).hasMessageContaining("no token");
  }

  @Test
  void retryAfterValuesThatAreNotOneAreIgnored() {
    assertThat(RetryPolicy.retryAfterMillis(null, 0)).isZero();
    assertThat(RetryPolicy.retryAfterMillis("soon", 0)).isZero();
    assertThat(RetryPolicy.retryAfterMillis("-3", 0)).isZero();
    assertThat(RetryPolicy.retryAfterMillis("99999999999999999999", 0)).isZero();
    assertThat(RetryPolicy.retryAfterMillis(" 2 ", 0)).isEqualTo(2_000);
    assertThat(RetryPolicy.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT", Long.MAX_VALUE)).isZero();
  }

  @Test
  void theTransferBodyCarriesTheAmountAsADecimalString() {
    assertThat(Transfer.withdrawal("alice", new BigDecimal("1.50"), "EUR").json())
        .isEqualTo("{\"type\":\"WITHDRAWAL\",\"sourceAccount\":\"alice\",\"amount\":\"1.50\",\"currency\":\"EUR\"}");
    assertThat(Transfer.deposit("bob", new BigDecimal("1E+3"), "USD").json()).contains("\"amount\":\"1000\"");
  }
}
