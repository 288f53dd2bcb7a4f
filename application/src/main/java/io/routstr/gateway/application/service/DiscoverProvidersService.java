package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.nostr.DiscoverProvidersUseCase;
import io.routstr.gateway.application.port.out.NostrRelayPort;
import io.routstr.gateway.application.port.out.ProviderHealthPort;
import io.routstr.gateway.domain.nostr.NostrEvent;
import io.routstr.gateway.domain.nostr.ProviderListing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Discovers providers as Routstr does (§8): up to 100 kind 38421 events per relay, listings naming Routstr's default
 * local address skipped, deduplicated by event id and by endpoint, shuffled, 42 kept, each with its health. The
 * directory is a cache refreshed by a job; it holds no money and may differ between instances.
 */
public final class DiscoverProvidersService implements DiscoverProvidersUseCase {

    private static final int PER_RELAY = 100;
    private static final int KEPT = 42;

    private final boolean enabled;
    private final NostrRelayPort relays;
    private final ProviderHealthPort health;
    private final Random random;
    private volatile List<DiscoveredProvider> directory = List.of();

    public DiscoverProvidersService(boolean enabled, NostrRelayPort relays, ProviderHealthPort health, Random random) {
        this.enabled = enabled;
        this.relays = relays;
        this.health = health;
        this.random = random;
    }

    @Override
    public Directory list(Optional<String> pubkey) {
        if (!enabled) {
            return new Directory.Disabled();
        }
        return new Directory.Listed(directory.stream()
                .filter(p -> pubkey.isEmpty() || pubkey.get().equals(p.pubkey()))
                .toList());
    }

    @Override
    public int refresh() {
        if (!enabled) {
            return 0;
        }
        List<NostrEvent> events =
                relays.fetch(new NostrRelayPort.Filter(List.of(ProviderListing.KIND), List.of(), PER_RELAY));
        Set<String> endpointsSeen = new HashSet<>();
        List<NostrEvent> kept = new ArrayList<>();
        for (NostrEvent event : events) {
            List<String> urls = values(event, "u");
            if (urls.isEmpty() || urls.contains(ProviderListingSettings.LOCAL_DEFAULT)) {
                continue;
            }
            if (endpointsSeen.add(urls.getFirst())) {
                kept.add(event);
            }
        }
        Collections.shuffle(kept, random);
        List<DiscoveredProvider> found = new ArrayList<>();
        for (NostrEvent event : kept.subList(0, Math.min(KEPT, kept.size()))) {
            List<String> urls = values(event, "u");
            found.add(new DiscoveredProvider(
                    event.firstTag("d"),
                    event.pubkey(),
                    event.createdAt(),
                    event.kind(),
                    urls,
                    values(event, "mint"),
                    event.firstTag("version"),
                    event.content(),
                    healthOf(urls.getFirst())));
        }
        directory = List.copyOf(found);
        return found.size();
    }

    private ProviderHealth healthOf(String url) {
        ProviderHealthPort.Health checked = health.check(url);
        return new ProviderHealth(checked.statusCode(), checked.endpoint(), checked.json());
    }

    private static List<String> values(NostrEvent event, String name) {
        return event.tags().stream()
                .filter(t -> t.size() > 1 && t.get(0).equals(name))
                .map(t -> t.get(1))
                .toList();
    }
}
