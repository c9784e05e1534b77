package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatusReportTest {
  private final FakeWorld world = new FakeWorld();

  private String render() {
    Services services = world.services();
    return new StatusReport(new Observer(services, world.targets(),
        new LeaseControl(services, world.targets(), FakeWorld.leaseSettings()))).render();
  }

  @Test
  void everyRowAnswersForBothRegions() {
    assertThat(render()).isEqualTo(String.join("\n",
        "Stack txn-dr-prod",
        "                           | us-east-1 (PRIMARY)                                          | us-west-2 (SECONDARY)",
        "API /health                | 200 healthy                                                  | 200 healthy",
        "Route 53 health check      | healthy (3/3 healthy checker regions; status metric 1)       | healthy (3/3 healthy checker regions; status metric 1)",
        "Write permission (mirror)  | epoch 1, writable until 2026-03-01T10:00:30Z on all 4 shards | none on all 4 shards",
        "Own heartbeat (replica)    | 0.0s old (epoch 1, holder)                                   | 3.0s old (epoch 1)",
        "Peer heartbeat (replica)   | us-west-2's: 3.0s old (epoch 1)                              | us-east-1's: 5.0s old (epoch 1, holder)",
        "Keeper heartbeat (arbiter) | 0.0s old (epoch 1)                                           | 3.0s old (epoch 1)",
        "Replication latency (out)  | 0.8s to us-west-2 at 2026-03-01T10:00:00Z                    | 0.8s to us-east-1 at 2026-03-01T10:00:00Z",
        "Last backup copy (out)     | COMPLETED DynamoDB 2026-03-01T05:20:00Z                      | none",
        "Lease (txn-dr-prod-control, read in us-east-1): us-east-1 holds epoch 1 until 2026-03-01T10:00:30Z (30.0s left);"
            + " version 13, changed at 2026-03-01T10:00:00Z (renewed)",
        "Epochs: 1 us-east-1 from 2026-03-01T09:59:00Z (initial)",
        "Failover record api.dr.example.com: TestDNSAnswer CNAME NOERROR [prim.execute-api.us-east-1.amazonaws.com] = us-east-1",
        "Alarm txn-dr-prod-primary-region-unhealthy: OK since 2026-02-28T09:59:00Z",
        "Active region: us-east-1 (epoch 1): it holds the lease",
        ""));
  }

  @Test
  void aRegionThatDoesNotAnswerShowsItsErrorAndTheRestStillPrints() {
    world.unreachable("us-east-1");

    assertThat(render()).contains(
        "Write permission (mirror)  | error: Unable to execute HTTP request: connect timed out (us-east-1)",
        "Lease (txn-dr-prod-control, read in us-west-2): us-east-1 holds epoch 1",
        "Active region: us-east-1 (epoch 1): it holds the lease");
  }

  @Test
  void aHandOverInProgressShowsWhereTheDrainStands() throws Exception {
    Services services = world.services();
    new LeaseControl(services, world.targets(), FakeWorld.leaseSettings()).operations("us-east-1")
        .handover("us-west-2", "planned");
    world.advance(Duration.ofSeconds(6));

    assertThat(render()).contains(
        "Lease (txn-dr-prod-control, read in us-east-1): us-east-1 holds epoch 1, draining to us-west-2 since"
            + " 2026-03-01T10:00:00Z (no region writes): revoked at 2026-03-01T10:00:05Z; all 8 drain markers in"
            + " us-west-2's replica: its keeper confirms them on its next tick",
        "Write permission (mirror)  | revoked (epoch 1) on all 4 shards",
        "Active region: none while the lease drains from us-east-1 to us-west-2 (epoch 1)");
  }

  @Test
  void theEpochsHistoryListsEveryTenure() {
    Services services = world.services();
    new LeaseControl(services, world.targets(), FakeWorld.leaseSettings()).operations("us-east-1")
        .handover("us-west-2", "planned");
    world.advance(Duration.ofSeconds(30));

    assertThat(render()).contains("Epochs: 1 us-east-1 from 2026-03-01T09:59:00Z (initial); 2 us-west-2 from"
        + " 2026-03-01T10:00:12Z (handover: planned)");
  }

  @Test
  void aStoppedKeeperShowsAsStale() {
    world.stopKeeper("us-west-2");
    world.advance(Duration.ofSeconds(30));

    assertThat(render()).contains("| 33.0s old (epoch 1), STALE");
  }
}
