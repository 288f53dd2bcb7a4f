package io.routstr.gateway.bootstrap.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import io.routstr.gateway.application.port.in.ledger.CheckLedgerInvariantUseCase;
import io.routstr.gateway.application.port.in.wallet.ViewWalletBalancesUseCase;
import io.routstr.gateway.application.service.StandingHoldsService;
import io.routstr.gateway.upstream.rates.ExchangeRateAdapter;
import jakarta.servlet.DispatcherType;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The node's gauges: the wallet against its liabilities, the ledger invariant and the age of the exchange rate; the
 * request metric's filter ({@link PaidRoutesObservationFilter}). The decorators, one per seam, are put around a bean
 * where that bean is built, so that each bean keeps the one type it is declared with: forwarding ({@link MeteredForwardLlmRequest}) and the upstream port inside it
 * ({@link MeteredUpstreamPort}) in {@code ProxyConfiguration}, token redemption ({@link MeteredTokenRedemption}) in
 * {@code PaymentConfiguration}, the stale-reservation sweep ({@link MeteredReservationSweep}) in
 * {@code ApplicationServicesConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    /** How often the wallet and ledger gauges are read from the database. */
    static final String SAMPLE_INTERVAL = "60s";

    /**
     * Spring Boot's request observation filter, replaced by one that times the paid routes' plain POSTs directly
     * ({@link PaidRoutesObservationFilter}); registered as Boot registers its own (which backs off for it): same order,
     * same dispatches, same convention and metric name.
     */
    @Bean
    FilterRegistrationBean<ServerHttpObservationFilter> webMvcObservationFilter(
            ObservationRegistry observations,
            ObjectProvider<ServerRequestObservationConvention> customConvention,
            ObservationProperties properties,
            MeterRegistry meters) {
        String name = properties.getHttp().getServer().getRequests().getName();
        ServerRequestObservationConvention convention =
                customConvention.getIfAvailable(() -> new DefaultServerRequestObservationConvention(name));
        FilterRegistrationBean<ServerHttpObservationFilter> registration =
                new FilterRegistrationBean<>(new PaidRoutesObservationFilter(observations, convention, name, meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
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

    /**
     * The holds this instance keeps for keys' next requests, how many requests took one over, and how many of those
     * were charged with it kept in place.
     */
    @Bean
    MeterBinder standingHoldMeters(StandingHoldsService standing) {
        return registry -> {
            Gauge.builder("routstr.billing.standing_holds", standing, StandingHoldsService::held)
                    .description("Holds this instance keeps for keys' next requests (STANDING_HOLD_IDLE_SECONDS)")
                    .register(registry);
            FunctionCounter.builder(
                            "routstr.billing.standing_holds.taken_over", standing, StandingHoldsService::takenOver)
                    .description("Paid requests that took a standing hold over instead of holding for themselves")
                    .register(registry);
            FunctionCounter.builder(
                            "routstr.billing.standing_holds.kept_in_place", standing, StandingHoldsService::keptInPlace)
                    .description("Paid requests charged with the standing hold they took over kept for the key's next")
                    .register(registry);
        };
    }

    /** Log events by level, counted by an appender (Spring Boot's Logback binder is excluded in application.yml). */
    @Bean
    LogEventsCounter logEventsCounter(MeterRegistry registry) {
        return new LogEventsCounter(registry);
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
