package com.example.txndr.drill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.lambda.fencing.ActiveRegion;
import org.junit.jupiter.api.Test;

class StatusReportTest {
  private final FakeWorld world = new FakeWorld();

  private String render() {
    return new StatusReport(new Observer(world.services(), world.targets())).render();
  }

  @Test
  void everyRowAnswersForBothRegions() {
    assertThat(render()).isEqualTo(String.join("\n",
        "Stack txn-dr-prod",
        "                          | us-east-1 (PRIMARY)                                    | us-west-2 (SECONDARY)",
        "API /health               | 200 healthy                                            | 200 healthy",
        "Route 53 health check     | healthy (3/3 healthy checker regions; status metric 1) | healthy (3/3 healthy checker regions; status metric 1)",
        "Control items (replica)   | us-east-1 (epoch 4) on all 4 shards                    | us-east-1 (epoch 4) on all 4 shards",
        "SSM active-region         | us-east-1                                              | us-east-1",
        "Replication latency (out) | 0.8s to us-west-2 at 2026-03-01T10:00:00Z              | 0.8s to us-east-1 at 2026-03-01T10:00:00Z",
        "Last backup copy (out)    | COMPLETED DynamoDB 2026-03-01T05:20:00Z                | none",
        "Failover record api.dr.example.com: TestDNSAnswer CNAME NOERROR [prim.execute-api.us-east-1.amazonaws.com] = us-east-1",
        "Alarm txn-dr-prod-primary-region-unhealthy: OK since 2026-02-28T10:00:00Z",
        "Active region: us-east-1 at epoch 4 (both replicas agree)",
        ""));
  }

  @Test
  void aRegionThatDoesNotAnswerShowsItsErrorAndTheRestStillPrints() {
    world.unreachable("us-east-1");

    assertThat(render()).contains(
        "Control items (replica)   | error: Unable to execute HTTP request: connect timed out (us-east-1) | us-east-1 (epoch 4)"
            + " on all 4 shards",
        "Active region: unknown: a replica did not answer or its shards disagree (see above)");
  }

  @Test
  void replicasThatDifferAreShownAsSuch() {
    world.setControl("us-west-2", new ActiveRegion("us-west-2", 5));

    assertThat(render()).contains("Active region: the replicas differ (us-east-1 (epoch 4) / us-west-2 (epoch 5))");
  }
}
