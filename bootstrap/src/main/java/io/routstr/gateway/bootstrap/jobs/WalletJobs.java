package io.routstr.gateway.bootstrap.jobs;

import io.routstr.gateway.application.port.in.payout.PayOwnerFundsUseCase;
import io.routstr.gateway.application.port.in.payout.PayOwnerFundsUseCase.PayoutOutcome;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import io.routstr.gateway.bootstrap.config.CashuProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The node's own wallet at work: interrupted swaps, melts and mints settled at start-up and every
 * {@code routstr.cashu.recovery-interval} (NUT-09 restore, NUT-07 checkstate), and the owner's funds paid out to
 * {@code RECEIVE_LN_ADDRESS} every {@code PAYOUT_INTERVAL_SECONDS} (Routstr §6.4); the address is never logged (it
 * identifies the operator's wallet); and the wallet's small proofs consolidated every
 * {@code WALLET_CONSOLIDATION_INTERVAL_SECONDS}. Safe with several instances: recovery moves each operation by compare-and-set,
 * payouts run under a lease.
 */
@Component
class WalletJobs {

    private static final Logger log = LoggerFactory.getLogger(WalletJobs.class);

    private final EcashWallet wallet;
    private final PayOwnerFundsUseCase payOwnerFunds;
    private final CashuProperties cashu;

    WalletJobs(EcashWallet wallet, PayOwnerFundsUseCase payOwnerFunds, CashuProperties cashu) {
        this.wallet = wallet;
        this.payOwnerFunds = payOwnerFunds;
        this.cashu = cashu;
    }

    @EventListener(ApplicationReadyEvent.class)
    void recoverAtStartup() {
        recover();
    }

    @Scheduled(
            fixedDelayString = "${routstr.cashu.recovery-interval:60s}",
            initialDelayString = "${routstr.cashu.recovery-interval:60s}")
    void recover() {
        JobRun.guarded(log, "wallet recovery", () -> {
            EcashWallet.RecoveryReport report = wallet.recover();
            if (report.operations() > 0) {
                log.info(
                        "wallet recovery: {} operations examined, {} proofs restored, {} redemptions completed",
                        report.operations(),
                        report.restoredProofs(),
                        report.receives().size());
            }
        });
    }

    /**
     * Each {@code X-Cashu} request leaves its charge in the wallet as a small proof until a payout: swapped now and then
     * for a few proofs of the same sum, so that what reads the wallet stays short (see the wallet's consolidation).
     */
    @Scheduled(
            fixedDelayString = "${routstr.cashu.consolidation-interval:600s}",
            initialDelayString = "${routstr.cashu.consolidation-interval:600s}")
    void consolidate() {
        if (!cashu.consolidates()) {
            return;
        }
        JobRun.guarded(log, "wallet consolidation", () -> {
            EcashWallet.ConsolidationReport report =
                    wallet.consolidate(cashu.consolidateAbove(), cashu.consolidationBatch());
            if (report.swaps() > 0) {
                log.info(
                        "wallet consolidation: {} swaps, {} proofs became {}",
                        report.swaps(),
                        report.proofsIn(),
                        report.proofsOut());
            }
        });
    }

    @Scheduled(
            fixedDelayString = "${routstr.payouts.interval:900s}",
            initialDelayString = "${routstr.payouts.interval:900s}")
    void payOwnerFunds() {
        JobRun.guarded(log, "owner payout run", () -> {
            for (PayoutOutcome outcome : payOwnerFunds.payOut()) {
                switch (outcome) {
                    case PayoutOutcome.Paid paid ->
                        log.info(
                                "Owner payout {} paid: {}",
                                paid.payout().id().value(),
                                paid.payout().amount());
                    case PayoutOutcome.Failed failed ->
                        log.warn(
                                "Owner payout {} failed: {}",
                                failed.payout().id().value(),
                                failed.reason());
                    case PayoutOutcome.Unresolved unresolved ->
                        log.warn(
                                "Owner payout {} outcome unknown; looked up again next run",
                                unresolved.payout().id().value());
                    case PayoutOutcome.Busy busy -> log.debug("Owner payouts run on another instance now");
                }
            }
        });
    }
}
