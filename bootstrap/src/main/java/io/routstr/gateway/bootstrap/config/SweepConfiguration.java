package io.routstr.gateway.bootstrap.config;

import io.routstr.gateway.application.port.in.sweep.SweepUncollectedTokensUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.UncollectedTokenPort;
import io.routstr.gateway.application.service.SweepPolicy;
import io.routstr.gateway.application.service.SweepUncollectedTokensService;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The refund sweep (Routstr §6.5): uncollected change and refund tokens redeemed back into the wallet, run by
 * {@code RefundJobs}.
 */
@Configuration(proxyBeanMethods = false)
class SweepConfiguration {

    @Bean
    SweepUncollectedTokensUseCase sweepUncollectedTokens(
            UncollectedTokenPort tokens, EcashWallet wallet, ClockPort clock, SweepProperties sweep) {
        return new SweepUncollectedTokensService(
                tokens, wallet, clock, new SweepPolicy(sweep.ttl(), sweep.claimTimeout(), sweep.batchSize()));
    }
}
