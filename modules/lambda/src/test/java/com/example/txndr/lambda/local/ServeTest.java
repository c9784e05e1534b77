package com.example.txndr.lambda.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve}'s guards and development defaults (review F14). */
class ServeTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int serve(String... args) {
    CommandLine command = new CommandLine(new LocalMain());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "serve";
    System.arraycopy(args, 0, all, 1, args.length);
    return command.execute(all);
  }

  @Test
  void serveWithoutAnEndpointOverrideRefusesToRunAgainstRealAws() {
    assumeTrue(System.getenv("AWS_ENDPOINT_URL") == null, "this JVM's environment names an endpoint override");

    assertThat(serve("--port", "0")).isEqualTo(2);
    assertThat(err.toString()).startsWith("serve refuses to run against real AWS: AWS_ENDPOINT_URL is not set")
        .contains("Set AWS_ENDPOINT_URL=http://localhost:5000", "or pass --allow-real-aws");
  }

  @Test
  void aHostThatIsNotLoopbackIsRefused() {
    assertThat(serve("--port", "0", "--host", "0.0.0.0")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("--host 0.0.0.0 is not a loopback address: serve answers POST /transactions"
        + " without authentication, so anyone who reaches it can move money. Bind 127.0.0.1 (the default), or pass"
        + " --allow-non-loopback (for example in a container whose port only you publish).\n");
  }

  @Test
  void loopbackHostsAndAnExplicitFlagAreAccepted() throws Exception {
    LocalMain.checkHost("127.0.0.1", false);
    LocalMain.checkHost("localhost", false);
    LocalMain.checkHost("::1", false);
    LocalMain.checkHost("0.0.0.0", true);
  }

  @Test
  void withoutAnEndpointNothingIsRefusedOnlyWithAllowRealAwsAndNothingIsDefaulted() throws Exception {
    Map<String, String> env = LocalMain.serveEnvironment(Map.of("TABLE_NAME", "t"), true, new PrintWriter(out));

    assertThat(env).isEqualTo(Map.of("TABLE_NAME", "t"));
    assertThat(out.toString()).isEmpty();
    assertThatThrownBy(() -> LocalMain.serveEnvironment(Map.of(), false, new PrintWriter(out)))
        .isInstanceOf(LocalMain.Refused.class).hasMessageStartingWith("serve refuses to run against real AWS");
  }

  @Test
  void withAnEndpointTheDevelopmentDefaultsFillWhatIsNotSetAndArePrinted() throws Exception {
    Map<String, String> env = LocalMain.serveEnvironment(Map.of("AWS_ENDPOINT_URL", "http://localhost:5000",
        "AWS_REGION", "us-west-2"), false, new PrintWriter(out));

    assertThat(env).containsEntry("TABLE_NAME", "txn-dr-dev-transactions")
        .containsEntry("CONTROL_TABLE_NAME", "txn-dr-dev-control")
        .containsEntry("AWS_REGION", "us-west-2")
        .containsEntry("PRIMARY_REGION", "us-east-1")
        .containsEntry("SECONDARY_REGION", "us-west-2")
        .containsEntry("PARAMETER_PREFIX", "/txn-dr/dev")
        .containsEntry("TXNDR_LOCAL", "true");
    assertThat(out.toString()).isEqualTo("development defaults (not set in the environment):"
        + " TABLE_NAME=txn-dr-dev-transactions CONTROL_TABLE_NAME=txn-dr-dev-control PRIMARY_REGION=us-east-1"
        + " SECONDARY_REGION=us-west-2 PARAMETER_PREFIX=/txn-dr/dev\n");
  }

  @Test
  void anExplicitTxndrLocalIsKept() throws Exception {
    Map<String, String> env = LocalMain.serveEnvironment(Map.of("AWS_ENDPOINT_URL", "http://localhost:5000",
        "TXNDR_LOCAL", "false"), false, new PrintWriter(out));

    assertThat(env).containsEntry("TXNDR_LOCAL", "false");
  }
}
