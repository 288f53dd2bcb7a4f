package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.billing.SweepStaleReservationsUseCase;
import io.routstr.gateway.application.port.out.BalancePort;
import io.routstr.gateway.application.port.out.ClockPort;
import java.time.Instant;
import java.util.Optional;

/** Releases reservations older than the stale timeout, in batches, until none is left. */
public final class SweepStaleReservationsService implements SweepStaleReservationsUseCase {

    private final BalancePort balances;
    private final ClockPort clock;
    private final BillingPolicy policy;

    public SweepStaleReservationsService(BalancePort balances, ClockPort clock, BillingPolicy policy) {
        this.balances = balances;
        this.clock = clock;
        this.policy = policy;
    }

    @Override
    public int sweep() {
        Instant now = clock.now();
        Instant cutoff = now.minus(policy.staleReservationTimeout());
        int total = 0;
        int released;
        do {
            released = balances.releaseStale(cutoff, Optional.empty(), policy.sweepBatchSize(), now);
            total += released;
        } while (released == policy.sweepBatchSize());
        return total;
    }
}
