package com.example.txndr.testkit.moto.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.testkit.moto.Moto;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code perClass()}, {@code resetBeforeEach(false)} and {@code start()} outside JUnit. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerClassAndStandaloneIntegrationTest {
  @RegisterExtension
  static final Moto OWN = Moto.builder().perClass().resetBeforeEach(false).build();

  @RegisterExtension
  static final Moto SHARED = Moto.builder().build();

  @Test
  @Order(1)
  void aPerClassMotoIsItsOwnProcess() throws Exception {
    assertThat(OWN.motoEndpoint()).isNotEqualTo(SHARED.motoEndpoint());
    OneProcessPerJvm.check(SHARED.motoEndpoint());
    DynamoDbWire.createTable(OWN.endpoint(), "kept");
    assertThat(DynamoDbWire.tableNames(SHARED.endpoint())).isEqualTo("[]");
  }

  @Test
  @Order(2)
  void withoutResetBeforeEachStateStays() throws Exception {
    assertThat(DynamoDbWire.tableNames(OWN.endpoint())).isEqualTo("[\"kept\"]");
  }

  @Test
  void aStartedMotoAnswersUntilClosed() throws Exception {
    URI moto;
    try (Moto started = Moto.builder().wireProxy().start()) {
      moto = started.motoEndpoint();
      assertThat(moto).isNotEqualTo(SHARED.motoEndpoint()).isNotEqualTo(OWN.motoEndpoint());
      assertThat(DynamoDbWire.createTable(started.endpoint(), "standalone").status()).isEqualTo(200);
      assertThat(started.proxy().forwarded()).isEqualTo(1);
      started.reset();
      assertThat(DynamoDbWire.tableNames(started.endpoint())).isEqualTo("[]");
    }
    assertThatThrownBy(() -> DynamoDbWire.listTables(moto)).isInstanceOf(IOException.class);
  }

  @Test
  void aStartedMotoMayEnforceIamFromTheStart() throws Exception {
    try (Moto started = Moto.builder().enforcingIam().start()) {
      assertThat(DynamoDbWire.listTables(started.endpoint()).status()).isEqualTo(403);
    }
  }
}
