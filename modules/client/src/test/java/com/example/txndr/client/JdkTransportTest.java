package com.example.txndr.client;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdkTransportTest {
  @Test
  void aDnsCacheThatWouldOutliveAFailoverIsRefused() {
    assertThatThrownBy(() -> JdkTransport.checkDnsCache("-1", null))
        .hasMessageContaining("caches DNS answers for ever").hasMessageContaining("networkaddress.cache.ttl");
    assertThatThrownBy(() -> JdkTransport.checkDnsCache(null, "300"))
        .hasMessageContaining("300 s").hasMessageContaining("sun.net.inetaddr.ttl");
  }

  @Test
  void theDefaultAndShortCachesAreAccepted() {
    assertThatCode(() -> JdkTransport.checkDnsCache(null, null)).doesNotThrowAnyException();
    assertThatCode(() -> JdkTransport.checkDnsCache("30", "-1")).doesNotThrowAnyException();
    assertThatCode(() -> JdkTransport.checkDnsCache("60", null)).doesNotThrowAnyException();
  }
}
