package com.example.txndr.drill.internal;

/**
 * The deployment as given on the command line; null means "from the stack outputs" (or the
 * default). Every field has an option of the same meaning.
 */
public record TargetOptions(
    String stackName,
    String primaryRegion,
    String secondaryRegion,
    String accountId,
    String projectName,
    String environmentName,
    String tableName,
    String primaryApi,
    String secondaryApi,
    String primaryHealthCheckId,
    String secondaryHealthCheckId,
    String hostedZoneId,
    String failoverEndpoint,
    String alarmName,
    String controlTableName,
    String reconcilerFunctionName) {

  /** Only the stack name; everything else from its outputs. */
  public static TargetOptions ofStack(String stackName) {
    return new TargetOptions(stackName, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null);
  }
}
