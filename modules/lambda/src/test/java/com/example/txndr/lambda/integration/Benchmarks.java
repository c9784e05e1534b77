package com.example.txndr.lambda.integration;

import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.bench.HandlerCpuBenchmark;
import com.example.txndr.lambda.internal.AwsClients;
import com.example.txndr.lambda.keeper.LeaseKeeper;
import com.example.txndr.lambda.keeper.LeaseKeeperHandler;
import com.example.txndr.lambda.local.ResourceBootstrap;
import com.example.txndr.testkit.moto.Moto;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The figures of the README's "Figures" section, printed by
 * {@code ./mvnw -q -pl modules/lambda -Pbench -DskipTests -DskipITs verify}: jar size, handler CPU time
 * per request (JMH, {@link HandlerCpuBenchmark}, on the in-memory DynamoDB, with that service's own
 * share measured apart), cold start of a JVM to its first response, the throughput and latencies
 * the local mode sustains against moto_server, and what one transfer sends to DynamoDB (a large
 * sample of the handler's requests on the in-memory DynamoDB, {@link TransferWriteSample}). Also
 * written, in the format of docs/measurements/README.md, to the file named by the system property
 * {@code measurements.file} (the bench profile passes its property {@code measurements.file},
 * docs/measurements/lambda.json unless set), which the recovery budget reads. Benchmarks, not
 * tests: nothing here asserts a duration.
 *
 * <p>Against moto_server the region is stood up as in AWS: the transactions table and the control
 * table, then the lease. For the cold starts this process ticks the region's lease keeper (once
 * to create the lease, then before each run, so that the lease mirror permits the child's write);
 * {@code serve --create-resources} creates the tables again and runs the keeper itself
 * ({@code CONTROL_TABLE_NAME} set), as the keeper function does in AWS.
 */
public final class Benchmarks {
  /** The command that writes the measurement file (docs/measurements/README.md). */
  static final String COMMAND = "./mvnw -q -pl modules/lambda -Pbench -DskipTests -DskipITs verify";
  private static final int COLD_STARTS = 5;
  private static final int CLIENTS = 4;
  private static final int WARMUP_SECONDS = 5;
  private static final int MEASURE_SECONDS = 20;
  /** Accounts the local-mode load transfers between, each pair equally often. */
  private static final int ACCOUNTS = 64;

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    Map<String, Object> measured = new LinkedHashMap<>();
    measured.put("measuredAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    measured.put("machine", machine());
    measured.put("command", COMMAND);
    Path jar = Path.of(System.getProperty("lambda.jar", "target/transaction-dr-lambda.jar"));
    // serve and invoke: the same classes with the local mode (the Lambda jar has no main).
    Path localJar = Path.of(System.getProperty("local.jar", "target/local/transaction-dr-local.jar"));
    Path runner = runnerDirectory();
    List<String> report = new ArrayList<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public boolean add(String figure) {
        System.out.println("FIGURE " + figure);
        return super.add(figure);
      }
    };
    report.add(String.format(Locale.ROOT, "jar: %s, %.1f MB (%d bytes)", jar.getFileName(),
        Files.size(jar) / 1e6, Files.size(jar)));
    long jarBytes = Files.size(jar);

    Collection<RunResult> jmh = new Runner(new OptionsBuilder()
        .include(HandlerCpuBenchmark.class.getName()).build()).run();
    Map<String, double[]> scores = new LinkedHashMap<>();
    for (RunResult result : jmh) {
      String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
      // Mean and its 99.9% error (JMH's score), and the median of the iterations (robust to one
      // iteration that met a collection or a noisy neighbour).
      scores.put(name, new double[] {result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError(),
          result.getPrimaryResult().getStatistics().getPercentile(50)});
    }
    double[] post = scores.get("postTransfer");
    double[] service = scores.get("postTransferServiceOnly");
    double[] health = scores.get("getHealth");
    report.add(String.format(Locale.ROOT, "handler CPU per POST /transactions (transfer; JMH, no network,"
        + " MemoryDynamoDb as the wire, its work included), postTransfer: %.1f ± %.1f us (median of iterations %.1f)",
        post[0], post[1], post[2]));
    report.add(String.format(Locale.ROOT, "of which the in-memory service (the same requests straight to"
            + " MemoryDynamoDb's http client), postTransferServiceOnly: %.1f ± %.1f us (median %.1f): %.0f%% of"
            + " postTransfer by the medians; the handler's own work (SDK included) about %.1f us",
        service[0], service[1], service[2], 100 * service[2] / post[2], post[2] - service[2]));
    report.add(String.format(Locale.ROOT, "handler CPU per GET /health (two GetItems, MemoryDynamoDb's work"
        + " included), getHealth: %.1f ± %.1f us (median %.1f)", health[0], health[1], health[2]));
    measured.put("handlerCpuMicrosPerTransaction", decimal(post[0], 1));

    TransferWriteSample sample = TransferWriteSample.run(TransferWriteSample.TRANSFERS, TransferWriteSample.ACCOUNTS,
        TransferWriteSample.SEED);
    report.add(sample.figure());

    try (Moto moto = Moto.builder().wireProxy().start()) {
      URI endpoint = moto.endpoint();
      Config config = TestEnv.config(endpoint, TestEnv.PRIMARY);
      DynamoDbClient dynamoDb = AwsClients.dynamoDb(config);
      DynamoDbClient controlTable = AwsClients.controlTable(config);
      ResourceBootstrap.createTable(dynamoDb, TestEnv.TABLE);
      ResourceBootstrap.createControlTable(controlTable, TestEnv.CONTROL_TABLE);
      LeaseKeeper keeper = new LeaseKeeperHandler(config, dynamoDb, controlTable, null, Platform.system()).keeper();
      LeaseKeeper.Step created = keeper.tick();
      if (!created.action().equals("INITIALIZE")) {
        throw new IllegalStateException("The keeper did not create the lease in moto: " + created);
      }
      for (String[] variant : new String[][] {{"default JVM flags"}, {"-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=1"}}) {
        List<Long> internal = new ArrayList<>();
        List<Long> external = new ArrayList<>();
        for (int i = 0; i < COLD_STARTS; i++) {
          // The lease lasts 30 s: renewed before each run, as the keeper function keeps it.
          keeper.tick();
          long[] run = coldStart(jar, runner, endpoint, i, variant.length > 1 ? variant[1] : null);
          internal.add(run[0]);
          external.add(run[1]);
        }
        // Measured by this process, from starting the child to reading its response (the
        // child's own figure is printed too, but the OS start time it uses is coarse).
        report.add(String.format(Locale.ROOT,
            "cold start to first response (POST /transactions committed, new JVM, %s, no SnapStart):"
                + " median %d ms (min %d, max %d, %d runs; the child's own figure: median %d ms)",
            variant[0], median(external), Collections.min(external), Collections.max(external), external.size(),
            median(internal)));
        if (variant.length == 1) {
          measured.put("coldStartMillis", median(external));
        }
      }
      // serve --create-resources makes both tables again, and its keeper the lease: moto copies the
      // whole table on every transaction, so the load starts from an empty one.
      dynamoDb.deleteTable(r -> r.tableName(TestEnv.TABLE));
      controlTable.deleteTable(r -> r.tableName(TestEnv.CONTROL_TABLE));
      dynamoDb.close();
      controlTable.close();
      Throughput run = throughput(localJar, endpoint);
      report.add(run.figure);
      measured.put("localEndToEndMillisP50", decimal(run.p50Millis, 1));
      measured.put("localEndToEndMillisP99", decimal(run.p99Millis, 1));
    }
    measured.put("jarBytes", jarBytes);
    measured.put("dynamoDb", sample.figures());
    System.out.println();
    System.out.println("=== transaction-dr-lambda figures ===");
    report.forEach(System.out::println);
    String file = System.getProperty("measurements.file");
    if (file != null) {
      Path path = Path.of(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(measured) + "\n");
      System.out.println("written: " + path);
    }
  }

  /** What one throughput run measured. */
  private static final class Throughput {
    final String figure;
    final double p50Millis;
    final double p99Millis;

    Throughput(String figure, double p50Millis, double p99Millis) {
      this.figure = figure;
      this.p50Millis = p50Millis;
      this.p99Millis = p99Millis;
    }
  }

  private static BigDecimal decimal(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
  }

  /** CPU model, cores, OS and JDK of this machine. */
  private static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst().orElse(cpu);
    } catch (IOException e) {
      // not Linux: the rest still says what ran it
    }
    return String.format(Locale.ROOT, "%s, %d cores, %s %s (%s), %s %s", cpu,
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.version"),
        System.getProperty("os.arch"), System.getProperty("java.vm.name"), System.getProperty("java.version"));
  }

  /** A directory holding {@link JarHandlerRunner}'s class file alone, for a class path of the Lambda jar and it. */
  private static Path runnerDirectory() throws IOException {
    Path dir = Files.createTempDirectory("jar-handler-runner");
    String name = JarHandlerRunner.class.getName().replace('.', '/') + ".class";
    Path target = dir.resolve(name);
    Files.createDirectories(target.getParent());
    try (java.io.InputStream in = JarHandlerRunner.class.getClassLoader().getResourceAsStream(name)) {
      Files.copy(in, target);
    }
    return dir;
  }

  /**
   * One cold start of the processor from the Lambda jar (the jar the functions run, not the local
   * one), as the Lambda runtime would start it: a new JVM, the handler's no-argument constructor,
   * one event.
   */
  private static long[] coldStart(Path jar, Path runner, URI endpoint, int run, String jvmFlag) throws Exception {
    String event = "{\"version\":\"2.0\",\"rawPath\":\"/transactions\",\"requestContext\":{\"stage\":\"$default\","
        + "\"http\":{\"method\":\"POST\"}},\"headers\":{\"content-type\":\"application/json\","
        + "\"idempotency-key\":\"cold-" + run + "-" + System.nanoTime() + "\"},\"body\":"
        + com.example.txndr.lambda.internal.Json.write(TestEnv.deposit("cold", "1.00")) + "}";
    List<String> command = new ArrayList<>(List.of(javaBin()));
    if (jvmFlag != null) {
      command.add(jvmFlag);
    }
    command.addAll(List.of("-cp", jar.toAbsolutePath() + java.io.File.pathSeparator + runner,
        JarHandlerRunner.class.getName(), "com.example.txndr.lambda.api.ApiHandler", "--timing"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(TestEnv.env(endpoint, TestEnv.PRIMARY));
    long started = System.nanoTime();
    Process process = builder.start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(event.getBytes(StandardCharsets.UTF_8));
    }
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      seen.append(line).append('\n');
      if (line.startsWith("processStartToResponseMillis=")) {
        long parent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        process.waitFor();
        if (!seen.toString().contains("\"statusCode\":201")) {
          throw new IllegalStateException("Cold start run did not commit:\n" + seen);
        }
        return new long[] {Long.parseLong(line.substring(line.indexOf('=') + 1)), parent};
      }
    }
    throw new IllegalStateException("invoke printed no timing:\n" + seen);
  }

  private static Throughput throughput(Path jar, URI endpoint) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(javaBin(), "-jar", jar.toAbsolutePath().toString(),
        "serve", "--port", "0", "--create-resources").redirectErrorStream(true);
    builder.environment().putAll(TestEnv.env(endpoint, TestEnv.PRIMARY));
    Process server = builder.start();
    try {
      URI base = null;
      BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      Matcher matcher = Pattern.compile("Listening on (http://\\S+) ").matcher("");
      String line;
      while (base == null && (line = lines.readLine()) != null) {
        if (matcher.reset(line).find()) {
          base = URI.create(matcher.group(1));
        }
      }
      if (base == null) {
        throw new IllegalStateException("serve did not start (its keeper needs CONTROL_TABLE_NAME)");
      }
      // Keep draining the server's output (its log), or it blocks once the pipe is full.
      Thread drain = new Thread(() -> {
        try {
          while (lines.readLine() != null) {
            // discarded
          }
        } catch (IOException e) {
          // the server stopped
        }
      });
      drain.setDaemon(true);
      drain.start();
      int accounts = ACCOUNTS;
      for (int i = 0; i < accounts; i++) {
        post(base, "seed-" + i, TestEnv.deposit("acct-" + i, "1000000.00"));
      }
      AtomicLong sequence = new AtomicLong();
      run(base, accounts, sequence, WARMUP_SECONDS, new ConcurrentLinkedQueue<>(), new ConcurrentSkipListMap<>());
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      Map<String, LongAdder> failures = new ConcurrentSkipListMap<>();
      long started = System.nanoTime();
      run(base, accounts, sequence, MEASURE_SECONDS, latencies, failures);
      double seconds = (System.nanoTime() - started) / 1e9;
      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
      double p50 = sorted.get(sorted.size() / 2) / 1e6;
      double p99 = sorted.get((int) (sorted.size() * 0.99)) / 1e6;
      return new Throughput(String.format(Locale.ROOT,
          "local mode vs moto_server (%d clients, transfers between %d accounts, %d s after %d s warm-up):"
              + " %.0f transactions/s, latency mean %.1f ms, p50 %.1f ms, p99 %.1f ms, %d non-201 answers%s",
          CLIENTS, accounts, MEASURE_SECONDS, WARMUP_SECONDS, sorted.size() / seconds, mean, p50, p99,
          failures.values().stream().mapToLong(LongAdder::sum).sum(), failures.isEmpty() ? "" : " " + failures),
          p50, p99);
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void run(URI base, int accounts, AtomicLong sequence, int seconds,
      Collection<Long> latencies, Map<String, LongAdder> failures) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      Thread client = new Thread(() -> {
        while (System.nanoTime() < deadline) {
          long n = sequence.incrementAndGet();
          int from = (int) (n % accounts);
          int to = (int) ((n + 1 + n / accounts % (accounts - 1)) % accounts);
          long start = System.nanoTime();
          try {
            int status = post(base, "load-" + n, TestEnv.transfer("acct-" + from, "acct-" + to, "0.01"));
            if (status == 201) {
              latencies.add(System.nanoTime() - start);
            } else {
              // 409: concurrent debits of one account kept winning (the debit's sequence number).
              failures.computeIfAbsent(Integer.toString(status), k -> new LongAdder()).increment();
            }
          } catch (IOException e) {
            failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
          }
        }
      });
      client.start();
      clients.add(client);
    }
    for (Thread client : clients) {
      client.join();
    }
  }

  private static int post(URI base, String key, String body) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) base.resolve("/transactions").toURL().openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setRequestProperty("Content-Type", "application/json");
    connection.setRequestProperty("Idempotency-Key", key);
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body.getBytes(StandardCharsets.UTF_8));
    }
    int status = connection.getResponseCode();
    try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      if (in != null) {
        in.readAllBytes();
      }
    }
    return status;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

}
