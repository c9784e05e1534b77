package com.example.txndr.deploy.budget;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The recovery budget: RTO, RPO (transactions, gated; documents and backups, shown) and capacity,
 * every term with its inputs and every input with its source.
 *
 * @param context what was read: dist, release, regions, parameters, measurement
 * @param rto the recovery time of a failover of the primary to the secondary (gated)
 * @param rpo the transactional recovery point: DynamoDB, the record of truth (gated)
 * @param documents the document recovery point: S3 replication (shown, not gated)
 * @param backups the restore point for corruption, not region loss (shown, not gated)
 * @param capacity whether each region carries the target throughput (gated)
 */
public record Report(Context context, Section rto, Section rpo, Section documents, Section backups,
    Capacity capacity) {
  /** A section's or check's result. */
  public enum Status {
    /** Within the limit. */
    PASS,
    /** Over the limit. */
    FAIL,
    /** A term has no source: the figure cannot be computed, which fails the build. */
    INCOMPLETE,
    /** A figure reported without a limit. */
    SHOWN
  }

  /**
   * Where an input's value comes from.
   *
   * @param kind {@code template}, {@code measurement}, {@code seed}, {@code aws} or {@code assumption}
   * @param file the file that sets it: the source template (repository path), the measurement
   *     file, seed.md, or the AWS documentation page
   * @param stack the stack path in the composition ({@code Root/PrimaryRegionalStack/LambdaStack}), if a template
   * @param region the region of that stack, if a template
   * @param logicalId the resource, if a template
   * @param property the property path below {@code Properties}, or the measurement field
   * @param value the value as resolved (text)
   */
  public record Source(String kind, String file, String stack, String region, String logicalId, String property,
      String value) {
    /** The source of a resolved template property. */
    public static Source template(String file, String stack, String region, String logicalId, String property,
        String value) {
      return new Source("template", file, stack, region, logicalId, property, value);
    }

    /** The source of a measured figure. */
    public static Source measurement(String file, String field, String value) {
      return new Source("measurement", file, null, null, null, field, value);
    }

    /** A limit of the seed. */
    public static Source seed(String what, BigDecimal value) {
      return new Source("seed", SeedLimits.SOURCE, null, null, null, what, value.toPlainString());
    }

    /** An assumption the system depends on but cannot set or read (a client's behaviour, an undocumented delay). */
    public static Source assumption(String document, String what, BigDecimal value) {
      return new Source("assumption", document, null, null, null, what, value.toPlainString());
    }

    /** A fixed AWS behaviour (AwsFacts). */
    public static Source aws(String document, String what, BigDecimal value) {
      return new Source("aws", document, null, null, null, what, value.toPlainString());
    }
  }

  /**
   * One input of a term.
   *
   * @param name what it is (e.g. {@code request interval})
   * @param value its numeric value in {@code unit}, or null for a setting shown for context
   * @param unit the unit of {@code value}
   * @param source where it comes from
   */
  public record Input(String name, BigDecimal value, String unit, Source source) {}

  /**
   * One term.
   *
   * @param name what it is
   * @param formula how the value follows from the inputs
   * @param value the value in {@code unit}; null when a source is missing
   * @param unit the unit
   * @param counted whether the section's figure includes it
   * @param inputs its inputs with their sources
   * @param problem why it has no value (which file must declare what), or null
   */
  public record Term(String name, String formula, BigDecimal value, String unit, boolean counted,
      List<Input> inputs, String problem) {
    /** Copies the inputs. */
    public Term {
      inputs = List.copyOf(inputs);
    }
  }

  /**
   * A section with one figure.
   *
   * @param name its title
   * @param terms its terms
   * @param figure the figure (seconds), null when a counted term is missing
   * @param how how the figure follows from the counted terms
   * @param limit the seed's limit in seconds (the figure must be under it), or null when not gated
   * @param status the result
   */
  public record Section(String name, List<Term> terms, BigDecimal figure, String how, BigDecimal limit,
      Status status) {
    /** Copies the terms. */
    public Section {
      terms = List.copyOf(terms);
    }

    /** The problems of its terms. */
    public List<String> problems() {
      List<String> out = new ArrayList<>();
      terms.forEach(t -> {
        if (t.problem() != null) {
          out.add(t.problem());
        }
      });
      return out;
    }
  }

  /**
   * One capacity check: what the target needs against what the templates provide.
   *
   * @param name what is checked
   * @param region the region, or {@code every replica} / {@code measured} where not regional
   * @param needed what the target needs, null when a source is missing
   * @param available what is provisioned or allowed, null when a source is missing
   * @param unit the unit of both
   * @param formula how {@code needed} follows from the inputs
   * @param inputs every input, {@code available}'s last
   * @param underLimit true for a limit the figure must stay under (a latency): {@code needed} is
   *     the figure, {@code available} the limit; false for a provision that must cover the need
   * @param status PASS when available covers needed (for a latency: needed is under available)
   * @param problem why it cannot be computed, or null
   */
  public record Check(String name, String region, BigDecimal needed, BigDecimal available, String unit,
      String formula, List<Input> inputs, boolean underLimit, Status status, String problem) {
    /** Copies the inputs. */
    public Check {
      inputs = List.copyOf(inputs);
    }
  }

  /**
   * The capacity section.
   *
   * @param targetTps the throughput the checks are made for
   * @param checks every check
   * @param status PASS when every check passes
   */
  public record Capacity(BigDecimal targetTps, List<Check> checks, Status status) {
    /** Copies the checks. */
    public Capacity {
      checks = List.copyOf(checks);
    }
  }

  /**
   * What the budget was computed from.
   *
   * @param dist the dist folder
   * @param release the packaged release (manifest), or empty
   * @param primaryRegion the root's PrimaryRegion
   * @param secondaryRegion the root's SecondaryRegion
   * @param parametersFile the user's parameters file, or null
   * @param parameters every root parameter with its origin
   * @param measurementFile the measurement file as named in the report
   * @param measuredAt when it was measured, or null
   * @param machine where, or null
   * @param command by what, or null
   */
  public record Context(String dist, String release, String primaryRegion, String secondaryRegion,
      String parametersFile, List<RootParameters.Value> parameters, String measurementFile, String measuredAt,
      String machine, String command) {
    /** Copies the parameters. */
    public Context {
      parameters = List.copyOf(parameters);
    }
  }

  /** The gated sections' results: the budget passes when RTO, RPO and capacity pass and nothing is missing. */
  public boolean passed() {
    return failures().isEmpty();
  }

  /**
   * Why the build fails, one line each: every missing source (once), then every figure over its
   * limit and every failed capacity check.
   */
  public List<String> failures() {
    List<String> out = new ArrayList<>();
    for (Section s : List.of(rto, rpo, documents, backups)) {
      for (String p : s.problems()) {
        if (!out.contains(p)) {
          out.add(p);
        }
      }
    }
    for (Check c : capacity.checks()) {
      if (c.problem() != null && !out.contains(c.problem())) {
        out.add(c.problem());
      }
    }
    for (Section s : List.of(rto, rpo)) {
      if (s.status() == Status.FAIL) {
        out.add(s.name() + " " + Numbers.duration(s.figure()) + " is not under the seed's "
            + Numbers.duration(s.limit()));
      }
    }
    for (Check c : capacity.checks()) {
      if (c.status() == Status.FAIL) {
        out.add("capacity: " + c.name() + " (" + c.region() + "): " + (c.underLimit()
            ? Numbers.plain(c.needed()) + " " + c.unit() + " is not under " + Numbers.plain(c.available())
            : "needs " + Numbers.plain(c.needed()) + " " + c.unit() + ", has " + Numbers.plain(c.available())));
      }
    }
    return out;
  }
}
