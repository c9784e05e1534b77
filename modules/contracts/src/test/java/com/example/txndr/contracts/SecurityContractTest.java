package com.example.txndr.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The security contract over each system description, in each of its scenarios. The violations
 * found are written to target/security/<system>.<scenario>.txt.
 */
class SecurityContractTest {
  static SecurityContract.CodeActionsList committedCodeActions() {
    SortedMap<String, SortedSet<String>> list = CodeActionsTest.committed();
    return handler -> Optional.ofNullable(list.get(handler));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("com.example.txndr.contracts.CrossRegionContractTest#systemsAndScenarios")
  void theSystemKeepsTheSecurityContract(SystemDescription system, SystemDescription.Scenario scenario) {
    assumeTrue(system.missingTemplates().isEmpty(), () -> system.name() + " names templates not written yet: "
        + system.missingTemplates());
    SecurityContract contract = SecurityContract.of(system.deploy(scenario), committedCodeActions(),
        system.secondary());
    Path file = Path.of("target", "security",
        system.name() + "." + scenario.name().replaceAll("[^A-Za-z0-9]+", "-") + ".txt");
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, contract.violations());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(contract.violations()).isEmpty();
  }
}
