package com.example.txndr.drill.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * The deployed system the CLI works on: both regions' API endpoints and health checks, the
 * table, the failover record, and the names derived by the naming contract
 * (docs/conventions.md) from the project and environment. Read from the root stack's outputs
 * and parameters (root-stack/README.md, "Outputs"), each value overridable by its option.
 */
public final class Targets {
  public static final String DEFAULT_PRIMARY_REGION = "us-east-1";
  public static final String DEFAULT_SECONDARY_REGION = "us-west-2";

  private final String stackName;
  private final String primaryRegion;
  private final String secondaryRegion;
  private final String accountId;
  private final String projectName;
  private final String environmentName;
  private final String tableName;
  private final String primaryApi;
  private final String secondaryApi;
  private final String primaryHealthCheckId;
  private final String secondaryHealthCheckId;
  private final String hostedZoneId;
  private final String failoverEndpoint;
  private final String alarmName;
  private final String controlTableName;
  private final String reconcilerFunctionName;

  private Targets(TargetOptions o) {
    this.stackName = o.stackName();
    this.primaryRegion = o.primaryRegion();
    this.secondaryRegion = o.secondaryRegion();
    this.accountId = o.accountId();
    this.projectName = o.projectName();
    this.environmentName = o.environmentName();
    this.tableName = o.tableName();
    this.primaryApi = o.primaryApi();
    this.secondaryApi = o.secondaryApi();
    this.primaryHealthCheckId = o.primaryHealthCheckId();
    this.secondaryHealthCheckId = o.secondaryHealthCheckId();
    this.hostedZoneId = o.hostedZoneId();
    this.failoverEndpoint = o.failoverEndpoint();
    this.alarmName = o.alarmName();
    this.controlTableName = o.controlTableName();
    this.reconcilerFunctionName = o.reconcilerFunctionName();
  }

  /** The region DescribeStacks is called in: the primary region (the root stack lives there). */
  public static String stackRegion(TargetOptions options) {
    return options.primaryRegion() != null ? options.primaryRegion() : DEFAULT_PRIMARY_REGION;
  }

  /**
   * Options first, then the stack's outputs and parameters ({@code stack} may be null: options
   * only), then the defaults. Fails when an option contradicts the stack's regions.
   */
  public static Targets resolve(StackDescription stack, TargetOptions options) {
    Map<String, String> outputs = stack == null ? Map.of() : stack.outputs();
    Map<String, String> parameters = stack == null ? Map.of() : stack.parameters();
    String primary = pick(options.primaryRegion(), parameters.get("PrimaryRegion"), DEFAULT_PRIMARY_REGION);
    String secondary = pick(options.secondaryRegion(), parameters.get("SecondaryRegion"), DEFAULT_SECONDARY_REGION);
    if (stack != null) {
      requireSame("--primary-region", options.primaryRegion(), "PrimaryRegion", parameters.get("PrimaryRegion"), options);
      requireSame("--secondary-region", options.secondaryRegion(), "SecondaryRegion", parameters.get("SecondaryRegion"),
          options);
    }
    if (primary.equals(secondary)) {
      throw new IllegalArgumentException("The primary and secondary regions must differ: both are " + primary);
    }
    return new Targets(new TargetOptions(
        options.stackName(),
        primary,
        secondary,
        pick(options.accountId(), stack == null ? null : stack.accountId(), null),
        pick(options.projectName(), parameters.get("ProjectName"), null),
        pick(options.environmentName(), parameters.get("EnvironmentName"), null),
        pick(options.tableName(), outputs.get("TransactionsTableName"), null),
        pick(options.primaryApi(), outputs.get("PrimaryApiEndpoint"), null),
        pick(options.secondaryApi(), outputs.get("SecondaryApiEndpoint"), null),
        pick(options.primaryHealthCheckId(), outputs.get("PrimaryHealthCheckId"), null),
        pick(options.secondaryHealthCheckId(), outputs.get("SecondaryHealthCheckId"), null),
        pick(options.hostedZoneId(), outputs.get("HostedZoneId"), null),
        pick(options.failoverEndpoint(), outputs.get("FailoverEndpoint"), null),
        options.alarmName(),
        pick(options.controlTableName(), outputs.get("ControlTableName"), null),
        options.reconcilerFunctionName()));
  }

  private static void requireSame(String option, String given, String parameter, String stacked, TargetOptions options) {
    if (given != null && stacked != null && !given.equals(stacked)) {
      throw new IllegalArgumentException("Stack " + options.stackName() + " has " + parameter + " " + stacked
          + ", but " + option + " is " + given);
    }
  }

  private static String pick(String option, String stacked, String fallback) {
    if (option != null && !option.isBlank()) {
      return option.trim();
    }
    if (stacked != null && !stacked.isBlank()) {
      return stacked.trim();
    }
    return fallback;
  }

  private String required(String value, String what, String output, String option) {
    if (value != null) {
      return value;
    }
    String from = output == null ? "" : "the stack output " + output + " (--stack) or ";
    throw new MissingTargetException("No " + what + ": give " + from + option);
  }

  /** The stack name, or null when everything came from options. */
  public String stackName() {
    return stackName;
  }

  public String primaryRegion() {
    return primaryRegion;
  }

  public String secondaryRegion() {
    return secondaryRegion;
  }

  /** The other region of the pair; fails for a region that is neither. */
  public String peer(String region) {
    requireRegion(region);
    return region.equals(primaryRegion) ? secondaryRegion : primaryRegion;
  }

  /** {@code region} if it is one of the two, else an exception naming both. */
  public String requireRegion(String region) {
    if (!region.equals(primaryRegion) && !region.equals(secondaryRegion)) {
      throw new IllegalArgumentException("Region " + region + " is neither the primary (" + primaryRegion
          + ") nor the secondary (" + secondaryRegion + ") region");
    }
    return region;
  }

  /** {@code PRIMARY} or {@code SECONDARY}. */
  public String role(String region) {
    return requireRegion(region).equals(primaryRegion) ? "PRIMARY" : "SECONDARY";
  }

  public String accountId() {
    return required(accountId, "account ID", null, "--stack or --account-id");
  }

  public String tableName() {
    return required(tableName, "table name", "TransactionsTableName", "--table");
  }

  /**
   * The control table (the arbiter, multi-Region strong consistency) that holds the write lease:
   * the stack output {@code ControlTableName}, else {@code P-E-control} by the naming contract.
   */
  public String controlTableName() {
    if (controlTableName != null) {
      return controlTableName;
    }
    try {
      return namePrefix() + "-control";
    } catch (MissingTargetException e) {
      throw new MissingTargetException("No control table name: give the stack output ControlTableName (--stack),"
          + " --control-table, or --project and --environment (P-E-control)");
    }
  }

  /** The reconciliation function of both regions: {@code P-E-reconciler} by the naming contract. */
  public String reconcilerFunctionName() {
    return reconcilerFunctionName != null ? reconcilerFunctionName : namePrefix() + "-reconciler";
  }

  /** {@code /<ProjectName>/<EnvironmentName>}, the SSM prefix of both regions. */
  public String parameterPrefix() {
    return "/" + projectName() + "/" + environmentName();
  }

  /** {@code P-E}, the prefix of every name of the deployment. */
  public String namePrefix() {
    return projectName() + "-" + environmentName();
  }

  private String projectName() {
    return required(projectName, "project name", null, "--stack or --project");
  }

  private String environmentName() {
    return required(environmentName, "environment name", null, "--stack or --environment");
  }

  /** The region's execute-api base URL, without a trailing slash. */
  public URI api(String region) {
    String value = requireRegion(region).equals(primaryRegion)
        ? required(primaryApi, "primary API endpoint", "PrimaryApiEndpoint", "--primary-api")
        : required(secondaryApi, "secondary API endpoint", "SecondaryApiEndpoint", "--secondary-api");
    return URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
  }

  public String healthCheckId(String region) {
    return requireRegion(region).equals(primaryRegion)
        ? required(primaryHealthCheckId, "primary health check ID", "PrimaryHealthCheckId", "--primary-health-check")
        : required(secondaryHealthCheckId, "secondary health check ID", "SecondaryHealthCheckId",
            "--secondary-health-check");
  }

  public String hostedZoneId() {
    return required(hostedZoneId, "hosted zone ID", "HostedZoneId", "--hosted-zone-id");
  }

  /** The failover record's name, without scheme or trailing dot. */
  public String failoverRecordName() {
    String value = required(failoverEndpoint, "failover endpoint", "FailoverEndpoint", "--failover-endpoint");
    String name = value.startsWith("https://") ? value.substring("https://".length()) : value;
    name = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /**
   * True with a custom domain: {@code https://<name>} answers (FailoverEndpoint is a URL) and the
   * failover record is a CNAME to the active region's API Gateway regional domain name
   * ({@code d-<id>.execute-api.<region>.amazonaws.com}, ADR 14); false: a CNAME to the active
   * region's execute-api host (FailoverEndpoint is a bare name), which serves only its own name.
   */
  public boolean hasCustomDomain() {
    return required(failoverEndpoint, "failover endpoint", "FailoverEndpoint", "--failover-endpoint")
        .startsWith("https://");
  }

  /** The composite alarm the orchestrator's hand-over acts on: {@code P-E-primary-region-unhealthy}. */
  public String primaryUnhealthyAlarmName() {
    return alarmName != null ? alarmName : namePrefix() + "-primary-region-unhealthy";
  }

  /** The backup vault of {@code region}: {@code arn:aws:backup:<region>:<account>:backup-vault:P-E-vault}. */
  public String backupVaultArn(String region) {
    return "arn:aws:backup:" + requireRegion(region) + ":" + accountId() + ":backup-vault:" + namePrefix() + "-vault";
  }

  /** The execute-api host of {@code region}, lower case: what the failover CNAME points at. */
  public String apiHost(String region) {
    return api(region).getHost().toLowerCase(Locale.ROOT);
  }

  /** A required value is neither in the stack outputs nor given as an option. */
  public static final class MissingTargetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MissingTargetException(String message) {
      super(message);
    }
  }
}
