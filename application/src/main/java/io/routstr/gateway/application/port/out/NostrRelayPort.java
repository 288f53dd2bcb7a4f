package io.routstr.gateway.application.port.out;

import io.routstr.gateway.domain.nostr.NostrEvent;
import java.util.List;
import java.util.Objects;

/** Port: the configured Nostr relays (NIP-01 over WebSocket): publish an event, fetch the events a filter matches. */
public interface NostrRelayPort {

    /** Sends {@code event} to every relay not backing off; reports how many accepted it ({@code OK true}). */
    PublishReport publish(NostrEvent event);

    /** Events matching {@code filter} from every relay not backing off, deduplicated by id, newest first. */
    List<NostrEvent> fetch(Filter filter);

    /** A NIP-01 filter: kinds, authors (hex pubkeys; empty = anyone), and the most events per relay. */
    record Filter(List<Integer> kinds, List<String> authors, int limit) {
        public Filter {
            kinds = List.copyOf(kinds);
            authors = List.copyOf(authors);
            if (limit < 1) {
                throw new IllegalArgumentException("a filter's limit is positive");
            }
        }
    }

    /** How a publication went: {@code accepted} of {@code tried} relays answered OK true. */
    record PublishReport(int tried, int accepted, List<String> refusals) {
        public PublishReport {
            refusals = List.copyOf(Objects.requireNonNull(refusals, "refusals"));
        }
    }
}
