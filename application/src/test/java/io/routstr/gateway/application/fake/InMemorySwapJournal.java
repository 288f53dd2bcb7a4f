package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.SwapJournalPort;
import io.routstr.gateway.domain.ecash.TokenFingerprint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link SwapJournalPort} in memory, with the same lock rules as the table's unique indexes. */
public final class InMemorySwapJournal implements SwapJournalPort {

    private final Map<UUID, Swap> swaps = new LinkedHashMap<>();

    @Override
    public synchronized boolean open(Swap swap) {
        boolean blocked = swaps.values().stream()
                .anyMatch(other ->
                        (!other.state().isFinal() && other.foreignMint().equals(swap.foreignMint()))
                                || (other.state() != SwapState.FAILED
                                        && other.fingerprint().equals(swap.fingerprint())));
        if (blocked || swaps.containsKey(swap.id())) {
            return false;
        }
        swaps.put(swap.id(), swap.in(SwapState.STARTED));
        return true;
    }

    @Override
    public synchronized boolean advance(Swap swap, SwapState from, SwapState to, Instant now) {
        Swap stored = swaps.get(swap.id());
        if (stored == null || stored.state() != from) {
            return false;
        }
        if (to != SwapState.FAILED
                && swaps.values().stream()
                        .anyMatch(other -> !other.id().equals(swap.id())
                                && other.state() != SwapState.FAILED
                                && other.fingerprint().equals(swap.fingerprint()))) {
            return false;
        }
        swaps.put(swap.id(), touched(merged(stored, swap).in(to), now));
        return true;
    }

    @Override
    public synchronized Optional<Swap> find(UUID id) {
        return Optional.ofNullable(swaps.get(id));
    }

    @Override
    public synchronized Optional<Swap> findByFingerprint(TokenFingerprint fingerprint) {
        return swaps.values().stream()
                .filter(swap -> swap.fingerprint().equals(fingerprint))
                .max(Comparator.comparing(Swap::createdAt));
    }

    @Override
    public synchronized List<Swap> claimStale(Instant olderThan, Instant now, int limit) {
        List<Swap> claimed = new ArrayList<>();
        for (Swap swap : List.copyOf(swaps.values())) {
            if (claimed.size() < limit
                    && !swap.state().isFinal()
                    && swap.updatedAt().isBefore(olderThan)) {
                Swap touched = touched(swap, now);
                swaps.put(swap.id(), touched);
                claimed.add(touched);
            }
        }
        return claimed;
    }

    private static Swap merged(Swap stored, Swap update) {
        return update.mintQuoteId().isPresent()
                ? stored.quoted(update.mintQuoteId().get(), update.meltQuoteId().orElseThrow(), update.mintAmount())
                : stored;
    }

    private static Swap touched(Swap swap, Instant now) {
        return new Swap(
                swap.id(),
                swap.fingerprint(),
                swap.foreignMint(),
                swap.primaryMint(),
                swap.unit(),
                swap.faceAmount(),
                swap.mintAmount(),
                swap.mintQuoteId(),
                swap.meltQuoteId(),
                swap.state(),
                swap.createdAt(),
                now);
    }
}
