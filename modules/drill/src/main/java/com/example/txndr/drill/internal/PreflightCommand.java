package com.example.txndr.drill.internal;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code preflight}: what the first deploy needs, checked in both regions before it starts (the
 * README's deploy path runs it first). Exit status 0 only when every check passes.
 */
@Command(name = "preflight", mixinStandardHelpOptions = true,
    description = "Before the first deploy, in both regions: Lambda concurrency, API Gateway throttle and DynamoDB"
        + " table throughput quotas against what the packaged templates need, AWS Backup's DynamoDB and S3 settings,"
        + " the artifact buckets and their owner, and with a custom domain the zone's delegation and CAA. Prints"
        + " what to fix for each failure; exit status 0 only when everything passes.")
public final class PreflightCommand implements Callable<Integer> {
  private final Wiring wiring;
  private final PrintStream out;

  @Option(names = "--dist", paramLabel = "DIR", defaultValue = "root-stack/target/dist",
      description = "The packaged tree (./mvnw package): its templates and parameter overrides (default ${DEFAULT-VALUE}).")
  Path dist;

  @Option(names = "--parameters", paramLabel = "FILE",
      description = "Root parameters as you will deploy them, in a CloudFormation CLI format"
          + " ([{\"ParameterKey\": ..., \"ParameterValue\": ...}] or {\"Parameters\": {...}}).")
  Path parameters;

  @Option(names = "--profile", paramLabel = "NAME", description = "AWS profile; default: the SDK's chain.")
  String profile;

  @Option(names = "--mfa-serial", paramLabel = "ARN",
      description = "MFA device of the profile's role (default: the profile's mfa_serial).")
  String mfaSerial;

  @Option(names = "--mfa-token", paramLabel = "CODE", description = "Current code of the MFA device.")
  String mfaToken;

  @Option(names = "--endpoint-url", paramLabel = "URL", hidden = true,
      description = "One endpoint for every AWS service (moto_server in tests).")
  URI endpointUrl;

  public PreflightCommand(Wiring wiring, PrintStream out) {
    this.wiring = wiring;
    this.out = out;
  }

  @Override
  public Integer call() {
    PreflightNeeds needs = PreflightNeeds.read(dist, Optional.ofNullable(parameters));
    AwsSettings aws = new AwsSettings(profile, endpointUrl, mfaSerial, mfaToken);
    out.println("preflight of " + dist + " for " + needs.namePrefix() + " in " + String.join(" and ", needs.regions()));
    List<Preflight.Check> checks = new Preflight(needs, wiring.preflightAccount(aws)).run();
    checks.forEach(c -> out.println(c.line()));
    long failed = checks.stream().filter(c -> !c.passed()).count();
    out.println("preflight: " + checks.size() + " checks, " + failed + " failed"
        + (failed == 0 ? ": ready for the first deploy" : ": fix them, then run preflight again"));
    out.flush();
    return Preflight.exitCode(checks);
  }
}
