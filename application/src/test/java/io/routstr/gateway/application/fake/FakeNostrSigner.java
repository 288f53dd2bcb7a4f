package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.port.out.NostrSignerPort;
import io.routstr.gateway.domain.nostr.NostrEvent;

/**
 * {@link NostrSignerPort} with a fixed public key and a stand-in signature (the event's id twice: well-formed hex, not a
 * BIP-340 signature; the real one is in the Cashu adapter), or {@linkplain #unconfigured() no key at all}.
 */
public final class FakeNostrSigner implements NostrSignerPort {

    /** The fake node's public key. */
    public static final String PUBLIC_KEY = "a".repeat(64);

    private final boolean configured;

    private FakeNostrSigner(boolean configured) {
        this.configured = configured;
    }

    /** A node with a Nostr key. */
    public static FakeNostrSigner withKey() {
        return new FakeNostrSigner(true);
    }

    /** A node without {@code NSEC}: nothing is signed. */
    public static FakeNostrSigner unconfigured() {
        return new FakeNostrSigner(false);
    }

    @Override
    public boolean configured() {
        return configured;
    }

    @Override
    public String publicKeyHex() {
        requireKey();
        return PUBLIC_KEY;
    }

    @Override
    public String npub() {
        requireKey();
        return "npub1fake" + PUBLIC_KEY.substring(0, 16);
    }

    @Override
    public NostrEvent sign(NostrEvent unsigned) {
        requireKey();
        if (!unsigned.pubkey().equals(PUBLIC_KEY)) {
            throw new IllegalArgumentException("an event is signed by the key it names");
        }
        return unsigned.signed(unsigned.id() + unsigned.id());
    }

    private void requireKey() {
        if (!configured) {
            throw new IllegalStateException("no Nostr key configured");
        }
    }
}
