package io.routstr.gateway.bootstrap.jobs;

import io.routstr.gateway.application.port.in.key.ReconcileRefundsUseCase;
import io.routstr.gateway.application.port.in.key.RefundExpiredKeysUseCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Refunds keys whose {@code Key-Expiry-Time} has passed to their {@code Refund-LNURL}, and reconciles refund claims
 * left unfinished. Safe with several instances: each refund opens its claim and debits by compare-and-set first, so
 * two instances picking the same key pay it once, and reconciliation leases the claims it looks at.
 */
@Component
class RefundJobs {

    private static final Logger log = LoggerFactory.getLogger(RefundJobs.class);

    private final RefundExpiredKeysUseCase refundExpired;
    private final ReconcileRefundsUseCase reconcile;

    RefundJobs(RefundExpiredKeysUseCase refundExpired, ReconcileRefundsUseCase reconcile) {
        this.refundExpired = refundExpired;
        this.reconcile = reconcile;
    }

    @Scheduled(
            fixedDelayString = "${routstr.refunds.reconcile-interval:60s}",
            initialDelayString = "${routstr.refunds.reconcile-interval:60s}")
    void reconcileRefunds() {
        try {
            int settled = reconcile.reconcile();
            if (settled > 0) {
                log.info("Reconciled {} unfinished refund claims", settled);
            }
        } catch (RuntimeException e) {
            log.warn("refund reconciliation failed; it runs again at the next interval: {}", e.toString());
        }
    }

    @Scheduled(
            fixedDelayString = "${routstr.jobs.expired-key-refund-interval:5m}",
            initialDelayString = "${routstr.jobs.expired-key-refund-interval:5m}")
    void refundExpiredKeys() {
        int refunded = refundExpired.refundDueKeys();
        if (refunded > 0) {
            log.info("Refunded {} expired keys to their refund addresses", refunded);
        }
    }
}
