package io.routstr.gateway.application.port.in.nostr;

import java.util.List;
import java.util.Optional;

/**
 * Use case: other providers' listings (kind 38421) found on the relays, with their health, for {@code /v1/providers/}
 * (Routstr §8). Off unless {@code PROVIDERS_REFRESH_INTERVAL_SECONDS} is positive, as in Routstr.
 */
public interface DiscoverProvidersUseCase {

    /**
     * How a provider answered: the HTTP status of the path that answered ({@code info}, {@code models}, {@code root})
     * and the JSON it answered with, if any (Routstr's {@code health.json}).
     */
    record ProviderHealth(int statusCode, String endpoint, Optional<String> json) {
        public ProviderHealth {
            json = json == null ? Optional.empty() : json;
        }
    }

    /** The cached directory, optionally only one pubkey's listings. */
    Directory list(Optional<String> pubkey);

    /** Reads the relays and checks each provider's health again; returns how many providers are listed. */
    int refresh();

    /** What the directory holds. */
    sealed interface Directory {
        record Disabled() implements Directory {}

        record Listed(List<DiscoveredProvider> providers) implements Directory {
            public Listed {
                providers = List.copyOf(providers);
            }
        }
    }

    /** One provider as its listing describes it; {@code content} is the listing's raw content ({@code name, about}). */
    record DiscoveredProvider(
            String id,
            String pubkey,
            long createdAt,
            int kind,
            List<String> endpointUrls,
            List<String> mintUrls,
            String version,
            String content,
            ProviderHealth health) {
        public DiscoveredProvider {
            endpointUrls = List.copyOf(endpointUrls);
            mintUrls = List.copyOf(mintUrls);
        }
    }
}
