package com.example.txndr.drill.internal;

import com.example.txndr.lambda.lease.Lease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code reconcile}: runs the reconciliation now, by invoking the reconciler function
 * ({@code P-E-reconciler}, the lambda module's {@code ReconcilerHandler}) in the region that
 * holds the lease (only there does it act), prints its findings and writes them to
 * {@code reconciliation-<timestamp>.json}. The function's own compensations are the only writes;
 * they carry deterministic keys, so running it again changes nothing.
 */
public final class Reconciliation {
  private static final DateTimeFormatter FILE_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Services services;
  private final Targets targets;
  private final LeaseControl lease;
  private final Console console;
  private final Path outputDir;

  public Reconciliation(Services services, Targets targets, LeaseControl lease, Console console, Path outputDir) {
    this.services = services;
    this.targets = targets;
    this.lease = lease;
    this.console = console;
    this.outputDir = outputDir;
  }

  /** The region to run in: {@code region} if given, else the lease holder. */
  private String region(String region) {
    if (region != null) {
      return targets.requireRegion(region);
    }
    return lease.read(targets.primaryRegion()).lease().holder();
  }

  /** The file a run made at {@code at} writes. */
  public Path file(Instant at) {
    return outputDir.resolve("reconciliation-" + FILE_TIMESTAMP.format(at) + ".json");
  }

  /** What {@link #run} would do. */
  public String plan(String region) {
    String where = region(region);
    String holder;
    try {
      Lease current = lease.read(targets.primaryRegion()).lease();
      holder = lease.describe(current);
    } catch (RuntimeException e) {
      holder = "cannot read the lease: " + Watch.describe(e);
    }
    return "Lease: " + holder + "\n"
        + "Would invoke " + targets.reconcilerFunctionName() + " in " + where + " (Lambda Invoke, RequestResponse):"
        + " it examines the last transactions of every epoch that ended in the last 48 h, reverses a key applied"
        + " in two epochs and covers an account overdrawn by both from the suspense account (only in the region"
        + " that holds the lease; deterministic keys: a second run changes nothing); then print its findings and"
        + " write " + file(services.ticker().now()) + ".\n";
  }

  /** Invokes the reconciler, prints and writes what it found; exit 0 when it reconciled. */
  public Operations.Result run(String region) {
    String where = region(region);
    String function = targets.reconcilerFunctionName();
    Instant at = services.ticker().now();
    console.line("reconcile: invoking " + function + " in " + where);
    Functions.Invocation invocation = services.functions().invoke(where, function, "{}");
    Map<String, Object> answer = JsonText.objectOrEmpty(invocation.payload());
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("region", where);
    record.put("functionName", function);
    record.put("invokedAt", at.toString());
    if (invocation.failed()) {
      record.put("functionError", invocation.functionError());
      record.put("error", answer);
    } else {
      record.put("outcome", answer.get("outcome"));
      record.put("epoch", answer.get("epoch"));
      record.put("detail", answer.get("detail"));
      record.put("findings", answer.get("findings") instanceof List<?> list ? list : List.of());
    }
    Path file = write(at, record);
    if (invocation.failed()) {
      return Operations.Result.failed("reconcile: " + function + " in " + where + " failed (" + invocation.functionError()
          + "): " + JsonText.string(answer, "errorMessage") + "; record: " + file);
    }
    String outcome = String.valueOf(answer.get("outcome"));
    console.line("reconcile: " + outcome + " at epoch " + answer.get("epoch") + ": " + answer.get("detail"));
    List<String> lines = new ArrayList<>();
    if (answer.get("findings") instanceof List<?> findings) {
      for (Object item : findings) {
        if (item instanceof Map<?, ?> f) {
          lines.add(f.get("kind") + " (epoch " + f.get("epoch") + ") " + f.get("subject") + ": " + f.get("detail")
              + ("null".equals(String.valueOf(f.get("compensation"))) ? "" : "; compensation " + f.get("compensation")));
        }
      }
    }
    lines.forEach(line -> console.line("reconcile: " + line));
    console.line("reconcile: " + lines.size() + " finding(s); record: " + file);
    if (!outcome.equals("RECONCILED")) {
      return Operations.Result.failed("reconcile: " + function + " in " + where + " did not reconcile: " + outcome
          + ": " + answer.get("detail") + (outcome.equals("NOT_ACTIVE") ? "; run it in the region that holds the lease"
              + " (without --region)" : outcome.equals("LOCKED") ? "; try again when it finished" : ""));
    }
    return Operations.Result.ok();
  }

  private Path write(Instant at, Map<String, Object> record) {
    Path file = file(at);
    try {
      Files.createDirectories(outputDir);
      Files.writeString(file, JsonText.write(record));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
    }
  }
}
