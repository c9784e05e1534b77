package com.example.txndr.drill;

import com.example.txndr.drill.internal.Cli;
import com.example.txndr.drill.internal.Wiring;

/**
 * {@code java -jar dr-drill.jar status|handover|demote|promote|abort-handover|reconcile|drill
 * --stack <root stack>}, and {@code preflight} before the first deploy: the operator's CLI
 * (modules/drill/README.md). Exit codes: 0 success (a drill that passed), 1 failure or refusal,
 * 2 usage error or a change asked for without {@code --yes}.
 */
public final class DrillMain {
  private DrillMain() {}

  public static void main(String[] args) {
    System.exit(Cli.execute(args, Wiring.aws(), System.out, System.err));
  }
}
