package io.routstr.gateway.bootstrap.jobs;

import io.routstr.gateway.application.port.in.billing.KeepInstanceAliveUseCase;
import io.routstr.gateway.application.port.in.billing.SweepStaleReservationsUseCase;
import io.routstr.gateway.application.port.in.key.ResetBalanceLimitsUseCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Background billing jobs. All are safe with several instances on one database: each instance beats for itself, the
 * sweep claims reservations with {@code SKIP LOCKED} and the limit reset is an idempotent conditional update, so no
 * lease is needed.
 */
@Component
record BillingJobs(
        SweepStaleReservationsUseCase sweep, ResetBalanceLimitsUseCase limits, KeepInstanceAliveUseCase heartbeat) {

    private static final Logger log = LoggerFactory.getLogger(BillingJobs.class);

    /**
     * Keeps this instance's holds: the sweep frees only the reservations of instances silent for the stale timeout.
     * A failed beat is retried at the next one; the interval leaves room for several to fail.
     */
    @Scheduled(fixedDelayString = "${routstr.billing.instance-heartbeat-interval:10s}", initialDelay = 0)
    void beat() {
        JobRun.guarded(log, "Instance heartbeat", heartbeat::beat);
    }

    @Scheduled(
            fixedDelayString = "${routstr.jobs.stale-reservation-sweep-interval:60s}",
            initialDelayString = "${routstr.jobs.stale-reservation-sweep-interval:60s}")
    void sweepStaleReservations() {
        JobRun.counting(log, "stale reservation sweep", sweep::sweep, Level.WARN, "Released {} stale reservations");
    }

    @Scheduled(
            fixedDelayString = "${routstr.jobs.limit-reset-interval:1h}",
            initialDelayString = "${routstr.jobs.limit-reset-initial-delay:1m}")
    void resetBalanceLimits() {
        JobRun.counting(log, "spending-limit reset", limits::resetDueLimits, "Started {} spending-limit periods over");
    }
}
