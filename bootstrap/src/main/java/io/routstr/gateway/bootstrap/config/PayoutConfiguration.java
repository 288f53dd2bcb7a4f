package io.routstr.gateway.bootstrap.config;

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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Owner payouts to {@code RECEIVE_LN_ADDRESS} every {@code PAYOUT_INTERVAL_SECONDS} (Routstr §6.4), through the same
 * guarded payout port the Lightning refunds use, so a payout never takes ecash that backs a customer's balance. The
 * runs are scheduled by {@code WalletJobs}.
 */
@Configuration(proxyBeanMethods = false)
@Import({ListOwnerPayoutsService.class})
class PayoutConfiguration {

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
}
