package com.example.txndr.lambda.keeper;

import com.example.txndr.lambda.lease.Heartbeat;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseTiming;
import com.example.txndr.lambda.lease.RegionSignals;
import java.util.Optional;

/**
 * What one keeper tick observed, the input of {@link KeeperDecision}.
 *
 * @param self this region
 * @param primary the primary region (it creates the first lease)
 * @param nowMillis this region's clock
 * @param arbiterReachable whether the lease could be read
 * @param lease the lease, if it exists (empty when unreachable too)
 * @param selfHealthy whether this region's replica took this tick's heartbeat
 * @param peerHeartbeat the peer's last heartbeat in this region's replica
 * @param markers the drain markers in this region's replica, when this region awaits a drain
 * @param autoTakeover whether an expired lease may be taken over without an operator
 * @param timing the lease's timing
 */
public record KeeperView(String self, String primary, long nowMillis, boolean arbiterReachable, Optional<Lease> lease,
    boolean selfHealthy, Optional<Heartbeat> peerHeartbeat, RegionSignals.Markers markers, boolean autoTakeover,
    LeaseTiming timing) {}
