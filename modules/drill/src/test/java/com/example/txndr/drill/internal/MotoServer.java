package com.example.txndr.drill.internal;

import com.example.txndr.testkit.moto.MotoProcess;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@code moto_server} for the integration tests (the real AWS wire protocol on loopback):
 * started with {@code moto_server -H 127.0.0.1 -p <free port>} before the first test, reset
 * ({@code POST /moto-api/reset}) before each test, stopped by its process id when the run ends
 * (the process is the test kit's {@link MotoProcess}; JUnit closes it with the root context).
 */
final class MotoServer implements BeforeAllCallback, BeforeEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoServer.class);
  private MotoProcess running;

  @Override
  public void beforeAll(ExtensionContext context) {
    running = context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(MotoProcess.class, k -> MotoProcess.start(), MotoProcess.class);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    running.reset();
  }

  /** {@code http://localhost:<port>}: every AWS client's endpoint. */
  URI endpoint() {
    return running.endpoint();
  }
}
