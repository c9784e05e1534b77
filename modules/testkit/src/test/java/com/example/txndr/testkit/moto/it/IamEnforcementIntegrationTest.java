package com.example.txndr.testkit.moto.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.testkit.moto.Moto;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** IAM enforcement switched within a test, and off again at the start of the next. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IamEnforcementIntegrationTest {
  @RegisterExtension
  static final Moto MOTO = Moto.builder().build();

  @Test
  @Order(1)
  void enforcedIamRefusesAnUnknownAccessKeyAndStoppingAcceptsItAgain() throws Exception {
    assertThat(DynamoDbWire.listTables(MOTO.endpoint()).status()).isEqualTo(200);
    MOTO.enforceIam();
    DynamoDbWire.Answer refused = DynamoDbWire.listTables(MOTO.endpoint());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("InvalidClientTokenId");
    MOTO.stopEnforcingIam();
    assertThat(DynamoDbWire.listTables(MOTO.endpoint()).status()).isEqualTo(200);
    MOTO.enforceIam();
  }

  @Test
  @Order(2)
  void theNextTestStartsWithoutEnforcement() throws Exception {
    assertThat(DynamoDbWire.listTables(MOTO.endpoint()).status()).isEqualTo(200);
    OneProcessPerJvm.check(MOTO.motoEndpoint());
  }
}
