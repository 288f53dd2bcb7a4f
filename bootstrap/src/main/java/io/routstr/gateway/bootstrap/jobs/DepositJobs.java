package io.routstr.gateway.bootstrap.jobs;

import io.routstr.gateway.application.port.in.lightning.WatchLightningInvoicesUseCase;
import io.routstr.gateway.application.port.in.payment.ReconcileDepositsUseCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deposits that finish in the background. Token deposits whose request died after the mint took the token (including
 * redemptions the wallet's crash recovery finished) are credited to the key that claimed them; Lightning invoices are
 * watched every 10 s and paid ones credited. Safe with several instances: the ledger books each token once, and the
 * watcher's claims skip rows other instances hold.
 */
@Component
record DepositJobs(ReconcileDepositsUseCase reconcile, WatchLightningInvoicesUseCase invoices) {

    private static final Logger log = LoggerFactory.getLogger(DepositJobs.class);

    @Scheduled(
            fixedDelayString = "${routstr.cashu.recovery-interval:60s}",
            initialDelayString = "${routstr.cashu.recovery-interval:60s}")
    void reconcileDeposits() {
        JobRun.counting(
                log,
                "deposit reconciliation",
                reconcile::reconcile,
                "Credited {} interrupted token deposits to their keys");
    }

    @Scheduled(fixedDelayString = "${routstr.jobs.lightning-watcher-interval:10s}")
    void watchLightningInvoices() {
        // Guarded like every job: the database away for a moment was a stack trace from the scheduler every 10 s.
        JobRun.counting(log, "Lightning invoice watch", invoices::watch, "Credited {} paid Lightning invoices");
    }
}
