package com.example.txndr.lambda.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private PrintStream standardOutput;
  private String traceProperty;

  @BeforeEach
  void captureStandardOutput() {
    standardOutput = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    traceProperty = System.clearProperty(Log.TRACE_HEADER_PROPERTY);
  }

  @AfterEach
  void restore() {
    Log.end();
    System.setOut(standardOutput);
    if (traceProperty != null) {
      System.setProperty(Log.TRACE_HEADER_PROPERTY, traceProperty);
    }
  }

  private Map<String, Object> lastLine() throws Exception {
    String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
    return Json.parseObject(lines[lines.length - 1]);
  }

  private static Context context(String requestId, String traceHeader) {
    return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getAwsRequestId" -> requestId;
          case "getXrayTraceId" -> traceHeader;
          default -> null;
        });
  }

  @Test
  void theTraceIdIsTheRootOfTheTraceHeader() {
    assertThat(Log.traceId("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
        .isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
    assertThat(Log.traceId("Parent=53995c3f42cd8ad8;Sampled=0")).isNull();
    assertThat(Log.traceId(null)).isNull();
  }

  @Test
  void linesOfAnInvocationCarryItsRequestIdAndTheContextsTraceId() throws Exception {
    System.setProperty(Log.TRACE_HEADER_PROPERTY, "Root=1-00000000-000000000000000000000000");
    Log.begin(context("r-1", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"));

    Log.info("hello", Map.of("route", "GET /health"));

    assertThat(lastLine()).containsEntry("requestId", "r-1")
        .containsEntry("traceId", "1-5759e988-bd862e3fe1be46a994272793").containsEntry("route", "GET /health");
  }

  @Test
  void withoutTheContextsTraceHeaderTheRuntimesSystemPropertyGivesTheTraceId() throws Exception {
    System.setProperty(Log.TRACE_HEADER_PROPERTY, "Root=1-67a1b2c3-0123456789abcdef01234567;Parent=1;Sampled=1");
    Log.begin(context("r-2", null));

    Log.warn("careful", Map.of());

    assertThat(lastLine()).containsEntry("requestId", "r-2").containsEntry("traceId", "1-67a1b2c3-0123456789abcdef01234567");
  }

  @Test
  void afterTheInvocationLinesCarryNoIds() throws Exception {
    Log.begin(context("r-3", "Root=1-5759e988-bd862e3fe1be46a994272793"));
    Log.end();

    Log.info("between invocations", Map.of());

    assertThat(lastLine()).doesNotContainKeys("requestId", "traceId");
  }
}
