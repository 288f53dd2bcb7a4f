package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.SweepStaleReservationsUseCase;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.InstanceHeartbeatPort;
import java.time.Instant;
import java.util.Optional;

/**
 * Releases the holds no request will settle, in batches, until none is left: those of instances silent for the stale
 * timeout, and those of requests older than the maximum lifetime plus the stale timeout. A request whose instance
 * keeps beating keeps its hold for its whole life (Routstr PR #682: the old age-only sweep cut streams at 5 minutes).
 */
public record SweepStaleReservationsService(
        BalancePort balances, InstanceHeartbeatPort heartbeats, ClockPort clock, BillingPolicy policy)
        implements SweepStaleReservationsUseCase {

    @Override
    public int sweep() {
        Instant now = clock.now();
        Instant silentSince = policy.silenceCutoff(now);
        Instant startedBefore = policy.overAgeCutoff(now);
        int total = 0;
        int released;
        do {
            released = balances.releaseStale(silentSince, Optional.empty(), policy.sweepBatchSize(), now);
            total += released;
        } while (released == policy.sweepBatchSize());
        do {
            released = balances.releaseOverAge(startedBefore, policy.sweepBatchSize(), now);
            total += released;
        } while (released == policy.sweepBatchSize());
        heartbeats.forgetSilent(now);
        return total;
    }
}
