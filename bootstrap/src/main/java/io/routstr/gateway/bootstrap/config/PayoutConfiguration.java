package io.routstr.gateway.bootstrap.config;

import io.routstr.gateway.application.port.in.payout.PayOwnerFundsUseCase;
import io.routstr.gateway.application.port.in.payout.PayOwnerFundsUseCase.PayoutOutcome;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.JobLeasePort;
import io.routstr.gateway.application.port.out.LedgerPort;
import io.routstr.gateway.application.port.out.OwnerPayoutPort;
import io.routstr.gateway.application.service.ListOwnerPayoutsService;
import io.routstr.gateway.application.service.OwnerPayoutPolicy;
import io.routstr.gateway.application.service.PayOwnerFundsService;
import io.routstr.gateway.application.service.Payouts;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import io.routstr.gateway.domain.reservation.InstanceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Owner payouts to {@code RECEIVE_LN_ADDRESS} every {@code PAYOUT_INTERVAL_SECONDS} (Routstr §6.4), through the same
 * guarded payout port the Lightning refunds use, so a payout never takes ecash that backs a customer's balance.
 */
@Configuration(proxyBeanMethods = false)
class PayoutConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PayoutConfiguration.class);

    @Bean
    PayOwnerFundsService payOwnerFunds(
            OwnerPayoutPort payouts,
            JobLeasePort leases,
            Payouts walletPayoutPort,
            EcashWallet wallet,
            LedgerPort ledger,
            ClockPort clock,
            PayoutProperties properties,
            InstanceId instance) {
        return new PayOwnerFundsService(
                payouts,
                leases,
                walletPayoutPort,
                wallet,
                ledger,
                clock,
                new OwnerPayoutPolicy(
                        properties.receiveLnAddress(),
                        properties.minPayoutSat(),
                        properties.maxPayoutSat(),
                        properties.lease()),
                instance);
    }

    @Bean
    ListOwnerPayoutsService listOwnerPayouts(OwnerPayoutPort payouts) {
        return new ListOwnerPayoutsService(payouts);
    }

    @Bean
    OwnerPayoutJob ownerPayoutJob(PayOwnerFundsUseCase payOwnerFunds) {
        return new OwnerPayoutJob(payOwnerFunds);
    }

    /** Runs the payouts; the address is never logged in full (it identifies the operator's wallet). */
    static final class OwnerPayoutJob {

        private final PayOwnerFundsUseCase payOwnerFunds;

        OwnerPayoutJob(PayOwnerFundsUseCase payOwnerFunds) {
            this.payOwnerFunds = payOwnerFunds;
        }

        @Scheduled(
                fixedDelayString = "${routstr.payouts.interval:900s}",
                initialDelayString = "${routstr.payouts.interval:900s}")
        void run() {
            try {
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
            } catch (RuntimeException e) {
                log.warn("owner payout run failed; it runs again at the next interval: {}", e.toString());
            }
        }
    }
}
