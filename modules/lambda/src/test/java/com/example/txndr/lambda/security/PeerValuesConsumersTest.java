package com.example.txndr.lambda.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.RepoRoot;
import com.example.txndr.template.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing that decides writability or promotion reads a peer value (docs/adr/0011, H2): the
 * {@code peer/*} parameters and the peer-values function's attributes reach no function's code
 * path. The processor, the keeper, the orchestrator, the reconciler and their packages use no SSM
 * client; only the peer-values function (deploy time) and the local mode's bootstrap do. No
 * function's environment in the lambda template resolves an SSM parameter.
 */
class PeerValuesConsumersTest {
  private static final Path MAIN = RepoRoot.find().resolve("modules/lambda/src/main/java/com/example/txndr/lambda");
  /** The only sources that may use SSM: the custom resource, local mode, and the client factory. */
  private static final List<String> SSM_USERS = List.of("peer/PeerRegionValuesHandler.java",
      "local/ResourceBootstrap.java", "local/LocalMain.java", "internal/AwsClients.java", "internal/ParameterStore.java",
      "internal/SsmJsonClient.java");

  /** Each source (path relative to the lambda package) that reaches SSM or the peer values and may not. */
  static List<String> problems(Map<String, String> sources) {
    List<String> problems = new ArrayList<>();
    sources.forEach((path, text) -> {
      if (SSM_USERS.contains(path)) {
        return;
      }
      if (text.contains("software.amazon.awssdk.services.ssm") || text.contains("ParameterStore")) {
        problems.add(path + " uses SSM");
      }
      if (text.contains("PeerRegionValuesHandler") || text.contains("/peer/")) {
        problems.add(path + " refers to the peer values");
      }
    });
    return problems;
  }

  private static Map<String, String> sources() throws IOException {
    Map<String, String> sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
        try {
          sources.put(MAIN.relativize(f).toString().replace('\\', '/'), Files.readString(f));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    return sources;
  }

  @Test
  void noFunctionThatDecidesWritabilityOrPromotionReadsPeerValues() throws IOException {
    Map<String, String> sources = sources();

    assertThat(sources).containsKeys("failover/FailoverOrchestratorHandler.java", "keeper/LeaseKeeper.java",
        "api/internal/TransactionProcessor.java", "reconcile/Reconciler.java");
    assertThat(problems(sources)).isEmpty();
  }

  @Test
  void anOrchestratorThatReadsThePeerEndpointIsFound() {
    Map<String, String> sources = Map.of("failover/FailoverOrchestratorHandler.java",
        "import software.amazon.awssdk.services.ssm.SsmClient;\n ssm.getParameter(r -> r.name(prefix + \"/peer/"
            + "api-endpoint\"));", "peer/PeerRegionValuesHandler.java", "import software.amazon.awssdk.services.ssm.*;");

    assertThat(problems(sources)).containsExactly("failover/FailoverOrchestratorHandler.java uses SSM",
        "failover/FailoverOrchestratorHandler.java refers to the peer values");
  }

  @Test
  void noFunctionEnvironmentResolvesAParameter() {
    Template lambda = Template.ofModule("lambda");
    for (String function : lambda.resourceIdsOfType("AWS::Lambda::Function")) {
      assertThat(lambda.resource(function).path("Properties").path("Environment").toString())
          .as("environment of %s", function).doesNotContain("resolve:ssm").doesNotContain("peer/");
    }
  }
}
