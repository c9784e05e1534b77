package com.example.txndr.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The alert-delivery contract over each system description, in each of its scenarios (both
 * regions composed). Every path found is written to target/alert-delivery/<system>.<scenario>.txt.
 */
class AlertDeliveryContractTest {
  private static AlertDeliveryContract contract(SystemDescription system, SystemDescription.Scenario scenario) {
    assumeTrue(system.missingTemplates().isEmpty(), () -> system.name() + " names templates not written yet: "
        + system.missingTemplates());
    AlertDeliveryContract contract = AlertDeliveryContract.of(system.deploy(scenario));
    Path file = Path.of("target", "alert-delivery",
        system.name() + "." + scenario.name().replaceAll("[^A-Za-z0-9]+", "-") + ".txt");
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, contract.deliveries().stream().map(AlertDeliveryContract.Delivery::line).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return contract;
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("com.example.txndr.contracts.CrossRegionContractTest#systemsAndScenarios")
  void everyPublisherCanPublishToItsTopicAndUseItsKey(SystemDescription system, SystemDescription.Scenario scenario) {
    assertThat(contract(system, scenario).violations()).isEmpty();
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("com.example.txndr.contracts.CrossRegionContractTest#systemsAndScenarios")
  void everyKindOfPublisherOfTheSystemIsChecked(SystemDescription system, SystemDescription.Scenario scenario) {
    assertThat(contract(system, scenario).deliveries()).extracting(d -> d.kind().replaceAll(" \\(.*", ""))
        .contains("CloudWatch alarm AlarmActions", "CloudWatch alarm OKActions", "EventBridge rule",
            "backup vault notifications", "Lambda function");
  }
}
