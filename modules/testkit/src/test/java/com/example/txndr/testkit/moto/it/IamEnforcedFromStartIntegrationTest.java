package com.example.txndr.testkit.moto.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.testkit.moto.Moto;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code enforcingIam()}: every test starts with IAM enforced, whatever the last one left. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IamEnforcedFromStartIntegrationTest {
  @RegisterExtension
  static final Moto MOTO = Moto.builder().enforcingIam().build();

  @Test
  @Order(1)
  void aTestStartsEnforcedAndMayStop() throws Exception {
    assertThat(DynamoDbWire.listTables(MOTO.endpoint()).status()).isEqualTo(403);
    MOTO.stopEnforcingIam();
    assertThat(DynamoDbWire.listTables(MOTO.endpoint()).status()).isEqualTo(200);
  }

  @Test
  @Order(2)
  void theNextStartsEnforcedAgain() throws Exception {
    assertThat(DynamoDbWire.listTables(MOTO.endpoint()).status()).isEqualTo(403);
  }
}
