package com.example.txndr.lambda.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LocalMainTest {
  @Test
  void localModeAnswersOnlyThisMachineBesidesS3() {
    assertThat(LocalMain.isLoopback(URI.create("http://localhost:8080/response"))).isTrue();
    assertThat(LocalMain.isLoopback(URI.create("http://127.0.0.1:8080/response"))).isTrue();
    assertThat(LocalMain.isLoopback(URI.create("http://[::1]:8080/response"))).isTrue();

    assertThat(LocalMain.isLoopback(URI.create("http://127.example.com/response"))).isFalse();
    assertThat(LocalMain.isLoopback(URI.create("http://10.0.0.1/response"))).isFalse();
    assertThat(LocalMain.isLoopback(URI.create("file://localhost/etc/passwd"))).isFalse();
  }
}
