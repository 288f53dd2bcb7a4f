package io.routstr.gateway.bootstrap.jobs;

import io.routstr.gateway.application.port.in.key.RefundExpiredKeysUseCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Refunds keys whose {@code Key-Expiry-Time} has passed to their {@code Refund-LNURL}. Safe with several instances: each
 * refund debits by compare-and-set first, so two instances picking the same key pay it once.
 */
@Component
class RefundJobs {

    private static final Logger log = LoggerFactory.getLogger(RefundJobs.class);

    private final RefundExpiredKeysUseCase refundExpired;

    RefundJobs(RefundExpiredKeysUseCase refundExpired) {
        this.refundExpired = refundExpired;
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
