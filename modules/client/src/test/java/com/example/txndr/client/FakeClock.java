package com.example.txndr.client;

import java.util.ArrayList;
import java.util.List;

/** Time that moves only when the client sleeps, and the sleeps it was asked for. */
final class FakeClock implements ClientClock {
  long now = 1_000_000;
  final List<Long> sleeps = new ArrayList<>();

  @Override
  public long nowMillis() {
    return now;
  }

  @Override
  public void sleep(long millis) {
    sleeps.add(millis);
    now += millis;
  }
}
