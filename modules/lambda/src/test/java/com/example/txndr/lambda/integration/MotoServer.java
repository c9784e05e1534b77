package com.example.txndr.lambda.integration;

import com.example.txndr.testkit.MotoProcess;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@code moto_server} for the whole test run (real AWS wire protocol on loopback): started
 * on a free port before the first integration test, reset ({@code POST /moto-api/reset})
 * before every test, stopped by its process id when the run ends. Clients reach it through a
 * {@link WireProxy} (serialised, with fault injection). Endpoints use host {@code localhost}.
 */
public final class MotoServer implements BeforeAllCallback, BeforeEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoServer.class);
  private Running running;

  /** The moto_server process behind its proxy; closed by JUnit when the root context closes. */
  static final class Running implements AutoCloseable {
    final MotoProcess moto;
    final WireProxy proxy;

    Running(MotoProcess moto, WireProxy proxy) {
      this.moto = moto;
      this.proxy = proxy;
    }

    @Override
    public void close() {
      proxy.close();
      moto.close();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> start(), Running.class);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    running.proxy.clearFaults();
    reset();
  }

  /** The endpoint for clients: the {@link WireProxy} in front of moto. */
  public URI endpoint() {
    return running.proxy.endpoint();
  }

  /** moto_server itself, bypassing the proxy. */
  URI motoEndpoint() {
    return running.moto.endpoint();
  }

  WireProxy proxy() {
    return running.proxy;
  }

  /** Forgets every resource: each test starts from an empty account. */
  void reset() throws IOException {
    running.moto.reset();
  }

  /** A moto_server (behind its proxy) outside JUnit, for the benchmarks; close it to stop it. */
  static Running startStandalone() {
    return start();
  }

  private static Running start() {
    MotoProcess moto = MotoProcess.start();
    try {
      return new Running(moto, new WireProxy(moto.endpoint()));
    } catch (IOException e) {
      moto.close();
      throw new IllegalStateException("Cannot start the proxy in front of moto_server", e);
    }
  }

  static int freePort() throws IOException {
    return MotoProcess.freePort();
  }
}
