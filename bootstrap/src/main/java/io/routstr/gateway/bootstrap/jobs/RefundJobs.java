package io.routstr.gateway.bootstrap.jobs;

import io.routstr.gateway.application.port.in.key.ReconcileRefundsUseCase;
import io.routstr.gateway.application.port.in.key.RefundExpiredKeysUseCase;
import io.routstr.gateway.application.port.in.sweep.SweepUncollectedTokensUseCase;
import io.routstr.gateway.application.port.in.sweep.SweepUncollectedTokensUseCase.SweepReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Refunds keys whose {@code Key-Expiry-Time} has passed to their {@code Refund-LNURL}, reconciles refund claims left
 * unfinished, and sweeps change and refund tokens nobody collected back into the wallet (Routstr §6.5). Safe with
 * several instances: each refund opens its claim and debits by compare-and-set first, so two instances picking the
 * same key pay it once, reconciliation leases the claims it looks at, and the sweep's claims keep two instances off
 * the same token.
 */
@Component
record RefundJobs(
        RefundExpiredKeysUseCase refundExpired,
        ReconcileRefundsUseCase reconcile,
        SweepUncollectedTokensUseCase sweep) {

    private static final Logger log = LoggerFactory.getLogger(RefundJobs.class);

    @Scheduled(
            fixedDelayString = "${routstr.refunds.reconcile-interval:60s}",
            initialDelayString = "${routstr.refunds.reconcile-interval:60s}")
    void reconcileRefunds() {
        JobRun.counting(log, "refund reconciliation", reconcile::reconcile, "Reconciled {} unfinished refund claims");
    }

    @Scheduled(
            fixedDelayString = "${routstr.jobs.expired-key-refund-interval:5m}",
            initialDelayString = "${routstr.jobs.expired-key-refund-interval:5m}")
    void refundExpiredKeys() {
        JobRun.counting(
                log,
                "expired key refund",
                refundExpired::refundDueKeys,
                "Refunded {} expired keys to their refund addresses");
    }

    @Scheduled(
            fixedDelayString = "${routstr.sweep.interval:3600s}",
            initialDelayString = "${routstr.sweep.interval:3600s}")
    void sweepUncollectedTokens() {
        JobRun.guarded(log, "refund sweep", () -> {
            SweepReport report = sweep.sweep();
            if (report.swept() + report.collected() + report.failed() + report.deferred() > 0) {
                log.info(
                        "Refund sweep: {} swept back, {} collected by their holders, {} refused, {} deferred",
                        report.swept(),
                        report.collected(),
                        report.failed(),
                        report.deferred());
            }
        });
    }
}
