package io.routstr.gateway.cashu.nostr;

import io.routstr.gateway.application.port.out.NostrKeyStorePort;
import io.routstr.gateway.cashu.crypto.Scalar;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The node's Nostr identity: {@code NSEC} when the operator set one, else a key the node generated on its first start
 * and keeps encrypted at rest, so that a node without {@code NSEC} still has one npub, the same on every instance and
 * after every restart (Routstr §8: the npub is derived from the live key).
 */
public final class NostrKeyVault {

    private final NostrKeyStorePort store;
    private final SecureRandom random;

    public NostrKeyVault(NostrKeyStorePort store, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The signer of {@code nsec} when it is set (the store is left alone), else of the stored key, generating and
     * storing one if none exists yet; an instance that loses the race to store signs with the winner's key.
     */
    public NostrKeySigner signer(String nsec) {
        if (nsec != null && !nsec.isBlank()) {
            return NostrKeySigner.of(nsec);
        }
        String stored = store.load()
                .orElseGet(() -> store.storeIfAbsent(
                        HexFormat.of().formatHex(Scalar.random(random).toBytes())));
        return NostrKeySigner.of(stored);
    }
}
