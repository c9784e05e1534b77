package com.example.txndr.lambda.regions;

import com.example.txndr.testkit.moto.Moto;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two-region specification ({@link TwoRegionsTest}) against moto_server, which keeps each
 * region's tables apart: the same tests over the real DynamoDB wire protocol.
 */
class TwoRegionsIntegrationTest extends TwoRegionsTest {
  @RegisterExtension
  static final Moto MOTO = Moto.builder().wireProxy().build();

  @Override
  Regions create() {
    return Regions.onMoto(MOTO.endpoint());
  }
}
