package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.in.nostr.PublishProviderListingUseCase;
import io.routstr.gateway.application.port.out.ClockPort;
import io.routstr.gateway.application.port.out.NostrRelayPort;
import io.routstr.gateway.application.port.out.NostrRelayPort.PublishReport;
import io.routstr.gateway.application.port.out.NostrSignerPort;
import io.routstr.gateway.domain.nostr.NostrEvent;
import io.routstr.gateway.domain.nostr.ProviderListing;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Publishes the provider listing when it changed (Routstr §8): reads this pubkey's latest listing from the relays,
 * keeps its {@code d} tag unless {@code PROVIDER_ID} says otherwise, and signs and sends a new event only when the
 * tags or content differ, so a daily re-check does not flood the relays.
 */
public record PublishProviderListingService(
        NostrSignerPort signer,
        NostrRelayPort relays,
        ClockPort clock,
        Supplier<ProviderListingSettings> currentSettings)
        implements PublishProviderListingUseCase {

    public PublishProviderListingService(
            NostrSignerPort signer, NostrRelayPort relays, ClockPort clock, ProviderListingSettings settings) {
        this(signer, relays, clock, () -> settings);
    }

    @Override
    public ListingOutcome publish() {
        ProviderListingSettings settings = currentSettings.get();
        if (!signer.configured()) {
            return new ListingOutcome.NotConfigured("no Nostr key (NSEC)");
        }
        if (settings.endpoints().isEmpty()) {
            return new ListingOutcome.NotConfigured("no public endpoint (HTTP_URL or ONION_URL)");
        }
        String pubkey = signer.publicKeyHex();
        Optional<NostrEvent> latest =
                relays.fetch(new NostrRelayPort.Filter(List.of(ProviderListing.KIND), List.of(pubkey), 10)).stream()
                        .filter(e -> e.pubkey().equals(pubkey))
                        .findFirst();
        ProviderListing listing = new ProviderListing(
                providerId(settings, pubkey, latest),
                settings.endpoints(),
                settings.mints(),
                settings.version(),
                settings.name(),
                settings.about());
        if (latest.isPresent() && listing.isPublishedAs(latest.get())) {
            return new ListingOutcome.Unchanged(latest.get().id());
        }
        NostrEvent event = signer.sign(listing.toEvent(pubkey, clock.now().getEpochSecond()));
        PublishReport report = relays.publish(event);
        if (report.accepted() > 0) {
            return new ListingOutcome.Published(event.id(), report.accepted());
        }
        return new ListingOutcome.NotAccepted(
                event.id(), report.tried() == 0 ? "no relay reachable" : String.join("; ", report.refusals()));
    }

    private static String providerId(ProviderListingSettings settings, String pubkey, Optional<NostrEvent> latest) {
        if (!settings.providerId().isEmpty()) {
            return settings.providerId();
        }
        return latest.map(e -> e.firstTag("d")).filter(d -> !d.isEmpty()).orElse(pubkey.substring(0, 12));
    }
}
