package com.example.txndr.drill.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress lines, each prefixed with the time since the command started: what is being done,
 * what is awaited and what was observed. Thread-safe (the shutdown hook prints too).
 */
public final class Console {
  private final PrintStream out;
  private final Ticker ticker;
  private final Instant start;

  public Console(PrintStream out, Ticker ticker) {
    this.out = out;
    this.ticker = ticker;
    this.start = ticker.now();
  }

  /** One progress line: {@code [   12.3s] text}. */
  public synchronized void line(String text) {
    out.printf("[%9s] %s%n", Durations.format(Duration.between(start, ticker.now())), text);
    out.flush();
  }

  /** Text as it is (tables, plans), without a time prefix. */
  public synchronized void raw(String text) {
    out.println(text);
    out.flush();
  }
}
