package io.routstr.gateway.bootstrap.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Nostr settings under Routstr's names: {@code NSEC} (the node's key; empty: one generated on first start, stored encrypted), {@code RELAYS}
 * (empty: Routstr's default relays), {@code PROVIDER_ID} (the listing's {@code d} tag), and how often the listing is
 * re-checked (Routstr: daily) how long one relay call may take, and {@code PROVIDERS_REFRESH_INTERVAL_SECONDS} (0, the default: provider
 * discovery is off and {@code /v1/providers/} answers 404).
 */
@ConfigurationProperties("routstr.nostr")
public record NostrProperties(
        @DefaultValue("") String nsec,
        @DefaultValue("") List<String> relays,
        @DefaultValue("") String providerId,
        @DefaultValue("24h") Duration listingInterval,
        @DefaultValue("10s") Duration relayTimeout,
        @DefaultValue("0s") Duration providersRefreshInterval) {

    /** Routstr's default relays (reference §8). */
    static final List<String> DEFAULT_RELAYS =
            List.of("wss://relay.nostr.band", "wss://relay.damus.io", "wss://relay.routstr.com", "wss://nos.lol");

    public List<String> effectiveRelays() {
        List<String> configured =
                relays.stream().map(String::strip).filter(r -> !r.isEmpty()).toList();
        return configured.isEmpty() ? DEFAULT_RELAYS : configured;
    }

    @Override
    public String toString() {
        return "NostrProperties[relays=" + relays + ", providerId=" + providerId + ", nsec="
                + (nsec.isBlank() ? "" : "***") + "]";
    }
}
