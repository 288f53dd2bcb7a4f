package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.NostrRelayPort;
import io.routstr.gateway.domain.nostr.NostrEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link NostrRelayPort} as one relay in memory that accepts every signed event (a later one with the same id replaces
 * nothing) and answers filters from what it holds, newest first; {@link #down()} makes it refuse everything.
 */
public final class FakeNostrRelays implements NostrRelayPort {

    private final Map<String, NostrEvent> events = new LinkedHashMap<>();
    private boolean down;

    /** The relay stops answering: publications are refused and fetches find nothing. */
    public synchronized void down() {
        down = true;
    }

    /** Every event published, in the order received. */
    public synchronized List<NostrEvent> published() {
        return List.copyOf(events.values());
    }

    @Override
    public synchronized PublishReport publish(NostrEvent event) {
        if (!event.isSigned()) {
            // As the adapter: only a signed event goes on the wire; publishing another is the caller's bug.
            throw new IllegalStateException("only a signed event goes on the wire");
        }
        if (down) {
            return new PublishReport(1, 0, List.of("fake relay: down"));
        }
        events.putIfAbsent(event.id(), event);
        return new PublishReport(1, 1, List.of());
    }

    @Override
    public synchronized List<NostrEvent> fetch(Filter filter) {
        if (down) {
            return List.of();
        }
        List<NostrEvent> matching = new ArrayList<>(events.values().stream()
                .filter(e -> filter.kinds().isEmpty() || filter.kinds().contains(e.kind()))
                .filter(e -> filter.authors().isEmpty() || filter.authors().contains(e.pubkey()))
                .toList());
        matching.sort(Comparator.comparingLong(NostrEvent::createdAt).reversed());
        return List.copyOf(matching.subList(0, Math.min(filter.limit(), matching.size())));
    }
}
