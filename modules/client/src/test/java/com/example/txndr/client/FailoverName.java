package com.example.txndr.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The failover name on loopback: a TCP forwarder whose target can be moved, as a Route 53 failover
 * moves the name. A new connection reaches the target of the moment; a connection opened before a
 * move stays with the old target, as a pooled connection to the old region's address does.
 */
final class FailoverName implements AutoCloseable {
  private final ServerSocket listener;
  private final AtomicInteger target;
  private final Thread acceptor;

  FailoverName(int targetPort) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = new AtomicInteger(targetPort);
    this.acceptor = new Thread(this::accept, "failover-name");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The name answers {@code port} from now on, for new connections. */
  void moveTo(int port) {
    target.set(port);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target.get()), 2_000);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection fail
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // one side closed
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }, "failover-name-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
