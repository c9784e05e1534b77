package com.example.txndr.client;

/**
 * The client's time: when it is, and waiting. The system's in production; the simulation's virtual
 * clock there, so that back-off and deadlines run in simulated time.
 */
public interface ClientClock {
  ClientClock SYSTEM = new ClientClock() {
    @Override
    public long nowMillis() {
      return System.currentTimeMillis();
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
      Thread.sleep(millis);
    }
  };

  long nowMillis();

  void sleep(long millis) throws InterruptedException;
}
