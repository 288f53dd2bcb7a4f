package io.routstr.gateway.bootstrap.config;

import io.routstr.gateway.application.port.in.sweep.SweepUncollectedTokensUseCase;
import io.routstr.gateway.application.port.in.sweep.SweepUncollectedTokensUseCase.SweepReport;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.UncollectedTokenPort;
import io.routstr.gateway.application.service.SweepPolicy;
import io.routstr.gateway.application.service.SweepUncollectedTokensService;
import io.routstr.gateway.application.service.wallet.EcashWallet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/** The refund sweep (Routstr §6.5): uncollected change and refund tokens redeemed back into the wallet. */
@Configuration(proxyBeanMethods = false)
class SweepConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SweepConfiguration.class);

    @Bean
    SweepUncollectedTokensUseCase sweepUncollectedTokens(
            UncollectedTokenPort tokens, EcashWallet wallet, ClockPort clock, SweepProperties sweep) {
        return new SweepUncollectedTokensService(
                tokens, wallet, clock, new SweepPolicy(sweep.ttl(), sweep.claimTimeout(), sweep.batchSize()));
    }

    @Bean
    RefundSweepJob refundSweepJob(SweepUncollectedTokensUseCase sweep) {
        return new RefundSweepJob(sweep);
    }

    /** Runs the sweep; claims keep two instances off the same token. */
    static final class RefundSweepJob {

        private final SweepUncollectedTokensUseCase sweep;

        RefundSweepJob(SweepUncollectedTokensUseCase sweep) {
            this.sweep = sweep;
        }

        @Scheduled(
                fixedDelayString = "${routstr.sweep.interval:3600s}",
                initialDelayString = "${routstr.sweep.interval:3600s}")
        void run() {
            try {
                SweepReport report = sweep.sweep();
                if (report.swept() + report.collected() + report.failed() + report.deferred() > 0) {
                    log.info(
                            "Refund sweep: {} swept back, {} collected by their holders, {} refused, {} deferred",
                            report.swept(),
                            report.collected(),
                            report.failed(),
                            report.deferred());
                }
            } catch (RuntimeException e) {
                log.warn("refund sweep failed; it runs again at the next interval: {}", e.toString());
            }
        }
    }
}
