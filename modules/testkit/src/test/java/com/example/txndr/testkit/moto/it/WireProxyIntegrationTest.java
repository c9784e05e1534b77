package com.example.txndr.testkit.moto.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.testkit.moto.Moto;
import com.example.txndr.testkit.moto.WireProxy;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code wireProxy()}: clients reach moto through a WireProxy that forwards and injects faults. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WireProxyIntegrationTest {
  private static final String THROTTLED =
      "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"injected\"}";

  @RegisterExtension
  static final Moto MOTO = Moto.builder().wireProxy().build();

  @Test
  @Order(1)
  void theProxyForwardsToMoto() throws Exception {
    assertThat(MOTO.endpoint()).isNotEqualTo(MOTO.motoEndpoint());
    int before = MOTO.proxy().forwarded();
    assertThat(DynamoDbWire.createTable(MOTO.endpoint(), "through-proxy").status()).isEqualTo(200);
    assertThat(MOTO.proxy().forwarded()).isEqualTo(before + 1);
    assertThat(DynamoDbWire.tableNames(MOTO.motoEndpoint())).isEqualTo("[\"through-proxy\"]");
    OneProcessPerJvm.check(MOTO.motoEndpoint());
  }

  @Test
  @Order(2)
  void anInjectedErrorAnswersInsteadOfMotoOnce() throws Exception {
    WireProxy proxy = MOTO.proxy();
    proxy.failNext("CreateTable", 1, 400, THROTTLED);
    int before = proxy.forwarded();
    DynamoDbWire.Answer failed = DynamoDbWire.createTable(MOTO.endpoint(), "throttled");
    assertThat(failed.status()).isEqualTo(400);
    assertThat(failed.body()).isEqualTo(THROTTLED);
    assertThat(proxy.forwarded()).isEqualTo(before);
    assertThat(DynamoDbWire.tableNames(MOTO.motoEndpoint())).isEqualTo("[]");
    // Another operation is not affected, and the fault is used up.
    assertThat(DynamoDbWire.listTables(MOTO.endpoint()).status()).isEqualTo(200);
    assertThat(DynamoDbWire.createTable(MOTO.endpoint(), "throttled").status()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void aDelayedResponseArrivesLateAfterMotoApplied() throws Exception {
    MOTO.proxy().delayResponseOfNext("CreateTable", 1, Duration.ofMillis(400));
    long start = System.nanoTime();
    assertThat(DynamoDbWire.createTable(MOTO.endpoint(), "late").status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(DynamoDbWire.tableNames(MOTO.motoEndpoint())).isEqualTo("[\"late\"]");
  }

  @Test
  @Order(4)
  void aTestLeavesAFaultUnused() {
    MOTO.proxy().failNext("ListTables", 1, 400, THROTTLED);
  }

  @Test
  @Order(5)
  void theNextTestHasNoFaultAndAnEmptyMoto() throws Exception {
    assertThat(DynamoDbWire.tableNames(MOTO.endpoint())).isEqualTo("[]");
  }
}
