package com.example.txndr.simulation.world;

import com.example.txndr.client.ClientClock;
import com.example.txndr.client.Refused;
import com.example.txndr.client.RequestSigner;
import com.example.txndr.client.RetryPolicy;
import com.example.txndr.client.TransactionClient;
import com.example.txndr.client.Transfer;
import com.example.txndr.client.TransferOutcome;
import com.example.txndr.client.Transport;
import com.example.txndr.lambda.domain.Caller;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A bank's system in the simulation: the API's Java client ({@link TransactionClient}, its
 * standard retry policy with a {@link #GIVE_UP_MILLIS} deadline) on the virtual clock, with a
 * bearer token from the identity provider, calling the failover name over a {@link SimTransport}.
 * What the client decides (the key, the retries, the back-off, the outcome) is the shipped client's;
 * the history records each request and every attempt.
 */
public final class SimClient {
  public static final long GIVE_UP_MILLIS = 10 * 60_000;
  /** The client's failover name (resolved by the client's own resolver, {@link Route53#resolve}). */
  public static final URI FAILOVER_NAME = URI.create("https://api.bank.example");
  public static final RetryPolicy POLICY = RetryPolicy.standard().withDeadline(Duration.ofMillis(GIVE_UP_MILLIS));
  /** The longest back-off between two attempts (a Retry-After may ask for longer). */
  public static final long BACK_OFF_CEILING_MILLIS = POLICY.maxDelay().toMillis();
  /** How long an attempt to a region that does not answer takes to fail. */
  public static final long TIMEOUT_MILLIS = 3_000;

  private final String name;
  private final Caller caller;
  private final Scheduler scheduler;
  private final History history;
  private final SimTransport transport;
  private final TransactionClient client;
  private int sequence;

  /**
   * @param wire what stands between the client and the transport: nothing for the shipped client,
   *     {@link KeyPerAttempt} for the baseline that makes a new key on each retry
   */
  public SimClient(String name, Scheduler scheduler, Route53 dns, Endpoints endpoints, History history, Random random,
      UnaryOperator<Transport> wire) {
    this.name = name;
    this.caller = new Caller("jwt:" + SimJwtAuthorizer.ISSUER + "|" + name);
    this.scheduler = scheduler;
    this.history = history;
    this.transport = new SimTransport(name, dns, endpoints, history, scheduler);
    String token = SimJwtAuthorizer.token(name);
    this.client = TransactionClient.builder(FAILOVER_NAME)
        .transport(wire.apply(transport))
        .signer(RequestSigner.bearer(() -> token))
        .policy(POLICY)
        .clock(new ClientClock() {
          @Override
          public long nowMillis() {
            return scheduler.now();
          }

          @Override
          public void sleep(long millis) {
            scheduler.sleep(millis);
          }
        })
        .random(random)
        .keys(() -> name + "-" + (++sequence))
        .build();
  }

  public SimClient(String name, Scheduler scheduler, Route53 dns, Endpoints endpoints, History history, Random random) {
    this(name, scheduler, dns, endpoints, history, random, UnaryOperator.identity());
  }

  /** The caller the function must derive from this client's token. */
  public Caller caller() {
    return caller;
  }

  /** Sends one request until it is definitive or the client gives up; records it in the history. */
  public void send(int opId, Workload.Request request) {
    transport.request(opId);
    long invoked = scheduler.now();
    String key = client.newKey();
    TransferOutcome outcome = client.submit(transfer(request), key);
    History.Outcome kind = History.Outcome.UNKNOWN;
    String transactionId = null;
    long epoch = 0;
    boolean replayed = false;
    if (outcome instanceof TransferOutcome.Committed committed) {
      kind = History.Outcome.OK;
      transactionId = committed.transactionId();
      epoch = committed.epoch();
      replayed = committed.replayed();
    } else if (outcome instanceof TransferOutcome.Declined declined) {
      kind = History.Outcome.DECLINED;
      replayed = declined.replayed();
    } else if (outcome instanceof Refused) {
      kind = History.Outcome.REFUSED;
    }
    history.op(new History.Op(opId, name, caller.id(), key, request.type(), request.source(), request.destination(),
        request.amount(), invoked, scheduler.now(), kind, transport.lastStatus(), transactionId, transport.lastRegion(), epoch,
        replayed, outcome.attempts()));
  }

  private static Transfer transfer(Workload.Request request) {
    return new Transfer(Transfer.Type.valueOf(request.type()), request.source(), request.destination(),
        request.amount(), "USD");
  }
}
