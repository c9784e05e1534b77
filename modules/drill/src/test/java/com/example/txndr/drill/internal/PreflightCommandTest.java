package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.deploy.Manifest;
import com.example.txndr.template.RepoRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PreflightCommandTest {
  private static final Path DIST = RepoRoot.find().resolve("root-stack/target/dist");

  private final FakePreflightAccount account = new FakePreflightAccount(Manifest.read(DIST).manifestKey());
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int run(String... args) {
    Wiring wiring = new Wiring() {
      @Override
      public Services services(AwsSettings aws) {
        throw new AssertionError("preflight needs no deployed stack");
      }

      @Override
      public PreflightAccount preflightAccount(AwsSettings aws) {
        return account;
      }
    };
    return Cli.execute(args, wiring, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
  }

  @Test
  void preflightOfThePackagedSystemExitsZeroWhenEveryCheckPasses() {
    int code = run("preflight", "--dist", DIST.toString());

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(printed).startsWith("preflight of " + DIST + " for txn-dr-prod in us-east-1 and us-west-2\n")
        .endsWith("preflight: 10 checks, 0 failed: ready for the first deploy\n");
  }

  @Test
  void aFailedCheckMakesTheExitStatusOneAndSaysToRunAgain() {
    account.lambda.put("us-west-2", new PreflightAccount.LambdaConcurrency(1000, 400));

    int code = run("preflight", "--dist", DIST.toString());

    assertThat(code).isEqualTo(Cli.FAILED);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("FAIL us-west-2 Lambda concurrency: the functions reserve 1900")
        .endsWith("preflight: 10 checks, 1 failed: fix them, then run preflight again\n");
  }
}
