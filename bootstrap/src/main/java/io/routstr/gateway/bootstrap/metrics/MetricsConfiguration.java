package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.routstr.gateway.application.port.in.billing.SweepStaleReservationsUseCase;
import io.routstr.gateway.application.port.in.ledger.CheckLedgerInvariantUseCase;
import io.routstr.gateway.application.port.in.proxy.ForwardLlmRequestUseCase;
import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase;
import io.routstr.gateway.application.service.wallet.TokenRedemption;
import io.routstr.gateway.bootstrap.config.CashuProperties;
import io.routstr.gateway.domain.mint.MintUrl;
import io.routstr.gateway.upstream.rates.ExchangeRateAdapter;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The node's metrics wiring. The decorators go around the use cases and ports where they are defined, by type, so
 * that the services' wiring stays free of metrics and a renamed bean keeps its meters: forwarding
 * ({@link MeteredRequests}), token redemption ({@link MeteredTokenRedemption}) and the stale-reservation sweep
 * ({@link MeteredReservationSweep}). The upstream port is decorated where forwarding is built
 * ({@link TimedUpstreamPort}), because that port is not a bean of its own.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    /** How often the wallet and ledger gauges are read from the database. */
    static final String SAMPLE_INTERVAL = "60s";

    @Bean
    static BeanPostProcessor meteringDecorators(
            ObjectProvider<MeterRegistry> registry, ObjectProvider<CashuProperties> cashu) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return switch (bean) {
                    case MeteredRequests already -> already;
                    case ForwardLlmRequestUseCase forward -> new MeteredRequests(forward, registry.getObject());
                    case MeteredTokenRedemption already -> already;
                    case TokenRedemption tokens ->
                        new MeteredTokenRedemption(tokens, registry.getObject(), trustedMints(cashu.getObject()));
                    case MeteredReservationSweep already -> already;
                    case SweepStaleReservationsUseCase sweep ->
                        new MeteredReservationSweep(sweep, registry.getObject());
                    default -> bean;
                };
            }
        };
    }

    private static Set<MintUrl> trustedMints(CashuProperties cashu) {
        Set<MintUrl> mints = new HashSet<>();
        for (String mint : cashu.mints()) {
            if (!mint.isBlank()) {
                mints.add(MintUrl.of(mint.strip()));
            }
        }
        mints.add(MintUrl.of(cashu.effectivePrimaryMintUrl()));
        return mints;
    }

    @Bean
    WalletAndLedgerGauges walletAndLedgerGauges(
            ViewWalletBalancesUseCase wallet, CheckLedgerInvariantUseCase ledger, MeterRegistry registry) {
        return new WalletAndLedgerGauges(wallet, ledger, registry);
    }

    /** Age of the BTC/USD rate every sats price rests on; NaN until a first rate was obtained. */
    @Bean
    Gauge btcUsdRateAge(ExchangeRateAdapter rates, MeterRegistry registry) {
        return Gauge.builder(
                        "routstr.btc.usd.rate.age",
                        rates,
                        r -> r.age(Instant.now())
                                .map(age -> age.toMillis() / 1000.0)
                                .orElse(Double.NaN))
                .description("Seconds since the BTC/USD rate was last obtained; 0 for a rate the operator set")
                .baseUnit("seconds")
                .register(registry);
    }

    @Bean
    WalletAndLedgerSampling walletAndLedgerSampling(WalletAndLedgerGauges gauges) {
        return new WalletAndLedgerSampling(gauges);
    }

    /** Samples the wallet and ledger gauges periodically, from the start. */
    static final class WalletAndLedgerSampling {
        private final WalletAndLedgerGauges gauges;

        WalletAndLedgerSampling(WalletAndLedgerGauges gauges) {
            this.gauges = gauges;
        }

        @Scheduled(fixedDelayString = SAMPLE_INTERVAL, initialDelayString = "5s")
        void sample() {
            gauges.sample();
        }
    }
}
