package com.example.txndr.deploy.budget.internal;

import com.example.txndr.deploy.budget.AwsFacts;
import com.example.txndr.deploy.budget.Numbers;
import com.example.txndr.deploy.budget.Report;
import com.example.txndr.deploy.budget.Report.Check;
import com.example.txndr.deploy.budget.Report.Input;
import com.example.txndr.deploy.budget.Report.Section;
import com.example.txndr.deploy.budget.Report.Source;
import com.example.txndr.deploy.budget.Report.Status;
import com.example.txndr.deploy.budget.Report.Term;
import com.example.txndr.deploy.budget.RootParameters;
import com.example.txndr.deploy.budget.SeedLimits;
import com.example.txndr.template.CanonicalJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Writes a {@link Report} as JSON, as Markdown, and as the few summary lines the build prints. */
public final class ReportWriter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ReportWriter() {}

  // ---------------------------------------------------------------- summary

  /** One line each for RTO, RPO and capacity, with the limit and PASS or FAIL. */
  public static List<String> summary(Report r) {
    List<String> out = new ArrayList<>();
    String target = r.rto().figure() == null ? ""
        : "; project target " + Numbers.duration(SeedLimits.RTO_TARGET_SECONDS) + ": "
            + (r.rto().figure().compareTo(SeedLimits.RTO_TARGET_SECONDS) <= 0 ? "met" : "MISSED");
    out.add("RTO       " + figure(r.rto()) + ", limit under " + Numbers.duration(r.rto().limit()) + ": "
        + verdict(r.rto().status()) + target);
    String documents = r.documents().figure() == null ? "incomplete" : Numbers.duration(r.documents().figure());
    out.add("RPO       " + figure(r.rpo()) + " for transactions (DynamoDB), limit under "
        + Numbers.duration(r.rpo().limit()) + ": " + verdict(r.rpo().status()) + "; documents (S3) "
        + documents + ", not gated");
    List<String> failed = new ArrayList<>();
    long incomplete = 0;
    for (Check c : r.capacity().checks()) {
      if (c.status() == Status.FAIL) {
        failed.add(c.name() + " (" + c.region() + ")");
      } else if (c.status() == Status.INCOMPLETE) {
        incomplete++;
      }
    }
    StringBuilder capacity = new StringBuilder("capacity  " + Numbers.grouped(r.capacity().targetTps())
        + " TPS in each region, " + r.capacity().checks().size() + " checks: " + verdict(r.capacity().status()));
    if (!failed.isEmpty()) {
      capacity.append(" (").append(String.join(", ", failed)).append(")");
    }
    if (incomplete > 0) {
      capacity.append(" (").append(incomplete).append(incomplete == 1 ? " check has" : " checks have")
          .append(" no source)");
    }
    out.add(capacity.toString());
    return out;
  }

  private static String figure(Section s) {
    if (s.status() == Status.INCOMPLETE) {
      long missing = s.terms().stream().filter(t -> t.problem() != null).count();
      return "incomplete (" + missing + (missing == 1 ? " term has" : " terms have") + " no source)";
    }
    return Numbers.duration(s.figure());
  }

  private static String verdict(Status status) {
    return status == Status.PASS ? "PASS" : "FAIL";
  }

  // ---------------------------------------------------------------- JSON

  /** The JSON report. */
  public static String json(Report r) {
    ObjectNode root = NODES.objectNode();
    ObjectNode limits = root.putObject("limits");
    limits.put("source", SeedLimits.SOURCE);
    limits.set("rtoSeconds", number(SeedLimits.RTO_SECONDS));
    limits.set("rpoSeconds", number(SeedLimits.RPO_SECONDS));
    limits.set("targetTps", number(SeedLimits.TARGET_TPS));
    limits.set("latencyMillis", number(SeedLimits.LATENCY_MILLIS));
    ObjectNode context = root.putObject("context");
    context.put("dist", r.context().dist());
    context.put("release", r.context().release());
    context.put("primaryRegion", r.context().primaryRegion());
    context.put("secondaryRegion", r.context().secondaryRegion());
    context.put("parametersFile", r.context().parametersFile());
    ArrayNode parameters = context.putArray("parameters");
    for (RootParameters.Value v : r.context().parameters()) {
      parameters.addObject().put("name", v.name()).put("value", v.value()).put("origin", v.origin().label());
    }
    ObjectNode measurement = context.putObject("measurement");
    measurement.put("file", r.context().measurementFile());
    measurement.put("measuredAt", r.context().measuredAt());
    measurement.put("machine", r.context().machine());
    measurement.put("command", r.context().command());
    ObjectNode summary = root.putObject("summary");
    summarySection(summary.putObject("rto"), r.rto());
    summarySection(summary.putObject("rpo"), r.rpo());
    summarySection(summary.putObject("documentRpo"), r.documents());
    summarySection(summary.putObject("backups"), r.backups());
    summary.putObject("capacity").put("status", r.capacity().status().name())
        .set("targetTps", number(r.capacity().targetTps()));
    summary.put("passed", r.passed());
    root.set("rto", section(r.rto()));
    root.set("rpo", section(r.rpo()));
    root.set("documentRpo", section(r.documents()));
    root.set("backups", section(r.backups()));
    ObjectNode capacity = root.putObject("capacity");
    capacity.set("targetTps", number(r.capacity().targetTps()));
    capacity.put("status", r.capacity().status().name());
    ArrayNode checks = capacity.putArray("checks");
    for (Check c : r.capacity().checks()) {
      ObjectNode n = checks.addObject();
      n.put("name", c.name());
      n.put("region", c.region());
      n.put("formula", c.formula());
      n.set("needed", number(c.needed()));
      n.set("available", number(c.available()));
      n.put("unit", c.unit());
      n.put("underLimit", c.underLimit());
      n.put("status", c.status().name());
      if (c.problem() != null) {
        n.put("problem", c.problem());
      }
      n.set("inputs", inputs(c.inputs()));
    }
    ArrayNode failures = root.putArray("failures");
    r.failures().forEach(failures::add);
    return CanonicalJson.write(root);
  }

  private static void summarySection(ObjectNode n, Section s) {
    n.set("seconds", number(s.figure()));
    n.set("limitSeconds", number(s.limit()));
    n.put("status", s.status().name());
  }

  private static ObjectNode section(Section s) {
    ObjectNode n = NODES.objectNode();
    n.put("name", s.name());
    n.set("figure", number(s.figure()));
    n.put("how", s.how());
    n.set("limitSeconds", number(s.limit()));
    n.put("status", s.status().name());
    ArrayNode terms = n.putArray("terms");
    for (Term t : s.terms()) {
      ObjectNode term = terms.addObject();
      term.put("name", t.name());
      term.put("formula", t.formula());
      term.set("value", number(t.value()));
      term.put("unit", t.unit());
      term.put("counted", t.counted());
      if (t.problem() != null) {
        term.put("problem", t.problem());
      }
      term.set("inputs", inputs(t.inputs()));
    }
    return n;
  }

  private static ArrayNode inputs(List<Input> inputs) {
    ArrayNode out = NODES.arrayNode();
    for (Input i : inputs) {
      ObjectNode n = out.addObject();
      n.put("name", i.name());
      n.set("value", number(i.value()));
      n.put("unit", i.unit());
      ObjectNode s = n.putObject("source");
      Source src = i.source();
      s.put("kind", src.kind());
      s.put("file", src.file());
      putIf(s, "stack", src.stack());
      putIf(s, "region", src.region());
      putIf(s, "logicalId", src.logicalId());
      putIf(s, "property", src.property());
      s.put("value", src.value());
    }
    return out;
  }

  private static void putIf(ObjectNode n, String key, String value) {
    if (value != null) {
      n.put(key, value);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode number(BigDecimal value) {
    // DecimalNode keeps the scale: 80000, never 8E+4.
    return value == null ? NODES.nullNode() : DecimalNode.valueOf(new BigDecimal(Numbers.plain(value)));
  }

  // ---------------------------------------------------------------- Markdown

  /** The Markdown report: a table per section with every term, its value, its sources and the total. */
  public static String markdown(Report r) {
    StringBuilder md = new StringBuilder();
    Report.Context c = r.context();
    md.append("# Recovery budget\n\n");
    md.append("Computed by `./mvnw package` (the `budget` command of root-stack) from the packaged templates in `")
        .append(c.dist()).append("/templates`").append(c.release().isEmpty() ? "" : " (release `" + c.release() + "`)")
        .append(", deployed on paper by the test kit's `Composition` with the root parameters below: the root stack in ")
        .append(c.primaryRegion()).append(" (primary), the StackSet instance in ").append(c.secondaryRegion())
        .append(" (secondary). Measured figures come from `").append(c.measurementFile()).append('`');
    if (c.measuredAt() != null) {
      md.append(" (measured ").append(c.measuredAt());
      if (c.machine() != null) {
        md.append(" on ").append(c.machine());
      }
      if (c.command() != null) {
        md.append(" by `").append(c.command()).append('`');
      }
      md.append(')');
    }
    md.append(". No figure is typed in: every term names the template, stack, resource and property, or the ")
        .append("measurement field, it comes from. Limits are the seed's (`").append(SeedLimits.SOURCE)
        .append("`): RTO under ").append(Numbers.clock(SeedLimits.RTO_SECONDS)).append(", RPO under ")
        .append(Numbers.clock(SeedLimits.RPO_SECONDS)).append(", ").append(Numbers.grouped(SeedLimits.TARGET_TPS))
        .append(" TPS at sub-second latency.\n\n");

    md.append("| Objective | Figure | Limit | Result |\n| --- | --- | --- | --- |\n");
    row(md, "RTO (failover of " + c.primaryRegion() + " to " + c.secondaryRegion() + ")", figure(r.rto()),
        "under " + Numbers.clock(r.rto().limit()), r.rto().status().name());
    row(md, "RPO, transactions (DynamoDB, the record of truth)", figure(r.rpo()),
        "under " + Numbers.clock(r.rpo().limit()), r.rpo().status().name());
    row(md, "RPO, documents (S3 replication)", figure(r.documents()), "none: shown, not gated",
        r.documents().status().name());
    row(md, "Backups: restore point for corruption", figure(r.backups()), "none: shown, not gated",
        r.backups().status().name());
    row(md, "Capacity at " + Numbers.grouped(r.capacity().targetTps()) + " TPS in each region",
        r.capacity().checks().size() + " checks", "every check", r.capacity().status().name());
    md.append('\n');
    if (!r.failures().isEmpty()) {
      md.append("**The budget fails:**\n\n");
      r.failures().forEach(f -> md.append("- ").append(escape(f)).append('\n'));
      md.append('\n');
    }

    md.append("## RTO: failover of ").append(c.primaryRegion()).append(" to ").append(c.secondaryRegion())
        .append("\n\n")
        .append("From the primary's failure until every client writes again through the failover name "
            + "(docs/adr/0007). Two branches run in parallel and the slower one is the critical path. **DNS**: Route "
            + "53 marks the primary's health check unhealthy after `FailureThreshold` failed checks `RequestInterval` "
            + "seconds apart (the last one failing when its response timeout ends), the status reaches the failover "
            + "record's answers, resolvers keep the old answer for up "
            + "to the record's TTL, and a client's next attempt comes after at most its back-off ceiling and "
            + "timeout. **Lease**: the secondary's keeper takes the write lease only after it has surely expired "
            + "(`LEASE_SECONDS` after the last renewal, plus the clock error) and the primary's heartbeat has gone "
            + "stale, at its next tick. Then the secondary's processor starts execution environments: the measured "
            + "cold start bounds a SnapStart restore. The simulation (modules/simulation) measures the same path and "
            + "its report compares the two.\n\n");
    sectionTable(md, r.rto());

    md.append("## RPO\n\n")
        .append("Three figures, deliberately separate (DESIGN.md, \"Hard facts\"):\n\n")
        .append("1. **Transactions** (gated): DynamoDB is the record of truth. A global table replicates ")
        .append("asynchronously; the data a region loss can take is the replication lag at that moment. The alarm ")
        .append("on `ReplicationLatency` pages once the lag exceeds its threshold for `DatapointsToAlarm` of ")
        .append("`EvaluationPeriods` periods, so the largest lag that can build up unpaged is the threshold plus the ")
        .append("alarm's evaluation window (a stalled replication adds one second of lag per second). That sum ")
        .append("must be under the seed's RPO.\n")
        .append("2. **Documents** (shown, not gated): S3 replication time control replicates 99.99% of objects ")
        .append("within the time its rule sets, and S3 accepts one value only, above the seed's ")
        .append(Numbers.clock(SeedLimits.RPO_SECONDS)).append(": S3 cannot promise the seed's RPO. The alarm on ")
        .append("the destination's `ReplicationLatency` says when a longer lag pages. ")
        .append("Documents are attachments to transactions, whose record is in DynamoDB.\n")
        .append("3. **Backups** (shown, not gated): the restore point for corruption (a bad write replicated to both ")
        .append("regions), not for region loss: how old the newest snapshot can be, and the point-in-time ")
        .append("recovery window.\n\n");
    md.append("### Transactions (DynamoDB)\n\n");
    sectionTable(md, r.rpo());
    md.append("### Documents (S3), not gated\n\n");
    sectionTable(md, r.documents());
    md.append("### Backups, not gated\n\n");
    sectionTable(md, r.backups());

    md.append("## Capacity\n\n")
        .append("Active-passive: after a failover one region carries the whole target, so every regional check is ")
        .append("made for each region. Lambda concurrency = requests per second × duration per request, so the ")
        .append("reserved concurrency carries a duration of reserved × 1000 / target ms per request. The measured ")
        .append("part of that duration is the handler's own time excluding I/O (JMH); the rest of the carried ")
        .append("duration is the **I/O headroom** left for its DynamoDB round trips. However short the duration, ")
        .append("Lambda serves at most 10 synchronous requests per second in each execution environment ")
        .append("([Lambda quotas](" + AwsFacts.LAMBDA_QUOTAS_DOC + ")), so the reserved concurrency must also be ")
        .append("at least target / 10. DynamoDB's latency is a ")
        .append("property of the deployed service that no local run measures (moto_server serialises requests ")
        .append("and copies its tables, so its latencies, recorded in the measurement, are no estimate of it): ")
        .append("confirm in the account that the processor's CloudWatch `Duration` (average) stays under the ")
        .append("carried duration, and `SuccessfulRequestLatency` of `TransactWriteItems` within the headroom ")
        .append("(the drill's `status` shows both). ")
        .append("DynamoDB write units per transfer come from the `TransactWriteItems` the handler sent in the ")
        .append("benchmark: every action (a `ConditionCheck` too) is counted at the largest item's size, ")
        .append(Numbers.plain(AwsFacts.TRANSACTIONAL_WRITE_UNITS_PER_KB))
        .append(" write units per KB (prepare and commit, [DynamoDB transactions](").append(AwsFacts.TRANSACTIONS_DOC)
        .append(")); one item can take at most ").append(Numbers.grouped(AwsFacts.ITEM_WRITE_UNITS_PER_SECOND))
        .append(" write units per second whatever the table's warm throughput ([partition key design](")
        .append(AwsFacts.PARTITION_DOC).append(")).\n\n");
    md.append("| Check | Region | Needed | Available | Result | How | Inputs and sources |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Check ch : r.capacity().checks()) {
      md.append("| ").append(ch.name()).append(" | ").append(ch.region()).append(" | ")
          .append(ch.needed() == null ? "MISSING" : Numbers.plain(ch.needed()) + " " + unit(ch.needed(), ch.unit()))
          .append(" | ").append(ch.available() == null ? "MISSING" : (ch.underLimit() ? "under " : "")
              + Numbers.plain(ch.available()) + " " + unit(ch.available(), ch.unit()))
          .append(" | ").append(ch.status().name()).append(" | ").append(escape(ch.formula())).append(" | ")
          .append(inputsCell(ch.inputs(), ch.problem())).append(" |\n");
    }
    md.append("| **Result** | | | | **").append(r.capacity().status().name()).append("** | every check | |\n\n");

    md.append("## Not in the budget\n\n")
        .append("- Delays no template sets and no measurement covers: Route 53's propagation of a health status to ")
        .append("its name servers, CloudWatch's delay in publishing a metric datapoint, EventBridge's delay in ")
        .append("delivering a scheduled event, and clients that cache DNS longer than the TTL.\n")
        .append("- Read capacity: the target is transactions (writes); `WarmThroughput.ReadUnitsPerSecond` is not checked.\n")
        .append("- Account quotas (Lambda concurrent executions, API Gateway account throttle, DynamoDB table ")
        .append("throughput): root-stack/README.md \"Before the first deploy\" lists them; they are not templates.\n")
        .append("- Parameters marked as placeholders have no value without a parameters file; they are names and ")
        .append("addresses, and no figure here is derived from them.\n\n");

    md.append("## Root parameters\n\n| Parameter | Value | From |\n| --- | --- | --- |\n");
    for (RootParameters.Value v : c.parameters()) {
      md.append("| `").append(v.name()).append("` | `").append(escape(v.value())).append("` | ")
          .append(v.origin() == RootParameters.Origin.FILE && c.parametersFile() != null
              ? "`" + c.parametersFile() + "`" : v.origin().label())
          .append(" |\n");
    }
    return md.toString();
  }

  private static void row(StringBuilder md, String... cells) {
    md.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  private static void sectionTable(StringBuilder md, Section s) {
    md.append("| Term | Value | Formula | Inputs and sources |\n| --- | --- | --- | --- |\n");
    for (Term t : s.terms()) {
      String value = t.value() == null ? "MISSING"
          : t.unit().equals("s") ? Numbers.duration(t.value()) : Numbers.plain(t.value()) + " " + unit(t.value(), t.unit());
      md.append("| ").append(t.name()).append(t.counted() ? "" : " (not added)").append(" | ").append(value)
          .append(" | ").append(escape(t.formula())).append(" | ").append(inputsCell(t.inputs(), t.problem()))
          .append(" |\n");
    }
    String total = s.figure() == null ? "incomplete" : Numbers.duration(s.figure());
    String verdict = s.limit() == null ? s.status().name()
        : s.status().name() + " (limit: under " + Numbers.duration(s.limit()) + ")";
    md.append("| **").append(s.name()).append("** | **").append(total).append("** | ").append(escape(s.how()))
        .append(" | **").append(verdict).append("** |\n\n");
  }

  private static String inputsCell(List<Input> inputs, String problem) {
    List<String> parts = new ArrayList<>();
    for (Input i : inputs) {
      Source s = i.source();
      StringBuilder p = new StringBuilder(escape(i.name())).append(": ");
      if (i.value() != null) {
        p.append(Numbers.plain(i.value())).append(i.unit().isEmpty() ? "" : " " + unit(i.value(), i.unit()))
            .append(", ");
      }
      switch (s.kind()) {
        case "template" -> p.append('`').append(s.file()).append("` `").append(s.stack()).append("` (")
            .append(s.region()).append(") `").append(s.logicalId()).append("` `").append(s.property())
            .append("` = `").append(escape(s.value())).append('`');
        case "measurement" -> p.append('`').append(s.file()).append("` `").append(s.property()).append("` = ")
            .append(escape(s.value()));
        case "seed" -> p.append(s.file()).append(" (`SeedLimits.").append(s.property()).append("`)");
        default -> p.append("AWS ([").append("`AwsFacts.").append(s.property()).append("`](").append(s.file())
            .append("))");
      }
      parts.add(p.toString());
    }
    if (problem != null) {
      parts.add("**MISSING:** " + escape(problem));
    }
    return String.join("<br>", parts);
  }

  /** {@code 1 action}, {@code 2 actions}: a plural unit in the singular for exactly one. */
  private static String unit(BigDecimal value, String unit) {
    boolean plural = unit.endsWith("s") && !unit.endsWith("/s") && !unit.equals("s") && !unit.equals("ms");
    return plural && value.compareTo(BigDecimal.ONE) == 0 ? unit.substring(0, unit.length() - 1) : unit;
  }

  private static String escape(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }
}
