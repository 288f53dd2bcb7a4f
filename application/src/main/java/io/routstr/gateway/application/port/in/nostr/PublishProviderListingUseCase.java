package io.routstr.gateway.application.port.in.nostr;

/**
 * Use case: publish the node's provider listing (kind 38421, Routstr §8) to the configured relays, only when it differs
 * from the one the relays already hold.
 */
public interface PublishProviderListingUseCase {

    ListingOutcome publish();

    /** What a publication run did. */
    sealed interface ListingOutcome {
        /** No Nostr key, or no public endpoint to list: nothing to publish. */
        record NotConfigured(String reason) implements ListingOutcome {}

        /** The relays already hold an event saying the same. */
        record Unchanged(String eventId) implements ListingOutcome {}

        /** Published; {@code accepted} relays answered OK. */
        record Published(String eventId, int accepted) implements ListingOutcome {}

        /** No relay accepted it; tried again at the next run. */
        record NotAccepted(String eventId, String reason) implements ListingOutcome {}
    }
}
