package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.application.port.in.billing.SweepStaleReservationsUseCase;

/**
 * Counts the reservations the stale sweep released ({@code routstr_reservations_swept_total}): each is a request whose
 * instance died or that outlived the maximum lifetime, so a steady rise means instances are crashing.
 */
public final class MeteredReservationSweep implements SweepStaleReservationsUseCase {

    private final SweepStaleReservationsUseCase delegate;
    private final Counter swept;

    public MeteredReservationSweep(SweepStaleReservationsUseCase delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.swept = Counter.builder("routstr.reservations.swept")
                .description("Stale reservations released by the sweep")
                .register(registry);
    }

    @Override
    public int sweep() {
        int released = delegate.sweep();
        swept.increment(released);
        return released;
    }
}
