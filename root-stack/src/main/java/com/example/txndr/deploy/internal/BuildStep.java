package com.example.txndr.deploy.internal;

import com.example.txndr.deploy.Main;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Entry point for {@code exec:java} in the build: runs {@link Main} in Maven's JVM and, instead
 * of exiting, fails the build with the command's error message (System.exit would end Maven).
 */
public final class BuildStep {
  private BuildStep() {}

  /** Runs a {@link Main} subcommand; throws with its error message when it fails. */
  public static void main(String[] args) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(new Tee(System.err, captured), true, StandardCharsets.UTF_8);
    int status = Main.execute(System.out, err, System.getenv(), args);
    if (status != 0) {
      String message = captured.toString(StandardCharsets.UTF_8).strip();
      throw new BuildFailure(message.isEmpty()
          ? "root-stack " + String.join(" ", args) + " failed with status " + status : message);
    }
  }

  /** The build step's failure: the message says it all, so it carries no stack trace. */
  static final class BuildFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BuildFailure(String message) {
      super(message, null, false, false);
    }
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final PrintStream first;
    private final ByteArrayOutputStream second;

    Tee(PrintStream first, ByteArrayOutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (this) {
        first.write(b, off, len);
        second.write(b, off, len);
      }
    }

    @Override
    public void flush() {
      first.flush();
    }
  }
}
