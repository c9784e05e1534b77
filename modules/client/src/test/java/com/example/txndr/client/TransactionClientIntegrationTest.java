package com.example.txndr.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client over HTTP against the real API ({@code ApiHandler} behind the local server, on the
 * in-memory DynamoDB), through a failover name on loopback that can be moved from a demoted region
 * to the active one.
 */
class TransactionClientIntegrationTest {
  private static ServedRegion active;
  private static ServedRegion standby;

  @BeforeAll
  static void serve() throws IOException {
    active = ServedRegion.active();
    standby = ServedRegion.standby();
  }

  @AfterAll
  static void stop() {
    active.close();
    standby.close();
  }

  private static TransactionClient client(int port, Transport transport, Duration deadline) {
    return TransactionClient.builder(URI.create("http://127.0.0.1:" + port))
        .transport(transport).policy(RetryPolicy.standard().withDeadline(deadline)).build();
  }

  @Test
  void commitsReplaysDeclinesRefusesAndReads() {
    TransactionClient client = client(active.port(), new JdkTransport(), Duration.ofSeconds(30));

    TransferOutcome deposit = client.submit(Transfer.deposit("alice", new BigDecimal("100.00"), "USD"));
    assertThat(deposit).isInstanceOf(TransferOutcome.Committed.class);
    TransferOutcome.Committed committed = (TransferOutcome.Committed) deposit;
    assertThat(committed.region()).isEqualTo("us-west-2");
    assertThat(committed.epoch()).isPositive();
    assertThat(committed.replayed()).isFalse();

    TransferOutcome again = client.submit(Transfer.deposit("alice", new BigDecimal("100.00"), "USD"),
        committed.idempotencyKey());
    assertThat(again).isInstanceOfSatisfying(TransferOutcome.Committed.class, replay -> {
      assertThat(replay.replayed()).isTrue();
      assertThat(replay.transactionId()).isEqualTo(committed.transactionId());
    });

    assertThat(client.submit(Transfer.withdrawal("alice", new BigDecimal("1000.00"), "USD")))
        .isInstanceOfSatisfying(TransferOutcome.Declined.class,
            declined -> assertThat(declined.message()).contains("nothing was moved"));
    assertThat(client.submit(Transfer.withdrawal("alice", new BigDecimal("1.001"), "USD")))
        .isInstanceOfSatisfying(Refused.class, refused -> assertThat(refused.status()).isEqualTo(400));

    assertThat(client.transaction(committed.transactionId())).isInstanceOfSatisfying(LookupOutcome.Found.class,
        found -> assertThat(found.body().path("transactionId").asText()).isEqualTo(committed.transactionId()));
    assertThat(client.transaction("no-such-transaction")).isInstanceOfSatisfying(
        LookupOutcome.NotFoundInRegion.class, missing -> assertThat(missing.message()).contains("in this region"));
  }

  @Test
  void followsTheNameWhenItMovesToTheActiveRegion() throws IOException {
    try (FailoverName name = new FailoverName(standby.port())) {
      MovingAfterFirstAnswer transport = new MovingAfterFirstAnswer(new JdkTransport(), name, active.port());

      TransferOutcome outcome = client(name.port(), transport, Duration.ofSeconds(30))
          .submit(Transfer.deposit("carol", new BigDecimal("5.00"), "USD"));

      assertThat(outcome).isInstanceOfSatisfying(TransferOutcome.Committed.class, committed -> {
        assertThat(committed.region()).isEqualTo("us-west-2");
        assertThat(committed.attempts()).isEqualTo(2);
      });
      assertThat(transport.statuses).containsExactly(503, 201);
    }
  }

  /**
   * The baseline: the same client whose transport keeps its pooled connection after the standby's
   * 503. The name has moved, but the connection has not: every retry reaches the demoted region
   * until the deadline. This is what {@link Transport#reconnect} is for.
   */
  @Test
  void withoutNewConnectionsAClientStaysOnTheRegionTheNameLeft() throws IOException {
    try (FailoverName name = new FailoverName(standby.port())) {
      JdkTransport pooled = new JdkTransport();
      MovingAfterFirstAnswer transport = new MovingAfterFirstAnswer(new Transport() {
        @Override
        public Reply send(Call call, Duration timeout) throws IOException, InterruptedException {
          return pooled.send(call, timeout);
        }
      }, name, active.port());

      TransferOutcome outcome = client(name.port(), transport, Duration.ofSeconds(12))
          .submit(Transfer.deposit("dave", new BigDecimal("5.00"), "USD"));

      assertThat(outcome).isInstanceOfSatisfying(Unknown.class,
          unknown -> assertThat(unknown.lastSeen()).startsWith("503 NOT_ACTIVE_REGION"));
      assertThat(transport.statuses).hasSizeGreaterThan(1).containsOnly(503);
    }
  }

  /** Moves the name to {@code port} once the first attempt is answered, and keeps every status. */
  private static final class MovingAfterFirstAnswer implements Transport {
    private final Transport delegate;
    private final FailoverName name;
    private final int port;
    final List<Integer> statuses = new ArrayList<>();

    MovingAfterFirstAnswer(Transport delegate, FailoverName name, int port) {
      this.delegate = delegate;
      this.name = name;
      this.port = port;
    }

    @Override
    public Reply send(Call call, Duration timeout) throws IOException, InterruptedException {
      Reply reply = delegate.send(call, timeout);
      statuses.add(reply.status());
      name.moveTo(port);
      return reply;
    }

    @Override
    public void reconnect() {
      delegate.reconnect();
    }
  }
}
