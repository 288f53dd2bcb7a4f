package io.routstr.gateway.application.service;

import io.routstr.gateway.application.port.out.NostrKeyStorePort;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The node's Nostr key: {@code NSEC} when the operator set one, else a key the node generated on its first start and
 * keeps encrypted at rest, so that a node without {@code NSEC} still has one npub, the same on every instance and after
 * every restart (Routstr §8: the npub is derived from the live key). Never log what it returns.
 */
public final class NostrKeyVault {

    private final NostrKeyStorePort store;
    private final Supplier<String> newSecretKeyHex;

    /** {@code newSecretKeyHex} draws a fresh secp256k1 secret key (64 hex characters) from a secure random source. */
    public NostrKeyVault(NostrKeyStorePort store, Supplier<String> newSecretKeyHex) {
        this.store = Objects.requireNonNull(store, "store");
        this.newSecretKeyHex = Objects.requireNonNull(newSecretKeyHex, "new secret key");
    }

    /**
     * The key the operator chose at run time ({@code PATCH /admin/api/nsec}) if any, else {@code nsec} when it is set
     * (the store is left alone), else the stored key, generating and storing one if none exists yet; an instance that
     * loses the race to store gets the winner's key.
     */
    public String secretKey(String nsec) {
        Optional<String> chosen = store.chosenByOperator();
        if (chosen.isPresent()) {
            return chosen.get();
        }
        if (nsec != null && !nsec.isBlank()) {
            return nsec.strip();
        }
        return store.load().orElseGet(() -> store.storeIfAbsent(newSecretKeyHex.get()));
    }
}
