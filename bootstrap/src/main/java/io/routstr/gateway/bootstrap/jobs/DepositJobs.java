package io.routstr.gateway.bootstrap.jobs;

import io.routstr.gateway.application.port.in.payment.ReconcileDepositsUseCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Credits token deposits whose request died after the mint took the token (including redemptions the wallet's crash
 * recovery finished) to the key that claimed them. Safe with several instances: the ledger books each token once.
 */
@Component
class DepositJobs {

    private static final Logger log = LoggerFactory.getLogger(DepositJobs.class);

    private final ReconcileDepositsUseCase reconcile;

    DepositJobs(ReconcileDepositsUseCase reconcile) {
        this.reconcile = reconcile;
    }

    @Scheduled(
            fixedDelayString = "${routstr.cashu.recovery-interval:60s}",
            initialDelayString = "${routstr.cashu.recovery-interval:60s}")
    void reconcileDeposits() {
        try {
            int credited = reconcile.reconcile();
            if (credited > 0) {
                log.info("Credited {} interrupted token deposits to their keys", credited);
            }
        } catch (RuntimeException e) {
            log.warn("deposit reconciliation failed; it runs again at the next interval: {}", e.toString());
        }
    }
}
