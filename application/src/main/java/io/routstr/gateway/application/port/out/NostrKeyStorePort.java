package io.routstr.gateway.application.port.out;

import java.util.Optional;

/**
 * Port: where the node keeps the Nostr key it generated for itself when {@code NSEC} is not set. One key per node,
 * written once, so that every instance signs as the same npub. The store keeps it encrypted at rest and fails loudly
 * when it cannot read what it holds (another node secret). Never log the key.
 */
public interface NostrKeyStorePort {

    /** The stored secret key (64 lower-case hex characters), if one was stored. */
    Optional<String> load();

    /** Stores {@code secretKeyHex} unless a key exists; returns the key stored now, the caller's or the earlier one. */
    String storeIfAbsent(String secretKeyHex);

    /** The stored key if the operator chose it ({@link #replace}); such a key wins over {@code NSEC}. */
    Optional<String> chosenByOperator();

    /** Stores {@code secretKeyHex} as the operator's choice, replacing any stored key. */
    void replace(String secretKeyHex);

    /** Removes the stored key, chosen or generated: the next {@link #storeIfAbsent} stores a new one. */
    void forget();
}
