package com.example.txndr.drill.internal;

import com.example.txndr.lambda.store.ControlShards;
import java.time.Clock;
import java.util.function.Supplier;

/** Where the CLI's services come from: AWS, or fakes in the tests. */
public interface Wiring {
  /** The services; {@code tableName} is asked for on first use of the control items. */
  Services services(AwsSettings aws, Supplier<String> tableName, ControlShards shards);

  /** Whether {@code drill} installs its JVM shutdown hook (not in tests that run many drills). */
  default boolean installsShutdownHook() {
    return true;
  }

  /** The real AWS clients, SigV4 with the CLI's credentials, the system clock. */
  static Wiring aws() {
    return (aws, tableName, shards) -> {
      SignedHttp http = new SignedHttp(aws.credentials());
      return new Services(
          new SdkStackReader(aws),
          new SdkHealthChecks(aws),
          new SdkFencing(aws, tableName, shards, Clock.systemUTC()),
          new SdkParameters(aws),
          http,
          new SdkMetrics(aws),
          new HttpBackups(http, aws.endpointOverride()),
          Ticker.system());
    };
  }
}
