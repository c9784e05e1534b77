package com.example.txndr.lambda.bench;

import com.example.txndr.globaltable.MemoryDynamoDb;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.api.ApiHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * CPU time of the transaction processor per request, network excluded: a payload 2.0 event in,
 * the response out, through {@link ApiHandler#handleRequest}, on the system {@link Platform} (as
 * in Lambda), with the in-memory DynamoDB ({@link MemoryDynamoDb}) as the wire. Single thread.
 * Each iteration starts from a new region ({@link MemoryRegion}: the tables, the lease created by
 * one keeper tick, one funded account), so the table grows by one iteration's transactions at
 * most.
 *
 * <p><b>What the figure includes.</b> Since the rewrite a transaction reads before it writes (two
 * Queries: the key's records over every epoch, the debited account's movements) and its
 * transaction carries conditions, which a stub that answers every request with success cannot
 * serve; so the wire is {@code MemoryDynamoDb}, and {@link #postTransfer} includes the in-memory
 * service's own work: parsing each request (JSON and expressions), evaluating the key
 * conditions and conditions, applying the writes and writing its answers. The handler's own work
 * (validation, the fence from its cache, the SDK's marshalling, SigV4 signing and parsing of the
 * answers, the response) is the rest. {@link #postTransferServiceOnly} measures that share: the
 * very requests the handler sends for the same transfers (recorded as the SDK sent them, signed),
 * sent straight to {@code MemoryDynamoDb.httpClient()} with no SDK and no handler in between, in
 * the same state. {@code postTransfer - postTransferServiceOnly} is the handler's own time.
 *
 * <p><b>By how much.</b> On the build machine while it was quiet (2 vCPUs, load average about 1,
 * OpenJDK 17.0.15; this configuration: the warm-up by work, then JMH's 3 x 2 s and 10 x 2 s, 1
 * fork): {@code postTransfer} 290.2 ± 21.8 µs, {@code postTransferServiceOnly} 100.1 ± 9.7 µs.
 * So the in-memory service is about a third of the figure (34%) and the handler's own work, the
 * SDK included, about 190 µs (the stub-wire benchmark before the rewrite, with one request per
 * transfer instead of three, measured 37 µs); {@code getHealth} 64.1 ± 3.3 µs. Under load (load
 * average about 10 from other builds) every figure rises several-fold, the handler's the most
 * (1,658 ± 704 µs against 212 ± 99 µs in one such run): compare the two only from one run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
public class HandlerCpuBenchmark {
  /** Transfers per invocation of {@link #postTransferServiceOnly}: its setup per invocation stays well above JMH's timer resolution. */
  static final int BATCH = 200;
  /**
   * Enough for every transfer of a run, alice is never short of funds: one deposit of USD's
   * transaction limit, 810,000 transfers of 12.34, far more than a 2 s iteration makes.
   */
  static final String FUNDS = "10000000.00";
  /**
   * Transfers of the warm-up that every fork runs before JMH's own (time-based) warm-up: the JIT
   * needs about this many before {@code postTransfer} stops improving (on the quiet machine it
   * still improved through 16 s of warm-up), however slowly a shared machine runs them.
   */
  static final int WARMUP_TRANSFERS = 20_000;

  private static final String KEY_MARK = "KEY-MARK";
  private static final String[] TRANSFER_EVENT =
      new String(MemoryRegion.postEvent(KEY_MARK, MemoryRegion.transfer("alice", "bob", "12.34")), StandardCharsets.UTF_8)
          .split(KEY_MARK, -1);

  /**
   * Runs {@link #WARMUP_TRANSFERS} transfers through the handler on throwaway regions (a new one
   * every 250: the lease, on the system clock, lasts 30 s, and a cold JVM on a loaded machine
   * takes up to 20 ms a transfer), and sends their requests again straight to another model, as
   * {@link #postTransferServiceOnly} does.
   */
  static void warmUp() throws IOException {
    long n = 0;
    for (int round = 0; round < WARMUP_TRANSFERS / 250; round++) {
      List<RecordingHttpClient.Sent> sent = new ArrayList<>();
      MemoryRegion region = new MemoryRegion(new MemoryDynamoDb(), Platform.system(), sent::add);
      region.post("fund-alice", MemoryRegion.deposit("alice", FUNDS));
      for (int i = 0; i < 250; i++) {
        region.invoke(MemoryRegion.postEvent("warm-up-" + n++, MemoryRegion.transfer("alice", "bob", "12.34")));
      }
      SdkHttpClient service = new MemoryDynamoDb().httpClient();
      for (RecordingHttpClient.Sent request : sent) {
        send(service, request.request(), null);
      }
    }
  }

  /** The event of a transfer of 12.34 USD from alice to bob under the key {@code bench-<n>} (two concatenations). */
  static byte[] transferEvent(long n) {
    return (TRANSFER_EVENT[0] + "bench-" + n + TRANSFER_EVENT[1]).getBytes(StandardCharsets.UTF_8);
  }

  /** A new region per iteration, with the handler in front of it. */
  @State(Scope.Thread)
  public static class Handler {
    final AtomicLong sequence = new AtomicLong();
    MemoryRegion region;
    byte[] healthEvent;

    @Setup(Level.Trial)
    public void warmUpFork() throws IOException {
      warmUp();
    }

    @Setup(Level.Iteration)
    public void setUp() {
      region = new MemoryRegion(new MemoryDynamoDb(), Platform.system(), null);
      region.post("fund-alice", MemoryRegion.deposit("alice", FUNDS));
      healthEvent = MemoryRegion.healthEvent();
      String first = region.invoke(transferEvent(sequence.incrementAndGet()));
      if (!first.startsWith("{\"statusCode\":201")) {
        throw new IllegalStateException("The benchmark must measure the success path; got " + first);
      }
    }
  }

  /**
   * Two regions in the same state: {@code shadow}, driven by the handler (untimed), records the
   * requests it sends; {@code service}, a second {@code MemoryDynamoDb} that received every
   * earlier request of the shadow (its tables, the lease, the deposit), gets the recorded
   * requests of each batch in the timed method. Same requests in the same state: the same answers
   * (checked by status after every batch).
   */
  @State(Scope.Thread)
  public static class Service {
    final AtomicLong sequence = new AtomicLong();
    final List<RecordingHttpClient.Sent> recorded = new ArrayList<>();
    MemoryRegion shadow;
    SdkHttpClient service;
    HttpExecuteRequest[] batch = new HttpExecuteRequest[0];
    int[] expectedStatus = new int[0];
    int[] status = new int[0];

    @Setup(Level.Trial)
    public void warmUpFork() throws IOException {
      warmUp();
    }

    @Setup(Level.Iteration)
    public void setUp() throws IOException {
      recorded.clear();
      shadow = new MemoryRegion(new MemoryDynamoDb(), Platform.system(), recorded::add);
      shadow.post("fund-alice", MemoryRegion.deposit("alice", FUNDS));
      service = new MemoryDynamoDb().httpClient();
      for (RecordingHttpClient.Sent sent : recorded) {
        int answered = send(service, sent.request(), null);
        if (answered != sent.status()) {
          throw new IllegalStateException("The service answered " + sent.operation() + " with " + answered
              + ", the shadow with " + sent.status());
        }
      }
      status = new int[0];
    }

    /** The next batch: {@link #BATCH} transfers through the shadow's handler, their requests kept. */
    @Setup(Level.Invocation)
    public void nextBatch() {
      for (int i = 0; i < status.length; i++) {
        if (status[i] != expectedStatus[i]) {
          throw new IllegalStateException("Request " + i + " of the last batch was answered " + status[i]
              + " by the service and " + expectedStatus[i] + " by the shadow");
        }
      }
      recorded.clear();
      for (int i = 0; i < BATCH; i++) {
        String response = shadow.invoke(transferEvent(sequence.incrementAndGet()));
        if (!response.startsWith("{\"statusCode\":201")) {
          throw new IllegalStateException("The benchmark must measure the success path; got " + response);
        }
      }
      batch = new HttpExecuteRequest[recorded.size()];
      expectedStatus = new int[recorded.size()];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = recorded.get(i).request();
        expectedStatus[i] = recorded.get(i).status();
      }
      status = new int[batch.length];
    }
  }

  /** Sends one request to {@code client} and reads its whole answer; returns the status. */
  static int send(SdkHttpClient client, HttpExecuteRequest request, Blackhole sink) throws IOException {
    HttpExecuteResponse response = client.prepareRequest(request).call();
    if (response.responseBody().isPresent()) {
      try (InputStream body = response.responseBody().get()) {
        byte[] bytes = body.readAllBytes();
        if (sink != null) {
          sink.consume(bytes);
        }
      }
    }
    return response.httpResponse().statusCode();
  }

  /**
   * POST /transactions (a transfer): validation, the fence (cached), the key's records (Query),
   * the debited account's movements (Query), one TransactWriteItems of 5 actions, the response;
   * the in-memory service's work included.
   */
  @Benchmark
  public byte[] postTransfer(Handler state) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    state.region.handler().handleRequest(new ByteArrayInputStream(transferEvent(state.sequence.incrementAndGet())),
        out, null);
    return out.toByteArray();
  }

  /**
   * The in-memory service's share of {@link #postTransfer}: the requests the handler sent for a
   * transfer (two Queries and the TransactWriteItems; a GetItem of a fence shard when its cache
   * expired, once a second), sent straight to {@code MemoryDynamoDb}'s http client and answered.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void postTransferServiceOnly(Service state, Blackhole sink) throws IOException {
    HttpExecuteRequest[] batch = state.batch;
    for (int i = 0; i < batch.length; i++) {
      state.status[i] = send(state.service, batch[i], sink);
    }
  }

  /** GET /health: a fence shard and the keeper's heartbeat, two consistent GetItems. */
  @Benchmark
  public byte[] getHealth(Handler state) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    state.region.handler().handleRequest(new ByteArrayInputStream(state.healthEvent), out, null);
    return out.toByteArray();
  }
}
