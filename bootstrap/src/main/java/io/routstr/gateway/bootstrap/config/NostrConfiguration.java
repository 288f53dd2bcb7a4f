package io.routstr.gateway.bootstrap.config;

import io.routstr.gateway.application.port.in.admin.ChangeNostrKeyUseCase;
import io.routstr.gateway.application.port.in.nostr.DiscoverProvidersUseCase;
import io.routstr.gateway.application.port.in.nostr.PublishProviderListingUseCase;
import io.routstr.gateway.application.port.in.nostr.PublishProviderListingUseCase.ListingOutcome;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.NostrKeyStorePort;
import io.routstr.gateway.application.port.out.NostrRelayPort;
import io.routstr.gateway.application.port.out.NostrSignerPort;
import io.routstr.gateway.application.service.DiscoverProvidersService;
import io.routstr.gateway.application.service.NostrKeyVault;
import io.routstr.gateway.application.service.ProviderListingSettings;
import io.routstr.gateway.application.service.PublishProviderListingService;
import io.routstr.gateway.application.service.admin.ChangeNostrKeyService;
import io.routstr.gateway.application.service.admin.EditableSetting;
import io.routstr.gateway.application.service.admin.LiveSettings;
import io.routstr.gateway.cashu.nostr.Nip19NostrKeyCodec;
import io.routstr.gateway.cashu.nostr.NostrKeySigner;
import io.routstr.gateway.upstream.nostr.HttpProviderHealth;
import io.routstr.gateway.upstream.nostr.WebSocketNostrRelays;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Nostr presence (Routstr §8): the node's key from {@code NSEC} (else generated once and stored), the relays from {@code RELAYS}, and the provider
 * listing (kind 38421) published at start-up and re-checked every {@code routstr.nostr.listing-interval}.
 */
@Configuration(proxyBeanMethods = false)
class NostrConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NostrConfiguration.class);

    /**
     * The key the operator set at run time, else {@code NSEC} when set, else the key this node generated on its first
     * start and keeps encrypted at rest.
     */
    @Bean
    LiveNostrSigner nostrKey(NostrProperties nostr, NostrKeyStorePort storedKey) {
        SecureRandom random = new SecureRandom();
        return new LiveNostrSigner(
                new NostrKeyVault(storedKey, () -> NostrKeySigner.generateSecretKeyHex(random)), nostr.nsec());
    }

    @Bean
    ChangeNostrKeyUseCase changeNostrKey(NostrKeyStorePort storedKey, LiveNostrSigner signer) {
        return new ChangeNostrKeyService(storedKey, new Nip19NostrKeyCodec(), signer, signer::reload);
    }

    @Bean
    NostrKeyRefreshJob nostrKeyRefreshJob(LiveNostrSigner signer) {
        return new NostrKeyRefreshJob(signer);
    }

    /** Takes up a key the operator changed on another instance; that instance took it up at once. */
    static final class NostrKeyRefreshJob {

        private final LiveNostrSigner signer;

        NostrKeyRefreshJob(LiveNostrSigner signer) {
            this.signer = signer;
        }

        @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
        void run() {
            try {
                signer.reload();
            } catch (RuntimeException e) {
                log.warn("Nostr key refresh failed; the node signs with the key it had: {}", e.toString());
            }
        }
    }

    @Bean
    NostrRelayPort nostrRelays(NostrProperties nostr) {
        return new WebSocketNostrRelays(nostr.effectiveRelays(), nostr.relayTimeout(), Clock.systemUTC());
    }

    @Bean
    PublishProviderListingUseCase publishProviderListing(
            NostrSignerPort key,
            NostrRelayPort relays,
            ClockPort clock,
            NostrProperties nostr,
            NodeProperties node,
            CashuProperties cashu,
            LiveSettings live) {
        return new PublishProviderListingService(
                key,
                relays,
                clock,
                () -> new ProviderListingSettings(
                        nostr.providerId(),
                        List.of(live.get(EditableSetting.HTTP_URL), live.get(EditableSetting.ONION_URL)),
                        cashu.mints(),
                        node.version(),
                        live.get(EditableSetting.NAME),
                        live.get(EditableSetting.DESCRIPTION)));
    }

    @Bean
    DiscoverProvidersUseCase discoverProviders(NostrRelayPort relays, NostrProperties nostr) {
        return new DiscoverProvidersService(
                nostr.providersRefreshInterval().isPositive(),
                relays,
                new HttpProviderHealth(Duration.ofSeconds(5)),
                new SecureRandom());
    }

    @Bean
    ProviderDiscoveryJob providerDiscoveryJob(DiscoverProvidersUseCase discover, NostrProperties nostr) {
        return new ProviderDiscoveryJob(discover, nostr.providersRefreshInterval());
    }

    /**
     * Refreshes the provider directory every {@code PROVIDERS_REFRESH_INTERVAL_SECONDS} when positive (0, the default,
     * leaves discovery off). It looks every 10 s whether a refresh is due, since the interval may be zero.
     */
    static final class ProviderDiscoveryJob {

        private final DiscoverProvidersUseCase discover;
        private final Duration interval;
        private volatile long lastRefresh;

        ProviderDiscoveryJob(DiscoverProvidersUseCase discover, Duration interval) {
            this.discover = discover;
            this.interval = interval;
        }

        @Scheduled(fixedDelay = 10_000, initialDelay = 1_000)
        void run() {
            long now = System.nanoTime();
            if (!interval.isPositive() || (lastRefresh != 0 && now - lastRefresh < interval.toNanos())) {
                return;
            }
            lastRefresh = now;
            try {
                int found = discover.refresh();
                log.debug("Provider discovery found {} providers", found);
            } catch (RuntimeException e) {
                log.warn("provider discovery failed; it runs again at the next interval: {}", e.toString());
            }
        }
    }

    @Bean
    ProviderListingJob providerListingJob(PublishProviderListingUseCase publish) {
        return new ProviderListingJob(publish);
    }

    /** Publishes the listing at start-up and re-checks it daily; a failure waits for the next run. */
    static final class ProviderListingJob {

        private final PublishProviderListingUseCase publish;

        ProviderListingJob(PublishProviderListingUseCase publish) {
            this.publish = publish;
        }

        @EventListener(ApplicationReadyEvent.class)
        void atStartup() {
            Thread.ofVirtual().name("nostr-listing").start(this::run);
        }

        @Scheduled(
                fixedDelayString = "${routstr.nostr.listing-interval:24h}",
                initialDelayString = "${routstr.nostr.listing-interval:24h}")
        void run() {
            try {
                switch (publish.publish()) {
                    case ListingOutcome.NotConfigured none ->
                        log.debug("Nostr listing not published: {}", none.reason());
                    case ListingOutcome.Unchanged same -> log.info("Nostr listing unchanged ({})", same.eventId());
                    case ListingOutcome.Published done ->
                        log.info("Nostr listing {} published to {} relays", done.eventId(), done.accepted());
                    case ListingOutcome.NotAccepted refused ->
                        log.warn("Nostr listing {} not accepted: {}", refused.eventId(), refused.reason());
                }
            } catch (RuntimeException e) {
                log.warn("Nostr listing run failed; it runs again at the next interval: {}", e.toString());
            }
        }
    }
}
