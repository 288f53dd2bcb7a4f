package io.routstr.gateway.bootstrap.jobs;

import io.routstr.gateway.application.port.in.admin.ChangeNostrKeyUseCase;
import io.routstr.gateway.application.port.in.nostr.DiscoverProvidersUseCase;
import io.routstr.gateway.application.port.in.nostr.PublishProviderListingUseCase;
import io.routstr.gateway.application.port.in.nostr.PublishProviderListingUseCase.ListingOutcome;
import io.routstr.gateway.bootstrap.config.NostrProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Nostr presence over time (Routstr §8): the provider listing (kind 38421) published at start-up and re-checked every
 * {@code routstr.nostr.listing-interval}, and the provider directory refreshed every
 * {@code PROVIDERS_REFRESH_INTERVAL_SECONDS} when positive (0, the default, leaves discovery off).
 */
@Component
class NostrJobs {

    private static final Logger log = LoggerFactory.getLogger(NostrJobs.class);

    private final PublishProviderListingUseCase publish;
    private final DiscoverProvidersUseCase discover;
    private final ChangeNostrKeyUseCase nostrKey;
    private final Duration discoveryInterval;
    private volatile long lastDiscovery;

    NostrJobs(
            PublishProviderListingUseCase publish,
            DiscoverProvidersUseCase discover,
            ChangeNostrKeyUseCase nostrKey,
            NostrProperties nostr) {
        this.publish = publish;
        this.discover = discover;
        this.nostrKey = nostrKey;
        this.discoveryInterval = nostr.providersRefreshInterval();
    }

    /** On a virtual thread, so that slow relays never delay startup. */
    @EventListener(ApplicationReadyEvent.class)
    void publishAtStartup() {
        Thread.ofVirtual().name("nostr-listing").start(this::publishListing);
    }

    @Scheduled(
            fixedDelayString = "${routstr.nostr.listing-interval:24h}",
            initialDelayString = "${routstr.nostr.listing-interval:24h}")
    void publishListing() {
        JobRun.guarded(log, "Nostr listing run", () -> {
            switch (publish.publish()) {
                case ListingOutcome.NotConfigured none -> log.debug("Nostr listing not published: {}", none.reason());
                case ListingOutcome.Unchanged same -> log.info("Nostr listing unchanged ({})", same.eventId());
                case ListingOutcome.Published done ->
                    log.info("Nostr listing {} published to {} relays", done.eventId(), done.accepted());
                case ListingOutcome.NotAccepted refused ->
                    log.warn("Nostr listing {} not accepted: {}", refused.eventId(), refused.reason());
            }
        });
    }

    /** Looks every 10 s whether a refresh is due, since the interval may be zero. */
    @Scheduled(fixedDelay = 10_000, initialDelay = 1_000)
    void discoverProviders() {
        long now = System.nanoTime();
        if (!discoveryInterval.isPositive()
                || (lastDiscovery != 0 && now - lastDiscovery < discoveryInterval.toNanos())) {
            return;
        }
        lastDiscovery = now;
        JobRun.guarded(log, "provider discovery", () -> {
            int found = discover.refresh();
            log.debug("Provider discovery found {} providers", found);
        });
    }

    /** Takes up a key the operator changed on another instance; that instance took it up at once. */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void takeUpChangedNostrKey() {
        JobRun.guarded(log, "Nostr key refresh", nostrKey::takeUpStoredKey);
    }
}
