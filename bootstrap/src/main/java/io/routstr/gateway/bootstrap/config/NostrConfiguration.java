package io.routstr.gateway.bootstrap.config;

import io.routstr.gateway.application.port.in.nostr.DiscoverProvidersUseCase;
import io.routstr.gateway.application.port.in.nostr.PublishProviderListingUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.NostrKeyStorePort;
import io.routstr.gateway.application.port.out.NostrRelayPort;
import io.routstr.gateway.application.port.out.NostrSignerPort;
import io.routstr.gateway.application.service.DiscoverProvidersService;
import io.routstr.gateway.application.service.NostrKeyVault;
import io.routstr.gateway.application.service.ProviderListingSettings;
import io.routstr.gateway.application.service.PublishProviderListingService;
import io.routstr.gateway.cashu.nostr.NostrKeySigner;
import io.routstr.gateway.upstream.nostr.HttpProviderHealth;
import io.routstr.gateway.upstream.nostr.WebSocketNostrRelays;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Nostr presence (Routstr §8): the node's key from {@code NSEC} (else generated once and stored), the relays from {@code RELAYS}, the provider
 * listing (kind 38421) and the provider directory; {@code NostrJobs} publishes the one and refreshes the other.
 */
@Configuration(proxyBeanMethods = false)
class NostrConfiguration {

    /** {@code NSEC} when set, else the key this node generated on its first start and keeps encrypted at rest. */
    @Bean
    NostrSignerPort nostrKey(NostrProperties nostr, NostrKeyStorePort storedKey) {
        SecureRandom random = new SecureRandom();
        return NostrKeySigner.of(new NostrKeyVault(storedKey, () -> NostrKeySigner.generateSecretKeyHex(random))
                .secretKey(nostr.nsec()));
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
            CashuProperties cashu) {
        return new PublishProviderListingService(
                key,
                relays,
                clock,
                new ProviderListingSettings(
                        nostr.providerId(),
                        List.of(node.httpUrl(), node.onionUrl()),
                        cashu.mints(),
                        node.version(),
                        node.name(),
                        node.description()));
    }

    @Bean
    DiscoverProvidersUseCase discoverProviders(NostrRelayPort relays, NostrProperties nostr) {
        return new DiscoverProvidersService(
                nostr.providersRefreshInterval().isPositive(),
                relays,
                new HttpProviderHealth(Duration.ofSeconds(5)),
                new SecureRandom());
    }
}
