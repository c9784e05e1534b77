package com.example.txndr.lambda.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.example.txndr.lambda.Config;
import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** What the processor's log lines carry: the invocation's request and trace ids, never an account. */
class ApiHandlerLogTest {
  private static final String REQUEST_ID = "8f5e1c1e-2b7d-4c55-9d1c-3c2f1a6b9e01";
  private static final String TRACE_HEADER = "Root=1-67a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1";
  private static final String TRACE_ID = "1-67a1b2c3-0123456789abcdef01234567";
  private static final String ACCOUNT = "alice-4417123456789";

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private PrintStream standardOutput;
  private String traceProperty;

  @BeforeEach
  void captureStandardOutput() {
    standardOutput = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    traceProperty = System.getProperty("com.amazonaws.xray.traceHeader");
    // What the Java runtime sets for each invocation.
    System.setProperty("com.amazonaws.xray.traceHeader", TRACE_HEADER);
  }

  @AfterEach
  void restore() {
    System.setOut(standardOutput);
    if (traceProperty == null) {
      System.clearProperty("com.amazonaws.xray.traceHeader");
    } else {
      System.setProperty("com.amazonaws.xray.traceHeader", traceProperty);
    }
  }

  /** The JSON lines printed with {@code level} (the metric lines have none). */
  private List<Map<String, Object>> lines(String level) throws Exception {
    List<Map<String, Object>> found = new ArrayList<>();
    for (String line : printed.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        Map<String, Object> json = Json.parseObject(line);
        if (level.equals(json.get("level"))) {
          found.add(json);
        }
      }
    }
    return found;
  }

  /** A handler whose DynamoDB client answers every call with {@code answer}. */
  private static ApiHandler handler(InvocationHandler answer) {
    DynamoDbClient client = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
        new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
          if (method.getName().equals("close") || method.getName().equals("serviceName")) {
            return null;
          }
          // The builder-consumer overloads and the paginators are default methods that end in
          // the request overloads (which are default methods too, throwing unsupported).
          if (method.isDefault() && (method.getName().endsWith("Paginator")
              || method.getParameterCount() == 1 && method.getParameterTypes()[0] == Consumer.class)) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          return answer.invoke(proxy, method, args);
        });
    return new ApiHandler(Config.fromEnvironment(Map.of("TABLE_NAME", "t", "AWS_REGION", "us-east-1",
        "PRIMARY_REGION", "us-east-1", "SECONDARY_REGION", "us-west-2")), client, Platform.system(), line -> { });
  }

  private static ApiHandler failing() {
    return handler((proxy, method, args) -> {
      throw DynamoDbException.builder().message("The security token included in the request is invalid")
          .statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("UnrecognizedClientException").build())
          .build();
    });
  }

  private static Context context() {
    return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getAwsRequestId" -> REQUEST_ID;
          case "getRemainingTimeInMillis" -> 5_000;
          default -> null;
        });
  }

  private static Map<String, Object> invoke(ApiHandler handler, String method, String path, String body)
      throws Exception {
    String event = "{\"version\":\"2.0\",\"rawPath\":\"" + path + "\",\"headers\":{\"content-type\":\"application/json\"},"
        + "\"requestContext\":{\"stage\":\"$default\",\"http\":{\"method\":\"" + method + "\"},\"authorizer\":"
        + "{\"iam\":{\"userArn\":\"arn:aws:sts::111122223333:assumed-role/client/s\"}}}"
        + (body == null ? "" : ",\"body\":" + Json.write(body)) + "}";
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, context());
    return Json.parseObject(output.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aHandledRequestLogsTheLambdaRequestIdAndTheTraceId() throws Exception {
    Map<String, Object> answer = invoke(failing(), "POST", "/transactions", "{}");

    assertThat(answer).containsEntry("statusCode", BigDecimal.valueOf(400));
    assertThat(lines("INFO")).singleElement().satisfies(line -> assertThat(line)
        .containsEntry("message", "transaction request")
        .containsEntry("requestId", REQUEST_ID)
        .containsEntry("traceId", TRACE_ID));
  }

  @Test
  void anErrorLogOfAnAccountReadNamesTheRouteTemplateAndTheIdsButNotTheAccount() throws Exception {
    Map<String, Object> answer = invoke(failing(), "GET", "/accounts/" + ACCOUNT, null);

    assertThat(answer).containsEntry("statusCode", BigDecimal.valueOf(503));
    assertThat(lines("ERROR")).singleElement().satisfies(line -> assertThat(line)
        .containsEntry("route", "/accounts/{id}")
        .containsEntry("requestId", REQUEST_ID)
        .containsEntry("traceId", TRACE_ID));
    assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain(ACCOUNT).doesNotContain("4417123456789");
  }

  @Test
  void aStoredBalanceWithMoreDigitsThanPinnedAnswers500AndItsErrorLogCarriesNeitherAccountNorAmount()
      throws Exception {
    ApiHandler handler = handler((proxy, method, args) -> {
      if (method.getName().equals("query")) {
        return QueryResponse.builder().items(List.of(Map.of(
            "PK", AttributeValue.fromS("ACCT#" + ACCOUNT), "SK", AttributeValue.fromS("BAL#USD#E000000000001"),
            "currency", AttributeValue.fromS("USD"), "delta", AttributeValue.fromN("12.345")))).build();
      }
      throw new UnsupportedOperationException(method.getName());
    });

    Map<String, Object> answer = invoke(handler, "GET", "/accounts/" + ACCOUNT, null);

    assertThat(answer).containsEntry("statusCode", BigDecimal.valueOf(500));
    assertThat(lines("ERROR")).singleElement().satisfies(line -> assertThat(line)
        .containsEntry("route", "/accounts/{id}")
        .containsEntry("error", "java.lang.IllegalStateException: A stored USD amount has 3 fraction digits; USD is"
            + " pinned to 2 (TradableCurrency). It is not rounded: the stored item or the currency table is wrong"));
    assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain(ACCOUNT).doesNotContain("12.345");
  }
}
