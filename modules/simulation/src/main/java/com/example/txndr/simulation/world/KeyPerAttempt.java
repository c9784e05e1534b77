package com.example.txndr.simulation.world;

import com.example.txndr.client.Transport;
import java.io.IOException;
import java.time.Duration;

/**
 * The baseline client: every attempt carries a key of its own, as a client does that makes a new
 * idempotency key on each retry (or resubmits after a 404 "not found in this region" with a new
 * one). Only for the proof that the checker sees what that costs: a request whose answer was lost
 * is applied once per attempt that reached a writing region.
 */
public final class KeyPerAttempt implements Transport {
  private final Transport delegate;
  private int attempt;

  public KeyPerAttempt(Transport delegate) {
    this.delegate = delegate;
  }

  @Override
  public Reply send(Call call, Duration timeout) throws IOException, InterruptedException {
    String key = call.header("Idempotency-Key");
    return delegate.send(key == null ? call : call.withHeader("Idempotency-Key", key + "~" + (++attempt)), timeout);
  }

  @Override
  public void reconnect() {
    delegate.reconnect();
  }
}
