package com.example.txndr.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.simulation.protocol.LeaseProtocol;
import org.junit.jupiter.api.Test;

class DeterminismTest {
  @Test
  void sameSeedReplaysTheSameRun() {
    Scenario scenario = Scenario.named("primary-outage-lost-answers");
    Run.Result first = Run.execute(scenario, new LeaseProtocol(), 7, 100_000);
    Run.Result second = Run.execute(scenario, new LeaseProtocol(), 7, 100_000);

    assertThat(second.history().ops()).isEqualTo(first.history().ops());
    assertThat(second.history().attempts()).isEqualTo(first.history().attempts());
    assertThat(second.history().events()).isEqualTo(first.history().events());
    assertThat(second.check().measures()).isEqualTo(first.check().measures());
  }

  @Test
  void anotherSeedGivesAnotherRun() {
    Scenario scenario = Scenario.named("partition");
    assertThat(Run.execute(scenario, new LeaseProtocol(), 1, 100_000).history().ops())
        .isNotEqualTo(Run.execute(scenario, new LeaseProtocol(), 2, 100_000).history().ops());
  }
}
