package com.example.txndr.testkit.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A loopback URL that nothing listens on, for tests of what happens when an endpoint is
 * unreachable: a port the kernel just handed out and that was closed again, so a connection is
 * refused at once. A fixed port (such as 9, discard) is not safe: a CI machine may run something
 * there.
 */
public final class ClosedPort {
  private ClosedPort() {}

  /** {@code http://127.0.0.1:<port>} with a port that was free a moment ago and is closed now. */
  public static String url() {
    return "http://127.0.0.1:" + port();
  }

  /** A loopback port that was free a moment ago and is closed now. */
  public static int port() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
