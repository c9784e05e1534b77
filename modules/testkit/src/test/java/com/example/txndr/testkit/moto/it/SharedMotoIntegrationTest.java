package com.example.txndr.testkit.moto.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.testkit.moto.Moto;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The default extension: one moto_server per JVM, reset before each test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedMotoIntegrationTest {
  @RegisterExtension
  static final Moto MOTO = Moto.builder().build();

  /** A second shared extension (as another class would have): the same process. */
  @RegisterExtension
  static final Moto SECOND = Moto.builder().shared().build();

  @Test
  @Order(1)
  void aTestLeavesATableBehind() throws Exception {
    assertThat(DynamoDbWire.createTable(MOTO.endpoint(), "left-behind").status()).isEqualTo(200);
    assertThat(DynamoDbWire.tableNames(MOTO.endpoint())).isEqualTo("[\"left-behind\"]");
  }

  @Test
  @Order(2)
  void theNextStartsFromAnEmptyMoto() throws Exception {
    assertThat(DynamoDbWire.tableNames(MOTO.endpoint())).isEqualTo("[]");
  }

  @Test
  @Order(3)
  void resetForgetsWithinATest() throws Exception {
    DynamoDbWire.createTable(MOTO.endpoint(), "gone");
    MOTO.reset();
    assertThat(DynamoDbWire.tableNames(MOTO.endpoint())).isEqualTo("[]");
  }

  @Test
  void sharedExtensionsShareOneProcessPerJvm() {
    assertThat(SECOND.motoEndpoint()).isEqualTo(MOTO.motoEndpoint());
    OneProcessPerJvm.check(MOTO.motoEndpoint());
  }

  @Test
  void withoutAProxyTheEndpointIsMotos() {
    assertThat(MOTO.endpoint()).isEqualTo(MOTO.motoEndpoint());
    assertThat(MOTO.endpoint().toString()).matches("http://localhost:\\d+");
    assertThatThrownBy(MOTO::proxy).isInstanceOf(IllegalStateException.class).hasMessageContaining("wireProxy()");
  }

  @Test
  void anExtensionNotRegisteredSaysHowToStartIt() {
    Moto unregistered = Moto.builder().build();
    assertThatThrownBy(unregistered::endpoint).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@RegisterExtension");
  }
}
