package io.routstr.gateway.bootstrap.jobs;

import io.routstr.gateway.application.port.in.proxy.RefreshExchangeRateUseCase;
import io.routstr.gateway.application.port.in.proxy.RefreshModelCatalogUseCase;
import io.routstr.gateway.application.port.in.proxy.SeedProvidersUseCase;
import io.routstr.gateway.bootstrap.config.ProviderSeeds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The proxy's startup and periodic work (Routstr §15): seed providers from the environment, fetch the BTC/USD rate
 * and every provider's model list at startup, then refresh both periodically. Each instance refreshes its own
 * in-memory copies; no database lease is needed.
 */
@Component
record ProxyJobs(
        SeedProvidersUseCase seedProviders,
        ProviderSeeds seeds,
        RefreshExchangeRateUseCase rates,
        RefreshModelCatalogUseCase catalog) {

    private static final Logger log = LoggerFactory.getLogger(ProxyJobs.class);

    /** On a virtual thread, so that slow price sources or providers never delay startup. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        Thread.ofVirtual().name("proxy-startup").start(() -> {
            int seeded = seedProviders.seed(seeds.seeds());
            if (seeded > 0) {
                log.info("Seeded {} upstream providers from the environment", seeded);
            }
            refreshRate();
            refreshCatalog();
        });
    }

    @Scheduled(
            fixedDelayString = "${routstr.proxy.pricing-refresh-interval:120s}",
            initialDelayString = "${routstr.proxy.pricing-refresh-interval:120s}")
    void refreshRate() {
        rates.refresh();
    }

    @Scheduled(
            fixedDelayString = "${routstr.proxy.models-refresh-interval:360s}",
            initialDelayString = "${routstr.proxy.models-refresh-interval:360s}")
    void refreshCatalog() {
        log.info("Model catalogue holds {} models", catalog.refresh());
    }
}
