package io.routstr.gateway.bootstrap.jobs;

import io.routstr.gateway.application.port.in.billing.SweepStaleReservationsUseCase;
import io.routstr.gateway.application.port.in.key.ResetBalanceLimitsUseCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Background billing jobs. Both are safe with several instances on one database: the sweep claims reservations with
 * {@code SKIP LOCKED} and the limit reset is an idempotent conditional update, so no lease is needed.
 */
@Component
class BillingJobs {

    private static final Logger log = LoggerFactory.getLogger(BillingJobs.class);

    private final SweepStaleReservationsUseCase sweep;
    private final ResetBalanceLimitsUseCase limits;

    BillingJobs(SweepStaleReservationsUseCase sweep, ResetBalanceLimitsUseCase limits) {
        this.sweep = sweep;
        this.limits = limits;
    }

    @Scheduled(
            fixedDelayString = "${routstr.jobs.stale-reservation-sweep-interval:60s}",
            initialDelayString = "${routstr.jobs.stale-reservation-sweep-interval:60s}")
    void sweepStaleReservations() {
        int released = sweep.sweep();
        if (released > 0) {
            log.warn("Released {} stale reservations", released);
        }
    }

    @Scheduled(
            fixedDelayString = "${routstr.jobs.limit-reset-interval:1h}",
            initialDelayString = "${routstr.jobs.limit-reset-initial-delay:1m}")
    void resetBalanceLimits() {
        int reset = limits.resetDueLimits();
        if (reset > 0) {
            log.info("Started {} spending-limit periods over", reset);
        }
    }
}
