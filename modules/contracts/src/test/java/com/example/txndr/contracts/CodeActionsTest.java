package com.example.txndr.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The list of actions each Lambda handler's code calls ({@value #LIST}), which the security
 * contract's least-privilege rule compares every runtime grant with, is what {@link CodeActions}
 * reads from the code today: a new SDK call fails this test until the list (and so the review
 * of the grant it needs) is updated. {@code -Dsecurity.update=true} rewrites the list.
 */
class CodeActionsTest {
  static final String LIST = "security/code-actions.json";
  private static final String PREFIX = "com.example.txndr.lambda.";

  /** The committed list: handler to actions. */
  static SortedMap<String, SortedSet<String>> committed() {
    SortedMap<String, SortedSet<String>> out = new TreeMap<>();
    Repository.json(LIST).path("handlers").fields().forEachRemaining(e -> {
      SortedSet<String> actions = new TreeSet<>();
      e.getValue().forEach(a -> actions.add(a.asText()));
      out.put(e.getKey(), actions);
    });
    return out;
  }

  /** Every handler of this project's code named by a Lambda function of any template, and what it calls. */
  static SortedMap<String, SortedSet<String>> scanned() {
    CodeActions code = CodeActions.read();
    SortedMap<String, SortedSet<String>> out = new TreeMap<>();
    for (Template template : RepoRoot.templates()) {
      for (String id : template.resourceIdsOfType("AWS::Lambda::Function")) {
        String handler = template.resource(id).path("Properties").path("Handler").asText();
        if (handler.startsWith(PREFIX)) {
          out.put(handler, code.forHandler(handler));
        }
      }
    }
    return out;
  }

  @Test
  void committedListIsWhatTheCodeCalls() throws IOException {
    SortedMap<String, SortedSet<String>> scanned = scanned();
    if (Boolean.getBoolean("security.update")) {
      Path file = RepoRoot.find().resolve("modules/contracts/src/test/resources/" + LIST);
      Map<String, Object> json = Map.of("description", "The AWS actions each Lambda handler's code calls, read by"
          + " CodeActions from modules/lambda/src/main/java; kept current by CodeActionsTest (rewrite with"
          + " -Dsecurity.update=true). SecurityContract allows a runtime role no other action.", "handlers", scanned);
      Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(json) + "\n");
    }
    assertThat(committed()).as("the code's SDK calls changed: review the grants they need, then run"
        + " ./mvnw -pl modules/contracts -am verify -Dsecurity.update=true").isEqualTo(scanned);
  }

  @Test
  void everyHandlerCallsSomething() {
    assertThat(scanned()).isNotEmpty().allSatisfy((handler, actions) -> assertThat(actions).as(handler).isNotEmpty());
  }

  @Test
  void callsOnClientVariablesAreActionsAndATransactionIsItsItemActions() {
    String source = """
        class Store {
          private final DynamoDbClient table;
          private final SnsClient sns;
          void write() {
            table.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().conditionCheck(check).build(),
                TransactWriteItem.builder()
                    .update(update).build()));
            table.queryPaginator(q -> q.tableName("t")).items();
            sns.publish(p -> p.topicArn(topic));
            // table.deleteItem(d -> d) is only a comment
          }
        }
        """;
    assertThat(CodeActions.calls("Store", source)).containsExactly("dynamodb:ConditionCheckItem", "dynamodb:Query",
        "dynamodb:UpdateItem", "sns:Publish");
  }

  @Test
  void aCallWhoseAuthorizationThisReaderDoesNotKnowFailsLoudly() {
    assertThatThrownBy(() -> CodeActions.calls("Store", "class Store { DynamoDbClient t; void r() { t.transactGetItems(x); } }"))
        .hasMessageContaining("transactGetItems");
    assertThatThrownBy(() -> CodeActions.calls("Store", "class Store { SnsClient s; void r() { s.waiter(); } }"))
        .hasMessageContaining("waiter");
  }

  @Test
  void onlyClassesTheHandlerReachesCount() {
    CodeActions code = CodeActions.of(Map.of(
        "p.Handler", "class Handler { Store store; /* Local is only named in a comment */ }",
        "p.Store", "class Store { DynamoDbClient t; void w() { t.putItem(x); } }",
        "p.Local", "class Local { DynamoDbClient t; void w() { t.createTable(x); } }"));
    assertThat(code.forHandler("p.Handler::handleRequest")).containsExactly("dynamodb:PutItem");
    assertThat(code.reachable("p.Handler")).containsExactly("p.Handler", "p.Store");
  }
}
