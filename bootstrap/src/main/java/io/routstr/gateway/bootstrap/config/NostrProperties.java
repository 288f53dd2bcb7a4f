package io.routstr.gateway.bootstrap.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Nostr settings under Routstr's names: {@code NSEC} (the node's key; empty: nothing is published), {@code RELAYS}
 * (empty: Routstr's default relays), {@code PROVIDER_ID} (the listing's {@code d} tag), and how often the listing is
 * re-checked (Routstr: daily) and how long one relay call may take.
 */
@ConfigurationProperties("routstr.nostr")
public record NostrProperties(
        @DefaultValue("") String nsec,
        @DefaultValue("") List<String> relays,
        @DefaultValue("") String providerId,
        @DefaultValue("24h") Duration listingInterval,
        @DefaultValue("10s") Duration relayTimeout) {

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
