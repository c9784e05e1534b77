package com.example.txndr.drill;

import com.example.txndr.drill.internal.Cli;
import com.example.txndr.drill.internal.Wiring;

/**
 * {@code java -jar dr-drill.jar status|drill|promote|demote --stack <root stack>}: the
 * operator's CLI for a deployed stack (modules/drill/README.md). Exit codes: 0 success (a
 * drill that passed), 1 failure, 2 usage error or a change asked for without {@code --yes}.
 */
public final class DrillMain {
  private DrillMain() {}

  public static void main(String[] args) {
    System.exit(Cli.execute(args, Wiring.aws(), System.out, System.err));
  }
}
