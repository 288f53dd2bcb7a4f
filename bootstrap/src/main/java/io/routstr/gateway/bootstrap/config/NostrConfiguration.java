package io.routstr.gateway.bootstrap.config;

import io.routstr.gateway.application.port.in.admin.ChangeNostrKeyUseCase;
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
import io.routstr.gateway.application.service.admin.ChangeNostrKeyService;
import io.routstr.gateway.application.service.admin.EditableSetting;
import io.routstr.gateway.application.service.admin.LiveSettings;
import io.routstr.gateway.cashu.nostr.LiveNostrSigner;
import io.routstr.gateway.cashu.nostr.Nip19NostrKeyCodec;
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

    /**
     * The key the operator set at run time, else {@code NSEC} when set, else the key this node generated on its first
     * start and keeps encrypted at rest.
     */
    @Bean
    LiveNostrSigner nostrKey(NostrProperties nostr, NostrKeyStorePort storedKey) {
        SecureRandom random = new SecureRandom();
        NostrKeyVault vault = new NostrKeyVault(storedKey, () -> NostrKeySigner.generateSecretKeyHex(random));
        return new LiveNostrSigner(() -> vault.secretKey(nostr.nsec()));
    }

    @Bean
    ChangeNostrKeyUseCase changeNostrKey(NostrKeyStorePort storedKey, LiveNostrSigner signer) {
        return new ChangeNostrKeyService(storedKey, new Nip19NostrKeyCodec(), signer, signer::reload);
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
}
