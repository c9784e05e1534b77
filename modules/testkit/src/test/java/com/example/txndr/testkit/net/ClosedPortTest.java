package com.example.txndr.testkit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class ClosedPortTest {
  @Test
  void aConnectionToTheClosedPortIsRefused() {
    int port = ClosedPort.port();

    assertThatThrownBy(() -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      }
    }).isInstanceOf(ConnectException.class);
  }

  @Test
  void theUrlIsOnLoopback() {
    assertThat(ClosedPort.url()).matches("http://127\\.0\\.0\\.1:[0-9]+");
  }
}
