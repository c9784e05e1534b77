package com.example.txndr.testkit.moto.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

/** The endpoint of the first shared moto a test class saw: every later class must see the same. */
final class OneProcessPerJvm {
  private static final AtomicReference<URI> FIRST = new AtomicReference<>();

  private OneProcessPerJvm() {}

  static void check(URI motoEndpoint) {
    FIRST.compareAndSet(null, motoEndpoint);
    assertThat(motoEndpoint).as("the shared moto_server of this JVM").isEqualTo(FIRST.get());
  }
}
