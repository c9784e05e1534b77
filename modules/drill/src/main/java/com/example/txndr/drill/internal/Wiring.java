package com.example.txndr.drill.internal;

/** Where the CLI's services come from: AWS, or fakes in the tests. */
public interface Wiring {
  /** The services, with the CLI's credentials. */
  Services services(AwsSettings aws);

  /** What {@code preflight} reads from the account. */
  default PreflightAccount preflightAccount(AwsSettings aws) {
    return new SdkPreflightAccount(aws, new SignedHttp(aws.credentials()));
  }

  /** Whether {@code drill} installs its JVM shutdown hook (not in tests that run many drills). */
  default boolean installsShutdownHook() {
    return true;
  }

  /** The real AWS clients, SigV4 with the CLI's credentials, the system's resolver and clock. */
  static Wiring aws() {
    return aws -> {
      SignedHttp http = new SignedHttp(aws.credentials());
      return new Services(
          new SdkStackReader(aws),
          new SdkHealthChecks(aws),
          new SdkLeaseTables(aws),
          http,
          new SdkMetrics(aws),
          new HttpBackups(http, aws.endpointOverride()),
          new HttpFunctions(http, aws.endpointOverride()),
          Resolver.system(),
          Ticker.system());
    };
  }
}
